import { h, icon } from './dom';
import { t } from './l10n';
import { postIntent } from './vscodeApi';

/**
 * The selection chip above the prompt box: the active editor's file, or its selected lines, as
 * the host offers them (`editorContext`). A send adds the chip's mention to the prompt only
 * while the chip shows, so nothing goes along unseen, and the transcript's echo shows it.
 * Removing the chip holds for the next send; the eye toggle turns the offer off for the chat.
 */
export class EditorChip {
  readonly el: HTMLElement;
  /** The eye toggle, for the prompt box's buttons. */
  readonly toggle: HTMLButtonElement;
  private readonly text: HTMLElement;
  private readonly remove: HTMLButtonElement;
  private enabled = false;
  private mention: string | undefined;
  /** Removed by the user: not sent with the next prompt. */
  private dismissed = false;

  constructor() {
    this.text = h('span', { class: 'editor-chip-text' });
    this.remove = h('button', { class: 'icon-button editor-chip-remove', 'data-action': 'remove-editor-context' }, icon('close'));
    this.remove.addEventListener('click', () => {
      this.dismissed = true;
      this.render();
    });
    this.el = h('div', { class: 'editor-chip', hidden: true }, icon('file-code'), this.text, this.remove);
    this.toggle = h('button', { class: 'icon-button editor-toggle', 'data-action': 'toggle-editor-context', 'aria-label': t("Offer the active editor's file and selection"), 'aria-pressed': 'false' }, icon('eye-closed'));
    this.toggle.addEventListener('click', () => {
      // Shown at once; the host saves it with the chat and answers with the chip.
      this.enabled = !this.enabled;
      this.render();
      postIntent({ type: 'editorContextToggle', on: this.enabled });
    });
    this.render();
  }

  /** The host's offer for the shown chat. */
  update(enabled: boolean, mention: string | undefined): void {
    this.enabled = enabled;
    this.mention = mention;
    this.render();
  }

  /**
   * The prompt to send: with the chip's mention on a line of its own while the chip shows.
   * A slash command keeps its text (the mention would become its arguments), and so does a
   * prompt that already has that mention. A send brings a removed chip back.
   */
  attachTo(text: string): string {
    const mention = this.shown ? this.mention : undefined;
    if (text.trimStart().startsWith('/')) return text;
    this.dismissed = false;
    this.render();
    if (!mention || text.includes(mention)) return text;
    return text.trim() ? `${text.replace(/\s+$/, '')}\n\n${mention}` : mention;
  }

  private get shown(): boolean {
    return this.enabled && this.mention !== undefined && !this.dismissed;
  }

  private render(): void {
    this.el.hidden = !this.shown;
    const label = (this.mention ?? '').replace(/^@"?|"$/g, '');
    this.text.textContent = label;
    this.text.title = t('Sent with the next prompt as {0}', this.mention ?? '');
    this.remove.title = t('Do not send this with the next prompt');
    this.remove.setAttribute('aria-label', t('Do not send {0} with the next prompt', label));
    this.toggle.setAttribute('aria-pressed', String(this.enabled));
    this.toggle.title = this.enabled ? t("The active editor's file and selection are offered with each prompt (click to stop)") : t("Offer the active editor's file and selection with each prompt");
    this.toggle.replaceChildren(icon(this.enabled ? 'eye' : 'eye-closed'));
  }
}
