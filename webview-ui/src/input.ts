import { h, icon } from './dom';
import { t } from './l10n';
import { getState, postIntent, setState } from './vscodeApi';
import { MentionPicker } from './mentions';
import { SlashMenu } from './slashMenu';
import { AttachmentTray, imageFiles } from './attachments';
import { EditorChip } from './editorChip';
import type { ContextMentionKind, ImageAttachment, SlashCommand } from '../../src/shared/contract';

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
  /** "Edit and resend": the earlier prompt this text replaces. */
  private editOf: string | undefined;
  private readonly editBar: HTMLElement;
  private readonly slash: SlashMenu;
  private readonly tray = new AttachmentTray();
  private readonly chip = new EditorChip();
  /** Whether this focus/draft already told the host that a prompt is being composed. */
  private composingSaid = false;
  /** The host is putting text in the box (a deep link): its focus is not the user composing. */
  private quietFocus = false;
  /** What the host was last told about the box (see `save`). */
  private draftEmptySaid: boolean | undefined;

  constructor() {
    const saved = getState<Saved>();
    this.last = saved.last ?? '';
    this.textarea = h('textarea', { class: 'prompt-input', rows: 1, placeholder: t('Ask Claude… (Enter to send, Shift+Enter for a new line)'), 'aria-label': t('Prompt') });
    this.textarea.value = saved.draft ?? '';
    this.send = h('button', { class: 'icon-button send', title: t('Send (Enter)'), 'aria-label': t('Send'), 'data-action': 'send' }, icon('send'));
    this.stop = h('button', { class: 'icon-button stop', title: t('Stop (Escape)'), 'aria-label': t('Stop'), 'data-action': 'stop', hidden: true }, icon('debug-stop'));
    this.mentions = new MentionPicker(this.textarea);
    const cancel = h('button', { class: 'link-button', 'data-action': 'cancel-edit' }, t('Cancel'));
    cancel.addEventListener('click', () => this.editPrompt(undefined, ''));
    this.editBar = h('div', { class: 'edit-bar', hidden: true }, icon('edit'), h('span', null, ` ${t('Editing an earlier prompt: sending replaces it and what follows.')} `), cancel);
    this.slash = new SlashMenu(this.textarea);
    const attach = h('button', { class: 'icon-button attach', title: t('Attach images'), 'aria-label': t('Attach images'), 'data-action': 'attach' }, icon('file-media'));
    attach.addEventListener('click', () => postIntent({ type: 'pickImages' }));
    this.el = h('footer', { class: 'composer' }, this.slash.el, this.mentions.el, this.editBar, this.tray.el, this.chip.el, h('div', { class: 'input-wrap' }, this.textarea, h('div', { class: 'input-buttons' }, this.chip.toggle, attach, this.stop, this.send)));
    this.wireImages();
    // The full hint does not fit a narrow sidebar's box; cut, it would read "(Enter to send,".
    if (typeof ResizeObserver === 'function') {
      const long = this.textarea.placeholder;
      const ctx = document.createElement('canvas').getContext('2d');
      new ResizeObserver(() => {
        const style = getComputedStyle(this.textarea);
        const room = this.textarea.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        if (room <= 0 || !ctx) return;
        ctx.font = style.font;
        this.textarea.placeholder = ctx.measureText(long).width <= room ? long : t('Ask Claude…');
      }).observe(this.textarea);
    }

    this.textarea.addEventListener('keydown', (e) => this.onKey(e));
    this.textarea.addEventListener('input', () => {
      this.autosize();
      this.save();
      this.mentions.onInput();
      this.slash.onInput();
    });
    // The host may start Claude while the user types (pre-warm); once per focus is enough.
    this.textarea.addEventListener('focus', () => {
      if (!this.quietFocus) this.composing();
    });
    this.textarea.addEventListener('input', () => this.composing());
    this.textarea.addEventListener('blur', () => (this.composingSaid = false));
    this.send.addEventListener('click', () => this.submit());
    this.stop.addEventListener('click', () => postIntent({ type: 'stop' }));
    this.autosize();
    this.save();
  }

  setBusy(busy: boolean): void {
    this.stop.hidden = !busy;
  }

  focus(): void {
    this.textarea.focus();
  }

  /** `quiet`: the host filled it (a deep link), so taking the focus starts nothing (no pre-warm). */
  setText(text: string, quiet = false): void {
    this.textarea.value = text;
    this.autosize();
    this.save();
    this.quietFocus = quiet;
    try {
      this.focus();
    } finally {
      this.quietFocus = false;
    }
  }

  /** Enters (or, with no turn, leaves) edit mode for an earlier prompt. */
  editPrompt(turnId: string | undefined, text: string): void {
    this.editOf = turnId;
    this.editBar.hidden = turnId === undefined;
    this.setText(text);
  }

  /** Adds text (e.g. an editor selection) after what is already typed. */
  insert(text: string): void {
    const cur = this.textarea.value;
    this.setText(cur && !cur.endsWith('\n') ? `${cur}\n${text}` : cur + text);
  }

  mentionResults(requestId: number, items: string[], contexts: ContextMentionKind[] = []): void {
    this.mentions.results(requestId, items, contexts);
  }

  /** The selection chip's offer (see EditorChip). */
  editorContext(enabled: boolean, mention: string | undefined): void {
    this.chip.update(enabled, mention);
  }

  setCommands(commands: SlashCommand[]): void {
    this.slash.setCommands(commands);
  }

  addImages(images: ImageAttachment[]): void {
    this.tray.addEncoded(images);
  }

  /** Paste and drop put images in the tray; text pastes and drops stay the textarea's. */
  private wireImages(): void {
    this.textarea.addEventListener('paste', (e) => {
      const files = imageFiles(e.clipboardData);
      if (files.length === 0) return;
      e.preventDefault();
      void this.tray.addFiles(files);
    });
    this.el.addEventListener('dragover', (e) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    });
    this.el.addEventListener('drop', (e) => {
      const files = imageFiles(e.dataTransfer);
      if (files.length === 0) return;
      e.preventDefault();
      void this.tray.addFiles(files);
    });
  }

  private onKey(e: KeyboardEvent): void {
    if (e.isComposing) return;
    if (this.slash.onKey(e)) return;
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
    if (this.tray.busy) return; // an image is still being read
    if (!text.trim() && this.tray.count === 0) return;
    const images = this.tray.take();
    const sent = this.chip.attachTo(text);
    postIntent({ type: 'sendPrompt', text: sent, ...(images.length ? { images } : {}), ...(this.editOf ? { editOf: this.editOf } : {}) });
    this.editOf = undefined;
    this.editBar.hidden = true;
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
    // The host asks before a deep link replaces a draft; it hears only when emptiness changes.
    const empty = this.textarea.value.trim() === '';
    if (empty === this.draftEmptySaid) return;
    this.draftEmptySaid = empty;
    postIntent({ type: 'draft', empty });
  }
}
