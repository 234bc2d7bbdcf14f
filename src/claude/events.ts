import type { ClaudeError } from './errors';
import type { ContentBlock, Usage } from './protocol';
import type { ContextUsage } from './contextUsage';
import type { BackgroundTask } from './backgroundTasks';
import type { UsageLimit } from './rateLimit';

/** A slash command as the CLI's `initialize` answer lists it. */
export interface CliCommand {
  name: string;
  description?: string;
  argumentHint?: string;
  aliases?: string[];
}

/** idle → starting → running → stopping → idle; `exited` when the process is gone. */
export type SessionState = 'idle' | 'starting' | 'running' | 'stopping' | 'exited';

export type TurnOutcome = 'success' | 'error' | 'interrupted' | 'cancelled';

export interface TurnResult {
  turnId: string;
  prompt: string;
  outcome: TurnOutcome;
  subtype?: string;
  isError: boolean;
  text?: string;
  usage?: Usage;
  /** Cumulative for the process, as the CLI reports it. */
  totalCostUsd?: number;
  durationMs?: number;
  numTurns?: number;
  terminalReason?: string;
  error?: ClaudeError;
}

export interface SessionInfo {
  sessionId: string;
  model?: string;
  tools: string[];
  permissionMode?: string;
  mcpServers: { name: string; status: string }[];
  pid?: number;
  cliVersion?: string;
}

/** Everything a session tells its listeners, as one discriminated union. */
export type SessionEvent =
  | { type: 'state'; state: SessionState }
  | { type: 'sessionBound'; info: SessionInfo }
  /** `byCli`: the CLI started this turn itself, after these background tasks ended (no prompt of ours). */
  | { type: 'turnStarted'; turnId: string; prompt: string; byCli?: string[] }
  | { type: 'queued'; turnId: string; prompt: string; position: number }
  /** The CLI echoed a prompt (checkpoints on): `uuid` names the message for rewind and forks. */
  | { type: 'promptEchoed'; turnId: string; uuid: string }
  | { type: 'queueDropped'; turns: { turnId: string; prompt: string }[] }
  | { type: 'messageStart'; messageId: string; model?: string; parentToolUseId?: string }
  | { type: 'textDelta'; messageId: string; index: number; text: string; parentToolUseId?: string }
  | { type: 'thinkingDelta'; messageId: string; index: number; text: string; parentToolUseId?: string }
  | { type: 'toolUseStart'; messageId: string; index: number; toolUseId: string; name: string; parentToolUseId?: string }
  | { type: 'toolUseInput'; messageId: string; index: number; toolUseId: string; partialJson: string }
  | { type: 'toolUseComplete'; messageId: string; index: number; toolUseId: string; name: string; input: unknown; parentToolUseId?: string }
  | { type: 'assistantBlock'; messageId: string; index: number; block: ContentBlock; parentToolUseId?: string }
  | { type: 'messageComplete'; messageId: string; stopReason?: string }
  /** The CLI abandoned this streamed message and asked again: what it showed is void. */
  | { type: 'messageRetried'; messageId: string; blocks: { index: number; kind: 'text' | 'thinking' }[] }
  | { type: 'toolResult'; toolUseId: string; isError: boolean; text: string; structured?: unknown }
  | { type: 'turnResult'; result: TurnResult }
  /** No stdout for `silentMs` with no tool running (true), or output resumed (false). */
  | { type: 'stall'; turnId: string; stalled: boolean; silentMs: number }
  | { type: 'status'; permissionMode?: string; status?: string | null }
  | { type: 'apiRetry'; attempt: number; maxRetries?: number; delayMs?: number; errorStatus?: number | null }
  | { type: 'stderr'; text: string }
  | { type: 'exit'; code: number | null; signal: string | null; error?: ClaudeError }
  | { type: 'error'; error: ClaudeError }
  | { type: 'unknown'; lineType: string; value: unknown }
  | { type: 'commands'; commands: CliCommand[] }
  | { type: 'compacted'; trigger: string; preTokens?: number; postTokens?: number }
  | { type: 'context'; usage: ContextUsage }
  /** The background tasks changed (started, ended, output file named): the whole list, newest first. */
  | { type: 'backgroundTasks'; tasks: BackgroundTask[] }
  /** The account's usage limit is near or reached (undefined: no longer). */
  | { type: 'usageLimit'; limit: UsageLimit | undefined };
