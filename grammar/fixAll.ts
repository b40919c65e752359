import type { Diagnostic, Fix, TextEdit } from './diagnostics';

/**
 * "Fix all": each diagnostic's preferred fix, in the diagnostics' order,
 * leaving out a fix any of whose edits overlaps an edit already taken (or
 * another edit of the same fix), so the result is one valid set of edits.
 * Two edits overlap when their spans share a character, or one inserts
 * strictly inside the other's span; two insertions at one offset do not.
 *
 * The edits taken are kept sorted by (start, end). Taken edits never overlap,
 * so along that order their ends never decrease either, and the one taken
 * edit that can overlap a new span is the last one starting before the new
 * span ends: a binary search, where a scan of every earlier edit made a file
 * with tens of thousands of fixable problems take seconds per request.
 */
export function fixAllEdits(diagnostics: readonly Diagnostic[]): TextEdit[] {
  return fixAll(diagnostics).flatMap((f) => f.edits);
}

/** The fixes "fix all" applies (see fixAllEdits), one per diagnostic it fixes. */
export function fixAll(diagnostics: readonly Diagnostic[]): Fix[] {
  const starts: number[] = [];
  const ends: number[] = [];
  const out: Fix[] = [];
  const overlapsTaken = (start: number, end: number): boolean => {
    // the last taken edit starting before `end`: of those, it ends last
    const i = countBefore(starts, ends, end, -1) - 1;
    return i >= 0 && overlap(start, end, starts[i]!, ends[i]!);
  };
  for (const d of diagnostics) {
    const fix = d.fixes?.find((f) => f.preferred);
    if (!fix) continue;
    const spans = fix.edits.map((e) => e.span);
    const selfOverlap = spans.some((a, i) => spans.some((b, j) => i < j && overlap(a.start, a.end, b.start, b.end)));
    if (selfOverlap || spans.some((s) => overlapsTaken(s.start, s.end))) continue;
    for (const s of spans) {
      const at = countBefore(starts, ends, s.start, s.end);
      starts.splice(at, 0, s.start);
      ends.splice(at, 0, s.end);
    }
    out.push(fix);
  }
  return out;
}

function overlap(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aStart < bEnd && bStart < aEnd;
}

/** How many of the sorted (start, end) pairs come before (`start`, `end`): `end` -1 counts those starting before `start`. */
function countBefore(starts: readonly number[], ends: readonly number[], start: number, end: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! < start || (starts[mid] === start && ends[mid]! <= end)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
