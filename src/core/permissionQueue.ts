import { Emitter } from './emitter';
import type { Logger } from './logger';
import { isPermissionCancelled, PermissionCancelled, type PermissionBroker, type PermissionDecision, type PermissionRequest } from './permissions';

/**
 * Shows one prompt. It either resolves with the user's answer, or returns nothing and the UI
 * answers later through `PermissionQueue.answer`. Withdrawn prompts leave `pending()` (see `onChange`).
 */
export type PermissionPresenter = (req: PermissionRequest) => Promise<PermissionDecision> | void;

export interface PendingPrompt {
  id: string;
  sessionKey: string;
  toolName: string;
  summary: string;
  receivedAt: number;
  toolUseId?: string;
  /** `showing` is the one the user is answering for that session; the rest wait behind it. */
  state: 'waiting' | 'showing';
}

export type PermissionQueueChange =
  | { type: 'added'; prompt: PendingPrompt }
  | { type: 'showing'; prompt: PendingPrompt }
  | { type: 'answered'; prompt: PendingPrompt; decision: PermissionDecision }
  | { type: 'cancelled'; prompt: PendingPrompt; reason: PermissionCancelled };

interface Entry {
  req: PermissionRequest;
  prompt: PendingPrompt;
  resolve: (d: PermissionDecision) => void;
  onAbort: () => void;
}

/**
 * A broker that asks one question at a time per session, in arrival order, and the single
 * owner of a pending prompt's life: a prompt is pending exactly while it is in here. The UI
 * answers through `answer` and follows `onChange`; withdrawn prompts (turn stopped, timeout,
 * session ended: the request's signal aborts) settle as deny at once, whether shown or waiting.
 */
export class PermissionQueue implements PermissionBroker {
  private readonly changes = new Emitter<PermissionQueueChange>();
  readonly onChange = this.changes.event;
  private readonly bySession = new Map<string, Entry[]>();
  private readonly byId = new Map<string, Entry>();

  constructor(
    private readonly present: PermissionPresenter,
    private readonly log?: Logger,
  ) {}

  request(req: PermissionRequest): Promise<PermissionDecision> {
    return new Promise((resolve) => {
      const prompt: PendingPrompt = {
        id: req.id,
        sessionKey: req.sessionKey,
        toolName: req.toolName,
        summary: req.summary,
        receivedAt: req.receivedAt,
        toolUseId: req.toolUseId,
        state: 'waiting',
      };
      const entry: Entry = { req, prompt, resolve, onAbort: () => this.cancel(entry) };
      if (req.signal.aborted) {
        resolve(cancelledDecision(req.signal.reason));
        return;
      }
      req.signal.addEventListener('abort', entry.onAbort, { once: true });
      const list = this.bySession.get(req.sessionKey) ?? [];
      list.push(entry);
      this.bySession.set(req.sessionKey, list);
      this.byId.set(req.id, entry);
      this.changes.fire({ type: 'added', prompt: { ...prompt } });
      this.pump(req.sessionKey);
    });
  }

  /** Prompts not answered yet, oldest first; pass a key for one session. */
  pending(sessionKey?: string): PendingPrompt[] {
    const lists = sessionKey === undefined ? [...this.bySession.values()] : [this.bySession.get(sessionKey) ?? []];
    return lists
      .flat()
      .map((e) => ({ ...e.prompt }))
      .sort((a, b) => a.receivedAt - b.receivedAt);
  }

  /** The request behind a pending prompt; undefined once it is answered or withdrawn. */
  find(id: string): PermissionRequest | undefined {
    return this.byId.get(id)?.req;
  }

  /** The user's answer. False when the prompt was already answered or withdrawn, so nothing happened. */
  answer(id: string, decision: PermissionDecision): boolean {
    const entry = this.byId.get(id);
    if (!entry) return false;
    // The event fires once the prompt has left pending(), so listeners see the new list.
    this.settle(entry, decision, { type: 'answered', prompt: { ...entry.prompt }, decision });
    return true;
  }

  dispose(): void {
    for (const list of [...this.bySession.values()]) {
      for (const e of [...list]) this.settle(e, cancelledDecision(new PermissionCancelled('serverDisposed', 'The permission prompt was closed.')));
    }
    this.changes.dispose();
  }

  private pump(sessionKey: string): void {
    const head = this.bySession.get(sessionKey)?.[0];
    if (!head || head.prompt.state === 'showing') return;
    head.prompt.state = 'showing';
    this.changes.fire({ type: 'showing', prompt: { ...head.prompt } });
    let answer: Promise<PermissionDecision> | void;
    try {
      answer = this.present(head.req);
    } catch (err) {
      answer = Promise.reject(err);
    }
    answer?.then(
      (decision) => void this.answer(head.req.id, decision),
      (err: unknown) => {
        if (this.byId.get(head.req.id) !== head) return;
        this.log?.error(`permission prompt failed: ${err instanceof Error ? err.message : String(err)}`);
        this.settle(head, { kind: 'deny', message: 'The permission prompt failed, so the tool was not run.' });
      },
    );
  }

  private cancel(entry: Entry): void {
    const reason = asCancelled(entry.req.signal.reason);
    this.settle(entry, cancelledDecision(reason), { type: 'cancelled', prompt: { ...entry.prompt }, reason });
  }

  private settle(entry: Entry, decision: PermissionDecision, change?: PermissionQueueChange): void {
    if (this.byId.get(entry.req.id) !== entry) return;
    this.byId.delete(entry.req.id);
    entry.req.signal.removeEventListener('abort', entry.onAbort);
    const key = entry.req.sessionKey;
    const list = this.bySession.get(key) ?? [];
    const i = list.indexOf(entry);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.bySession.delete(key);
    if (change) this.changes.fire(change);
    entry.resolve(decision);
    this.pump(key);
  }
}

function asCancelled(reason: unknown): PermissionCancelled {
  return isPermissionCancelled(reason) ? reason : new PermissionCancelled('interrupted', 'The permission request was cancelled.');
}

function cancelledDecision(reason: unknown): PermissionDecision {
  return { kind: 'deny', message: asCancelled(reason).message };
}
