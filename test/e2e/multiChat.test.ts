// Real VS Code (code-server) + the VSIX + the real `claude` CLI + our scripted model server:
// several chats in the panel at once, and a chat in an editor tab across a window reload.
import assert from 'node:assert/strict';
import { useVsCode, waitFor } from './support';

describe('e2e: several chats and an editor-tab chat in real VS Code', function () {
  const vs = useVsCode({ name: 'multi' });
  const tabs = () => vs.webview.locator('.chat-tab');

  it('two chats in the panel stream at once; Stop in one leaves the other streaming', async function () {
    this.timeout(180_000);
    await vs.openView();
    await vs.send('first chat SCENARIO:slow:10');
    await vs.assistant().first().waitFor({ timeout: 60_000 });
    await tabs().first().waitFor();
    assert.equal(await tabs().count(), 1);

    await vs.webview.locator('[data-action="open-chat"]').click();
    await waitFor('a second tab', async () => (await tabs().count()) === 2);
    await waitFor('the new chat is shown empty', async () => (await vs.assistant().count()) === 0);
    await vs.send('second chat SCENARIO:slow:10');
    await vs.assistant().first().waitFor({ timeout: 60_000 });
    // Chat 1 streams in the background: its tab says so, and two processes run.
    await tabs().nth(0).and(vs.webview.locator('.chat-tab.state-running')).waitFor({ timeout: 15_000 });
    assert.equal(vs.pids().length, 2, 'one claude process per chat');
    await vs.screenshot('two-chats-streaming');

    await vs.webview.locator('button.stop').click();
    await vs.webview.locator('.entry.turn-end.outcome-interrupted').waitFor({ timeout: 30_000 });
    assert.equal(await tabs().nth(0).locator('.chat-state-running').count(), 1, 'chat 1 is still running');

    await tabs().nth(0).locator('.chat-tab-button').click();
    await vs.webview.getByText('first chat SCENARIO:slow:10').waitFor({ timeout: 15_000 });
    await vs.webview.locator('.entry.turn-end.outcome-success').waitFor({ timeout: 60_000 });
    assert.equal(await vs.webview.locator('.entry.turn-end.outcome-interrupted').count(), 0, 'the Stop in chat 2 did not reach chat 1');
    await vs.screenshot('first-chat-finished');
  });

  it('a chat opened in an editor tab survives Developer: Reload Window', async function () {
    this.timeout(240_000);
    await vs.palette('Claude: Open Chat in Editor');
    const tab = vs.page.locator('.tabs-container .tab', { hasText: 'Claude: Chat 1' });
    await tab.waitFor({ timeout: 30_000 });
    let frame = await vs.chatFrame('editor');
    await frame.getByText('first chat SCENARIO:slow:10').waitFor({ timeout: 30_000 });
    await vs.screenshot('editor-chat');

    await vs.palette('Developer: Reload Window');
    await vs.page.waitForLoadState('domcontentloaded');
    await vs.page.locator('.tabs-container .tab', { hasText: 'Claude: Chat 1' }).waitFor({ timeout: 90_000 });
    frame = await vs.chatFrame('editor');
    // The restored tab shows the same chat, read back from the CLI's transcript.
    await frame.getByText('first chat SCENARIO:slow:10').waitFor({ timeout: 60_000 });
    await vs.screenshot('editor-chat-after-reload');

    // It still talks to Claude: a prompt typed there resumes that conversation.
    const input = frame.locator('textarea.prompt-input');
    await input.fill('after reload SCENARIO:text:Still here after the reload.');
    await input.press('Enter');
    await frame.getByText('Still here after the reload.').waitFor({ timeout: 60_000 });
  });

  it('New Chat from an editor-tab chat opens in a tab beside it; from the sidebar it stays in the sidebar', async function () {
    this.timeout(240_000);
    const editorTabs = vs.page.locator('.tabs-container .tab', { hasText: 'Claude: Chat' });
    const activeTab = vs.page.locator('.tabs-container .tab.active');
    assert.equal(await editorTabs.count(), 1, 'the editor-tab chat of the test before');

    // The New Chat button inside the editor-tab chat.
    const first = await vs.chatFrame('editor', { has: 'first chat SCENARIO:slow:10' });
    await first.locator('[data-action="new-chat"]').click();
    await waitFor('a second editor-tab chat', async () => (await editorTabs.count()) === 2, 30_000);
    await activeTab.filter({ hasText: 'Claude: Chat 3' }).waitFor({ timeout: 30_000 });
    // The new tab is a chat of its own: empty, and it talks to Claude.
    const fresh = await vs.chatFrame('editor', { lacks: 'first chat SCENARIO:slow:10' });
    const input = fresh.locator('textarea.prompt-input');
    await input.click();
    await input.fill('SCENARIO:text:Hello from the new tab.');
    await input.press('Enter');
    await fresh.getByText('Hello from the new tab.').waitFor({ timeout: 60_000 });
    await vs.screenshot('new-chat-beside-editor-chat');

    // "Claude: New Chat" from the palette while that tab has the focus: another tab.
    await vs.palette('Claude: New Chat');
    await waitFor('a third editor-tab chat', async () => (await editorTabs.count()) === 3, 30_000);
    await activeTab.filter({ hasText: 'Claude: Chat 4' }).waitFor({ timeout: 30_000 });
    // The new tab's prompt box takes the focus (wait for it: it would take the next palette's keys).
    await waitFor('the new tab focusing its prompt box', async () => {
      for (const f of vs.page.frames()) {
        const focused = await f.evaluate("document.activeElement?.matches('textarea.prompt-input') && document.hasFocus()").catch(() => false);
        if (focused) return true;
      }
      return undefined;
    }, 30_000);

    // From the sidebar (an editor-tab chat still the active editor), New Chat and the tab strip's + stay in the sidebar.
    await vs.palette('Claude: Focus Chat');
    const sidebar = await vs.chatFrame('sidebar');
    const sidebarTabs = sidebar.locator('.chat-tab');
    const listed = await sidebarTabs.count();
    await vs.palette('Claude: New Chat');
    await waitFor('a new chat in the sidebar', async () => (await sidebarTabs.count()) === listed + 1, 30_000);
    await sidebar.locator('.chat-tab.selected', { hasText: 'Chat 5' }).waitFor({ timeout: 30_000 });
    await sidebar.locator('[data-action="open-chat"]').click();
    await waitFor('another new chat in the sidebar', async () => (await sidebarTabs.count()) === listed + 2, 30_000);
    assert.equal(await editorTabs.count(), 3, 'no editor tab was opened from the sidebar');
    await vs.screenshot('new-chat-in-sidebar');

    // Stop from the palette while working in the sidebar stops the sidebar's chat, although an
    // (idle) editor-tab chat is still the active editor.
    const box = sidebar.locator('textarea.prompt-input');
    await box.click();
    await box.fill('sidebar turn SCENARIO:slow:20');
    await box.press('Enter');
    await sidebar.locator('.entry.assistant').first().waitFor({ timeout: 60_000 });
    await vs.palette('Claude: Stop Claude turn');
    await sidebar.locator('.entry.turn-end.outcome-interrupted').waitFor({ timeout: 30_000 });
  });

  it('the panel works when dragged to the secondary side bar', async function () {
    this.timeout(180_000);
    if (!vs.page.url().startsWith('http')) await vs.openView();
    // One chat webview on the page: the editor-tab chat of the test before is closed.
    await vs.palette('View: Close All Editors');
    await vs.showView();
    // "View: Move View" asks which view, then where to; the palette stays open between the steps.
    const pick = async (text: string, row: string) => {
      const input = vs.page.locator('.quick-input-widget input[type="text"], .quick-input-widget .quick-input-box input').first();
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill(text);
      const item = vs.page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first();
      await item.waitFor({ timeout: 15_000 });
      await item.click();
    };
    await vs.page.locator('.monaco-workbench').first().click({ position: { x: 700, y: 5 } }).catch(() => {});
    await vs.page.keyboard.press('F1');
    await pick('>View: Move View', 'View: Move View');
    await pick('Chat', 'Chat');
    await pick('Secondary Side Bar', 'Secondary Side Bar');
    const aux = vs.page.locator('.part.auxiliarybar');
    await aux.waitFor({ state: 'visible', timeout: 30_000 });
    await aux.locator('iframe.webview, .webview').first().waitFor({ timeout: 30_000 }).catch(() => undefined);
    await vs.palette('Claude: Focus Chat');
    await vs.input.waitFor({ timeout: 60_000 });
    await vs.screenshot('secondary-side-bar');
    // The webview in the secondary side bar is ours, with its chat list, and it streams.
    // Webviews are overlaid, not DOM children of their part: compare where they are on screen.
    const part = await aux.boundingBox();
    const input = await vs.input.boundingBox();
    assert.ok(part && input, 'both are on screen');
    const cx = input.x + input.width / 2;
    assert.ok(cx > part.x && cx < part.x + part.width, `the prompt box (x ${cx}) is inside the secondary side bar (${part.x}..${part.x + part.width})`);
    assert.ok((await tabs().count()) >= 1);
    await vs.send('SCENARIO:text:Hello from the secondary side bar.');
    await vs.assistant().filter({ hasText: 'Hello from the secondary side bar.' }).first().waitFor({ timeout: 60_000 });
  });
});
