import type { SlashCommand } from '../../src/shared/contract';
import { h } from './dom';
import { t } from './l10n';
import { PopupList, replacePrompt } from './popupList';

/** The `/name` being typed: only at the very start of the prompt, caret still inside it. */
const TOKEN = /^\/([^\s/]*)$/;

/** The `/` menu above the prompt box (keys and ARIA: src/popupList.ts). */
export class SlashMenu {
  private readonly list: PopupList<SlashCommand>;
  private commands: SlashCommand[] = [];
  /** Escape closes the menu until the token changes. */
  private dismissed: string | undefined;

  constructor(private readonly textarea: HTMLTextAreaElement) {
    this.list = new PopupList(textarea, {
      className: 'slash-list',
      id: 'slash-list',
      label: t('Slash commands'),
      render: (c) => ({
        title: c.description ?? '',
        content: [
          h('span', { class: 'slash-name' }, `/${c.name}`),
          c.argumentHint ? h('span', { class: 'slash-hint' }, ` ${c.argumentHint}`) : null,
          c.description ? h('span', { class: 'slash-desc' }, firstLine(c.description)) : null,
        ],
      }),
      accept: (c) => this.insert(c),
      dismissed: () => (this.dismissed = this.query()),
    });
  }

  get el(): HTMLElement {
    return this.list.el;
  }

  setCommands(commands: SlashCommand[]): void {
    this.commands = commands;
    if (this.list.isOpen || this.query() !== undefined) this.onInput();
  }

  get isOpen(): boolean {
    return this.list.isOpen;
  }

  onInput(): void {
    const q = this.query();
    if (q === undefined || q === this.dismissed) {
      if (q === undefined) this.dismissed = undefined;
      return this.list.close();
    }
    this.dismissed = undefined;
    this.list.show(filterCommands(this.commands, q));
  }

  /** Handles keys while the menu is open; returns true when it used the key. */
  onKey(e: KeyboardEvent): boolean {
    return this.list.onKey(e);
  }

  private query(): string | undefined {
    const before = this.textarea.value.slice(0, this.textarea.selectionStart);
    return TOKEN.exec(before)?.[1];
  }

  private insert(cmd: SlashCommand): void {
    // The whole first word becomes the command; what follows it stays, without leading blanks.
    const after = this.textarea.value.slice(this.textarea.selectionStart).replace(/^\S*/, '');
    const rest = after.replace(/^\s+/, '');
    replacePrompt(this.textarea, 0, this.textarea.value.length - rest.length, `/${cmd.name} `);
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
