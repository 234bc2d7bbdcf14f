/**
 * Subsequence match for `@` mentions: 0 when the query's letters don't all appear in order.
 * Whole-word hits in the file name beat hits in the path; contiguous runs beat scattered ones.
 */
export function fuzzyScore(path: string, q: string): number {
  let score = 0;
  let pi = 0;
  let run = 0;
  const baseStart = path.lastIndexOf('/') + 1;
  for (const ch of q) {
    const found = path.indexOf(ch, pi);
    if (found === -1) return 0;
    run = found === pi ? run + 1 : 1;
    score += run * 2 + (found >= baseStart ? 3 : 0) - Math.min(found - pi, 5) * 0.1;
    pi = found + 1;
  }
  const base = path.slice(baseStart);
  if (base.startsWith(q)) score += 60;
  else if (base.includes(q)) score += 40;
  else if (path.includes(q)) score += 20;
  return score;
}
