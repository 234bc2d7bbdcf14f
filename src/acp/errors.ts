import { ChatError, type ErrorAction } from '../core/errors';
import type { AuthMethod } from '@agentclientprotocol/sdk';

export type AcpErrorCode =
  /** The agent could not be spawned (binary missing, not executable). */
  | 'startFailed'
  /** The agent speaks a protocol version we don't support. */
  | 'unsupportedVersion'
  /** The agent wants `authenticate` first; `authMethods` says how. */
  | 'authRequired'
  /** The agent process ended; every open session is dead. */
  | 'agentExited'
  /** The agent refused a request (set_mode, set_config_option, …); UIs roll back. */
  | 'refused'
  /** Any other error response from the agent. */
  | 'agent'
  | 'disposed';

/** The ACP backend's typed errors (see `ChatError`); `authMethods` says how to sign in. */
export class AcpError extends ChatError<AcpErrorCode> {
  constructor(
    code: AcpErrorCode,
    message: string,
    actions?: ErrorAction[],
    detail?: string,
    readonly authMethods: AuthMethod[] = [],
  ) {
    super(code, message, actions, detail);
    this.name = 'AcpError';
  }
}

/** JSON-RPC error codes ACP uses (the SDK's `RequestError` factories). */
export const RPC = {
  internalError: -32603,
  requestCancelled: -32800,
  authRequired: -32000,
  resourceNotFound: -32002,
  methodNotFound: -32601,
} as const;

export function rpcCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The message an agent attached to a JSON-RPC error: `data.details` is more useful than "Internal error". */
export function rpcMessage(err: unknown): string {
  const e = err as { message?: unknown; data?: unknown } | null;
  const data = e?.data as { details?: unknown; message?: unknown } | string | undefined;
  const details = typeof data === 'string' ? data : typeof data?.details === 'string' ? data.details : typeof data?.message === 'string' ? data.message : undefined;
  const base = typeof e?.message === 'string' ? e.message : String(err);
  return details && details !== base ? `${base}: ${details}` : base;
}

export function agentExited(name: string, code: number | null, signal: string | null, stderrTail: string): AcpError {
  const tail = stderrTail.trim().split('\n').slice(-3).join('\n');
  return new AcpError(
    'agentExited',
    `The agent "${name}" stopped (${signal ?? `code ${code}`}). Start a new chat to continue.${tail ? ` Last output: ${tail}` : ''}`,
    ['retry', 'showLogs'],
    stderrTail,
  );
}
