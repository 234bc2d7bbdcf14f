import { h, icon } from './dom';
import { t } from './l10n';
import { afterFrame } from './frame';
import { createEntryView, type EntryView } from './entryViews';
import type { Change, Entry } from './entries';
import type { ChatModel } from './model';

/** Entries kept in the DOM while following the stream; older ones are re-rendered on demand. */
export const WINDOW = 120;
const SLACK = 40;
const STICKY_PX = 40;

/**
 * Where the user is in a chat: at the end (following), or the entry at the top of the view and
 * how far its top is above the view's top. An entry index, not a scrollTop: only a window of
 * entries is rendered, so a pixel offset means nothing once another window is rendered.
 */
export type ScrollPosition = { end: true } | { end: false; index: number; offset: number };

/**
 * The scrolling transcript. Only a window of the newest entries lives in the DOM (plus
 * `content-visibility: auto` in CSS), so a long chat costs what a short one does. Follows
 * the stream until the user scrolls up, and again once they scroll back to the bottom.
 */
export class TranscriptView {
  readonly el: HTMLElement;
  private readonly list: HTMLElement;
  private readonly earlier: HTMLButtonElement;
  private readonly later: HTMLButtonElement;
  private readonly jump: HTMLButtonElement;
  private lastTop = 0;
  private readonly views = new Map<Entry, EntryView>();
  private first = 0;
  /** End (exclusive) of the rendered entries: below the model's length after a jump back (find). */
  private last = 0;
  private stick = true;
  /** Called when the user's position may have changed (scroll, resize); the app saves it per chat. */
  onPosition: (() => void) | undefined;

  constructor(private readonly model: ChatModel) {
    this.earlier = h('button', { class: 'show-earlier link-button', hidden: true });
    this.earlier.addEventListener('click', () => this.showEarlier());
    this.later = h('button', { class: 'show-later link-button', hidden: true });
    this.later.addEventListener('click', () => this.showLater());
    // Not live: a screen reader would read every streamed token. a11y.ts announces turns instead.
    this.list = h('div', { class: 'entries', role: 'log', 'aria-live': 'off', 'aria-label': t('Chat') });
    this.jump = h('button', { class: 'jump-bottom icon-button', title: t('Scroll to latest'), 'aria-label': t('Scroll to latest'), hidden: true }, icon('arrow-down'));
    this.jump.addEventListener('click', () => {
      if (this.detached) return this.renderAll();
      this.stick = true;
      this.scrollToBottom();
    });
    this.el = h('main', { class: 'transcript', tabindex: '0', 'aria-label': t('Chat transcript') }, this.earlier, this.list, this.later);
    this.el.addEventListener('scroll', () => {
      // Only the user scrolling up un-follows: content growing between our scroll and this
      // (async) event must not, or a fast stream would drop out of follow mode.
      const top = this.el.scrollTop;
      if (this.el.scrollHeight - top - this.el.clientHeight < STICKY_PX) this.stick = !this.detached;
      else if (top < this.lastTop - 1) this.stick = false;
      this.lastTop = top;
      this.jump.hidden = this.stick;
      this.onPosition?.();
    }, { passive: true });
    // A narrower or shorter view (resize, a banner or the prompt box growing) keeps scrollTop, which
    // would leave a following view short of the end; and a view left above the end must say so.
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(() => {
        if (this.stick && !this.detached) this.scrollToBottom();
        else this.jump.hidden = !this.detached && this.atEnd();
      }).observe(this.el);
    }
  }

  /** Within a few pixels of the end of the chat (and the newest entries are rendered). */
  private atEnd(): boolean {
    return !this.detached && this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < STICKY_PX;
  }

  /** The user's position, to restore after a chat switch or a reload of the view. */
  position(): ScrollPosition {
    if ((this.stick && !this.detached) || this.atEnd()) return { end: true };
    const top = this.el.getBoundingClientRect().top;
    const children = this.list.children;
    for (let i = 0; i < children.length; i++) {
      const r = children[i].getBoundingClientRect();
      if (r.bottom > top) return { end: false, index: this.first + i, offset: top - r.top };
    }
    return { end: true };
  }

  /** Puts the view back at a position from `position()`; the end (following) when it no longer exists. */
  restore(pos: ScrollPosition | undefined): void {
    const entries = this.model.entries;
    if (!pos || pos.end || pos.index >= entries.length) {
      if (this.detached) this.renderAll();
      this.stick = true;
      this.scrollToBottom();
      return;
    }
    if (pos.index < this.first || pos.index >= this.last) {
      const from = Math.max(0, Math.min(pos.index - WINDOW / 2, entries.length - WINDOW));
      this.renderRange(from, Math.min(entries.length, from + WINDOW));
    }
    const el = this.views.get(entries[pos.index])?.el;
    if (!el) return;
    this.el.scrollTop += el.getBoundingClientRect().top - this.el.getBoundingClientRect().top + pos.offset;
    this.lastTop = this.el.scrollTop;
    this.stick = this.atEnd();
    this.jump.hidden = this.stick;
  }

  /** Floating "scroll to latest" button; the app places it over the transcript. */
  get jumpButton(): HTMLElement {
    return this.jump;
  }

  /** Re-renders from the model (after a snapshot): the newest window only. */
  renderAll(): void {
    const length = this.model.entries.length;
    this.renderRange(Math.max(0, length - WINDOW), length);
    this.stick = true;
    this.scrollToBottom();
    // Markdown renders in a frame, and entries skipped by content-visibility take their real height
    // once laid out: the end moves after this.
    afterFrame(() => this.stick && this.scrollToBottom());
  }

  apply(change: Change): void {
    // The user sent a prompt: they want to see it and its answer, wherever they were reading.
    if (change.added && change.entry.kind === 'user') {
      // (The model holds the new entry already: detached means more than it is missing.)
      if (this.last < this.model.entries.length - 1) return this.renderAll();
      this.stick = true;
    }
    if (change.added) {
      if (this.last === this.model.entries.length - 1) {
        this.list.appendChild(this.viewFor(change.entry).el);
        this.last++;
        this.trim();
      } else {
        this.updateLater(); // showing an older part of the chat (find): the new entry waits below
      }
    } else {
      this.views.get(change.entry)?.update(change);
    }
    if (this.stick) afterFrame(() => this.stick && this.scrollToBottom());
  }

  /**
   * The element of entry `index`, rendering a window around it first when it is outside the
   * DOM (find in chat). Stops following the stream: the user is looking at that entry.
   */
  reveal(index: number): HTMLElement | undefined {
    const entries = this.model.entries;
    if (index < 0 || index >= entries.length) return undefined;
    if (index < this.first || index >= this.last) {
      const from = Math.max(0, Math.min(index - WINDOW / 2, entries.length - WINDOW));
      this.renderRange(from, Math.min(entries.length, from + WINDOW));
    }
    this.stick = false;
    this.jump.hidden = false;
    return this.views.get(entries[index])?.el;
  }

  /** True when the newest entries are not rendered (after `reveal` jumped back). */
  private get detached(): boolean {
    return this.last < this.model.entries.length;
  }

  private renderRange(from: number, to: number): void {
    this.views.clear();
    this.list.replaceChildren();
    const entries = this.model.entries;
    const frag = document.createDocumentFragment();
    for (let i = from; i < to; i++) frag.appendChild(this.viewFor(entries[i]).el);
    this.list.appendChild(frag);
    this.first = from;
    this.last = to;
    this.updateEarlier();
    this.updateLater();
  }

  private viewFor(entry: Entry): EntryView {
    let view = this.views.get(entry);
    if (!view) {
      view = createEntryView(entry);
      view.el.classList.toggle('replaced', this.model.replaced.has(entry));
      this.views.set(entry, view);
    }
    return view;
  }

  /** While following the stream, drop the oldest entries past the window. */
  private trim(): void {
    const entries = this.model.entries;
    if (!this.stick || this.detached || entries.length - this.first <= WINDOW + SLACK) return;
    const next = entries.length - WINDOW;
    for (let i = this.first; i < next; i++) {
      const view = this.views.get(entries[i]);
      view?.el.remove();
      this.views.delete(entries[i]);
    }
    this.first = next;
    this.updateEarlier();
    // Removing content above moves scrollTop; that is not the user scrolling up.
    this.lastTop = this.el.scrollTop;
  }

  private showEarlier(): void {
    const entries = this.model.entries;
    const from = Math.max(0, this.first - WINDOW);
    const frag = document.createDocumentFragment();
    for (let i = from; i < this.first; i++) frag.appendChild(this.viewFor(entries[i]).el);
    const before = this.el.scrollHeight;
    this.list.insertBefore(frag, this.list.firstChild);
    this.first = from;
    this.updateEarlier();
    // Keep what the user was looking at in place.
    this.el.scrollTop += this.el.scrollHeight - before;
  }

  /** The next entries below a window that `reveal` rendered; drops as many from the top. */
  private showLater(): void {
    const entries = this.model.entries;
    const to = Math.min(entries.length, this.last + WINDOW);
    const frag = document.createDocumentFragment();
    for (let i = this.last; i < to; i++) frag.appendChild(this.viewFor(entries[i]).el);
    this.list.appendChild(frag);
    this.last = to;
    const next = Math.max(this.first, this.last - WINDOW - SLACK);
    const top = this.el.scrollTop;
    const before = this.el.scrollHeight;
    for (let i = this.first; i < next; i++) {
      this.views.get(entries[i])?.el.remove();
      this.views.delete(entries[i]);
    }
    this.first = next;
    // Keep what the user was looking at in place.
    this.el.scrollTop = top - (before - this.el.scrollHeight);
    this.lastTop = this.el.scrollTop;
    this.updateEarlier();
    this.updateLater();
  }

  private updateLater(): void {
    const hidden = this.model.entries.length - this.last;
    this.later.hidden = hidden <= 0;
    this.later.textContent = t('Show {0} later ({1} hidden)', Math.min(WINDOW, hidden), hidden);
  }

  private updateEarlier(): void {
    this.earlier.hidden = this.first === 0;
    this.earlier.textContent = t('Show {0} earlier ({1} hidden)', Math.min(WINDOW, this.first), this.first);
  }

  private scrollToBottom(): void {
    // A card waiting for the user's permission is what they need to see: when it is taller than
    // the view (a narrow sidebar, a long diff), following stops at its head instead of its end.
    const pending = this.list.querySelector('.card.state-permission');
    const max = this.el.scrollHeight - this.el.clientHeight;
    const head = pending ? pending.getBoundingClientRect().top - this.el.getBoundingClientRect().top + this.el.scrollTop - 4 : max;
    this.el.scrollTop = Math.min(max, head);
    this.lastTop = this.el.scrollTop;
    this.jump.hidden = true;
  }
}
