import * as z from 'zod';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { isSessionId, transcriptPath } from './paths';
import { typedText } from './history';

/**
 * File checkpoints, rewind and forks of the CLI (docs/protocol.md, "Checkpoints, rewind and
 * forks"). With the checkpointing variable and `--replay-user-messages`, the CLI echoes each
 * prompt with its `uuid`; `rewind_files` with that uuid puts back the files Claude's Write/Edit
 * tools changed since then. `--resume <id> --resume-session-at <uuid> --fork-session
 * --session-id <new>` continues a copy of the conversation cut at a message.
 */
export const CHECKPOINT_ENV: Readonly<Record<string, string>> = { CLAUDE_CODE_ENABLE_SDK_FILE_CHECKPOINTING: '1' };
export const CHECKPOINT_ARGS: readonly string[] = ['--replay-user-messages'];

/** Where a forked conversation comes from: the original session, cut after `atMessageUuid`. */
export interface ForkOrigin {
  fromSessionId: string;
  atMessageUuid: string;
}

export function forkArgs(origin: ForkOrigin, newSessionId: string): string[] {
  return ['--resume', origin.fromSessionId, '--resume-session-at', origin.atMessageUuid, '--fork-session', '--session-id', newSessionId];
}

export type CheckpointErrorCode = 'busy' | 'noCheckpoint' | 'refused' | 'notRunning';

export class CheckpointError extends Error {
  constructor(
    readonly code: CheckpointErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/** The `rewind_files` answer (the CLI's own schema: canRewind, error, filesChanged, insertions, deletions). */
export const RewindAnswer = z.looseObject({
  canRewind: z.boolean(),
  error: z.string().optional(),
  filesChanged: z.array(z.string()).optional(),
  insertions: z.number().optional(),
  deletions: z.number().optional(),
});
export type RewindAnswer = z.infer<typeof RewindAnswer>;

/** What can send a control request: a running `ClaudeSession`. */
export interface ControlChannel {
  request(request: { subtype: string } & Record<string, unknown>, timeoutMs?: number): Promise<unknown>;
}

/**
 * Asks the CLI to rewind (or, with `dryRun`, to say what a rewind would change). A real rewind
 * the CLI cannot do comes back as a refused control request; a dry run answers canRewind:false.
 */
export async function rewindFiles(channel: ControlChannel, userMessageId: string, dryRun: boolean): Promise<RewindAnswer> {
  let raw: unknown;
  try {
    raw = await channel.request({ subtype: 'rewind_files', user_message_id: userMessageId, dry_run: dryRun }, 30_000);
  } catch (err) {
    throw new CheckpointError('refused', (err as Error).message);
  }
  const parsed = RewindAnswer.safeParse(raw ?? { canRewind: false, error: 'No answer.' });
  if (!parsed.success) throw new CheckpointError('refused', 'Claude answered the rewind in an unexpected shape.');
  if (!parsed.data.canRewind) throw new CheckpointError('noCheckpoint', parsed.data.error ?? 'Claude has no checkpoint for this prompt.');
  return parsed.data;
}

/** A structured tool result in the transcript, as the CLI recorded it. */
export interface RecordedToolResult {
  toolUseId: string;
  tool: string;
  structured: unknown;
}

/** One typed prompt of a transcript, in order: what checkpoints and forks refer to. */
export interface PromptPoint {
  uuid: string;
  /** The message before it: where a fork that replaces this prompt is cut. */
  parentUuid: string | null;
  text: string;
  /** Successful tool results of the turn this prompt started, oldest first. */
  results: RecordedToolResult[];
}

interface RawLine {
  type?: string;
  uuid?: string;
  parentUuid?: string | null;
  isMeta?: boolean;
  isSidechain?: boolean;
  message?: { role?: string; content?: unknown };
  toolUseResult?: unknown;
}

/**
 * The prompts of a conversation from the CLI's transcript, in the order the history view
 * shows them (the same `typedText` rule), with each turn's tool results.
 */
export async function readPromptPoints(cwd: string, sessionId: string, env: NodeJS.ProcessEnv = process.env): Promise<PromptPoint[]> {
  if (!isSessionId(sessionId)) return [];
  const points: PromptPoint[] = [];
  const names = new Map<string, string>();
  const rl = createInterface({ input: createReadStream(transcriptPath(cwd, sessionId, env), { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const raw of rl) {
      let line: RawLine;
      try {
        line = JSON.parse(raw) as RawLine;
      } catch {
        continue;
      }
      if (!line || typeof line !== 'object' || line.isSidechain) continue;
      const text = typedText(line);
      if (text !== undefined && typeof line.uuid === 'string') {
        points.push({ uuid: line.uuid, parentUuid: line.parentUuid ?? null, text, results: [] });
        continue;
      }
      const content = line.message?.content;
      if (!Array.isArray(content)) continue;
      for (const b of content as { type?: string; id?: string; name?: string; tool_use_id?: string; is_error?: boolean }[]) {
        if (line.type === 'assistant' && b?.type === 'tool_use' && b.id && b.name) names.set(b.id, b.name);
        if (line.type === 'user' && b?.type === 'tool_result' && !b.is_error && b.tool_use_id) {
          const tool = names.get(b.tool_use_id);
          const last = points[points.length - 1];
          if (tool && last) last.results.push({ toolUseId: b.tool_use_id, tool, structured: line.toolUseResult });
        }
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  } finally {
    rl.close();
  }
  return points;
}
