/**
 * How many lines an edit removes and adds, in the one wording the permission prompt, the
 * banner and the Edit card share ("1 line changed" when one line became two was wrong).
 */
export interface LineChange {
  removed: number;
  added: number;
}

/** Where two line lists differ: the lines before `head` are the same, and so are `a` from `endA` and `b` from `endB` on. */
export function commonEnds(a: readonly string[], b: readonly string[]): { head: number; endA: number; endB: number } {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let endA = a.length;
  let endB = b.length;
  while (endA > head && endB > head && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { head, endA, endB };
}

/** Lines removed and added once the common leading and trailing lines are set aside. */
export function lineChange(oldText: string, newText: string): LineChange {
  const { head, endA, endB } = commonEnds(oldText.split('\n'), newText.split('\n'));
  return { removed: endA - head, added: endB - head };
}

export function sumLineChanges(changes: LineChange[]): LineChange {
  return changes.reduce((s, c) => ({ removed: s.removed + c.removed, added: s.added + c.added }), { removed: 0, added: 0 });
}

/** "+2 −1" (git's notation: lines added, lines removed); "no lines changed" for none. */
export function formatLineChange(c: LineChange): string {
  if (c.removed === 0 && c.added === 0) return 'no lines changed';
  return `+${c.added} −${c.removed}`;
}
