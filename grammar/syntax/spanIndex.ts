import type { Span } from './ast';

/**
 * Questions about many spans and offsets, answered by binary search: a file
 * with thousands of unclosed blocks has thousands of diagnostics and spans,
 * and asking each span about each diagnostic was quadratic.
 */

/** Index of the first span starting at or after `offset` (`spans` sorted by start). */
export function firstAtOrAfter(spans: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first of `sorted` (ascending) that is ≥ `value` (`sorted.length` when none is). */
export function firstNotBelow(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A set of offsets: is one of them in a span? */
export class OffsetSet {
  private readonly sorted: number[];

  constructor(offsets: Iterable<number>) {
    this.sorted = [...offsets].sort((a, b) => a - b);
  }

  /** Some offset `o` with `span.start <= o <= span.end` (the end included). */
  anyIn(span: Span): boolean {
    const i = firstNotBelow(this.sorted, span.start);
    return i < this.sorted.length && this.sorted[i]! <= span.end;
  }
}

/** A set of spans, in any order and overlapping or nested: does one of them cover an offset? */
export class SpanCover {
  private readonly starts: number[] = [];
  /** The largest end among the spans up to each place (sorted by start). */
  private readonly reach: number[] = [];

  constructor(spans: Iterable<Span>) {
    const sorted = [...spans].sort((a, b) => a.start - b.start);
    let reach = -Infinity;
    for (const s of sorted) {
      reach = Math.max(reach, s.end);
      this.starts.push(s.start);
      this.reach.push(reach);
    }
  }

  /** Some span with `start <= offset <= end` (the end included). */
  covers(offset: number): boolean {
    const i = firstNotBelow(this.starts, offset + 1) - 1;
    return i >= 0 && this.reach[i]! >= offset;
  }
}
