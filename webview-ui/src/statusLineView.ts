import { h } from './dom';

/**
 * The user's `statusLine` command's output under the prompt box, as their terminal shows it
 * below Claude Code's prompt. The host strips ANSI and control characters; this sets it as text.
 */
export class StatusLineView {
  readonly el: HTMLElement;

  constructor() {
    this.el = h('div', { class: 'status-line', hidden: true });
  }

  update(text: string | undefined): void {
    const value = text ?? '';
    this.el.hidden = value === '';
    if (this.el.textContent !== value) this.el.textContent = value;
    this.el.title = value;
  }
}
