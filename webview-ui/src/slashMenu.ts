import type { SlashCommand } from '../../src/shared/contract';
import { h } from './dom';
import { t } from './l10n';

/** The `/name` being typed: only at the very start of the prompt, caret still inside it. */
const TOKEN = /^\/([^\s/]*)$/;

/**
 * The `/` menu above the prompt box: keyboard first (arrows, Enter or Tab inserts, Escape
 * closes), an ARIA listbox tied to the textarea with aria-activedescendant.
 */
export class SlashMenu {
  readonly el: HTMLElement;
  private commands: SlashCommand[] = [];
  private items: SlashCommand[] = [];
  private selected = 0;
  private open = false;
  /** Escape closes the menu until the token changes. */
  private dismissed: string | undefined;

  constructor(private readonly textarea: HTMLTextAreaElement) {
    this.el = h('ul', { class: 'slash-list', role: 'listbox', id: 'slash-list', 'aria-label': t('Slash commands'), hidden: true });
    this.textarea.setAttribute('aria-autocomplete', 'list');
    this.el.addEventListener('mousedown', (e) => {
      const li = (e.target as Element).closest<HTMLElement>('[data-index]');
      if (!li) return;
      e.preventDefault();
      this.accept(Number(li.dataset.index));
    });
  }

  setCommands(commands: SlashCommand[]): void {
    this.commands = commands;
    if (this.open || this.query() !== undefined) this.onInput();
  }

  get isOpen(): boolean {
    return this.open;
  }

  onInput(): void {
    const q = this.query();
    if (q === undefined || q === this.dismissed) {
      if (q === undefined) this.dismissed = undefined;
      return this.close();
    }
    this.dismissed = undefined;
    this.items = filterCommands(this.commands, q);
    this.selected = 0;
    this.open = this.items.length > 0;
    this.render();
  }

  /** Handles keys while the menu is open; returns true when it used the key. */
  onKey(e: KeyboardEvent): boolean {
    if (!this.open) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const n = this.items.length;
      this.selected = (this.selected + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      this.render();
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      this.accept(this.selected);
    } else if (e.key === 'Escape') {
      this.dismissed = this.query();
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
    return TOKEN.exec(before)?.[1];
  }

  private accept(index: number): void {
    const cmd = this.items[index];
    if (!cmd) return;
    const rest = this.textarea.value.slice(this.textarea.selectionStart).replace(/^\S*/, '');
    const head = `/${cmd.name} `;
    this.textarea.value = head + rest.replace(/^\s+/, '');
    this.textarea.setSelectionRange(head.length, head.length);
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
    this.textarea.setAttribute('aria-expanded', String(this.open));
    if (this.open) {
      this.textarea.setAttribute('aria-controls', 'slash-list');
      this.textarea.setAttribute('aria-activedescendant', `slash-${this.selected}`);
    } else {
      this.textarea.removeAttribute('aria-activedescendant');
    }
    this.el.replaceChildren(
      ...this.items.map((c, i) =>
        h(
          'li',
          { class: `slash-item${i === this.selected ? ' selected' : ''}`, role: 'option', id: `slash-${i}`, 'aria-selected': String(i === this.selected), 'data-index': String(i), title: c.description ?? '' },
          h('span', { class: 'slash-name' }, `/${c.name}`),
          c.argumentHint ? h('span', { class: 'slash-hint' }, ` ${c.argumentHint}`) : null,
          c.description ? h('span', { class: 'slash-desc' }, firstLine(c.description)) : null,
        ),
      ),
    );
    this.el.querySelector('.selected')?.scrollIntoView?.({ block: 'nearest' });
  }
}

/** Name prefix first, then alias prefix, then a name containing the query. */
export function filterCommands(commands: SlashCommand[], q: string): SlashCommand[] {
  const query = q.toLowerCase();
  const rank = (c: SlashCommand): number => {
    const name = c.name.toLowerCase();
    if (name.startsWith(query)) return 0;
    if (c.aliases?.some((a) => a.toLowerCase().startsWith(query))) return 1;
    if (name.includes(query)) return 2;
    return 3;
  };
  return commands
    .map((c, i) => ({ c, r: rank(c), i }))
    .filter((x) => x.r < 3)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, 50)
    .map((x) => x.c);
}

function firstLine(s: string): string {
  const line = s.split('\n')[0];
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}
