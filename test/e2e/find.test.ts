// Real VS Code (code-server) + the VSIX: Ctrl+F in the chat panel opens the chat's find bar
// even with an editor open (VS Code's own Find would take the key otherwise), and
// "Export Chat as Markdown" opens the chat as an untitled Markdown document.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VsCode } from './support';

describe('e2e: find in chat and export in real VS Code', function () {
  const vs = new VsCode({ name: 'find' });

  before(async function () {
    this.timeout(240_000);
    await vs.start();
  });

  after(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') await vs.screenshot('find-failure');
    await vs.stop();
    vs.cleanup();
  });

  it('Ctrl+F in the panel opens the chat find bar, not the editor find widget', async () => {
    writeFileSync(join(vs.workspace, 'notes.md'), 'a needle in the editor too\n');
    await vs.openView();
    // An editor is open: VS Code's own Find is bound to Ctrl+F whenever one is.
    await vs.palette('Go to File');
    await vs.page.keyboard.type('notes.md');
    await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'notes.md' }).first().click({ timeout: 30_000 });
    await vs.page.locator('.monaco-editor .view-lines', { hasText: 'a needle in the editor too' }).first().waitFor({ timeout: 30_000 });
    await vs.showView();
    await vs.send('SCENARIO:text:A findable needle in the answer.');
    await vs.assistant().filter({ hasText: 'findable needle' }).waitFor({ timeout: 60_000 });
    await vs.webview.locator('main.transcript').click();
    await vs.page.keyboard.press('Control+f');
    await vs.webview.locator('.find-bar').waitFor({ state: 'visible', timeout: 10_000 });
    await vs.page.keyboard.type('findable needle');
    // The prompt and the answer both contain it.
    await vs.webview.locator('.find-count', { hasText: /of|No results/ }).waitFor({ timeout: 10_000 });
    assert.equal(await vs.webview.locator('.find-count').textContent(), '1 of 2');
    await vs.page.keyboard.press('Enter');
    await vs.webview.locator('.find-count', { hasText: '2 of 2' }).waitFor({ timeout: 10_000 });
    assert.equal(await vs.page.locator('.editor-widget.find-widget.visible').count(), 0, "the editor's find widget stayed closed");
    await vs.screenshot('find-in-chat');
    await vs.page.keyboard.press('Escape');
    await vs.webview.locator('.find-bar').waitFor({ state: 'hidden', timeout: 10_000 });
  });

  it('Export Chat as Markdown → Open as Untitled shows the chat as Markdown', async () => {
    await vs.palette('Claude: Export Chat as Markdown');
    const pick = vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open as Untitled' }).first();
    await pick.waitFor({ timeout: 15_000 });
    await pick.click();
    await vs.page.locator('.monaco-editor .view-lines', { hasText: 'A findable needle in the answer.' }).first().waitFor({ timeout: 30_000 });
    const text = await vs.page.locator('.monaco-editor .view-lines').first().innerText();
    assert.match(text.replace(/\u00a0/g, ' '), /# Claude chat/);
    await vs.screenshot('exported');
  });
});
