/**
 * Optimal string alignment distance: insertions, deletions, substitutions
 * and swaps of neighbours. The one measure behind every "did you mean"
 * (variables, functions, events, channel keywords).
 */
export function editDistance(a: string, b: string): number {
  return editDistanceAtMost(a, b, Infinity);
}

let rows = [new Int32Array(0), new Int32Array(0), new Int32Array(0)];

/**
 * `editDistance(a, b)` when it is at most `limit`, else `limit + 1`: the
 * same answer for every question "within `limit`?". Three rows reused from
 * call to call (no allocation per candidate), and stops once two rows in a
 * row are past `limit` (no later row can come back under it). What "did you
 * mean" runs over every event of a catalog of 100,000s.
 */
export function editDistanceAtMost(a: string, b: string, limit: number): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > limit) return limit + 1;
  if (m === 0 || n === 0) return Math.max(m, n);
  if (rows[0]!.length < n + 1) rows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  let [before, prev, cur] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= n; j++) prev[j] = j;
  let prevOver = false;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, before[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    const over = rowMin > limit;
    if (over && prevOver) return limit + 1;
    prevOver = over;
    [before, prev, cur] = [prev, cur, before];
  }
  const d = prev[n]!;
  return d > limit ? limit + 1 : d;
}
