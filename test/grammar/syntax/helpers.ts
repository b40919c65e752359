/** Helpers for the syntax tests: compact renderings of trees and diagnostics. */
import assert from 'node:assert/strict';
import { parse } from '../../../grammar/syntax/parser';
import type * as A from '../../../grammar/syntax/ast';
import type { Diagnostic } from '../../../grammar/diagnostics';

/** An expression as an s-expression, e.g. `(&& (== $a 1) (! $b))`. */
export function sx(e: A.Expr | A.TemplatePart | undefined): string {
  if (!e) return '∅';
  switch (e.kind) {
    case 'Number':
    case 'Duration':
      return e.raw;
    case 'Bool':
      return String(e.value);
    case 'String':
      return `"${e.parts.map(sx).join('')}"`;
    case 'Text':
      return e.value;
    case 'Interpolation':
      return `{${e.form} ${sx(e.expr)}}`;
    case 'If':
      return `{if ${sx(e.condition)} [${e.then.map(sx).join('')}]${e.else ? ` else [${e.else.map(sx).join('')}]` : ''}}`;
    case 'Foreach':
      return `{foreach ${sx(e.variable)} ${sx(e.list)} [${e.body.map(sx).join('')}]}`;
    case 'Variable':
      return e.braced ? `${e.sigil}{${e.name}}` : `${e.sigil}${e.name}`;
    case 'Call':
      return `(${e.sigil}${e.name}${e.args.map((a) => ' ' + sx(a)).join('')})`;
    case 'Unary':
      return `(! ${sx(e.operand)})`;
    case 'Binary':
      return `(${e.op} ${sx(e.left)} ${sx(e.right)})`;
    case 'Member':
      return `(. ${sx(e.object)} ${e.member?.text ?? '∅'})`;
    case 'Index':
      return `([] ${sx(e.object)} ${sx(e.index)})`;
    case 'Paren':
      return `(paren ${sx(e.expr)})`;
    case 'List':
      return `(list${e.items.map((i) => ' ' + sx(i)).join('')})`;
    case 'Map':
      return `(map${e.entries.map((m) => ` ${m.key}:${sx(m.value)}`).join('')})`;
    case 'Unquoted':
      return `(unquoted ${e.text})`;
  }
}

/** Parses `src` as the value of a property and returns it; asserts there are no diagnostics. */
export function valueOf(src: string): A.Expr {
  const text = `notifier "n" {\n    slack {\n        x = ${src};\n    }\n}\n`;
  const r = parse(text);
  assert.deepEqual(r.diagnostics.map((d) => d.message), [], `diagnostics for ${src}`);
  const n = r.file.items[0] as A.NotifierDecl;
  const value = (n.clauses[0] as A.ChannelBlock).properties[0]!.value;
  assert.ok(value, `value of ${src}`);
  return value;
}

/** A diagnostic as `CODE@start-end` plus the text it covers, for exact checks. */
export function at(text: string, d: Diagnostic): string {
  return `${d.code}@${d.span.start}-${d.span.end}:${JSON.stringify(text.slice(d.span.start, d.span.end))}`;
}

/** The offset of the n-th (0-based) occurrence of `needle` in `text`. */
export function offsetOf(text: string, needle: string, n = 0): number {
  let i = -1;
  for (let k = 0; k <= n; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`${needle} not found`);
  }
  return i;
}

/** The tree without spans, for comparing shapes. */
export function withoutSpans(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node, (k, v: unknown) => (k === 'span' || k.endsWith('Span') ? undefined : v)));
}
