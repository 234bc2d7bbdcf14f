import { existsSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ChatError, isChatError } from './errors';
import { isInteractiveTool } from './interactiveTools';
import { isInside } from './toolSummary';

/**
 * Permission prompts, whichever backend asks: what the backend asks the UI and what the UI
 * answers. The CLI's own reply format lives in src/claude/permissionReply.ts. No `vscode` here.
 */

export type PermissionDecision =
  | { kind: 'allow' }
  /** Allow, and let the CLI stop asking for this tool (Bash: this exact command) in this process. */
  | { kind: 'allowSession' }
  /** The tool doesn't run; the model sees `message` and the turn goes on. */
  | { kind: 'deny'; message?: string }
  /** The tool doesn't run and the turn is aborted; the process stays alive. */
  | { kind: 'denyAndStop'; message?: string }
  /**
   * Allow with the user's own input: answers to `AskUserQuestion`, or an approved plan that
   * also switches the CLI's permission mode (docs/protocol.md, "Interactive tools").
   */
  | { kind: 'allowWithInput'; updatedInput: Record<string, unknown>; setMode?: 'default' | 'acceptEdits' };

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
 * The rule "Allow for this session" adds, or undefined when this call may only be allowed once.
 * Bash: this exact command. File tools: this one file, and only inside the workspace (by real
 * path, so a symlink out of it doesn't count); never "every Write".
 */
export function sessionRule(toolName: string, input: Record<string, unknown>, cwd: string): PermissionRule | undefined {
  // A plan or a question is answered each time; allowing it for the session would skip the review.
  if (isInteractiveTool(toolName)) return undefined;
  if (toolName === 'Bash') return typeof input.command === 'string' ? { toolName, ruleContent: input.command } : undefined;
  if (FILE_WRITE_TOOLS.has(toolName)) {
    const path = filePathOf(toolName, input);
    // Windows path rules were not verified against the CLI: allow this call only.
    if (path === undefined || process.platform === 'win32') return undefined;
    const full = realPath(resolve(cwd, path));
    if (!isInside(full, realPath(resolve(cwd)))) return undefined;
    // `//` starts an absolute path in the CLI's gitignore-style rules; glob characters are escaped.
    return { toolName: 'Edit', ruleContent: `/${escapeGlob(full)}` };
  }
  return { toolName };
}

/** Whether "Allow for Session" means anything for this call (the UI hides it otherwise). */
export function canAllowForSession(toolName: string, input: Record<string, unknown>, cwd: string): boolean {
  return sessionRule(toolName, input, cwd) !== undefined;
}

function escapeGlob(path: string): string {
  return path.replace(/[\\*?[\]{}!#]/g, (c) => `\\${c}`);
}

/** A one-line, human summary of what the tool is about to do (see toolSummary.ts). Pure. */
export { summarizeTool as summarizeToolRequest, changedLines, formatBytes, isInside } from './toolSummary';
