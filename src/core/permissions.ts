import { existsSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ChatError, isChatError } from './errors';
import { isInteractiveTool } from './toolNames';
import { isInside } from './toolSummary';

/**
 * Permission prompts, whichever backend asks: what the backend asks the UI and what the UI
 * answers. The CLI's own reply format lives in src/claude/permissionReply.ts. No `vscode` here.
 */

export type PermissionDecision =
  | { kind: 'allow' }
  /** Allow, and let the CLI stop asking for exactly this call in this process (`sessionScope`: this command, file or host). */
  | { kind: 'allowSession' }
  /**
   * Allow, and have the CLI write `rule` into the settings file `destination` names, so no later
   * process asks for it either ("don't ask again"; docs/protocol.md, "Permission rules that last").
   */
  | { kind: 'allowAlways'; rule: PermissionRule; destination: 'localSettings' | 'projectSettings' | 'userSettings' }
  /** The tool doesn't run; the model sees `message` and the turn goes on. */
  | { kind: 'deny'; message?: string }
  /** The tool doesn't run and the turn is aborted; the process stays alive. */
  | { kind: 'denyAndStop'; message?: string }
  /**
   * Allow with the user's own input: answers to `AskUserQuestion`, or an approved plan that
   * also switches the CLI's permission mode (docs/protocol.md, "Interactive tools").
   */
  | { kind: 'allowWithInput'; updatedInput: Record<string, unknown>; setMode?: 'default' | 'acceptEdits' }
  /** One of an ACP agent's own options (`PermissionRequest.agentOptions`), as the user picked it. */
  | { kind: 'agentOption'; optionId: string; allow: boolean };

/** What an ACP agent's permission option does; the ids and names are the agent's. */
export type AgentOptionKind = 'allow_once' | 'allow_always' | 'reject_once' | 'reject_always';
export interface AgentOption {
  optionId: string;
  kind: AgentOptionKind;
  /** The agent's own label (agent-derived text). */
  name: string;
}

/** Why a pending prompt was settled without an answer from the user. */
export type PermissionCancelReason = 'interrupted' | 'disconnected' | 'timeout' | 'sessionEnded' | 'serverDisposed';

/** Not `instanceof`: the server may be loaded as a separate bundle with its own copy of the class. */
export function isPermissionCancelled(value: unknown): value is PermissionCancelled {
  return isChatError(value) && value.code === 'permissionCancelled';
}

/** The AbortSignal reason a broker sees when a prompt is withdrawn. */
export class PermissionCancelled extends ChatError<'permissionCancelled'> {
  constructor(
    readonly reason: PermissionCancelReason,
    message: string,
  ) {
    super('permissionCancelled', message, []);
    this.name = 'PermissionCancelled';
  }
}

export interface PermissionRequest {
  /** Unique per prompt. */
  id: string;
  sessionKey: string;
  toolName: string;
  input: Record<string, unknown>;
  toolUseId?: string;
  /** One line for the prompt, from `summarizeToolRequest`. */
  summary: string;
  /** The session's folder, where the backend scopes session rules to it (`canAllowForSession`). */
  cwd?: string;
  /**
   * An ACP agent's prompt: the options the agent defines. The UI offers these and nothing else:
   * an agent's "always" is its own rule, so only the agent can say what it covers.
   */
  agentOptions?: AgentOption[];
  receivedAt: number;
  /** Aborts when the prompt is withdrawn; `signal.reason` is a `PermissionCancelled`. */
  signal: AbortSignal;
}

/** Implemented by the UI adapter (usually through `PermissionQueue`). */
export interface PermissionBroker {
  request(req: PermissionRequest): Promise<PermissionDecision>;
}

export interface PermissionRule {
  toolName: string;
  ruleContent?: string;
}

export const DEFAULT_DENY_MESSAGE = 'The user denied permission for this tool use.';
export const DEFAULT_STOP_MESSAGE = 'The user denied permission for this tool use and stopped the turn.';

export function timeoutMessage(seconds: number): string {
  return `The permission request timed out after ${seconds} s without an answer from the user, so the tool was not run.`;
}

/** The tools that write files; the CLI checks them all against `Edit(...)` rules (see docs/protocol.md). */
export const FILE_WRITE_TOOLS: ReadonlySet<string> = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

function filePathOf(toolName: string, input: Record<string, unknown>): string | undefined {
  const p = toolName === 'NotebookEdit' ? input.notebook_path : input.file_path;
  return typeof p === 'string' && p ? p : undefined;
}

/** Where a path really points: symlinks resolved as far as the path exists (a new file's folder). */
export function realPath(path: string): string {
  let p = path;
  const tail: string[] = [];
  while (!existsSync(p)) {
    const parent = dirname(p);
    if (parent === p) return path;
    tail.unshift(p.slice(parent.length).replace(/^[\\/]/, ''));
    p = parent;
  }
  try {
    return resolve(realpathSync(p), ...tail);
  } catch {
    return path;
  }
}

/**
 * What "Allow for Session" will allow from now on in this process, as the prompt tells the user:
 * - `command`: this exact Bash command, nothing longer and no pattern;
 * - `file`: this one file (by real path), inside the workspace;
 * - `domain`: fetches from this host;
 * - `tool`: every call of this tool (tools whose input has no narrower rule in the CLI).
 */
export type SessionScope =
  | { kind: 'command'; command: string }
  | { kind: 'file'; path: string }
  | { kind: 'domain'; host: string }
  | { kind: 'tool'; toolName: string };

/** Tools whose permission the CLI checks against `Read(...)` path rules. */
const FILE_READ_TOOLS: ReadonlySet<string> = new Set(['Read', 'NotebookRead']);
/**
 * Tools that read a folder by a pattern (Grep, Glob, LS): a path rule for the folder would allow
 * more than the one search the prompt showed, so these are allowed once only.
 */
const FOLDER_TOOLS: ReadonlySet<string> = new Set(['Grep', 'Glob', 'LS']);

/**
 * The rule "Allow for Session" adds and what it matches, or undefined when this call may only
 * be allowed once (docs/protocol.md, "What a session rule matches"). Never wider than
 * what the prompt showed: Bash → this exact command (a `*` in it would be a wildcard, a
 * trailing `:*` a prefix, so such a command is allowed once only); Write/Edit → `Edit(//path)`,
 * Read → `Read(//path)`, one real path inside the workspace; WebFetch → `WebFetch(domain:host)`.
 */
export function sessionScope(toolName: string, input: Record<string, unknown>, cwd: string): { rule: PermissionRule; scope: SessionScope } | undefined {
  // A plan or a question is answered each time; allowing it for the session would skip the review.
  if (isInteractiveTool(toolName)) return undefined;
  if (toolName === 'Bash') {
    const command = typeof input.command === 'string' ? input.command : '';
    if (!command.trim() || BASH_PATTERN.test(command)) return undefined;
    return { rule: { toolName, ruleContent: command }, scope: { kind: 'command', command } };
  }
  if (FILE_WRITE_TOOLS.has(toolName) || FILE_READ_TOOLS.has(toolName)) {
    const path = filePathOf(toolName, input);
    // Windows path rules were not verified against the CLI: allow this call only.
    if (path === undefined || process.platform === 'win32') return undefined;
    const full = realPath(resolve(cwd, path));
    if (!isInside(full, realPath(resolve(cwd)))) return undefined;
    // `//` starts an absolute path in the CLI's gitignore-style rules; glob characters are escaped.
    const ruleTool = FILE_WRITE_TOOLS.has(toolName) ? 'Edit' : 'Read';
    return { rule: { toolName: ruleTool, ruleContent: `/${escapeGlob(full)}` }, scope: { kind: 'file', path: full } };
  }
  if (FOLDER_TOOLS.has(toolName)) return undefined;
  if (toolName === 'WebFetch') {
    const host = hostOf(input.url);
    return host ? { rule: { toolName, ruleContent: `domain:${host}` }, scope: { kind: 'domain', host } } : undefined;
  }
  // A tool-wide rule for a call that runs a command or reaches a URL would allow every later
  // command or URL (Monitor's `command` is Bash(*) by another name): allow this call only.
  if (toolName === 'Monitor' || carriesCommandOrUrl(input)) return undefined;
  return { rule: { toolName }, scope: { kind: 'tool', toolName } };
}

const COMMAND_OR_URL_KEYS: ReadonlySet<string> = new Set(['command', 'commands', 'cmd', 'script', 'url', 'urls', 'uri', 'href', 'endpoint']);
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Whether an input (a few levels deep, as in Monitor's `ws:{url}`) names a command or a URL. */
function carriesCommandOrUrl(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return URL_LIKE.test(value.trim());
  if (depth > 3 || typeof value !== 'object' || value === null) return false;
  const entries = Array.isArray(value) ? value.map((v) => ['', v] as const) : Object.entries(value);
  return entries.some(([k, v]) => (COMMAND_OR_URL_KEYS.has(k.toLowerCase()) && v !== undefined && v !== null && v !== '') || carriesCommandOrUrl(v, depth + 1));
}

/** The rule alone (the CLI backend's reply). */
export function sessionRule(toolName: string, input: Record<string, unknown>, cwd: string): PermissionRule | undefined {
  return sessionScope(toolName, input, cwd)?.rule;
}

/** Whether "Allow for Session" means anything for this call (the UI hides it otherwise). */
export function canAllowForSession(toolName: string, input: Record<string, unknown>, cwd: string): boolean {
  return sessionScope(toolName, input, cwd) !== undefined;
}

/**
 * A command the CLI would read as a pattern, not as itself: any `*` is a wildcard (it matches
 * spaces and `/`, so `touch build/*` allowed `touch build/x src/y`), a trailing `:*` a prefix.
 * The CLI has no escape for them in a session rule (verified: docs/protocol.md).
 */
const BASH_PATTERN = /\*/;

/** The host of an http(s) URL: what a WebFetch rule names. */
export function hostOf(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname ? u.hostname : undefined;
  } catch {
    return undefined;
  }
}

/** A path as a literal in the CLI's rule glob. */
export function escapeGlob(path: string): string {
  return path.replace(/[\\*?[\]{}!#]/g, (c) => `\\${c}`);
}

/** A one-line, human summary of what the tool is about to do (see toolSummary.ts). Pure. */
export { summarizeTool as summarizeToolRequest, changedLines, formatBytes, isInside } from './toolSummary';

/** The CLI's permission modes, as `claudeChat.permissionMode` and the header's mode picker name them. */
export type PermissionMode = 'default' | 'acceptEdits' | 'plan' | 'bypassPermissions';
export const PERMISSION_MODES: readonly PermissionMode[] = ['default', 'acceptEdits', 'plan', 'bypassPermissions'];
export function isPermissionMode(value: unknown): value is PermissionMode {
  return typeof value === 'string' && (PERMISSION_MODES as readonly string[]).includes(value);
}
