import type { ContextBreakdown } from '../core/contextBreakdown';
import type { Disposable } from '../core/emitter';
import type { HistoryScan } from '../core/history';
import type { ChatEvent, ErrorInfo, ImageAttachment, SlashCommand, StatusInfo } from '../shared/contract';
import type { ChatTasks } from './backgroundTasks';
import type { ChatCheckpoints } from './checkpoints';
import type { FileChange } from './fileChanges';
import type { Problem } from './problems';

/** One MCP server as the running backend reports it (docs/protocol.md, "The user's setup"). */
export interface McpServerEntry {
  name: string;
  status: string;
  scope?: string;
  error?: string;
}

/** The backend's MCP servers: listed live, enabled, disabled or reconnected. */
export interface ChatMcp {
  /** The live list, or undefined when no process runs (the header's last list is then all there is). */
  status(): Promise<McpServerEntry[] | undefined>;
  act(name: string, action: 'reconnect' | 'enable' | 'disable'): Promise<void>;
}

/** One entry of a backend's own list (models, modes). */
export interface ChatChoice {
  id: string;
  label: string;
  description?: string;
}

export interface ChatChoiceList {
  available: ChatChoice[];
  currentId?: string;
}

/** A choice the backend offers (model, mode). */
export interface ChatSelector {
  /** What can be picked now; undefined when the backend can't say yet (it lists them once it runs). */
  list(): Promise<ChatChoiceList | undefined>;
  /** Applies a choice; throws when the backend refuses, and its state is then unchanged. */
  select(id: string): Promise<void>;
  /** The choice also applies to this workspace's later chats, so the adapter remembers it. */
  readonly remembered: boolean;
}

/** Earlier conversations of the folder that the chat can show and continue. */
export interface ChatHistory {
  list(): Promise<HistoryScan>;
  /** Shows the conversation and continues it on the next prompt. */
  open(id: string): Promise<void>;
}

/** The files the chat's tools changed, per tool use and per turn. */
export interface ChatChanges {
  get(toolUseId: string): FileChange | undefined;
  forTurn(turnId: string): FileChange[];
}

/** A turn footer's new problems (src/chat/turnProblems.ts), by the footer's turn id. */
export interface ChatProblems {
  problems(turnId: string): Problem[] | undefined;
  /** "Ask Claude to fix": the prompt that lists them. */
  fixPrompt(turnId: string): string | undefined;
}

/**
 * What the panel, the status bar and the commands need from a folder's chat, whichever
 * backend runs it: the Claude CLI (`ClaudeChat`) or an ACP agent (`AcpChat`).
 * Optional members are capabilities: the adapter asks for them instead of checking the class.
 */
export interface Chat {
  readonly backend: string;
  readonly onEvents: (listener: (events: ChatEvent[]) => void) => Disposable;
  readonly onStatus: (listener: (status: StatusInfo) => void) => Disposable;
  readonly onError: (listener: (error: ErrorInfo | null) => void) => Disposable;
  readonly onReset: (listener: () => void) => Disposable;
  readonly status: StatusInfo;
  readonly error: ErrorInfo | null;
  readonly pid: number | undefined;
  readonly isBusy: boolean;
  readonly lastPrompt: string | undefined;
  readonly models?: ChatSelector;
  readonly modes?: ChatSelector;
  readonly history?: ChatHistory;
  readonly changes?: ChatChanges;
  /** The last turn that changed files, for "Review changes". */
  readonly lastChangedTurn?: string;
  /** Holds a process, or a session that will spawn one (for the live-process cap). */
  readonly resident?: boolean;
  /**
   * Ends the process but keeps the conversation: the next prompt resumes it. Refuses (false)
   * while a turn runs. Chats without it are never shut down by the cap.
   */
  suspend?(): Promise<boolean>;
  snapshot(): ChatEvent[];
  /** Backends that take no images say so in `acceptsImages`. */
  /** Starts the backend early while the user composes a first prompt (optional). */
  prewarm?(): Promise<unknown>;
  /** The backend's MCP servers (the user's, not ours), where it has them. */
  readonly mcp?: ChatMcp;
  /** Replaces the backend's process before the next prompt (e.g. once project settings are trusted). */
  restartProcess?(): void;
  /** Extended thinking for the next turns; undefined: the backend's default. */
  readonly thinkingEnabled?: boolean | undefined;
  setThinking?(on: boolean): Promise<void>;
  send(text: string, images?: ImageAttachment[]): Promise<unknown>;
  readonly acceptsImages?: boolean;
  /** The `/` menu, for backends that have one. */
  readonly commands?: SlashCommand[];
  readonly onCommands?: (listener: (commands: SlashCommand[]) => void) => Disposable;
  stop(): Promise<void>;
  newChat(): Promise<void>;
  dispose(): Promise<void>;
  /** Restore files to before a prompt, fork at a prompt, per-turn changes (optional capability). */
  readonly checkpoints?: ChatCheckpoints;
  /** The background tasks the backend runs for this chat, with their output and Stop (optional capability). */
  readonly tasks?: ChatTasks;
  /** The problems Claude's edits brought, where the editor gives diagnostics. */
  readonly problems?: ChatProblems;
  /** What fills the context window now; undefined when no process runs to ask. */
  contextBreakdown?(): Promise<ContextBreakdown | undefined>;
}
