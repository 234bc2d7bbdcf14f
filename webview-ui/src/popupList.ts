import { h } from './dom';

export interface PopupListOptions<T> {
  /** The list's class (`x-list`: its options are `x-item`, with ids `x-<index>`) and DOM id. */
  className: string;
  id: string;
  label: string;
  /** The option's content and tooltip. */
  render(item: T): { content: (Node | string | null)[]; title: string };
  accept(item: T): void;
  /** Escape closed the list (the owner may keep it closed until the token changes). */
  dismissed?(): void;
}

/**
 * A keyboard-first suggestion list tied to the prompt box: arrows move, Enter or Tab accepts,
 * Escape closes, a click accepts without taking the focus. An ARIA listbox that the textarea
 * controls through aria-activedescendant, so screen readers follow the selection. The `@`
 * picker and the `/` menu differ only in what they list and what accepting inserts.
 */
export class PopupList<T> {
  readonly el: HTMLElement;
  private items: T[] = [];
  private selected = 0;
  private open = false;
  private readonly stem: string;

  constructor(
    private readonly textarea: HTMLTextAreaElement,
    private readonly opts: PopupListOptions<T>,
  ) {
    this.stem = opts.className.replace(/-list$/, '');
    this.el = h('ul', { class: opts.className, role: 'listbox', id: opts.id, 'aria-label': opts.label, hidden: true });
    this.textarea.setAttribute('aria-autocomplete', 'list');
    this.el.addEventListener('mousedown', (e) => {
      const li = (e.target as Element).closest<HTMLElement>('[data-index]');
      if (!li) return;
      e.preventDefault();
      this.accept(Number(li.dataset.index));
    });
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Shows these items with the first selected; an empty list closes. */
  show(items: T[]): void {
    this.items = items;
    this.selected = 0;
    this.open = items.length > 0;
    this.render();
  }

  close(): void {
    if (!this.open && this.items.length === 0) return;
    this.open = false;
    this.items = [];
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
      this.opts.dismissed?.();
      this.close();
    } else {
      return false;
    }
    e.preventDefault();
    e.stopPropagation();
    return true;
  }

  private accept(index: number): void {
    const item = this.items[index];
    if (item === undefined) return;
    this.close();
    this.opts.accept(item);
  }

  private render(): void {
    const { id } = this.opts;
    this.el.hidden = !this.open;
    this.textarea.setAttribute('aria-expanded', String(this.open));
    if (this.open) {
      this.textarea.setAttribute('aria-controls', id);
      this.textarea.setAttribute('aria-activedescendant', `${this.stem}-${this.selected}`);
    } else if (this.textarea.getAttribute('aria-controls') === id) {
      this.textarea.removeAttribute('aria-activedescendant');
    }
    this.el.replaceChildren(
      ...this.items.map((item, i) => {
        const { content, title } = this.opts.render(item);
        const selected = i === this.selected;
        return h('li', { class: `${this.stem}-item${selected ? ' selected' : ''}`, role: 'option', id: `${this.stem}-${i}`, 'aria-selected': String(selected), 'data-index': String(i), title }, ...content);
      }),
    );
    this.el.querySelector('.selected')?.scrollIntoView?.({ block: 'nearest' });
  }
}

/** Replaces [start, end) of the prompt with text, puts the caret after it, and says so (input). */
export function replacePrompt(textarea: HTMLTextAreaElement, start: number, end: number, text: string): void {
  textarea.value = textarea.value.slice(0, start) + text + textarea.value.slice(end);
  const pos = start + text.length;
  textarea.setSelectionRange(pos, pos);
  textarea.dispatchEvent(new Event('input'));
}
