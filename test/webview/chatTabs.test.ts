import assert from 'node:assert/strict';
import type { ChatTab } from '../../src/shared/contract';
import { useHarness, type WebviewPage } from './harness';

const tab = (id: string, title: string, extra: Partial<ChatTab> = {}): ChatTab => ({ id, title, state: 'idle', unread: false, focused: false, ...extra });

describe('webview: the chat list (several chats)', () => {
  const harness = useHarness();
  let wp: WebviewPage;

  afterEach(() => wp.closeClean());

  it('shows each chat with its state and unread output; the tabs only ask the host', async () => {
    wp = await harness.open();
    await wp.snapshot([]);
    await wp.host({
      type: 'chats',
      fixed: false,
      shown: 'b',
      chats: [tab('a', 'Chat 1', { state: 'running', unread: true }), tab('b', 'Chat 2', { focused: true }), tab('c', 'Chat 3', { state: 'permission' }), tab('d', 'Chat 4', { state: 'error' })],
    });
    await wp.settle();
    const tabs = wp.page.locator('.chat-tab');
    assert.equal(await tabs.count(), 4);
    assert.equal(await wp.page.locator('.chat-tab.selected .chat-title').textContent(), 'Chat 2');
    assert.equal(await tabs.nth(0).locator('.chat-state-running').count(), 1);
    assert.equal(await tabs.nth(0).locator('.chat-unread').count(), 1);
    assert.equal(await tabs.nth(2).locator('.chat-state-permission').count(), 1);
    assert.equal(await tabs.nth(3).locator('.chat-state-error').count(), 1);
    assert.equal(await tabs.nth(0).locator('[role="tab"]').getAttribute('aria-label'), 'Chat 1, running, new output');
    assert.equal(await wp.page.locator('.header [data-action="new-chat"]').isVisible(), false, 'one New Chat button, in the chat list');

    await wp.clearPosted();
    await tabs.nth(0).locator('.chat-tab-button').click();
    await tabs.nth(2).locator('.chat-tab-button').dblclick();
    await tabs.nth(3).locator('.chat-close').click();
    await wp.page.locator('[data-action="open-chat"]').click();
    await tabs.nth(1).locator('.chat-tab-button').focus();
    await wp.page.keyboard.press('F2');
    const posted = (await wp.posted()).filter((m) => m.type !== 'ready');
    assert.deepEqual(
      // A double-click is also two clicks, which switch to that chat first.
      posted.filter((m) => !(m.type === 'switchChat' && m.id === 'c')),
      [
        { type: 'switchChat', id: 'a' },
        { type: 'renameChat', id: 'c' },
        { type: 'closeChat', id: 'd' },
        { type: 'openChat' },
        { type: 'renameChat', id: 'b' },
      ],
    );
  });

  it('a narrow panel shows one picker button; an editor-tab chat shows no list', async () => {
    wp = await harness.open('dark', { width: 200, height: 600 });
    await wp.snapshot([]);
    await wp.host({ type: 'chats', fixed: false, shown: 'a', chats: [tab('a', 'Chat 1', { focused: true }), tab('b', 'Chat 2', { state: 'running' })] });
    await wp.settle();
    const picker = wp.page.locator('.chat-picker');
    await picker.waitFor({ state: 'visible' });
    assert.equal(await wp.page.locator('.chat-tab-strip').isVisible(), false);
    assert.match((await picker.textContent()) ?? '', /Chat 1\s*1/);
    await wp.clearPosted();
    await picker.click();
    assert.deepEqual(await wp.posted(), [{ type: 'pickChat' }]);

    await wp.host({ type: 'chats', fixed: true, shown: 'a', chats: [tab('a', 'Chat 1')], ref: { folder: '/w', id: 'a' } });
    await wp.settle();
    assert.equal(await wp.page.locator('nav.chat-tabs').isVisible(), false);
    assert.equal(await wp.page.locator('.header [data-action="new-chat"]').isVisible(), true);
  });
});
