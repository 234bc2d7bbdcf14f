import * as z from 'zod';
import { IMAGE_MEDIA_TYPES, MAX_IMAGE_BASE64, MAX_IMAGES } from './images';

/**
 * The one message contract between the extension host and the webview. Both sides import
 * this file and `safeParse` every message they receive; nothing else crosses the bridge.
 */

export const ToolState = z.enum(['pending', 'permission', 'running', 'done', 'error', 'denied']);
export type ToolState = z.infer<typeof ToolState>;

export const SessionStateName = z.enum(['idle', 'starting', 'running', 'stopping', 'exited', 'none']);

/** A turn is under way: sent and not yet ended (starting, running or stopping). */
export function isTurnActive(state: z.infer<typeof SessionStateName> | undefined): boolean {
  return state === 'starting' || state === 'running' || state === 'stopping';
}

export const ErrorAction = z.enum(['openSettings', 'showLogs', 'retry', 'install', 'login']);

export const ErrorInfo = z.object({
  code: z.string(),
  message: z.string(),
  actions: z.array(ErrorAction),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

export const UsageInfo = z.object({
  inputTokens: z.number().optional(),
  outputTokens: z.number().optional(),
  cacheReadTokens: z.number().optional(),
  cacheCreationTokens: z.number().optional(),
});

export const PendingPermission = z.object({
  id: z.string(),
  toolName: z.string(),
  toolUseId: z.string().optional(),
  summary: z.string(),
});
export type PendingPermission = z.infer<typeof PendingPermission>;

/** An image in a prompt, base64 as the API's image block carries it (limits: shared/images.ts). */
export const ImageAttachment = z.object({
  mediaType: z.enum(IMAGE_MEDIA_TYPES),
  data: z.string().min(1).max(MAX_IMAGE_BASE64),
  name: z.string().max(300).optional(),
});
export type ImageAttachment = z.infer<typeof ImageAttachment>;

/** A slash command for the `/` menu: from the CLI's `initialize` answer, or its command files. */
export const SlashCommand = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  argumentHint: z.string().max(300).optional(),
  aliases: z.array(z.string().max(200)).max(20).optional(),
});
export type SlashCommand = z.infer<typeof SlashCommand>;

/** How full the context window is (docs/protocol.md, "Slash commands, images and context usage"). */
export const ContextInfo = z.object({
  usedTokens: z.number().int().min(0),
  maxTokens: z.number().int().positive(),
  /** The CLI compacts on its own at this count, when auto-compaction is on. */
  autoCompactAt: z.number().int().positive().optional(),
});
export type ContextInfo = z.infer<typeof ContextInfo>;

/** An error or warning that appeared in a file Claude changed (src/chat/problems.ts); line and column 1-based. */
export const TurnProblem = z.object({
  path: z.string().min(1).max(4096),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  severity: z.enum(['error', 'warning']),
  message: z.string().max(2000),
  source: z.string().max(200).optional(),
  code: z.string().max(200).optional(),
});
export type TurnProblem = z.infer<typeof TurnProblem>;
/** The account's usage limit, near or reached (docs/protocol.md, "Usage limits and the status line"). */
export const UsageLimitInfo = z.object({
  level: z.enum(['near', 'reached']),
  /** Epoch ms when the limit resets. */
  resetsAt: z.number().int().positive().optional(),
  /** The CLI's window name (five_hour, seven_day, …). */
  window: z.string().max(50).optional(),
  utilization: z.number().min(0).max(1).optional(),
});
export type UsageLimitInfo = z.infer<typeof UsageLimitInfo>;

/** Transcript events: the host batches them; the webview applies them in order. */
export const ChatEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), turnId: z.string(), text: z.string(), queued: z.boolean().optional(), images: z.array(ImageAttachment).max(MAX_IMAGES).optional() }),
  /** `parentToolUseId`: a subagent's output, shown inside the Task/Agent card that started it. */
  z.object({ type: z.literal('text'), messageId: z.string(), index: z.number().int(), text: z.string(), parentToolUseId: z.string().optional() }),
  z.object({ type: z.literal('thinking'), messageId: z.string(), index: z.number().int(), text: z.string(), parentToolUseId: z.string().optional() }),
  /** The complete block from the CLI's `assistant` line; replaces what deltas built. */
  z.object({
    type: z.literal('block'),
    messageId: z.string(),
    index: z.number().int(),
    kind: z.enum(['text', 'thinking']),
    text: z.string(),
    parentToolUseId: z.string().optional(),
  }),
  z.object({
    type: z.literal('tool'),
    messageId: z.string(),
    index: z.number().int(),
    toolUseId: z.string(),
    name: z.string(),
    input: z.unknown().optional(),
    parentToolUseId: z.string().optional(),
  }),
  z.object({
    type: z.literal('toolResult'),
    toolUseId: z.string(),
    isError: z.boolean(),
    text: z.string(),
    structured: z.unknown().optional(),
  }),
  z.object({ type: z.literal('toolState'), toolUseId: z.string(), state: ToolState }),
  z.object({
    type: z.literal('turnEnd'),
    turnId: z.string(),
    outcome: z.enum(['success', 'error', 'interrupted', 'cancelled']),
    durationMs: z.number().optional(),
    costUsd: z.number().optional(),
    usage: UsageInfo.optional(),
    error: ErrorInfo.optional(),
  }),
  /** `marker: 'compact'`: the conversation was compacted here. */
  z.object({ type: z.literal('notice'), level: z.enum(['info', 'warning']), text: z.string(), marker: z.enum(['compact', 'retry']).optional() }),
  // Checkpoints (docs/protocol.md "Checkpoints, rewind and forks"): prompts are named by the
  // turn id of their `user` event.
  /** The prompt has a checkpoint: the panel offers "Restore files" and "Edit and resend". */
  z.object({ type: z.literal('checkpoint'), turnId: z.string() }),
  /** Files restored to before the prompt, or the conversation replaced from the prompt on (a fork). */
  z.object({ type: z.literal('mark'), turnId: z.string(), kind: z.enum(['restored', 'forked']), files: z.array(z.string()).max(1000) }),
  /** A turn's footer: the files it changed, each with a diff and revert action. */
  z.object({ type: z.literal('turnFiles'), turnId: z.string(), files: z.array(z.string()).max(1000) }),
  /** Joins that turn's footer: errors and warnings that appeared in its files (`more`: not listed), with "Ask Claude to fix". */
  z.object({ type: z.literal('turnProblems'), turnId: z.string(), problems: z.array(TurnProblem).min(1).max(50), more: z.number().int().min(1).optional() }),
]);
export type ChatEvent = z.infer<typeof ChatEvent>;

export const StatusInfo = z.object({
  state: SessionStateName,
  model: z.string().optional(),
  permissionMode: z.string().optional(),
  sessionId: z.string().optional(),
  folder: z.string().optional(),
  queued: z.number().int().default(0),
  scripted: z.boolean().default(false),
  costUsd: z.number().optional(),
  /** The backend: "Claude (CLI)" or an ACP agent's name. */
  agent: z.string().optional(),
  /** The user's MCP servers as the running CLI reported them at init (ours left out). */
  mcpServers: z.array(z.object({ name: z.string().max(200), status: z.string().max(50) })).max(200).optional(),
  /** The folder declares Claude settings or MCP servers that were not loaded: the user has not trusted them. */
  projectSettingsBlocked: z.boolean().optional(),
  context: ContextInfo.optional(),
  /** The Claude Code version the running CLI reported at init (session info, bug reports). */
  cliVersion: z.string().max(50).optional(),
  /** Background tasks running now (absent: none). */
  backgroundTasks: z.number().int().min(0).max(1000).optional(),
  /** A usage limit near or reached: the panel's limit banner. */
  limit: UsageLimitInfo.optional(),
  /** The user's `statusLine` command's output, plain text (src/claude/statusLine.ts). */
  statusLine: z.string().max(1000).optional(),
});
export type StatusInfo = z.infer<typeof StatusInfo>;

// --- several chats per folder: the tab list ---
export const ChatTabState = z.enum(['idle', 'running', 'permission', 'error']);
export type ChatTabState = z.infer<typeof ChatTabState>;
export const ChatTab = z.object({
  id: z.string().max(200),
  title: z.string().max(200),
  state: ChatTabState,
  unread: z.boolean(),
  focused: z.boolean(),
  /** Background tasks the chat runs now (absent: none). */
  tasks: z.number().int().min(1).max(1000).optional(),
});
export type ChatTab = z.infer<typeof ChatTab>;
// --- end several chats ---

/** `@problems`, `@terminal`, `@git`: the @-menu's special entries, expanded by the host at send time. */
export const ContextMentionKind = z.enum(['problems', 'terminal', 'git']);
export type ContextMentionKind = z.infer<typeof ContextMentionKind>;

/** A prompt sent while Claude works, waiting above the prompt box. */
export const QueuedPrompt = z.object({
  id: z.string().max(200),
  text: z.string().max(1_000_000),
  /** How many images it carries. */
  images: z.number().int().min(1).max(MAX_IMAGES).optional(),
});
export type QueuedPrompt = z.infer<typeof QueuedPrompt>;

/** Limits of a background task's shown output (the host reads the tail of the CLI's output file). */
export const TASK_TAIL_MAX_CHARS = 4000;

/** A background task Claude started (a `run_in_background` command, a background agent). */
export const BackgroundTaskInfo = z.object({
  id: z.string().min(1).max(200),
  description: z.string().max(2000),
  command: z.string().max(20_000).optional(),
  status: z.enum(['running', 'completed', 'failed', 'stopped']),
  /** How long it ran, or has run so far, when the host sent this (the panel ticks on from there). */
  elapsedMs: z.number().int().min(0),
  /** The end of its output so far, plain text. */
  tail: z.string().max(TASK_TAIL_MAX_CHARS).optional(),
  /** The user asked to stop it and the backend has not said it ended yet. */
  stopping: z.boolean().optional(),
});
export type BackgroundTaskInfo = z.infer<typeof BackgroundTaskInfo>;

export const HostMessage = z.discriminatedUnion('type', [
  /**
   * Everything so far; sent after `ready` and when the view becomes visible again. `l10n`: the
   * panel's strings in VS Code's display language (`vscode.l10n.bundle`, English key → text);
   * absent for English. The webview builds its UI with the first snapshot's.
   */
  z.object({ type: z.literal('snapshot'), events: z.array(ChatEvent), status: StatusInfo, permissions: z.array(PendingPermission), l10n: z.record(z.string(), z.string()).optional() }),
  z.object({ type: z.literal('events'), events: z.array(ChatEvent) }),
  z.object({ type: z.literal('status'), status: StatusInfo }),
  z.object({ type: z.literal('permissions'), pending: z.array(PendingPermission) }),
  z.object({ type: z.literal('error'), error: ErrorInfo.nullable() }),
  z.object({ type: z.literal('focusInput') }),
  z.object({ type: z.literal('setInput'), text: z.string() }),
  /** "Edit and resend": the prompt box takes an earlier prompt; sending it forks there. */
  z.object({ type: z.literal('editPrompt'), turnId: z.string(), text: z.string() }),
  /** Appends to the prompt box (Add Selection to Claude). */
  z.object({ type: z.literal('insertInput'), text: z.string() }),
  /** Workspace files for an `@` mention, answering `mentionQuery` with the same id. */
  z.object({ type: z.literal('mentionResults'), requestId: z.number().int(), items: z.array(z.string()).max(100), contexts: z.array(ContextMentionKind).max(3).optional() }),
  /**
   * The selection chip: whether this chat offers the active editor (the eye toggle) and, when it
   * does and a workspace file is open, the mention a send adds while the chip is shown.
   */
  z.object({ type: z.literal('editorContext'), enabled: z.boolean(), mention: z.string().max(5000).optional() }),
  /**
   * The folder's open chats (several chats). `shown` is the chat this surface shows;
   * `fixed` surfaces (an editor tab) show one chat and no tab list. The webview keeps `ref` in its
   * state so an editor tab finds its chat again after a window reload.
   */
  z.object({ type: z.literal('chats'), chats: z.array(ChatTab).max(200), shown: z.string().max(200).optional(), fixed: z.boolean(), ref: z.object({ folder: z.string(), id: z.string() }).optional() }),
  /** What the `/` menu offers for the current chat. */
  z.object({ type: z.literal('commands'), commands: z.array(SlashCommand).max(500) }),
  /** Images the user picked in the host's open dialog (answering `pickImages`). */
  z.object({ type: z.literal('addImages'), images: z.array(ImageAttachment).max(MAX_IMAGES) }),
  /** Opens the panel's find bar (Ctrl/Cmd+F reaches VS Code's keybindings before the webview's). */
  z.object({ type: z.literal('openFind') }),
  /** The shown chat's queued prompts, in sending order (after each snapshot and on every change). */
  z.object({ type: z.literal('queue'), items: z.array(QueuedPrompt).max(200) }),
  /** The shown chat's background tasks, newest first (after each snapshot and on every change). */
  z.object({ type: z.literal('tasks'), tasks: z.array(BackgroundTaskInfo).max(100) }),
]);
export type HostMessage = z.infer<typeof HostMessage>;

/** The webview only states intents; the host decides what, if anything, runs. */
export const WebviewIntent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** Text may be empty only when images carry the prompt. `editOf`: the prompt replaces that earlier prompt (the host asks how to rewind). */
  z
    .object({
      type: z.literal('sendPrompt'),
      text: z.string().max(1_000_000),
      images: z.array(ImageAttachment).min(1).max(MAX_IMAGES).optional(),
      editOf: z.string().min(1).max(200).optional(),
    })
    .refine((p) => p.text.length > 0 || p.images !== undefined, { message: 'a prompt needs text or images' }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('newChat') }),
  z.object({ type: z.literal('openFile'), path: z.string().min(1).max(4096), line: z.number().int().min(1).optional() }),
  z.object({ type: z.literal('openLink'), href: z.string().min(1).max(8192) }),
  z.object({ type: z.literal('copy'), text: z.string().max(10_000_000) }),
  z.object({ type: z.literal('errorAction'), action: ErrorAction }),
  z.object({ type: z.literal('pickMcpServers') }),
  /** The header's context meter: the host shows what fills the window (a quick pick). */
  z.object({ type: z.literal('showContextUsage') }),
  z.object({ type: z.literal('reviewProjectSettings') }),
  z.object({ type: z.literal('showPermissions') }),
  z.object({ type: z.literal('pickAgent') }),
  z.object({ type: z.literal('pickModel') }),
  z.object({ type: z.literal('pickPermissionMode') }),
  z.object({ type: z.literal('openDiff'), toolUseId: z.string().min(1).max(200) }),
  z.object({ type: z.literal('reviewChanges') }),
  z.object({ type: z.literal('restoreCheckpoint'), turnId: z.string().min(1).max(200) }),
  z.object({ type: z.literal('editPrompt'), turnId: z.string().min(1).max(200) }),
  z.object({ type: z.literal('turnFileDiff'), turnId: z.string().min(1).max(200), path: z.string().min(1).max(4096) }),
  z.object({ type: z.literal('turnFileRevert'), turnId: z.string().min(1).max(200), path: z.string().min(1).max(4096) }),
  /** A footer's problem, by its place in the list: the host opens its location (inside the workspace only). */
  z.object({ type: z.literal('openProblem'), turnId: z.string().min(1).max(200), index: z.number().int().min(0).max(49) }),
  /** "Ask Claude to fix": the host sends the footer's problems as the chat's next prompt. */
  z.object({ type: z.literal('fixProblems'), turnId: z.string().min(1).max(200) }),
  z.object({ type: z.literal('mentionQuery'), requestId: z.number().int(), query: z.string().max(500) }),
  // Several chats: the host decides; rename asks in a native input box.
  z.object({ type: z.literal('openChat') }),
  z.object({ type: z.literal('switchChat'), id: z.string().min(1).max(200) }),
  z.object({ type: z.literal('renameChat'), id: z.string().min(1).max(200) }),
  z.object({ type: z.literal('closeChat'), id: z.string().min(1).max(200) }),
  z.object({ type: z.literal('pickChat') }),
  z.object({ type: z.literal('openInEditor') }),
  /** The attach button: the host shows a native open dialog. */
  z.object({ type: z.literal('pickImages') }),
  /** The panel gained or lost keyboard focus: VS Code has no context key for focus inside a webview view. */
  z.object({ type: z.literal('panelFocus'), focused: z.boolean() }),
  /** The user pressed a key or the pointer in this panel (once per focus): commands act on its chat. */
  z.object({ type: z.literal('panelActive') }),
  /** The prompt box got focus or input: the host may start Claude early (pre-warm). */
  z.object({ type: z.literal('composing') }),
  /** The prompt box became empty or non-empty (and its state when the panel starts): a deep link asks before replacing a draft. */
  z.object({ type: z.literal('draft'), empty: z.boolean() }),
  /** The eye toggle: this chat offers the active editor's file and selection as a chip, or not. */
  z.object({ type: z.literal('editorContextToggle'), on: z.boolean() }),
  /** A queued prompt's chip: back into the box to edit, remove, or send now (interrupting the turn). */
  z.object({ type: z.literal('queueAction'), id: z.string().min(1).max(200), action: z.enum(['edit', 'remove', 'sendNow']) }),
  /** A background task's Stop button: the host stops it through the backend's own mechanism. */
  z.object({ type: z.literal('stopTask'), id: z.string().min(1).max(200) }),
]);
export type WebviewIntent = z.infer<typeof WebviewIntent>;
