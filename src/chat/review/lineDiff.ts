import { commonEnds } from '../../shared/lineChange';

/**
 * A line diff (Myers' O(ND) algorithm) for review hunks: the regions where two line lists
 * differ, in order. Each region replaces `a[a0..a1)` with `b[b0..b1)`; everything between
 * regions is equal. Past `maxEdits` differing lines the diff gives up on precision and returns
 * one region between the common head and tail (the same answer `lineChange` counts), so a
 * rewritten 100 000-line file costs a bounded amount of time and memory.
 */
export interface DiffRegion {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

export function diffLines(a: readonly string[], b: readonly string[], maxEdits = 2000): DiffRegion[] {
  const { head, endA, endB } = commonEnds(a, b);
  if (head === endA && head === endB) return [];
  const whole: DiffRegion = { a0: head, a1: endA, b0: head, b1: endB };
  if (head === endA || head === endB) return [whole];
  // Lines as small integers: the inner loop compares numbers, not strings.
  const ids = new Map<string, number>();
  const id = (s: string) => {
    let n = ids.get(s);
    if (n === undefined) ids.set(s, (n = ids.size));
    return n;
  };
  const A = a.slice(head, endA).map(id);
  const B = b.slice(head, endB).map(id);
  const matches = myersMatches(A, B, maxEdits);
  if (!matches) return [whole];
  const regions: DiffRegion[] = [];
  let x = 0;
  let y = 0;
  for (const [mx, my] of [...matches, [A.length, B.length] as const]) {
    if (mx > x || my > y) regions.push({ a0: head + x, a1: head + mx, b0: head + y, b1: head + my });
    x = mx + 1;
    y = my + 1;
  }
  return regions;
}

/** The pairs of equal lines of a shortest edit script, in order; undefined past `maxD` edits. */
function myersMatches(A: readonly number[], B: readonly number[], maxD: number): [number, number][] | undefined {
  const N = A.length;
  const M = B.length;
  const max = N + M;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  // Per step d, the part of v that step d reads (k in [-d-1, d+1]): O(D²) memory, not O(D·(N+M)).
  const trace: Int32Array[] = [];
  for (let d = 0; d <= Math.min(max, maxD); d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let y = x - k;
      while (x < N && y < M && A[x] === B[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= N && y >= M) return backtrack(trace, d, N, M);
    }
  }
  return undefined;
}

function backtrack(trace: Int32Array[], D: number, N: number, M: number): [number, number][] {
  const out: [number, number][] = [];
  let x = N;
  let y = M;
  for (let d = D; d > 0; d--) {
    const prev = trace[d];
    const at = (k: number) => prev[k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    // The snake after the edit: equal lines.
    const startX = prevK === k + 1 ? prevX : prevX + 1;
    while (x > startX) out.push([--x, --y]);
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) out.push([--x, --y]);
  return out.reverse();
}
