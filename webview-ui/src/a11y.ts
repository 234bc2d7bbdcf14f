import type { ChatEvent, HostMessage, StatusInfo } from '../../src/shared/contract';
import { h } from './dom';
import { t } from './l10n';

type State = StatusInfo['state'];
const BUSY: ReadonlySet<State> = new Set(['starting', 'running', 'stopping']);

/**
 * What a screen reader hears: a turn starting and ending, Claude waiting for permission, an
 * error. Never the streamed tokens (the transcript itself is not a live region). Two visually
 * hidden live regions: polite for progress, assertive for errors and permission prompts.
 */
export class Announcer {
  readonly el: HTMLElement;
  private readonly polite: HTMLElement;
  private readonly assertive: HTMLElement;
  private state: State | undefined;
  private pending = new Set<string>();
  private lastError: string | undefined;

  constructor() {
    this.polite = h('div', { class: 'sr-only announce-polite', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.assertive = h('div', { class: 'sr-only announce-assertive', 'aria-live': 'assertive', 'aria-atomic': 'true' });
    this.el = h('div', { class: 'announcer' }, this.polite, this.assertive);
  }

  /** Looks at every host message; announces only changes worth interrupting for. */
  observe(msg: HostMessage): void {
    switch (msg.type) {
      case 'snapshot':
        // A reload or a re-shown panel is not news: remember, don't announce.
        this.state = msg.status.state;
        this.pending = new Set(msg.permissions.map((p) => p.id));
        return;
      case 'status':
        return this.onState(msg.status.state);
      case 'events':
        for (const e of msg.events) if (e.type === 'turnEnd') this.say(turnEndText(e), e.outcome === 'error');
        return;
      case 'permissions': {
        const fresh = msg.pending.filter((p) => !this.pending.has(p.id));
        this.pending = new Set(msg.pending.map((p) => p.id));
        if (fresh.length) this.say(t('Claude is waiting for your permission: {0}', fresh.map((p) => `${p.toolName} ${p.summary}`).join('; ')), true);
        return;
      }
      case 'error':
        if (msg.error && msg.error.message !== this.lastError) this.say(t('Error: {0}', msg.error.message), true);
        this.lastError = msg.error?.message;
        return;
      case 'focusInput':
      case 'setInput':
      case 'insertInput':
      case 'mentionResults':
      case 'openFind':
        return;
      default:
        return;
    }
  }

  private onState(next: State): void {
    const prev = this.state;
    this.state = next;
    if (prev === next) return;
    if (BUSY.has(next) && (prev === undefined || !BUSY.has(prev))) this.say(t('Claude is working…'));
    else if (next === 'stopping') this.say(t('Stopping…'));
    // The end of a turn is announced from its turnEnd event, which says how it ended.
  }

  private say(text: string, urgent = false): void {
    const region = urgent ? this.assertive : this.polite;
    // Clear first, so the same sentence twice in a row is announced twice.
    region.textContent = '';
    requestAnimationFrame(() => {
      region.textContent = text;
    });
  }
}

function turnEndText(e: Extract<ChatEvent, { type: 'turnEnd' }>): string {
  switch (e.outcome) {
    case 'success':
      return e.costUsd !== undefined ? t('Claude finished ({0}).', `$${e.costUsd.toFixed(e.costUsd < 0.01 ? 4 : 2)}`) : t('Claude finished.');
    case 'interrupted':
      return t('Turn stopped.');
    case 'cancelled':
      return t('Turn cancelled.');
    case 'error':
      return e.error ? t('Turn failed: {0}', e.error.message) : t('Turn failed.');
    default:
      return t('Turn ended.');
  }
}
