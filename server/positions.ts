import type { Position, Range } from 'vscode-languageserver';
import type { Span } from '../grammar/syntax/ast';
import type { LineCol } from '../grammar/syntax/lineMap';

/**
 * Offset ↔ position conversion, as `LineMap` does it. An offset between the
 * two halves of a surrogate pair may be taken as a position beside the pair
 * (LSP positions never split one): before it, or after it when `side` is
 * `'end'` (the end of a range, which then takes the whole character).
 */
export interface Lines {
  position(offset: number, side?: 'start' | 'end'): LineCol;
  offset(pos: LineCol): number;
}

/**
 * The positions of a piece that starts at `base` in a document: offsets are
 * the piece's own, positions the document's.
 */
export class OffsetLines implements Lines {
  constructor(
    private readonly doc: Lines,
    private readonly base: number,
  ) {}

  position(offset: number, side?: 'start' | 'end'): LineCol {
    return this.doc.position(offset + this.base, side);
  }

  offset(pos: LineCol): number {
    return this.doc.offset(pos) - this.base;
  }
}

/**
 * Span (UTF-16 offsets, what the grammar speaks) to an LSP range; a span
 * that starts or ends inside a surrogate pair (a one-unit diagnostic at an
 * emoji) takes the whole character.
 */
export function toRange(lines: Lines, span: Span): Range {
  return { start: lines.position(span.start, 'start'), end: lines.position(span.end, 'end') };
}

export function toOffset(lines: Lines, position: Position): number {
  return lines.offset(position);
}

export function toSpan(lines: Lines, range: Range): Span {
  return { start: lines.offset(range.start), end: lines.offset(range.end) };
}

/** True when `offset` lies inside `span` or touches its end (where a cursor after a word is). */
export function touches(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** Strictly inside: after the opening and before the closing delimiter of a `{…}`-like span. */
export function inside(span: Span | undefined, offset: number): boolean {
  return !!span && span.start < offset && offset < span.end;
}
