import { h, icon } from './dom';
import { getState, postIntent, setState } from './vscodeApi';
import { MentionPicker } from './mentions';

interface Saved {
  draft: string;
  last: string;
}

/** The prompt box: Enter sends, Shift+Enter is a newline, Up recalls the last prompt when empty. */
export class InputBox {
  readonly el: HTMLElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly send: HTMLButtonElement;
  private readonly stop: HTMLButtonElement;
  private last: string;
  private readonly mentions: MentionPicker;
  /** Whether this focus/draft already told the host that a prompt is being composed. */
  private composingSaid = false;

  constructor() {
    const saved = getState<Saved>();
    this.last = saved.last ?? '';
    this.textarea = h('textarea', { class: 'prompt-input', rows: 1, placeholder: 'Ask Claude… (Enter to send, Shift+Enter for a new line)', 'aria-label': 'Prompt' });
    this.textarea.value = saved.draft ?? '';
    this.send = h('button', { class: 'icon-button send', title: 'Send (Enter)', 'aria-label': 'Send', 'data-action': 'send' }, icon('send'));
    this.stop = h('button', { class: 'icon-button stop', title: 'Stop (Escape)', 'aria-label': 'Stop', 'data-action': 'stop', hidden: true }, icon('debug-stop'));
    this.mentions = new MentionPicker(this.textarea);
    this.el = h('footer', { class: 'composer' }, this.mentions.el, h('div', { class: 'input-wrap' }, this.textarea, h('div', { class: 'input-buttons' }, this.stop, this.send)));

    this.textarea.addEventListener('keydown', (e) => this.onKey(e));
    this.textarea.addEventListener('input', () => {
      this.autosize();
      this.save();
      this.mentions.onInput();
    });
    // The host may start Claude while the user types (pre-warm); once per focus is enough.
    this.textarea.addEventListener('focus', () => this.composing());
    this.textarea.addEventListener('input', () => this.composing());
    this.textarea.addEventListener('blur', () => (this.composingSaid = false));
    this.send.addEventListener('click', () => this.submit());
    this.stop.addEventListener('click', () => postIntent({ type: 'stop' }));
    this.autosize();
  }

  setBusy(busy: boolean): void {
    this.stop.hidden = !busy;
  }

  focus(): void {
    this.textarea.focus();
  }

  setText(text: string): void {
    this.textarea.value = text;
    this.autosize();
    this.save();
    this.focus();
  }

  /** Adds text (e.g. an editor selection) after what is already typed. */
  insert(text: string): void {
    const cur = this.textarea.value;
    this.setText(cur && !cur.endsWith('\n') ? `${cur}\n${text}` : cur + text);
  }

  mentionResults(requestId: number, items: string[]): void {
    this.mentions.results(requestId, items);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.isComposing) return;
    if (this.mentions.onKey(e)) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      this.submit();
    } else if (e.key === 'ArrowUp' && this.textarea.value === '' && this.last) {
      e.preventDefault();
      this.setText(this.last);
    }
  }

  private composing(): void {
    if (this.composingSaid) return;
    this.composingSaid = true;
    postIntent({ type: 'composing' });
  }

  private submit(): void {
    const text = this.textarea.value;
    if (!text.trim()) return;
    postIntent({ type: 'sendPrompt', text });
    this.composingSaid = false;
    this.last = text;
    this.textarea.value = '';
    this.autosize();
    this.save();
  }

  private autosize(): void {
    this.textarea.style.height = 'auto';
    this.textarea.style.height = `${Math.min(this.textarea.scrollHeight, 240)}px`;
  }

  private save(): void {
    setState<Saved>({ draft: this.textarea.value, last: this.last });
  }
}
