import type { ChatEvent, HostMessage, StatusInfo } from '../../src/shared/contract';
import { h } from './dom';

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
        if (fresh.length) this.say(`Claude is waiting for your permission: ${fresh.map((p) => `${p.toolName} ${p.summary}`).join('; ')}`, true);
        return;
      }
      case 'error':
        if (msg.error && msg.error.message !== this.lastError) this.say(`Error: ${msg.error.message}`, true);
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
    if (BUSY.has(next) && (prev === undefined || !BUSY.has(prev))) this.say('Claude is working…');
    else if (next === 'stopping') this.say('Stopping…');
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
      return `Claude finished${e.costUsd !== undefined ? ` ($${e.costUsd.toFixed(e.costUsd < 0.01 ? 4 : 2)})` : ''}.`;
    case 'interrupted':
      return 'Turn stopped.';
    case 'cancelled':
      return 'Turn cancelled.';
    case 'error':
      return `Turn failed${e.error ? `: ${e.error.message}` : '.'}`;
    default:
      return 'Turn ended.';
  }
}
