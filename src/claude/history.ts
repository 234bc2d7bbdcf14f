import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ChatEvent, ImageAttachment } from '../shared/contract';
import { isImageMediaType, MAX_IMAGE_BASE64, MAX_IMAGES } from '../shared/images';
import { ClaudeError } from './errors';
import { isSessionId, projectDir, transcriptPath } from './paths';
import { toolResultText } from './protocol';
import { DEFAULT_DENY_MESSAGE, DEFAULT_STOP_MESSAGE } from '../core/permissions';

/**
 * The CLI's own transcripts (~/.claude/projects/<mangled cwd>/<session>.jsonl, PROTOCOL §2)
 * are the history: sessions started in a terminal show up too, and nothing is duplicated.
 */
export interface HistoryEntry {
  sessionId: string;
  firstPrompt: string;
  lastActivity: number;
  messageCount: number;
}

export interface HistoryScan {
  entries: HistoryEntry[];
  skipped: { file: string; reason: string }[];
}

interface Line {
  type?: string;
  isMeta?: boolean;
  isSidechain?: boolean;
  timestamp?: string;
  message?: { id?: string; role?: string; content?: unknown };
  toolUseResult?: unknown;
}

async function* readLines(path: string): AsyncGenerator<{ value?: Line; bad: boolean }> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const raw of rl) {
    if (!raw.trim()) continue;
    try {
      const v = JSON.parse(raw) as unknown;
      yield v && typeof v === 'object' && !Array.isArray(v) ? { value: v as Line, bad: false } : { bad: true };
    } catch {
      yield { bad: true };
    }
  }
}

/** A user line the person typed, as opposed to tool results, meta lines and command echoes. */
function typedText(line: Line): string | undefined {
  if (line.type !== 'user' || line.isMeta || line.isSidechain) return undefined;
  const c = line.message?.content;
  const text = typeof c === 'string' ? c : Array.isArray(c) ? c.filter((b) => b?.type === 'text').map((b) => b.text as string).join('\n') : '';
  if (!text || Array.isArray(c) && c.some((b) => b?.type === 'tool_result')) return undefined;
  // The CLI's own markers and command echoes are not what the person typed.
  if (/^<(command-|local-command-)/.test(text) || /^\[Request interrupted by user[^\]]*\]\s*$/.test(text)) return undefined;
  return text;
}

async function summarize(path: string): Promise<HistoryEntry | string> {
  let firstPrompt: string | undefined;
  let messages = 0;
  let good = 0;
  let bad = 0;
  let last = 0;
  for await (const { value, bad: isBad } of readLines(path)) {
    if (isBad || !value) {
      bad++;
      continue;
    }
    good++;
    if (value.timestamp) last = Math.max(last, Date.parse(value.timestamp) || 0);
    if (value.isSidechain) continue;
    if (value.type === 'assistant' && (value.message as { model?: string } | undefined)?.model !== '<synthetic>') messages++;
    const text = typedText(value);
    if (text !== undefined) {
      messages++;
      firstPrompt ??= text;
    }
  }
  if (good === 0 || bad > good) return `${bad} of ${good + bad} lines are not valid JSON`;
  if (firstPrompt === undefined) return 'no conversation in it';
  if (!last) last = (await stat(path)).mtimeMs;
  return { sessionId: basename(path, '.jsonl'), firstPrompt, lastActivity: last, messageCount: messages };
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
        events.push({ type: 'user', turnId: `h${++turn}`, text: text ?? '', ...(images ? { images } : {}) });
        continue;
      }
      const content = value.message?.content;
      if (!Array.isArray(content)) continue;
      if (value.type === 'assistant') {
        // Placeholders the CLI writes itself (e.g. "No response requested.") are not answers.
        if ((value.message as { model?: string } | undefined)?.model === '<synthetic>') continue;
        const id = value.message?.id ?? `m${good}`;
        for (const b of content) {
          const index = blockIndex.get(id) ?? 0;
          blockIndex.set(id, index + 1);
          if (b?.type === 'text') events.push({ type: 'block', messageId: id, index, kind: 'text', text: String(b.text ?? '') });
          else if (b?.type === 'thinking') events.push({ type: 'block', messageId: id, index, kind: 'thinking', text: String(b.thinking ?? '') });
          else if (b?.type === 'tool_use') events.push({ type: 'tool', messageId: id, index, toolUseId: String(b.id), name: String(b.name), input: b.input });
        }
      } else if (value.type === 'user') {
        for (const b of content) {
          if (b?.type !== 'tool_result') continue;
          const toolUseId = String(b.tool_use_id);
          const isError = b.is_error === true;
          events.push({ type: 'toolResult', toolUseId, isError, text: toolResultText(b.content), structured: value.toolUseResult });
          events.push({ type: 'toolState', toolUseId, state: isError ? (wasDenied(toolResultText(b.content)) ? 'denied' : 'error') : 'done' });
        }
      }
    }
  } catch (err) {
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
