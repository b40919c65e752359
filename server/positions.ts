import type { Position, Range } from 'vscode-languageserver';
import type { Span } from '../grammar/syntax/ast';
import { LineMap } from '../grammar/syntax/lineMap';

/** Span (UTF-16 offsets, what the grammar speaks) to an LSP range. */
export function toRange(lines: LineMap, span: Span): Range {
  return { start: lines.position(span.start), end: lines.position(span.end) };
}

export function toOffset(lines: LineMap, position: Position): number {
  return lines.offset(position);
}

export function toSpan(lines: LineMap, range: Range): Span {
  return { start: lines.offset(range.start), end: lines.offset(range.end) };
}

/** True when `offset` lies inside `span` or touches its end (where a cursor after a word is). */
export function touches(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}
