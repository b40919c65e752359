/**
 * `format`: the canonical layout of a `.notify` file.
 *
 * - Text with syntax errors is returned unchanged, with the errors: the
 *   formatter never rewrites code it cannot read.
 * - 4-space indentation; one clause, property or sample assignment per line;
 *   exactly one blank line between top-level items; inside blocks a user's
 *   blank lines between clauses or properties are kept (runs collapse to one),
 *   never after `{` or before `}`.
 * - `=` of a channel's properties is aligned within each run of properties
 *   not separated by a blank line (as in the spec's example); sample
 *   assignments are not aligned.
 * - Canonical spacing in expressions: `a == b`, `!a`, `$F(a, b)`,
 *   `@(a, b)`, `%(key: v, …)`. A call, list or map that the source breaks
 *   over lines is printed one entry per line, one level deeper, with `)` on
 *   its own line; one written on one line stays on one line.
 * - Strings (all kinds, swim strings included) are copied as written, but
 *   for their line endings (below; a swim string's line breaks render as
 *   `\n` anyway); so are variables as written (`${X}` stays braced) and numbers.
 * - Every comment is kept: one after code on the same line stays there
 *   (one space before it), any other on its own line at the indentation
 *   of what follows.
 * - Line endings become `\n` (inside swim strings too). A line break is
 *   `\n`, `\r\n` or a lone `\r`, as for the lexer, and a swim string's line
 *   breaks are text `\n` whatever the file's, so this changes no rendering.
 *   The file ends with exactly one newline. The result is idempotent.
 *
 * As a safety net the result is parsed again and compared with the input's
 * tree; if they differ (a formatter bug), the text is returned unchanged.
 */
import { parse } from '../syntax/parser';
import type { Diagnostic } from '../diagnostics';
import type { NotifyFile } from '../syntax/ast';
import { Printer } from './printer';

export interface FormatResult {
  text: string;
  changed: boolean;
  diagnostics: Diagnostic[];
}

export function format(text: string): FormatResult {
  const first = parse(text);
  const errors = first.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { text, changed: false, diagnostics: first.diagnostics };
  const src = text.replace(/\r\n?/g, '\n');
  const parsed = src === text ? first : parse(src);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { text, changed: false, diagnostics: parsed.diagnostics };
  let out: string;
  try {
    out = new Printer(src, parsed.file).print();
    // The safety net recurses over both trees: one too deep for the stack is left as written.
    const again = parse(out);
    if (again.diagnostics.some((d) => d.severity === 'error') || !sameShape(again.file, parsed.file)) {
      return { text, changed: false, diagnostics: [] };
    }
  } catch {
    return { text, changed: false, diagnostics: [] };
  }
  return { text: out, changed: out !== text, diagnostics: [] };
}

/** The tree without positions, plus the comments' text: what formatting must not change. */
export function treeShape(file: NotifyFile): string {
  return JSON.stringify(file, (key, value: unknown) => {
    if (key === 'span' || key.endsWith('Span')) return undefined;
    if (key === 'comments') return (value as { text: string }[]).map((c) => c.text.replace(/\r\n?/g, '\n').trimEnd());
    return value;
  });
}

const isPosition = (key: string) => key === 'span' || key.endsWith('Span');

/** Deep equality of two trees, ignoring positions; comments compare by text. */
export function sameShape(a: unknown, b: unknown, key = ''): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    if (key === 'comments') {
      return a.every((c: { text: string }, i) => c.text.replace(/\r\n?/g, '\n').trimEnd() === (b[i] as { text: string }).text.replace(/\r\n?/g, '\n').trimEnd());
    }
    return a.every((x, i) => sameShape(x, b[i]));
  }
  const ka = Object.keys(a).filter((k) => !isPosition(k) && (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => !isPosition(k) && (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameShape((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], k));
}
