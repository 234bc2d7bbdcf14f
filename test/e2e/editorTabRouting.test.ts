// Real VS Code (code-server) + the VSIX + the real `claude` CLI + our scripted model server:
// the pickers in an editor-tab chat's header act on that chat, never on the sidebar's.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { useVsCode, waitFor } from './support';

describe("e2e: an editor-tab chat's header pickers act on that chat", function () {
  // A user MCP server whose command does not exist: listed (failed) without a process of its
  // own. Blocking connection: the first turn's init already reports it.
  const vs = useVsCode({ name: 'route', env: { MCP_CONNECTION_NONBLOCKING: '0' } });
  const quickPick = () => vs.page.locator('.quick-input-widget');
  const row = (label: string) => vs.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  const model = (f: Frame) => f.locator('.header button.model').textContent();
  const mode = (f: Frame) => f.locator('.header button.mode').textContent();
  const mcp = (f: Frame) => f.locator('.header button.mcp').getAttribute('title');

  let editor: Frame;
  let sidebar: Frame;

  it('the model, permission-mode and MCP picks in an editor-tab chat change it and leave the sidebar chat alone', async function () {
    this.timeout(420_000);
    mkdirSync(join(vs.sandbox.home, '.claude'), { recursive: true });
    writeFileSync(join(vs.sandbox.home, '.claude', '.claude.json'), JSON.stringify({ mcpServers: { broken: { command: join(vs.sandbox.root, 'no-such-binary') } } }));

    await vs.openView();
    await vs.send('sidebar chat SCENARIO:text:The sidebar answers.');
    await vs.webview.getByText('The sidebar answers.').waitFor({ timeout: 60_000 });

    // Chat 1 in a tab, then a new chat (Chat 2) beside it: the sidebar keeps showing Chat 1.
    await vs.palette('Claude: Open Chat in Editor');
    const first = await vs.chatFrame('editor', { has: 'The sidebar answers.' });
    await first.locator('[data-action="new-chat"]').click();
    await vs.page.locator('.tabs-container .tab.active', { hasText: 'Claude: Chat 2' }).waitFor({ timeout: 30_000 });
    editor = await vs.chatFrame('editor', { lacks: 'The sidebar answers.' });
    const input = editor.locator('textarea.prompt-input');
    await input.click();
    await input.fill('editor chat SCENARIO:text:The editor tab answers.');
    await input.press('Enter');
    await editor.getByText('The editor tab answers.').waitFor({ timeout: 60_000 });
    // The MCP button is on the header's second line: attached, shown once the header expands.
    await editor.locator('.header button.mcp').waitFor({ state: 'attached', timeout: 30_000 });
    sidebar = await vs.chatFrame('sidebar', { has: 'The sidebar answers.' });
    await sidebar.locator('.header button.mcp').waitFor({ state: 'attached', timeout: 30_000 });
    const before = { model: await model(sidebar), mode: await mode(sidebar), mcp: await mcp(sidebar) };
    const editorModel = await model(editor);
    await vs.screenshot('before-picks');

    // The model picker in the editor tab's header.
    await editor.locator('.header button.model').click();
    await quickPick().first().waitFor({ timeout: 15_000 });
    await vs.page.keyboard.type('haiku');
    await row('aiku').click({ timeout: 15_000 });
    await waitFor("the editor-tab chat's model changed", async () => (await model(editor)) !== editorModel, 30_000);

    // The permission-mode picker.
    await editor.locator('.header button.mode').click();
    await row('plan').click({ timeout: 15_000 });
    await waitFor("the editor-tab chat's mode is Plan", async () => (await mode(editor)) === 'Plan mode', 30_000);

    // The MCP pick: disable the broken server in this chat.
    if (await editor.locator('.header-more').isVisible()) await editor.locator('.header-more').click();
    await editor.locator('.header button.mcp').click();
    await row('broken').click({ timeout: 30_000 });
    await row('Disable').click({ timeout: 15_000 });
    await waitFor("the editor-tab chat's MCP server is disabled", async () => (await mcp(editor))?.includes('disabled') === true, 30_000);
    await vs.screenshot('after-picks');

    // The sidebar's chat (Chat 1) is as it was.
    assert.deepEqual({ model: await model(sidebar), mode: await mode(sidebar), mcp: await mcp(sidebar) }, before, "the sidebar chat's header did not change");
  });

  it("the palette acts on the editor-tab chat the user works in; the view's title-bar menu on the sidebar's chat", async function () {
    this.timeout(240_000);
    // Working in the editor tab (a click in it), then the palette.
    await editor.locator('textarea.prompt-input').click();
    await vs.palette('Claude: Select Permission Mode');
    await row('acceptEdits').click({ timeout: 15_000 });
    await waitFor("the editor-tab chat's mode is Accept edits", async () => (await mode(editor)) === 'Accept edits', 30_000);
    assert.equal(await mode(sidebar), 'Ask before edits', "the palette left the sidebar's chat alone");

    // The sidebar's own title-bar menu, while the editor tab still has the focus.
    await vs.page.locator('.part.sidebar .title-actions [aria-label*="More Actions"]').first().click({ timeout: 15_000 });
    await vs.page.locator('.monaco-menu .action-item', { hasText: 'Select Permission Mode' }).first().click({ timeout: 15_000 });
    await row('plan').click({ timeout: 15_000 });
    await waitFor("the sidebar chat's mode is Plan", async () => (await mode(sidebar)) === 'Plan mode', 30_000);
    assert.equal(await mode(editor), 'Accept edits', "the view's menu left the editor-tab chat alone");
    await vs.screenshot('palette-and-view-menu');
  });

  it("Ctrl+F in an editor-tab chat opens that chat's find bar, not the sidebar's", async function () {
    this.timeout(120_000);
    const findBar = (f: Frame) => f.locator('.find-bar');
    await editor.locator('textarea.prompt-input').click();
    await vs.page.keyboard.press('Control+f');
    await findBar(editor).waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await findBar(sidebar).isVisible(), false, "the sidebar's find bar stays closed");
    await vs.page.keyboard.press('Escape');
    await findBar(editor).waitFor({ state: 'hidden', timeout: 15_000 });
  });
});
