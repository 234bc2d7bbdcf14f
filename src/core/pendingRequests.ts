import { unreachable } from '../shared/unreachable';
import {
  isPermissionCancelled,
  PermissionCancelled,
  timeoutMessage,
  type PermissionBroker,
  type PermissionDecision,
  type PermissionRequest,
} from './permissions';

/**
 * How a permission request goes, as both backends report it for the tool card it belongs to
 * (the chat maps these onto the card's `permission` / `running` / `denied` states).
 */
export type PermissionProgress =
  | { type: 'permissionAsked'; toolCallId: string; requestId: string }
  | { type: 'permissionAnswered'; toolCallId: string; requestId: string; outcome: 'allowed' | 'denied' | 'cancelled' };

export function decisionOutcome(decision: PermissionDecision): 'allowed' | 'denied' {
  // Exhaustive, so a new kind of answer (e.g. answers to Claude's questions) must say which it is.
  switch (decision.kind) {
    case 'allow':
    case 'allowSession':
    case 'allowAlways':
    case 'allowWithInput':
      return 'allowed';
    case 'deny':
    case 'denyAndStop':
      return 'denied';
    case 'agentOption':
      return decision.allow ? 'allowed' : 'denied';
    default:
      unreachable(decision);
      return 'denied';
  }
}

export interface AskOptions {
  /** The backend's own cancellation of the request (the CLI or the agent withdrew it). */
  upstream?: AbortSignal;
  /** Why, when `upstream` aborts. */
  upstreamReason?: () => PermissionCancelled;
  /** Deny when nobody answers within this many seconds; 0 or unset waits forever. */
  timeoutSeconds?: number;
  /** Reports asked / answered for the request's tool card. */
  progress?: (e: PermissionProgress) => void;
}

/**
 * A backend's permission requests in flight, by session: the one place that creates a
 * request's AbortSignal and withdraws it (turn stopped, timeout, connection lost, session
 * ended). The broker (the UI's `PermissionQueue`) follows that signal; nothing else keeps a
 * request's state.
 */
export class PendingRequests {
  private readonly bySession = new Map<string, Map<string, AbortController>>();

  /**
   * Asks `broker`; resolves with its decision, or rejects with the `PermissionCancelled` that
   * withdrew the request first (even if the broker never looks at the signal).
   */
  async ask(broker: PermissionBroker, req: Omit<PermissionRequest, 'signal'>, opts: AskOptions = {}): Promise<PermissionDecision> {
    const controller = new AbortController();
    const cleanups: (() => void)[] = [];
    const { upstream, timeoutSeconds = 0, progress } = opts;
    if (upstream) {
      const onAbort = () => controller.abort(opts.upstreamReason?.() ?? new PermissionCancelled('interrupted', 'The permission request was withdrawn.'));
      if (upstream.aborted) onAbort();
      else upstream.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => upstream.removeEventListener('abort', onAbort));
    }
    if (timeoutSeconds > 0) {
      const timer = setTimeout(() => controller.abort(new PermissionCancelled('timeout', timeoutMessage(timeoutSeconds))), timeoutSeconds * 1000);
      cleanups.push(() => clearTimeout(timer));
    }
    const calls = this.bySession.get(req.sessionKey) ?? new Map<string, AbortController>();
    this.bySession.set(req.sessionKey, calls);
    calls.set(req.id, controller);
    const card = req.toolUseId;
    if (card) progress?.({ type: 'permissionAsked', toolCallId: card, requestId: req.id });
    try {
      const decision = await Promise.race([broker.request({ ...req, signal: controller.signal }), rejectOnAbort(controller.signal)]);
      if (card) progress?.({ type: 'permissionAnswered', toolCallId: card, requestId: req.id, outcome: decisionOutcome(decision) });
      return decision;
    } catch (err) {
      if (card) progress?.({ type: 'permissionAnswered', toolCallId: card, requestId: req.id, outcome: isPermissionCancelled(err) ? 'cancelled' : 'denied' });
      throw err;
    } finally {
      for (const c of cleanups) c();
      calls.delete(req.id);
      if (calls.size === 0 && this.bySession.get(req.sessionKey) === calls) this.bySession.delete(req.sessionKey);
    }
  }

  /** Withdraws one request. */
  cancel(requestId: string, reason: PermissionCancelled): void {
    for (const calls of this.bySession.values()) calls.get(requestId)?.abort(reason);
  }

  /** Withdraws every request of a session (the turn or the process ended). */
  cancelSession(sessionKey: string, reason: PermissionCancelled): void {
    for (const c of [...(this.bySession.get(sessionKey)?.values() ?? [])]) c.abort(reason);
  }

  cancelAll(reason: PermissionCancelled): void {
    for (const key of [...this.bySession.keys()]) this.cancelSession(key, reason);
  }

  count(sessionKey?: string): number {
    if (sessionKey !== undefined) return this.bySession.get(sessionKey)?.size ?? 0;
    let n = 0;
    for (const calls of this.bySession.values()) n += calls.size;
    return n;
  }
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
