import type { ChatEvent } from './contract';

/**
 * A chat as a Markdown document, for "Export Chat as Markdown" and "Copy Conversation".
 * Pure: the same events (a transcript snapshot, src/shared/transcript.ts) always give the
 * same text, so a golden file can pin it.
 *
 * Everything in a chat is untrusted text, and the export must stay the document it looks
 * like wherever it is pasted or previewed:
 * - prompts and answers stay Markdown, but raw HTML is escaped outside code, and a code
 *   fence an answer leaves open is closed so it cannot swallow the rest of the export;
 * - tool inputs, results and thinking go in fences longer than any backtick or tilde run
 *   inside them;
 * - one-line things (tool summaries, notices, errors) are escaped inline text.
 */
export interface ExportOptions {
  /** First-line title; defaults to "Claude chat". */
  title?: string;
  /** Shown under the title when given (the folder, the date: left to the caller so tests stay stable). */
  subtitle?: string;
  /** Thinking blocks: collapsed in a `<details>` (default) or left out. */
  thinking?: 'collapsed' | 'omitted';
  /** Longest tool result kept, in lines (default 20). */
  maxResultLines?: number;
}

type ToolEvent = Extract<ChatEvent, { type: 'tool' }>;
type ToolResult = Extract<ChatEvent, { type: 'toolResult' }>;
type TurnEnd = Extract<ChatEvent, { type: 'turnEnd' }>;
type ToolStateName = Extract<ChatEvent, { type: 'toolState' }>['state'];

interface ToolRecord {
  tool?: ToolEvent;
  result?: ToolResult;
  state?: ToolStateName;
}

type Item =
  | { kind: 'user'; text: string; queued: boolean }
  | { kind: 'text' | 'thinking'; text: string }
  | { kind: 'tool'; record: ToolRecord }
  | { kind: 'turnEnd'; event: TurnEnd }
  | { kind: 'notice'; level: 'info' | 'warning'; text: string };

export function exportMarkdown(events: readonly ChatEvent[], options: ExportOptions = {}): string {
  const items = fold(events);
  const out: string[] = [`# ${escapeInline(options.title ?? 'Claude chat')}`];
  if (options.subtitle) out.push(`_${escapeInline(options.subtitle)}_`);
  let turn = 0;
  let speaker: 'user' | 'claude' | undefined;
  let total = 0;
  let costed = false;
  const claude = (): void => {
    if (speaker !== 'claude') out.push('**Claude**');
    speaker = 'claude';
  };
  for (const item of items) {
    switch (item.kind) {
      case 'user':
        turn++;
        out.push(`## ${turn}. You${item.queued ? ' (queued)' : ''}`, quote(markdownText(item.text)));
        speaker = 'user';
        break;
      case 'text':
        if (!item.text.trim()) break;
        claude();
        out.push(markdownText(item.text));
        break;
      case 'thinking':
        if (options.thinking === 'omitted' || !item.text.trim()) break;
        claude();
        out.push(['<details><summary>Thinking</summary>', '', fenced(item.text, 'text'), '', '</details>'].join('\n'));
        break;
      case 'tool':
        claude();
        out.push(toolMarkdown(item.record, options.maxResultLines ?? 20));
        break;
      case 'turnEnd':
        out.push(`_${escapeInline(turnEndLine(item.event))}_`);
        if (item.event.costUsd !== undefined) {
          total += item.event.costUsd;
          costed = true;
        }
        speaker = undefined;
        break;
      case 'notice':
        out.push(`> **${item.level === 'warning' ? 'Warning' : 'Note'}:** ${escapeInline(item.text)}`);
        break;
      default:
        unreachable(item);
    }
  }
  if (costed) out.push('---', `**Total cost:** ${escapeInline(formatCost(total))} over ${turn} prompt${turn === 1 ? '' : 's'}`);
  return `${out.join('\n\n')}\n`;
}

/** Snapshot events to items in order: deltas folded per block, a tool's result and state kept with it. */
function fold(events: readonly ChatEvent[]): Item[] {
  const items: Item[] = [];
  const blocks = new Map<string, Extract<Item, { kind: 'text' | 'thinking' }>>();
  const tools = new Map<string, ToolRecord>();
  const users = new Map<string, Extract<Item, { kind: 'user' }>>();
  const tool = (id: string): ToolRecord => {
    let r = tools.get(id);
    if (!r) {
      r = {};
      tools.set(id, r);
      items.push({ kind: 'tool', record: r });
    }
    return r;
  };
  for (const e of events) {
    switch (e.type) {
      case 'user': {
        const existing = users.get(e.turnId);
        if (existing) existing.text = e.text;
        else {
          const item = { kind: 'user' as const, text: e.text, queued: e.queued ?? false };
          users.set(e.turnId, item);
          items.push(item);
        }
        break;
      }
      case 'text':
      case 'thinking':
      case 'block': {
        const key = `${e.messageId}\u0000${e.index}`;
        const kind = e.type === 'block' ? e.kind : e.type;
        const existing = blocks.get(key);
        if (!existing) {
          const item = { kind, text: e.text };
          blocks.set(key, item);
          items.push(item);
        } else if (e.type === 'block') existing.text = e.text;
        else existing.text += e.text;
        break;
      }
      case 'tool':
        tool(e.toolUseId).tool = e;
        break;
      case 'toolResult':
        tool(e.toolUseId).result = e;
        break;
      case 'toolState':
        tool(e.toolUseId).state = e.state;
        break;
      case 'turnEnd':
        items.push({ kind: 'turnEnd', event: e });
        break;
      case 'notice':
        items.push({ kind: 'notice', level: e.level, text: e.text });
        break;
      case 'mark':
        items.push({ kind: 'notice', level: 'info', text: e.kind === 'restored' ? `Files restored to before this prompt: ${e.files.join(', ') || 'none'}.` : 'The conversation was forked here; what followed was replaced.' });
        break;
      case 'checkpoint':
      case 'turnFiles':
      case 'turnProblems':
        // Actions in the panel; the tool calls above already say which files changed.
        break;
      default:
        unreachable(e);
    }
  }
  return items;
}

function toolMarkdown(r: ToolRecord, maxLines: number): string {
  const name = r.tool?.name ?? 'Tool';
  const summary = r.tool ? toolSummary(r.tool) : '';
  const state = r.state === 'denied' ? 'denied' : r.result ? (r.result.isError ? 'error' : 'done') : (r.state ?? 'no result');
  const parts = [`**Tool: ${escapeInline(name)}**${summary ? ` ${inlineCode(summary)}` : ''} (${state})`];
  if (r.tool?.input !== undefined) parts.push(`<details><summary>Input</summary>\n\n${fenced(inputJson(r.tool.input), 'json')}\n\n</details>`);
  if (r.result) {
    const text = r.result.text.trim() ? clipLines(r.result.text, maxLines) : '(empty)';
    parts.push(`${r.result.isError ? 'Error' : 'Result'}:\n\n${fenced(text, 'text')}`);
  }
  return parts.join('\n\n');
}

/** The one thing that says what a call did, for the tools Claude uses most. */
function toolSummary(t: ToolEvent): string {
  const input = (t.input ?? {}) as Record<string, unknown>;
  const str = (k: string): string => (typeof input[k] === 'string' ? (input[k] as string) : '');
  let s: string;
  switch (t.name) {
    case 'Bash':
      s = str('command');
      break;
    case 'Read':
    case 'Write':
    case 'Edit':
    case 'MultiEdit':
    case 'NotebookEdit':
      s = str('file_path') || str('notebook_path');
      break;
    case 'Grep':
    case 'Glob':
      s = str('pattern');
      break;
    case 'WebFetch':
      s = str('url');
      break;
    case 'WebSearch':
      s = str('query');
      break;
    case 'TodoWrite':
      s = Array.isArray(input.todos) ? `${input.todos.length} to-dos` : '';
      break;
    case 'Task':
    case 'Agent':
      s = str('description');
      break;
    default:
      s = '';
  }
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/** Tool input as JSON, with long strings (whole files being written) cut short. */
function inputJson(input: unknown): string {
  return JSON.stringify(input, (_k, v: unknown) => (typeof v === 'string' && v.length > 2_000 ? `${v.slice(0, 2_000)}… [${v.length - 2_000} more characters]` : v), 2) ?? String(input);
}

function turnEndLine(e: TurnEnd): string {
  const label = { success: 'Done', error: 'Failed', interrupted: 'Interrupted', cancelled: 'Cancelled' }[e.outcome];
  const parts = [label];
  if (e.durationMs !== undefined) parts.push(`${(e.durationMs / 1000).toFixed(1)} s`);
  const u = e.usage;
  if (u && (u.inputTokens !== undefined || u.outputTokens !== undefined)) {
    const input = (u.inputTokens ?? 0) + (u.cacheReadTokens ?? 0) + (u.cacheCreationTokens ?? 0);
    parts.push(`${input} tokens in, ${u.outputTokens ?? 0} out`);
  }
  if (e.costUsd !== undefined) parts.push(formatCost(e.costUsd));
  if (e.error) parts.push(e.error.message.replace(/\s+/g, ' '));
  return parts.join(' · ');
}

function formatCost(usd: number): string {
  return `$${usd.toFixed(4)}`;
}

function clipLines(text: string, max: number): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  return lines.length <= max ? lines.join('\n') : `${lines.slice(0, max).join('\n')}\n… (${lines.length - max} more lines)`;
}

/** A code block whose fence is longer than any run of its fence character inside. */
export function fenced(text: string, lang: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.replace(/\s+$/, '')}\n${fence}`;
}

/** An inline code span that no backtick inside can end early. */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || longest > 0 ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** Plain text as one line of Markdown that renders as exactly that text. */
export function escapeInline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>#|~&]/g, (c) => `\\${c}`);
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * Model (or user) Markdown made safe to embed: outside code, `<` that could open HTML (a tag,
 * a comment, a CDATA or processing instruction) is escaped so nothing is hidden or run where
 * the export is previewed; a fence left open is closed, so it cannot swallow what follows.
 */
export function markdownText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\s+$/, '').split('\n');
  const out: string[] = [];
  let open: { char: string; len: number } | undefined;
  for (const line of lines) {
    const m = FENCE.exec(line);
    if (open) {
      out.push(line);
      if (m && m[1][0] === open.char && m[1].length >= open.len && !m[2].trim()) open = undefined;
      continue;
    }
    if (m && !(m[1][0] === '`' && m[2].includes('`'))) {
      open = { char: m[1][0], len: m[1].length };
      out.push(line);
      continue;
    }
    out.push(escapeHtmlOutsideCode(line));
  }
  if (open) out.push(open.char.repeat(open.len));
  return out.join('\n');
}

/** Escapes `<` that starts HTML, leaving inline code spans (which show it literally) alone. */
function escapeHtmlOutsideCode(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] === '`') {
      let n = 1;
      while (line[i + n] === '`') n++;
      const ticks = '`'.repeat(n);
      const close = findRun(line, ticks, i + n);
      if (close >= 0) {
        out += line.slice(i, close + n);
        i = close + n;
        continue;
      }
      out += ticks;
      i += n;
      continue;
    }
    if (line[i] === '<' && /[A-Za-z/!?]/.test(line[i + 1] ?? '')) out += '&lt;';
    else out += line[i];
    i++;
  }
  return out;
}

/** Index of a backtick run of exactly `ticks`' length at or after `from`, else -1. */
function findRun(line: string, ticks: string, from: number): number {
  let at = line.indexOf(ticks, from);
  while (at >= 0) {
    let end = at + ticks.length;
    if (line[at - 1] !== '`' && line[end] !== '`') return at;
    while (line[end] === '`') end++;
    at = line.indexOf(ticks, end);
  }
  return -1;
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
}

function unreachable(value: never): void {
  throw new Error(`exportMarkdown: unknown item ${JSON.stringify(value)}`);
}
