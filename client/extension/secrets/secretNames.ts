/**
 * Finds the names used in `$Secret("…")` calls, so "Set Secret" can offer
 * them. A text scan rather than a parse: it must work on files that do not
 * parse yet, and on every file of the workspace cheaply. Function names are
 * case-insensitive (spec section 1); both quote kinds mean the same.
 * Comments are skipped so a commented-out secret is not offered.
 */
const CALL = /\$secret\(\s*(?:"([^"\n]*)"|'([^'\n]*)')\s*\)/gi;

export function scanSecretNames(text: string): string[] {
  const names = new Set<string>();
  for (const line of stripComments(text).split('\n')) {
    for (const m of line.matchAll(CALL)) {
      const name = (m[1] ?? m[2] ?? '').trim();
      if (name !== '' && !name.includes('$')) names.add(name);
    }
  }
  return [...names];
}

/** Merges names from many files: sorted, without duplicates. */
export function mergeSecretNames(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())].sort((a, b) => a.localeCompare(b));
}

/**
 * Blanks out `#`, `//` and `/* … *\/` comments outside strings, keeping
 * newlines. Strings are `"…"`/`'…'` on one line with grave-accent escapes,
 * or swim strings `>>…>>` / `>X>…>X>` (spec section 1).
 */
export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== '\n') j += text[j] === '`' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '>') {
      const marker = /^>[^>\s]{0,5}>/.exec(text.slice(i, i + 7));
      if (marker && isSwimOpening(text, i)) {
        const end = text.indexOf(marker[0], i + marker[0].length);
        const stop = end < 0 ? n : end + marker[0].length;
        out += text.slice(i, stop);
        i = stop;
      } else {
        out += c;
        i++;
      }
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** A swim string opens where a value is expected: after `=`, `(`, `,` or `:` (ignoring spaces). */
function isSwimOpening(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && /\s/.test(text[k]!)) k--;
  return k >= 0 && '=(,:'.includes(text[k]!);
}
