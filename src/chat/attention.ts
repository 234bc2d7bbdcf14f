import type { ChatEvent, ErrorInfo } from '../shared/contract';

/**
 * "Should we tell the user?" for chats they are not looking at. No
 * `vscode` here: the glue (src/vscode/attention.ts) says whether the window has the focus and
 * which chats a visible surface shows, and turns the answers into notifications and badges.
 */

/** What needs the user: a finished turn, a prompt (permission, question, plan) that waits, an error. */
export type AttentionKind = 'turnEnd' | 'waiting' | 'error';

/** claudeChat.notify.*: each kind can be turned off; all are on by default. */
export type AttentionSettings = Record<AttentionKind, boolean>;

/** Whether the user sees the chat now: the window has the focus and a visible view or tab shows it. */
export interface Looking {
  windowFocused: boolean;
  chatVisible: boolean;
}

export function isLooking(l: Looking): boolean {
  return l.windowFocused && l.chatVisible;
}

/** Alert only about a kind the user keeps on, and never about the chat they look at. */
export function shouldAlert(kind: AttentionKind, looking: Looking, settings: AttentionSettings): boolean {
  return settings[kind] && !isLooking(looking);
}

/**
 * What a batch of a chat's events asks of the user: a turn that ended on its own is `turnEnd`
 * (unless prompts queued behind it start the next turn at once), one that failed is `error`.
 * A turn the user stopped (interrupted, cancelled) asks nothing: they were there to stop it.
 */
export function attentionOfEvents(events: readonly ChatEvent[], queuedAfter: number): AttentionKind | undefined {
  let kind: AttentionKind | undefined;
  for (const e of events) {
    if (e.type !== 'turnEnd') continue;
    switch (e.outcome) {
      case 'success':
        kind = queuedAfter > 0 ? undefined : 'turnEnd';
        break;
      case 'error':
        kind = 'error';
        break;
      case 'interrupted':
      case 'cancelled':
        kind = undefined;
        break;
      default: {
        const never: never = e.outcome;
        return never;
      }
    }
  }
  return kind;
}

/** An error that stops the chat (not one the user is already answering, e.g. an untrusted workspace). */
export function attentionOfError(error: ErrorInfo | null): AttentionKind | undefined {
  return error ? 'error' : undefined;
}

interface Unseen {
  turnEnd: boolean;
  error: boolean;
  /** Ids of prompts that started waiting while the user did not look and still wait. */
  waiting: Set<string>;
}

/** What `raise` decided: whether to show a notification (the badge follows `count`). */
export interface Raised {
  notify: boolean;
}

/**
 * Per chat, what arrived while the user did not look and is not yet seen: the badge count.
 * One notification per kind per chat until the user looks at it (a second error, a second
 * finished turn or a second waiting prompt before they come back adds nothing to say).
 */
export class AttentionTracker<K> {
  private readonly unseen = new Map<K, Unseen>();

  /** Something of `kind` happened in `chat` (`promptId`: which prompt, for `waiting`). */
  raise(chat: K, kind: AttentionKind, looking: Looking, settings: AttentionSettings, promptId?: string): Raised {
    if (!shouldAlert(kind, looking, settings)) return { notify: false };
    const u = this.entry(chat);
    switch (kind) {
      case 'turnEnd':
        if (u.turnEnd) return { notify: false };
        u.turnEnd = true;
        return { notify: true };
      case 'error':
        if (u.error) return { notify: false };
        u.error = true;
        // The error is what the user needs to know; "finished" adds nothing.
        u.turnEnd = false;
        return { notify: true };
      case 'waiting': {
        const id = promptId ?? '';
        if (u.waiting.has(id)) return { notify: false };
        // Prompts queued behind one already announced add to the count, not to the notifications.
        const first = u.waiting.size === 0;
        u.waiting.add(id);
        return { notify: first };
      }
      default: {
        const never: never = kind;
        return never;
      }
    }
  }

  /** The prompts of `chat` that still wait: answered ones (in a notification) leave the count. */
  settleWaiting(chat: K, stillPending: ReadonlySet<string>): boolean {
    const u = this.unseen.get(chat);
    if (!u) return false;
    let changed = false;
    for (const id of [...u.waiting]) {
      if (!stillPending.has(id)) {
        u.waiting.delete(id);
        changed = true;
      }
    }
    if (changed) this.prune(chat, u);
    return changed;
  }

  /** The user looks at `chat`: everything of it counts as seen. True when the count changed. */
  seen(chat: K): boolean {
    return this.unseen.delete(chat);
  }

  /** The chat closed. */
  forget(chat: K): void {
    this.unseen.delete(chat);
  }

  count(chat: K): number {
    const u = this.unseen.get(chat);
    if (!u) return 0;
    return (u.turnEnd ? 1 : 0) + (u.error ? 1 : 0) + u.waiting.size;
  }

  total(): number {
    let n = 0;
    for (const k of this.unseen.keys()) n += this.count(k);
    return n;
  }

  private entry(chat: K): Unseen {
    let u = this.unseen.get(chat);
    if (!u) {
      u = { turnEnd: false, error: false, waiting: new Set() };
      this.unseen.set(chat, u);
    }
    return u;
  }

  private prune(chat: K, u: Unseen): void {
    if (!u.turnEnd && !u.error && u.waiting.size === 0) this.unseen.delete(chat);
  }
}

/** "(2) Claude: Chat 1": an editor tab's title with what waits in it (panels have no badge API). */
export function titleWithCount(title: string, count: number): string {
  return count > 0 ? `(${count}) ${title}` : title;
}
