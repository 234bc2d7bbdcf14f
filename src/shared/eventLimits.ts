import { ChatEvent } from './contract';

/**
 * What every transcript event must satisfy before it leaves a chat: the webview's schema
 * (`contract.ts`) and a size a `postMessage` can carry. The CLI's stream is parsed loosely (a
 * bad line must not end a turn), so a value the panel would reject can get this far: a delta
 * with `"index":0.5` used to make every later batch and every snapshot fail the panel's parse,
 * and a tool input nested 20,000 deep made the batch unserialisable. Here such an event is
 * repaired or, failing that, dropped alone, before the transcript keeps it or the batcher
 * merges it with good ones. Pure TypeScript (no `vscode`).
 *
 * Tool payloads are slimmed on the way too (whole files must not flow to the webview): the
 * CLI's `originalFile` copy of every edited file goes, strings are cut at `maxChars`, arrays at
 * `MAX_ITEMS`, nesting at `MAX_DEPTH`. The host keeps what it needs for diffs elsewhere
 * (`chat/fileChanges.ts`, from the session's own events).
 */
export const MAX_TOOL_CHARS = 100_000;
export const MAX_DEPTH = 32;
export const MAX_ITEMS = 2_000;
export const TOO_DEEP = '[nested too deep: not kept]';

export type Normalized = { event: ChatEvent; problem?: string } | { event: undefined; problem: string };

/** An index the schema takes (a safe integer): a fraction is floored, anything else refused. */
function fixIndex(index: unknown): number | undefined {
  if (Number.isSafeInteger(index)) return index as number;
  if (typeof index !== 'number' || !Number.isFinite(index)) return undefined;
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(Number.MIN_SAFE_INTEGER, Math.floor(index)));
}

export function normalizeChatEvent(event: ChatEvent, maxChars = MAX_TOOL_CHARS): Normalized {
  // Fast path, once per streamed token: already what the schema wants.
  if ((event.type === 'text' || event.type === 'thinking') && Number.isSafeInteger(event.index) && typeof event.text === 'string' && typeof event.messageId === 'string') {
    if (event.parentToolUseId === undefined || typeof event.parentToolUseId === 'string') return { event };
  }
  let e: ChatEvent = event;
  let problem: string | undefined;
  if (e.type === 'text' || e.type === 'thinking' || e.type === 'block' || e.type === 'tool') {
    const index = fixIndex(e.index);
    if (index === undefined) return { event: undefined, problem: `${e.type} event with index ${String(e.index)}: dropped` };
    if (index !== e.index) {
      problem = `${e.type} event with index ${e.index}: taken as ${index}`;
      e = { ...e, index };
    }
  }
  if (e.type === 'tool' && e.input !== undefined) e = { ...e, input: slim(e.input, maxChars) };
  if (e.type === 'toolResult') e = { ...e, text: typeof e.text === 'string' ? truncate(e.text, maxChars) : e.text, structured: slim(e.structured, maxChars) };
  const parsed = ChatEvent.safeParse(e);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { event: undefined, problem: `${String((event as { type?: unknown }).type)} event the panel would reject (${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'invalid'}): dropped` };
  }
  return { event: parsed.data, problem };
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}\n… [${s.length - max} more characters not kept]`;
}

/**
 * A tool payload cut to size: no `originalFile` (the CLI's copy of the whole file before an
 * edit), long strings and arrays cut, nesting past MAX_DEPTH replaced by a note. Never recurses
 * deeper than MAX_DEPTH, so a hostile depth costs nothing here either.
 */
export function slim(value: unknown, max: number, depth = 0): unknown {
  if (typeof value === 'string') return truncate(value, max);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) {
    const items = value.length > MAX_ITEMS ? value.slice(0, MAX_ITEMS) : value;
    return items.map((v) => slim(v, max, depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'originalFile') continue;
    out[k] = slim(v, max, depth + 1);
  }
  return out;
}
