import type { ContextMentionKind } from '../../src/shared/contract';
import { h } from './dom';
import { t } from './l10n';
import { PopupList, replacePrompt } from './popupList';
import { postIntent } from './vscodeApi';

/** A file or folder path, or one of the host's context entries (`@problems`…), expanded at send time. */
type MentionItem = { path: string } | { context: ContextMentionKind };

function contextDescription(kind: ContextMentionKind): string {
  switch (kind) {
    case 'problems':
      return t('errors and warnings in the workspace');
    case 'terminal':
      return t('the last command in the terminal and its output');
    case 'git':
      return t('the working tree’s changes (git diff)');
  }
}

const TOKEN = /(^|\s)@([^\s@]*)$/;

/** The `@` file picker under the prompt box. The host searches; stale answers are ignored. */
export class MentionPicker {
  private readonly list: PopupList<MentionItem>;
  private requestId = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly textarea: HTMLTextAreaElement) {
    this.list = new PopupList(textarea, {
      className: 'mention-list',
      id: 'mention-list',
      label: t('Files and folders'),
      render: (item) =>
        'path' in item
          ? { content: [item.path], title: item.path }
          : { content: [`@${item.context}`, h('span', { class: 'mention-description' }, ` ${contextDescription(item.context)}`)], title: contextDescription(item.context) },
      accept: (item) => this.insert('path' in item ? item.path : item.context),
    });
  }

  get el(): HTMLElement {
    return this.list.el;
  }

  /** Called on every input; asks the host when the caret sits in an `@word`. */
  onInput(): void {
    const query = this.query();
    clearTimeout(this.timer);
    if (query === undefined) {
      this.list.close();
      return;
    }
    this.timer = setTimeout(() => postIntent({ type: 'mentionQuery', requestId: ++this.requestId, query }), 80);
  }

  results(requestId: number, items: string[], contexts: ContextMentionKind[] = []): void {
    if (requestId !== this.requestId || this.query() === undefined) return;
    this.list.show([...contexts.map((context) => ({ context })), ...items.map((path) => ({ path }))]);
  }

  /** Handles keys while the list is open; returns true when it used the key. */
  onKey(e: KeyboardEvent): boolean {
    return this.list.onKey(e);
  }

  private query(): string | undefined {
    const before = this.textarea.value.slice(0, this.textarea.selectionStart);
    return TOKEN.exec(before)?.[2];
  }

  private insert(path: string): void {
    const caret = this.textarea.selectionStart;
    const m = TOKEN.exec(this.textarea.value.slice(0, caret));
    if (!m) return;
    // A folder stays open for typing on into it; the CLI takes a range inside the quotes.
    const quoted = /\s/.test(path);
    const ref = `@${quoted ? `"${path}"` : path}${path.endsWith('/') && !quoted ? '' : ' '}`;
    replacePrompt(this.textarea, caret - m[2].length - 1, caret, ref);
  }
}
