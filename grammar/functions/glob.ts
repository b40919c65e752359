/**
 * Whole-string wildcard match for `$Matches`: `*` any run of characters
 * (also none), `?` exactly one; case-insensitive; no other special
 * characters. Greedy with a single backtrack point, so linear-ish time
 * (O(text × pattern) at worst) whatever the pattern.
 */
export function globMatches(text: string, glob: string): boolean {
  const s = text.toLowerCase();
  const g = glob.toLowerCase();
  let si = 0;
  let gi = 0;
  let star = -1;
  let resume = 0;
  while (si < s.length) {
    if (gi < g.length && (g[gi] === '?' || (g[gi] !== '*' && g[gi] === s[si]))) {
      si++;
      gi++;
    } else if (gi < g.length && g[gi] === '*') {
      star = gi++;
      resume = si;
    } else if (star >= 0) {
      gi = star + 1;
      si = ++resume;
    } else return false;
  }
  while (g[gi] === '*') gi++;
  return gi === g.length;
}
