import { isAbsolute, relative, resolve } from 'node:path';

/**
 * Permission prompts: what the core asks the UI, what the UI answers, and the exact JSON the
 * CLI expects back from the `--permission-prompt-tool` (PROTOCOL §4.3). No `vscode` here.
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

/** By name, not `instanceof`: the server may be loaded as a separate bundle with its own copy of the class. */
export function isPermissionCancelled(value: unknown): value is PermissionCancelled {
  return value instanceof Error && value.name === 'PermissionCancelled' && typeof (value as { reason?: unknown }).reason === 'string';
}

/** The AbortSignal reason a broker sees when a prompt is withdrawn. */
export class PermissionCancelled extends Error {
  constructor(
    readonly reason: PermissionCancelReason,
    message: string,
  ) {
    super(message);
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

export type PermissionReply =
  | {
      behavior: 'allow';
      updatedInput: Record<string, unknown>;
      updatedPermissions?: (
        | { type: 'addRules'; rules: PermissionRule[]; behavior: 'allow'; destination: 'session' }
        | { type: 'setMode'; mode: 'default' | 'acceptEdits'; destination: 'session' }
      )[];
    }
  | { behavior: 'deny'; message: string; interrupt?: true };

export const DEFAULT_DENY_MESSAGE = 'The user denied permission for this tool use.';
export const DEFAULT_STOP_MESSAGE = 'The user denied permission for this tool use and stopped the turn.';

export function timeoutMessage(seconds: number): string {
  return `The permission request timed out after ${seconds} s without an answer from the user, so the tool was not run.`;
}

/** The rule "Allow for this session" adds. Bash is scoped to the exact command, not to all of Bash. */
export function sessionRule(toolName: string, input: Record<string, unknown>): PermissionRule {
  if (toolName === 'Bash' && typeof input.command === 'string') return { toolName, ruleContent: input.command };
  return { toolName };
}

export function buildReply(decision: PermissionDecision, toolName: string, input: Record<string, unknown>): PermissionReply {
  switch (decision.kind) {
    case 'allow':
      // updatedInput is mandatory: without it the CLI rejects the answer (§4.3).
      return { behavior: 'allow', updatedInput: input };
    case 'allowSession':
      return {
        behavior: 'allow',
        updatedInput: input,
        updatedPermissions: [{ type: 'addRules', rules: [sessionRule(toolName, input)], behavior: 'allow', destination: 'session' }],
      };
    case 'deny':
      return { behavior: 'deny', message: decision.message || DEFAULT_DENY_MESSAGE };
    case 'denyAndStop':
      return { behavior: 'deny', message: decision.message || DEFAULT_STOP_MESSAGE, interrupt: true };
    case 'allowWithInput':
      return {
        behavior: 'allow',
        updatedInput: decision.updatedInput,
        ...(decision.setMode ? { updatedPermissions: [{ type: 'setMode', mode: decision.setMode, destination: 'session' }] } : {}),
      };
    default:
      return unknownDecision(decision);
  }
}

function unknownDecision(decision: never): PermissionReply {
  return { behavior: 'deny', message: `Unknown permission decision ${JSON.stringify(decision)}; denied.` };
}

/** The CallToolResult the CLI accepts: exactly one text block whose text is the JSON reply. */
export function toolResultFor(reply: PermissionReply): { content: [{ type: 'text'; text: string }] } {
  return { content: [{ type: 'text', text: JSON.stringify(reply) }] };
}

const MAX_SUMMARY = 200;

/** A one-line, human summary of what the tool is about to do. Pure. */
export function summarizeToolRequest(toolName: string, input: Record<string, unknown>, cwd: string): string {
  const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : undefined);
  switch (toolName) {
    case 'Bash': {
      const command = str('command');
      return command === undefined ? fallback(toolName, input) : `Run: ${clip(oneLine(command))}`;
    }
    case 'Write': {
      const path = str('file_path');
      if (path === undefined) return fallback(toolName, input);
      return `Write ${showPath(path, cwd)} (${formatBytes(Buffer.byteLength(str('content') ?? '', 'utf8'))})`;
    }
    case 'Edit': {
      const path = str('file_path');
      if (path === undefined) return fallback(toolName, input);
      const n = changedLines(str('old_string') ?? '', str('new_string') ?? '');
      const all = input.replace_all === true ? ', every occurrence' : '';
      return `Edit ${showPath(path, cwd)} (${n} line${n === 1 ? '' : 's'} changed${all})`;
    }
    case 'Read': {
      const path = str('file_path');
      return path === undefined ? fallback(toolName, input) : `Read ${showPath(path, cwd)}`;
    }
    default:
      return fallback(toolName, input);
  }
}

export function isInside(path: string, cwd: string): boolean {
  const rel = relative(resolve(cwd), resolve(cwd, path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function showPath(path: string, cwd: string): string {
  if (!isInside(path, cwd)) return `${resolve(cwd, path)} (outside the workspace)`;
  return relative(resolve(cwd), resolve(cwd, path)) || '.';
}

/** Lines that differ once the common leading and trailing lines are set aside. */
export function changedLines(oldText: string, newText: string): number {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return Math.max(endA - start, endB - start);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? '' : 's'}`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

function fallback(toolName: string, input: Record<string, unknown>): string {
  const json = JSON.stringify(input);
  return `${toolName} ${clip(json === '{}' ? '' : json, 120)}`.trimEnd();
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ⏎ ').trim();
}

function clip(s: string, max = MAX_SUMMARY): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
