/** Tool inputs and results are untrusted shapes: read them defensively. */
export type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** What an Edit (old → new, once or every occurrence) makes of `before`. */
export function applyEdit(before: string, oldString: string, newString: string, replaceAll: boolean): string {
  // A function replacement, so `$&` and friends in the new text stay literal.
  return replaceAll ? before.split(oldString).join(newString) : before.replace(oldString, () => newString);
}
