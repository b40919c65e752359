/**
 * Splits a `.notify` text into top-level chunks (one per import, notifier or
 * sample, with the comments and blank lines before the next one), so a
 * change re-checks only the chunk it touched.
 *
 * A split is made only where the grammar's own lexer would be at top level:
 * at the start of a line whose first word is `import`, `notifier` or
 * `sample`, outside braces, strings, swim strings and comments. The scan
 * mirrors the lexer's context rules that decide what a character means (a
 * `>` opens a swim string only where a value is expected; bare words there
 * are one unquoted token), because a wrong split would change the parse.
 * When in doubt it does not split: one chunk is always correct.
 */
import { recoveryEndAfter, scanQuoted, swimMarkerAt } from '../grammar/syntax/lexer';
import { KEYWORDS } from '../grammar/syntax/tokenTypes';

export interface Chunk {
  readonly start: number;
  readonly end: number;
}

const ITEM_WORDS = new Set(['import', 'notifier', 'sample']);
/** Tokens after which the lexer expects a value (its VALUE_AFTER set). */
const VALUE_AFTER = new Set(['=', '(', '[', '@(', ':', '||', '&&', '!', 'cmp', 'when', 'import', 'notifier', 'sample']);

function isNameStart(c: string | undefined): boolean {
  if (c === undefined) return false;
  const k = c.charCodeAt(0);
  return (k >= 65 && k <= 90) || (k >= 97 && k <= 122);
}
function isNameChar(c: string | undefined): boolean {
  if (c === undefined) return false;
  const k = c.charCodeAt(0);
  return (k >= 65 && k <= 90) || (k >= 97 && k <= 122) || (k >= 48 && k <= 57) || k === 95 || k === 45;
}
function isDigit(c: string | undefined): boolean {
  if (c === undefined) return false;
  const k = c.charCodeAt(0);
  return k >= 48 && k <= 57;
}
function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff';
}

function firstOnLine(text: string, pos: number): boolean {
  for (let i = pos - 1; i >= 0; i--) {
    const c = text[i]!;
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}

export function splitChunks(text: string): Chunk[] {
  return toChunks(scanStarts(text, 0, () => false).starts, text.length);
}

export function toChunks(starts: readonly number[], length: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (let i = 0; i < starts.length; i++) chunks.push({ start: starts[i]!, end: i + 1 < starts.length ? starts[i + 1]! : length });
  return chunks;
}

/**
 * The chunk starts from `from` (itself a chunk start, where the lexer is at
 * top level) onwards. `resync(start)` is asked at each new start: returning
 * true stops the scan there (the caller knows the rest), and `stoppedAt`
 * says where.
 */
export function scanStarts(text: string, from: number, resync: (start: number) => boolean): { starts: number[]; stoppedAt?: number } {
  const starts: number[] = [from];
  const brackets: string[] = [];
  let stray = false;
  let prev = ''; // the previous token's class, as the lexer's expectation() sees it
  let pos = from;
  const n = text.length;
  const expectValue = () => VALUE_AFTER.has(prev);

  while (pos < n) {
    const c = text[pos]!;
    // ---- trivia
    if (isSpace(c)) {
      pos++;
      continue;
    }
    if (c === '#' || (c === '/' && text[pos + 1] === '/')) {
      while (pos < n && text[pos] !== '\n') pos++;
      continue;
    }
    if (c === '/' && text[pos + 1] === '*') {
      const close = text.indexOf('*/', pos + 2);
      pos = close !== -1 ? close + 2 : recoveryEndAfter(text, pos, text.length);
      continue;
    }
    const start = pos;
    // ---- strings
    if (c === '"' || c === "'") {
      pos = scanQuoted(text, pos, n).end;
      prev = 'other';
      continue;
    }
    if (expectValue()) {
      if (c === '>') {
        const marker = swimMarkerAt(text, pos);
        if (marker) {
          let i = pos + marker.length;
          let close = -1;
          while (i < n) {
            if (text[i] === '`') {
              i += 2;
              continue;
            }
            if (text.startsWith(marker, i)) {
              close = i;
              break;
            }
            i++;
          }
          pos = close >= 0 ? close + marker.length : recoveryEndAfter(text, pos, text.length);
          prev = 'other';
          continue;
        }
      }
      const digit = isDigit(c) || (c === '-' && isDigit(text[pos + 1]));
      if (!digit) {
        let unquoted = false;
        if (isNameStart(c)) {
          let i = pos + 1;
          while (isNameChar(text[i])) i++;
          while (i > pos + 1 && (text[i - 1] === '_' || text[i - 1] === '-')) i--;
          const word = text.slice(pos, i);
          unquoted = !(word === 'true' || word === 'false' || (KEYWORDS.has(word) && firstOnLine(text, pos)));
        } else if (!'$@%([!"\'>-{}),;=<&|.:]'.includes(c)) {
          unquoted = true;
        }
        if (unquoted) {
          let i = pos;
          while (i < n) {
            const ch = text[i]!;
            if (ch === ';' || ch === ',' || ch === ')' || ch === '}' || ch === '{' || ch === '\n' || ch === '\r') break;
            const two = text.slice(i, i + 2);
            if (i > pos && (two === '==' || two === '!=' || two === '&&' || two === '||')) break;
            if (i > pos && /\s/.test(text[i - 1]!) && (ch === '#' || two === '//' || two === '/*')) break;
            i++;
          }
          pos = Math.max(i, pos + 1);
          prev = 'other';
          continue;
        }
      }
    }
    // ---- words (keywords start items)
    if (isNameStart(c)) {
      let i = pos + 1;
      while (isNameChar(text[i])) i++;
      while (i > pos + 1 && (text[i - 1] === '_' || text[i - 1] === '-')) i--;
      const word = text.slice(pos, i);
      if (ITEM_WORDS.has(word) && brackets.length === 0 && pos > 0 && firstOnLine(text, pos) && /[ \t]/.test(text[i] ?? '')) {
        const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
        // only after a complete item (its `}` or `;`): after a broken one the parser's recovery looks ahead
        const complete = prev === '}' || prev === ';' || prev === '';
        if (lineStart > starts[starts.length - 1]! && !stray && complete) {
          if (resync(lineStart)) return { starts, stoppedAt: lineStart };
          starts.push(lineStart);
        }
        stray = false;
      }
      prev = KEYWORDS.has(word) ? word : 'other';
      pos = i;
      continue;
    }
    if (isDigit(c) || (c === '-' && isDigit(text[pos + 1]) && expectValue())) {
      let i = pos + 1;
      while (i < n && (isNameChar(text[i]) || text[i] === '.')) i++;
      pos = i;
      prev = 'other';
      continue;
    }
    // ---- sigils
    if (c === '$' || c === '@' || c === '%') {
      const next = text[pos + 1];
      if (next === '(') {
        if (c === '@') {
          brackets.push('(');
          prev = '@(';
        } else if (c === '%') {
          brackets.push('%(');
          prev = '%(';
        } else {
          brackets.push('(');
          prev = '(';
        }
        pos += 2;
        continue;
      }
      if (next === '{') {
        const close = text.indexOf('}', pos + 2);
        const nl = text.indexOf('\n', pos + 2);
        // `${Name}` is one token; an unclosed one is left to the bracket logic (rare, and a single chunk then)
        if (close !== -1 && (nl === -1 || close < nl) && /^[A-Za-z0-9_-]*$/.test(text.slice(pos + 2, close))) {
          pos = close + 1;
          prev = 'other';
          continue;
        }
        pos += 1;
        prev = 'other';
        continue;
      }
      let i = pos + 1;
      while (isNameChar(text[i])) i++;
      while (i > pos + 2 && (text[i - 1] === '_' || text[i - 1] === '-')) i--;
      pos = Math.max(i, pos + 1);
      prev = 'other';
      continue;
    }
    // ---- punctuation
    const c2 = text[pos + 1];
    const two = c2 === undefined ? c : c + c2;
    if (two === '||' || two === '&&') {
      prev = two;
      pos += 2;
      continue;
    }
    if (two === '==' || two === '!=' || two === '<=' || two === '>=') {
      prev = 'cmp';
      pos += 2;
      continue;
    }
    pos++;
    switch (c) {
      case '<':
      case '>':
        prev = 'cmp';
        break;
      case '!':
        prev = '!';
        break;
      case '=':
        prev = '=';
        break;
      case ':':
        prev = ':';
        break;
      case '(':
        brackets.push('(');
        prev = '(';
        break;
      case '[':
        brackets.push('[');
        prev = '[';
        break;
      case '{':
        brackets.push('{');
        prev = '{';
        break;
      case ')':
      case ']': {
        const top = brackets[brackets.length - 1];
        if (top !== undefined && top !== '{') brackets.pop();
        prev = 'other';
        break;
      }
      case '}': {
        const i = brackets.lastIndexOf('{');
        if (i >= 0) brackets.length = i;
        // A stray `}` at top level: the parser's recovery then depends on what follows, so keep it with the next item.
        else stray = true;
        prev = '}';
        break;
      }
      case ';': {
        const i = brackets.lastIndexOf('{');
        brackets.length = i + 1;
        prev = ';';
        break;
      }
      case ',': {
        const top = brackets[brackets.length - 1];
        prev = top === '(' || top === '[' ? '(' : 'other';
        break;
      }
      default:
        prev = 'other';
    }
    void start;
  }
  return { starts };
}
