import type { QueuedPrompt } from '../../src/shared/contract';
import { h, icon } from './dom';
import { t } from './l10n';
import { postIntent } from './vscodeApi';

/**
 * Prompts sent while Claude works, as chips above the prompt box.
 * The host holds them (they survive the view being hidden and a window reload) and sends the
 * next when a turn ends on its own; a chip can go back into the box (Edit), be removed, or be
 * sent now (the host interrupts the turn first). The panel only shows them and asks.
 */
export class QueueChips {
  readonly el: HTMLElement;
  private readonly list: HTMLElement;

  constructor() {
    this.list = h('ul', { class: 'queue-list', 'aria-label': t('Queued prompts') });
    this.el = h('section', { class: 'queue', hidden: true }, this.list);
    this.el.addEventListener('click', (e) => {
      const button = (e.target as Element).closest<HTMLButtonElement>('button[data-queue-action]');
      const id = button?.closest<HTMLElement>('[data-queue-id]')?.dataset.queueId;
      const action = button?.dataset.queueAction;
      if (!id || (action !== 'edit' && action !== 'remove' && action !== 'sendNow')) return;
      // One click is one request: the host answers with the new list.
      for (const b of button.closest('.queue-chip')?.querySelectorAll('button') ?? []) b.disabled = true;
      postIntent({ type: 'queueAction', id, action });
    });
  }

  update(items: readonly QueuedPrompt[]): void {
    this.el.hidden = items.length === 0;
    this.list.replaceChildren(...items.map((item, i) => this.chip(item, i + 1)));
  }

  private chip(item: QueuedPrompt, n: number): HTMLElement {
    const oneLine = item.text.replace(/\s+/g, ' ').trim();
    const label = oneLine || t('(images only)');
    const images = item.images ? ` ${t('+{0} image(s)', item.images)}` : '';
    const button = (action: string, codicon: string, text: string, title: string) =>
      h('button', { class: 'icon-button', 'data-queue-action': action, title, 'aria-label': `${title}: ${label.slice(0, 80)}` }, icon(codicon), h('span', { class: 'queue-button-label' }, text));
    return h(
      'li',
      { class: 'queue-chip', 'data-queue-id': item.id },
      icon('clock', 'queue-icon'),
      h('span', { class: 'queue-text', title: item.text }, h('span', { class: 'sr-only' }, `${t('Queued prompt {0}:', n)} `), label, images),
      button('edit', 'edit', t('Edit'), t('Edit: back into the prompt box')),
      button('sendNow', 'run', t('Send now'), t('Send now: stop the current turn and send this')),
      button('remove', 'close', '', t('Remove from the queue')),
    );
  }
}
