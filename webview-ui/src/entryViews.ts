import { unreachable } from '../../src/shared/unreachable';
import { formatCount, formatDuration, h, icon } from './dom';
import { t } from './l10n';
import { scheduleFrame } from './frame';
import { MarkdownView } from './markdown';
import { TaskLineView, ToolCardView } from './cards';
import type { BlockEntry, Change, Entry, EntryView } from './entries';

export type { EntryView };
import { MarkView, promptActions, TurnFilesView } from './messageActions';
import { imageStrip } from './attachments';
import { TASK_TOOLS } from './taskLine';

/** The DOM for one transcript entry; `update` applies a change to it in place. */
class UserView implements EntryView {
  readonly el: HTMLElement;
  private readonly text: HTMLElement;
  private readonly actions: HTMLElement;
  constructor(private readonly entry: Extract<Entry, { kind: 'user' }>) {
    this.text = h('div', { class: 'user-text' });
    this.actions = h('div', { class: 'prompt-actions' });
    this.el = h('div', { class: 'entry user', 'data-turn-id': entry.turnId }, entry.images?.length ? imageStrip(entry.images) : null, this.text, this.actions);
    this.update();
  }
  update(): void {
    this.text.textContent = this.entry.text;
    this.actions.replaceChildren(...(this.entry.checkpoint ? promptActions() : []));
    this.el.classList.toggle('queued', this.entry.queued);
    this.el.title = this.entry.queued ? t('Queued: sent when the current turn ends') : '';
  }
}

class TextView implements EntryView {
  readonly el: HTMLElement;
  private readonly md: MarkdownView;
  constructor(private readonly entry: BlockEntry) {
    this.md = new MarkdownView(entry.text);
    this.el = h('div', { class: 'entry assistant' }, this.md.el);
  }
  update(change: Change): void {
    if (!change.added && change.delta !== undefined) this.md.append(change.delta);
    else this.md.set(this.entry.text);
  }
}

/** Thinking is plain text (dimmed, collapsed): appended in chunks of text nodes, once per frame. */
class ThinkingView implements EntryView {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private shown = 0;
  private readonly task = (): void => this.render();
  constructor(private readonly entry: BlockEntry) {
    this.body = h('div', { class: 'thinking-body' });
    this.el = h('details', { class: 'entry thinking' }, h('summary', null, icon('lightbulb'), ` ${t('Thinking')}`), this.body);
    this.render();
  }
  update(change: Change): void {
    if (!change.added && change.delta === undefined) {
      // The authoritative block: rebuild only if it differs from what streamed.
      if (!this.entry.text.startsWith(this.body.textContent ?? '')) {
        this.body.replaceChildren();
        this.shown = 0;
      }
    }
    scheduleFrame(this.task);
  }
  private render(): void {
    const text = this.entry.text;
    if (text.length === this.shown) return;
    const add = text.slice(this.shown);
    this.shown = text.length;
    // Appending to a huge text node copies it; cap nodes at 16 KB so each append stays cheap.
    const last = this.body.lastChild;
    if (last instanceof Text && last.length + add.length < 16_384) last.appendData(add);
    else this.body.appendChild(document.createTextNode(add));
  }
}

class TurnEndView implements EntryView {
  readonly el: HTMLElement;
  constructor(entry: Extract<Entry, { kind: 'turnEnd' }>) {
    const e = entry.event;
    const parts: string[] = [];
    if (e.durationMs !== undefined) parts.push(formatDuration(e.durationMs));
    const u = e.usage;
    if (u && (u.inputTokens !== undefined || u.outputTokens !== undefined)) {
      const input = (u.inputTokens ?? 0) + (u.cacheReadTokens ?? 0) + (u.cacheCreationTokens ?? 0);
      parts.push(t('{0} in · {1} out tokens', formatCount(input), formatCount(u.outputTokens ?? 0)));
    }
    if (e.costUsd !== undefined) parts.push(`$${e.costUsd.toFixed(e.costUsd < 0.01 ? 4 : 2)}`);
    const label = { success: t('Done'), error: t('Failed'), interrupted: t('Interrupted'), cancelled: t('Cancelled') }[e.outcome];
    const ic = { success: 'check', error: 'error', interrupted: 'debug-stop', cancelled: 'circle-slash' }[e.outcome];
    this.el = h(
      'div',
      { class: `entry turn-end outcome-${e.outcome}` },
      icon(ic),
      h('span', null, [label, ...parts].join(' · ')),
      e.error ? h('span', { class: 'turn-error', 'data-message': e.error.message }, ` — ${e.error.message}`) : null,
    );
  }
  update(): void {}
}

class NoticeView implements EntryView {
  readonly el: HTMLElement;
  constructor(private readonly entry: Extract<Entry, { kind: 'notice' }>) {
    this.el = h('div');
    this.update();
  }
  /** A retry line is updated in place by each further retry (model.ts). */
  update(): void {
    const e = this.entry.event;
    const marker = e.marker === 'compact';
    this.el.className = `entry notice notice-${e.level}${marker ? ' compact-marker' : ''}${e.marker === 'retry' ? ' retry-notice' : ''}`;
    if (marker) this.el.setAttribute('role', 'separator');
    this.el.replaceChildren(icon(marker ? 'fold' : e.level === 'warning' ? 'warning' : 'info'), h('span', null, e.text));
  }
}

class ToolView implements EntryView {
  private readonly card: ToolCardView;
  constructor(entry: Extract<Entry, { kind: 'tool' }>) {
    this.card = new ToolCardView(entry);
  }
  get el(): HTMLElement {
    return this.card.el;
  }
  update(): void {
    this.card.update();
  }
}

export function createEntryView(entry: Entry): EntryView {
  switch (entry.kind) {
    case 'user':
      return new UserView(entry);
    case 'text':
      return new TextView(entry);
    case 'thinking':
      return new ThinkingView(entry);
    case 'tool':
      return TASK_TOOLS.has(entry.tool.name) ? new TaskLineView(entry) : new ToolView(entry);
    case 'turnEnd':
      return new TurnEndView(entry);
    case 'notice':
      return new NoticeView(entry);
    case 'mark':
      return new MarkView(entry);
    case 'turnFiles':
      return new TurnFilesView(entry);
    default:
      unreachable(entry);
      return { el: h('div'), update() {} };
  }
}
