import { h } from './dom';
import { postIntent } from './vscodeApi';

const TOKEN = /(^|\s)@([^\s@]*)$/;

/** The `@` file picker under the prompt box. The host searches; stale answers are ignored. */
export class MentionPicker {
  readonly el: HTMLElement;
  private requestId = 0;
  private items: string[] = [];
  private selected = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private open = false;

  constructor(private readonly textarea: HTMLTextAreaElement) {
    this.el = h('ul', { class: 'mention-list', role: 'listbox', hidden: true });
    this.el.addEventListener('mousedown', (e) => {
      const li = (e.target as Element).closest<HTMLElement>('[data-index]');
      if (!li) return;
      e.preventDefault();
      this.accept(Number(li.dataset.index));
    });
  }

  /** Called on every input; asks the host when the caret sits in an `@word`. */
  onInput(): void {
    const query = this.query();
    clearTimeout(this.timer);
    if (query === undefined) {
      this.close();
      return;
    }
    this.timer = setTimeout(() => postIntent({ type: 'mentionQuery', requestId: ++this.requestId, query }), 80);
  }

  results(requestId: number, items: string[]): void {
    if (requestId !== this.requestId || this.query() === undefined) return;
    this.items = items;
    this.selected = 0;
    this.open = items.length > 0;
    this.render();
  }

  /** Handles keys while the list is open; returns true when it used the key. */
  onKey(e: KeyboardEvent): boolean {
    if (!this.open) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const n = this.items.length;
      this.selected = (this.selected + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      this.render();
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      this.accept(this.selected);
    } else if (e.key === 'Escape') {
      this.close();
    } else {
      return false;
    }
    e.preventDefault();
    e.stopPropagation();
    return true;
  }

  private query(): string | undefined {
    const before = this.textarea.value.slice(0, this.textarea.selectionStart);
    return TOKEN.exec(before)?.[2];
  }

  private accept(index: number): void {
    const path = this.items[index];
    if (path === undefined) return;
    const caret = this.textarea.selectionStart;
    const before = this.textarea.value.slice(0, caret);
    const m = TOKEN.exec(before);
    if (!m) return this.close();
    const start = caret - m[2].length - 1;
    // A folder stays open for typing on into it; the CLI takes a range inside the quotes.
    const quoted = /\s/.test(path);
    const ref = `@${quoted ? `"${path}"` : path}${path.endsWith('/') && !quoted ? '' : ' '}`;
    this.textarea.value = this.textarea.value.slice(0, start) + ref + this.textarea.value.slice(caret);
    const pos = start + ref.length;
    this.textarea.setSelectionRange(pos, pos);
    this.close();
    this.textarea.dispatchEvent(new Event('input'));
  }

  private close(): void {
    this.open = false;
    this.items = [];
    this.render();
  }

  private render(): void {
    this.el.hidden = !this.open;
    this.el.replaceChildren(
      ...this.items.map((p, i) =>
        h('li', { class: `mention-item${i === this.selected ? ' selected' : ''}`, role: 'option', 'aria-selected': String(i === this.selected), 'data-index': String(i), title: p }, p),
      ),
    );
  }
}
