import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ChatEvent, ImageAttachment } from '../shared/contract';
import { isImageMediaType, MAX_IMAGE_BASE64, MAX_IMAGES } from '../shared/images';
import { ClaudeError } from './errors';
import { NotRegularFile, openRegularFile } from './guardedFile';
import { LineFramer } from './lineFramer';
import { isSessionId, projectDir, transcriptPath } from './paths';
import { toolResultText } from './protocol';
import { DEFAULT_DENY_MESSAGE, DEFAULT_STOP_MESSAGE } from '../core/permissions';
import type { HistoryEntry, HistoryScan } from '../core/history';

/**
 * The CLI's own transcripts (~/.claude/projects/<mangled cwd>/<session>.jsonl; docs/protocol.md, "Launch, stream-json and turns")
 * are the history: sessions started in a terminal show up too, and nothing is duplicated. What a
 * scan finds is shaped in src/core/history.ts, where the chat layer reads it without this backend.
 */
export type { HistoryEntry, HistoryScan };

interface Line {
  type?: string;
  isMeta?: boolean;
  isSidechain?: boolean;
  timestamp?: string;
  message?: { id?: string; role?: string; content?: unknown };
  toolUseResult?: unknown;
}

/**
 * The files are not ours, so nothing in them is trusted: only regular files are
 * read (a `<uuid>.jsonl` symlink to /dev/zero or a FIFO is refused, not followed or waited on),
 * lines are framed with a size cap, and every field is type-checked before use.
 */
const MAX_LINE_CHARS = 8 * 1024 * 1024;
/** Longest text kept per block or tool result: a history view, not an archive. */
const MAX_TEXT_CHARS = 256 * 1024;

type ReadLine = { value?: Line; bad: boolean; oversized?: boolean };

async function* readLines(path: string, stats?: { mtimeMs: number }): AsyncGenerator<ReadLine> {
  const fh = await openRegularFile(path);
  let oversized = 0;
  const framer = new LineFramer(MAX_LINE_CHARS, () => oversized++);
  try {
    if (stats) stats.mtimeMs = (await fh.stat()).mtimeMs;
    for await (const chunk of fh.createReadStream({ autoClose: false })) {
      for (const raw of framer.push(chunk as Buffer)) yield parseLine(raw);
      for (; oversized > 0; oversized--) yield { bad: false, oversized: true };
    }
    for (const raw of framer.end()) yield parseLine(raw);
    for (; oversized > 0; oversized--) yield { bad: false, oversized: true };
  } finally {
    await fh.close();
  }
}

function parseLine(raw: string): ReadLine {
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? { value: v as Line, bad: false } : { bad: true };
  } catch {
    return { bad: true };
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function capped(text: string): string {
  return text.length <= MAX_TEXT_CHARS ? text : `${text.slice(0, MAX_TEXT_CHARS)}\n… [${text.length - MAX_TEXT_CHARS} more characters not shown]`;
}

/** A user line the person typed, as opposed to tool results, meta lines and command echoes. */
export function typedText(line: Line): string | undefined {
  if (line.type !== 'user' || line.isMeta || line.isSidechain) return undefined;
  const c = line.message?.content;
  const text = typeof c === 'string' ? c : Array.isArray(c) ? c.filter((b) => b?.type === 'text' && typeof b.text === 'string').map((b) => b.text as string).join('\n') : '';
  if (!text || Array.isArray(c) && c.some((b) => b?.type === 'tool_result')) return undefined;
  // The CLI's own markers and command echoes are not what the person typed.
  if (/^<(command-|local-command-)/.test(text) || /^\[Request interrupted by user[^\]]*\]\s*$/.test(text)) return undefined;
  return text;
}

async function summarize(path: string): Promise<HistoryEntry | string> {
  let firstPrompt: string | undefined;
  let lastPrompt = '';
  let messages = 0;
  let good = 0;
  let bad = 0;
  let last = 0;
  let fork: boolean | undefined;
  const stats = { mtimeMs: 0 };
  for await (const { value, bad: isBad } of readLines(path, stats)) {
    if (isBad || !value) {
      bad++;
      continue;
    }
    good++;
    const ts = str(value.timestamp);
    const at = ts ? Date.parse(ts) || 0 : 0;
    // The first message older than a line written before it was copied from another transcript.
    if (fork === undefined && (value.type === 'user' || value.type === 'assistant') && at) fork = at < last;
    if (ts) last = Math.max(last, at);
    if (value.isSidechain) continue;
    if (value.type === 'assistant' && (value.message as { model?: string } | undefined)?.model !== '<synthetic>') messages++;
    const text = typedText(value);
    if (text !== undefined) {
      messages++;
      firstPrompt ??= text.slice(0, 1000);
      lastPrompt = text.slice(0, 1000);
    }
  }
  if (good === 0 || bad > good) return `${bad} of ${good + bad} lines are not valid JSON`;
  if (firstPrompt === undefined) return 'no conversation in it';
  if (!last) last = stats.mtimeMs;
  return { sessionId: basename(path, '.jsonl'), firstPrompt, lastPrompt, lastActivity: last, messageCount: messages, fork: fork ?? false };
}

/** Every resumable conversation of `cwd`, newest first; unreadable files are reported, not fatal. */
export async function listHistory(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<HistoryScan> {
  const dir = projectDir(cwd, env);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl') && isSessionId(basename(n, '.jsonl')));
  } catch {
    return { entries: [], skipped: [] };
  }
  const scan: HistoryScan = { entries: [], skipped: [] };
  for (const name of names) {
    try {
      const r = await summarize(join(dir, name));
      if (typeof r === 'string') scan.skipped.push({ file: name, reason: r });
      else scan.entries.push(r);
    } catch (err) {
      scan.skipped.push({ file: name, reason: (err as Error).message });
    }
  }
  scan.entries.sort((a, b) => b.lastActivity - a.lastActivity);
  return scan;
}

/** The conversation as panel events, for showing a past chat before it is resumed. */
export async function loadConversation(cwd: string, sessionId: string, env: NodeJS.ProcessEnv = process.env): Promise<ChatEvent[]> {
  if (!isSessionId(sessionId)) throw new ClaudeError('history', `"${sessionId}" is not a valid session id.`, []);
  const path = transcriptPath(cwd, sessionId, env);
  const events: ChatEvent[] = [];
  const blockIndex = new Map<string, number>();
  let good = 0;
  let bad = 0;
  let turn = 0;
  try {
    for await (const { value, bad: isBad } of readLines(path)) {
      if (isBad || !value) {
        bad++;
        continue;
      }
      good++;
      if (value.isSidechain) continue;
      const text = typedText(value);
      const images = typedImages(value);
      if (text !== undefined || images) {
        events.push({ type: 'user', turnId: `h${++turn}`, text: capped(text ?? ''), ...(images ? { images } : {}) });
        continue;
      }
      const content = value.message?.content;
      if (!Array.isArray(content)) continue;
      if (value.type === 'assistant') {
        // Placeholders the CLI writes itself (e.g. "No response requested.") are not answers.
        if ((value.message as { model?: string } | undefined)?.model === '<synthetic>') continue;
        const id = str(value.message?.id) ?? `m${good}`;
        for (const b of content) {
          if (!b || typeof b !== 'object') continue;
          const index = blockIndex.get(id) ?? 0;
          blockIndex.set(id, index + 1);
          // A block with a wrong field is skipped alone; it must not cost the conversation.
          if (b.type === 'text' && str(b.text) !== undefined) events.push({ type: 'block', messageId: id, index, kind: 'text', text: capped(b.text) });
          else if (b.type === 'thinking' && str(b.thinking) !== undefined) events.push({ type: 'block', messageId: id, index, kind: 'thinking', text: capped(b.thinking) });
          else if (b.type === 'tool_use' && str(b.id) && str(b.name)) events.push({ type: 'tool', messageId: id, index, toolUseId: b.id, name: b.name, input: b.input });
        }
      } else if (value.type === 'user') {
        for (const b of content) {
          if (b?.type !== 'tool_result' || !str(b.tool_use_id)) continue;
          const toolUseId: string = b.tool_use_id;
          const isError = b.is_error === true;
          const text = capped(toolResultText(b.content));
          events.push({ type: 'toolResult', toolUseId, isError, text, structured: value.toolUseResult });
          events.push({ type: 'toolState', toolUseId, state: isError ? (wasDenied(text) ? 'denied' : 'error') : 'done' });
        }
      }
    }
  } catch (err) {
    if (err instanceof NotRegularFile) throw new ClaudeError('history', `The conversation ${sessionId} is not a regular file, so it was not read.`, []);
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ClaudeError('history', missing ? `The conversation ${sessionId} no longer exists on disk.` : `Could not read the conversation: ${(err as Error).message}`, []);
  }
  if (good === 0 || bad > good) throw new ClaudeError('history', `The conversation ${sessionId} is corrupt (${bad} unreadable lines).`, ['showLogs']);
  return events;
}

/** Images the person sent: the CLI's transcript keeps them (as it forwarded them, maybe re-encoded). */
function typedImages(line: Line): ImageAttachment[] | undefined {
  if (line.type !== 'user' || line.isMeta || line.isSidechain || !Array.isArray(line.message?.content)) return undefined;
  const images: ImageAttachment[] = [];
  for (const b of line.message.content as { type?: string; source?: { type?: string; media_type?: string; data?: string } }[]) {
    if (b?.type === 'tool_result') return undefined;
    const src = b?.type === 'image' ? b.source : undefined;
    if (src?.type === 'base64' && typeof src.data === 'string' && isImageMediaType(src.media_type ?? '') && src.data.length <= MAX_IMAGE_BASE64 && images.length < MAX_IMAGES) {
      images.push({ mediaType: src.media_type as ImageAttachment['mediaType'], data: src.data });
    }
  }
  return images.length ? images : undefined;
}

/** The transcript keeps no "denied" state; our deny and stop messages (and the CLI's) tell. */
function wasDenied(text: string): boolean {
  return (
    text.startsWith(DEFAULT_DENY_MESSAGE) ||
    text.startsWith(DEFAULT_STOP_MESSAGE) ||
    text.startsWith('The permission request timed out') ||
    text.startsWith("The user doesn't want to proceed with this tool use")
  );
}
