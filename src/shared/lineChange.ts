/**
 * How many lines an edit removes and adds, in the one wording the permission prompt, the
 * banner and the Edit card share ("1 line changed" when one line became two was wrong).
 */
export interface LineChange {
  removed: number;
  added: number;
}

/** Lines removed and added once the common leading and trailing lines are set aside. */
export function lineChange(oldText: string, newText: string): LineChange {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { removed: endA - start, added: endB - start };
}

export function sumLineChanges(changes: LineChange[]): LineChange {
  return changes.reduce((s, c) => ({ removed: s.removed + c.removed, added: s.added + c.added }), { removed: 0, added: 0 });
}

/** "+2 −1" (git's notation: lines added, lines removed); "no lines changed" for none. */
export function formatLineChange(c: LineChange): string {
  if (c.removed === 0 && c.added === 0) return 'no lines changed';
  return `+${c.added} −${c.removed}`;
}
