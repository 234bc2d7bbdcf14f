import type { ChatTab, HostMessage } from '../../src/shared/contract';
import { h, icon } from './dom';
import { postIntent, setState } from './vscodeApi';
import { t as tr } from './l10n';

type ChatsMessage = Extract<HostMessage, { type: 'chats' }>;

function stateText(state: ChatTab['state']): string {
  switch (state) {
    case 'idle':
      return '';
    case 'running':
      return tr('running');
    case 'permission':
      return tr('waiting for permission');
    case 'error':
      return tr('error');
  }
}

/** Below this width the tab strip gives way to one button that opens VS Code's quick pick. */
const NARROW_PX = 240;

/**
 * The folder's open chats as tabs (several chats): switch, New Chat, rename
 * (double-click or F2: the host asks in an input box), close. Each tab shows the chat's state and
 * unread output. An editor-tab chat (`fixed`) shows none of this. Display only: the host decides.
 */
export class ChatTabs {
  readonly el: HTMLElement;
  private readonly strip: HTMLElement;
  private readonly picker: HTMLButtonElement;

  constructor() {
    this.strip = h('div', { class: 'chat-tab-strip', role: 'tablist', 'aria-label': tr('Chats') });
    this.picker = h('button', { class: 'chat-picker', title: tr('Switch chat'), 'data-action': 'pick-chat' });
    this.picker.addEventListener('click', () => postIntent({ type: 'pickChat' }));
    const add = h('button', { class: 'icon-button chat-new', title: tr('New Chat'), 'aria-label': tr('New Chat'), 'data-action': 'open-chat' }, icon('add'));
    add.addEventListener('click', () => postIntent({ type: 'openChat' }));
    this.el = h('nav', { class: 'chat-tabs', hidden: true }, this.strip, this.picker, add);
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(() => this.el.classList.toggle('narrow', this.el.clientWidth > 0 && this.el.clientWidth < NARROW_PX)).observe(this.el);
    }
  }

  update(msg: ChatsMessage): void {
    // An editor tab keeps which chat it shows, so a window reload finds it again.
    if (msg.ref) setState({ chatRef: msg.ref });
    this.el.hidden = msg.fixed || msg.chats.length === 0;
    if (this.el.hidden) return;
    this.strip.replaceChildren(...msg.chats.map((t) => this.tab(t, t.id === msg.shown)));
    const shown = msg.chats.find((t) => t.id === msg.shown);
    const others = msg.chats.filter((t) => t.id !== msg.shown && (t.unread || t.state !== 'idle')).length;
    const parts: Node[] = [h('span', { class: 'chat-title' }, shown?.title ?? tr('Chats'))];
    if (others) parts.push(h('span', { class: 'chat-badge', title: tr('{0} other chat(s) running or with new output', others) }, String(others)));
    parts.push(icon('chevron-down'));
    this.picker.replaceChildren(...parts);
  }

  private tab(t: ChatTab, selected: boolean): HTMLElement {
    const state = stateText(t.state);
    const tasks = t.tasks ? tr('{0} background task(s) running', t.tasks) : '';
    const label = [t.title, state, tasks, t.unread ? tr('new output') : ''].filter(Boolean).join(', ');
    const select = h(
      'button',
      { class: 'chat-tab-button', role: 'tab', 'aria-selected': selected ? 'true' : 'false', 'aria-label': label, title: `${label}\n${tr('Double-click or F2 to rename')}`, 'data-chat-id': t.id },
      h('span', { class: `chat-state chat-state-${t.state}`, 'aria-hidden': 'true' }),
      h('span', { class: 'chat-title' }, t.title),
      t.tasks ? h('span', { class: 'chat-tasks', 'aria-hidden': 'true' }, icon('server-process'), String(t.tasks)) : null,
      t.unread ? h('span', { class: 'chat-unread', 'aria-hidden': 'true' }) : null,
    );
    select.addEventListener('click', () => postIntent({ type: 'switchChat', id: t.id }));
    select.addEventListener('dblclick', () => postIntent({ type: 'renameChat', id: t.id }));
    select.addEventListener('keydown', (e) => {
      if (e.key === 'F2') {
        e.preventDefault();
        postIntent({ type: 'renameChat', id: t.id });
      }
    });
    const close = h('button', { class: 'icon-button chat-close', title: tr('Close {0}', t.title), 'aria-label': tr('Close {0}', t.title), 'data-action': 'close-chat' }, icon('close'));
    close.addEventListener('click', () => postIntent({ type: 'closeChat', id: t.id }));
    return h('div', { class: `chat-tab state-${t.state}${selected ? ' selected' : ''}${t.unread ? ' unread' : ''}`, 'data-chat-id': t.id }, select, close);
  }
}
