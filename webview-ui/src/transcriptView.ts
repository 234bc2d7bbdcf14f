import { h, icon } from './dom';
import { afterFrame } from './frame';
import { createEntryView, type EntryView } from './entryViews';
import type { Change, ChatModel, Entry } from './model';

/** Entries kept in the DOM while following the stream; older ones are re-rendered on demand. */
export const WINDOW = 120;
const SLACK = 40;
const STICKY_PX = 40;

/**
 * The scrolling transcript. Only a window of the newest entries lives in the DOM (plus
 * `content-visibility: auto` in CSS), so a long chat costs what a short one does. Follows
 * the stream until the user scrolls up, and again once they scroll back to the bottom.
 */
export class TranscriptView {
  readonly el: HTMLElement;
  private readonly list: HTMLElement;
  private readonly earlier: HTMLButtonElement;
  private readonly jump: HTMLButtonElement;
  private lastTop = 0;
  private readonly views = new Map<Entry, EntryView>();
  private first = 0;
  private stick = true;

  constructor(private readonly model: ChatModel) {
    this.earlier = h('button', { class: 'show-earlier link-button', hidden: true });
    this.earlier.addEventListener('click', () => this.showEarlier());
    this.list = h('div', { class: 'entries', role: 'log', 'aria-live': 'polite' });
    this.jump = h('button', { class: 'jump-bottom icon-button', title: 'Scroll to latest', 'aria-label': 'Scroll to latest', hidden: true }, icon('arrow-down'));
    this.jump.addEventListener('click', () => {
      this.stick = true;
      this.scrollToBottom();
    });
    this.el = h('main', { class: 'transcript', tabindex: '0' }, this.earlier, this.list);
    this.el.addEventListener('scroll', () => {
      // Only the user scrolling up un-follows: content growing between our scroll and this
      // (async) event must not, or a fast stream would drop out of follow mode.
      const top = this.el.scrollTop;
      if (this.el.scrollHeight - top - this.el.clientHeight < STICKY_PX) this.stick = true;
      else if (top < this.lastTop - 1) this.stick = false;
      this.lastTop = top;
      this.jump.hidden = this.stick;
    }, { passive: true });
  }

  /** Floating "scroll to latest" button; the app places it over the transcript. */
  get jumpButton(): HTMLElement {
    return this.jump;
  }

  /** Re-renders from the model (after a snapshot): the newest window only. */
  renderAll(): void {
    this.views.clear();
    this.list.replaceChildren();
    const entries = this.model.entries;
    this.first = Math.max(0, entries.length - WINDOW);
    const frag = document.createDocumentFragment();
    for (let i = this.first; i < entries.length; i++) frag.appendChild(this.viewFor(entries[i]).el);
    this.list.appendChild(frag);
    this.updateEarlier();
    this.stick = true;
    this.scrollToBottom();
  }

  apply(change: Change): void {
    if (change.added) {
      this.list.appendChild(this.viewFor(change.entry).el);
      this.trim();
    } else {
      this.views.get(change.entry)?.update(change);
    }
    if (this.stick) afterFrame(() => this.stick && this.scrollToBottom());
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
    if (!this.stick || entries.length - this.first <= WINDOW + SLACK) return;
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

  private updateEarlier(): void {
    this.earlier.hidden = this.first === 0;
    this.earlier.textContent = `Show ${Math.min(WINDOW, this.first)} earlier (${this.first} hidden)`;
  }

  private scrollToBottom(): void {
    this.el.scrollTop = this.el.scrollHeight;
    this.lastTop = this.el.scrollTop;
    this.jump.hidden = true;
  }
}
