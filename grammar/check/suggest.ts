/**
 * "Did you mean" for unknown names: the closest candidate within a small
 * edit distance. Comparison is case-insensitive because variable and
 * function names are (spec section 1); the candidate keeps its spelling.
 */
import { editDistance, editDistanceAtMost } from '../editDistance';

export { editDistance };

/**
 * The candidate closest to `name` within `maxDistance` edits (ignoring case),
 * or undefined. Ties go to the first candidate, so callers pass candidates
 * in a stable, meaningful order. Very short names only match with one edit,
 * or "x" would suggest every two-letter name.
 */
export function didYouMean(name: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  const lower = name.toLowerCase();
  const limit = Math.min(maxDistance, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c === lower) continue;
    if (Math.abs(c.length - lower.length) > limit) continue;
    const d = editDistanceAtMost(lower, c, limit);
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
