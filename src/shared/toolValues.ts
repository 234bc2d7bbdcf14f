/** Tool inputs and results are untrusted shapes: read them defensively. */
export type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** What an Edit (old → new, once or every occurrence) makes of `before`. */
export function applyEdit(before: string, oldString: string, newString: string, replaceAll: boolean): string {
  // A function replacement, so `$&` and friends in the new text stay literal.
  return replaceAll ? before.split(oldString).join(newString) : before.replace(oldString, () => newString);
}

/** An unknown tool's title: its arguments as `key: value` pairs, never raw JSON (cut to a line). */
export function keyValueSummary(input: Record<string, unknown>, max = 120): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(input)) {
    const value =
      typeof v === 'string' ? v.replace(/\s+/g, ' ') : typeof v === 'number' || typeof v === 'boolean' ? String(v) : Array.isArray(v) ? `[${v.length} items]` : v && typeof v === 'object' ? '{…}' : String(v);
    parts.push(`${k}: ${value.length > 40 ? `${value.slice(0, 39)}…` : value}`);
  }
  const text = parts.join(', ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
