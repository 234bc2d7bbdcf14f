/**
 * The one error base both backends build on: a stable `code`, a user-facing message and the
 * actions the UI should offer, so the panel never has to guess from a string.
 */
export type ErrorAction = 'openSettings' | 'showLogs' | 'retry' | 'install' | 'login';

/** What the panel's error banner shows; the same shape as the contract's `ErrorInfo`. */
export interface ErrorInfoShape {
  code: string;
  message: string;
  actions: ErrorAction[];
}

/** Set on every ChatError; survives bundling, so a copy of the class from another bundle is recognised. */
const BRAND = Symbol.for('claude-chat.ChatError');

export class ChatError<Code extends string = string> extends Error {
  readonly [BRAND] = true;

  constructor(
    readonly code: Code,
    message: string,
    readonly actions: ErrorAction[] = ['showLogs'],
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ChatError';
  }

  toJSON(): { code: Code; message: string; actions: ErrorAction[]; detail?: string } {
    return { code: this.code, message: this.message, actions: this.actions, detail: this.detail };
  }
}

/**
 * The one place errors are recognised across lazily loaded bundles (the MCP server and the ACP
 * client are separate bundles with their own copy of each class, so `instanceof` fails there).
 */
export function isChatError(value: unknown): value is ChatError {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[BRAND] === true;
}

/** The banner's view of any error: typed errors keep their code and actions. */
export function errorInfo(err: unknown, fallbackCode = 'unknown'): ErrorInfoShape {
  if (isChatError(err)) return { code: err.code, message: err.message, actions: err.actions };
  return { code: fallbackCode, message: err instanceof Error ? err.message : String(err), actions: ['showLogs'] };
}

