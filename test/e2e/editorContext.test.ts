// Real VS Code (code-server) + the VSIX + the real CLI: the selection chip follows the editor and
// goes out as an `@path#Lx-y` mention the CLI reads; `@problems` becomes the editor's Problems.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageText } from '../support/modelServer';
import { useVsCode, waitFor } from './support';

describe('e2e: context the user means (selection chip, @problems)', function () {
  const vs = useVsCode({ name: 'context' });
  let outside: string;

  before(() => {
    writeFileSync(join(vs.workspace, 'notes.txt'), Array.from({ length: 10 }, (_, i) => `LINE-${i + 1}-MARK`).join('\n') + '\n');
    // The JSON language service reports the missing comma on line 3.
    writeFileSync(join(vs.workspace, 'broken.json'), '{\n  "a": 1\n  "b": 2\n}\n');
    outside = mkdtempSync(join(tmpdir(), 'cc-outside-'));
    writeFileSync(join(outside, 'outside.txt'), 'OUTSIDE-MARK\n');
  });
  after(() => rmSync(outside, { recursive: true, force: true }));

  /** Quick Open: a workspace-relative or absolute path. */
  async function openFile(path: string): Promise<void> {
    await vs.page.locator('.monaco-workbench').first().click({ position: { x: 700, y: 5 } }).catch(() => {});
    await vs.page.keyboard.press('F1');
    const input = vs.page.locator('.quick-input-widget input[type="text"], .quick-input-widget .quick-input-box input').first();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(path);
    const name = path.split('/').pop()!;
    await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
    await vs.page.keyboard.press('Enter');
    await vs.page.locator(`.tabs-container .tab.active`, { hasText: name }).waitFor({ timeout: 15_000 });
  }

  const chip = () => vs.webview.locator('.editor-chip');
  const lastUserText = () => {
    const req = vs.model.mainRequests().at(-1);
    const users = (req?.body.messages as { role: string; content: unknown }[] | undefined)?.filter((m) => m.role === 'user') ?? [];
    return { text: messageText(users.at(-1)?.content), raw: JSON.stringify(req?.body.messages ?? []) };
  };

  it('offers the selected lines as a chip; the send carries @notes.txt#L3-5 and the expanded @problems, and the CLI reads the lines', async () => {
    await vs.page.goto(vs.folderUrl());
    await openFile('broken.json');
    // Wait until the editor's Problems have the JSON error (the status bar's counter).
    await waitFor('the JSON error in Problems', async () => /[1-9]/.test((await vs.page.locator('[id="status.problems"]').first().innerText().catch(() => '')) ?? ''), 60_000, 300);
    await openFile('notes.txt');
    await vs.palette('Go to Line/Column');
    await vs.page.keyboard.type('3');
    await vs.page.keyboard.press('Enter');
    await vs.page.keyboard.press('Shift+ArrowDown');
    await vs.page.keyboard.press('Shift+ArrowDown');
    await vs.page.keyboard.press('Shift+End');
    await vs.showView();
    await chip().waitFor({ timeout: 30_000 });
    await waitFor('the chip for lines 3-5', async () => (await chip().locator('.editor-chip-text').textContent()) === 'notes.txt#L3-5', 15_000);

    // Not at the end of the text: the @ menu stays closed and Enter sends.
    await vs.send('Fix @problems now');
    await vs.webview.locator('.entry.turn-end.outcome-success').first().waitFor({ timeout: 90_000 });
    const { text, raw } = lastUserText();
    assert.match(text, /^Fix \u200B@problems now\n\n/, text);
    assert.match(text, /@notes\.txt#L3-5/, 'the chip went out as a mention');
    assert.match(text, /problems: the workspace's Problems, 1 error/, text);
    assert.match(text, /broken\.json:3:\d+ error: /, text);
    // The CLI read just those lines of the file into the request.
    assert.ok(raw.includes('LINE-4-MARK'), 'the selected lines reached the model');
    assert.ok(!raw.includes('LINE-8-MARK'), 'lines outside the selection did not');
    // The transcript's echo shows what was sent.
    assert.match((await vs.webview.locator('.entry.user').last().textContent()) ?? '', /@notes\.txt#L3-5/);
  });

  it('a file outside the workspace is not offered; the eye toggle turns the chip off, and that survives a reload', async () => {
    await openFile(join(outside, 'outside.txt'));
    await vs.showView();
    await waitFor('no chip for a file outside the workspace', async () => !(await chip().isVisible()), 15_000);
    await openFile('notes.txt');
    await vs.showView();
    await chip().waitFor({ timeout: 15_000 });

    const toggle = vs.webview.getByRole('button', { name: "Offer the active editor's file and selection" });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await toggle.click();
    assert.equal(await chip().isVisible(), false);
    const before = vs.model.mainRequests().length;
    await vs.send('plain prompt, no context');
    await waitFor('the second turn', () => vs.model.mainRequests().length > before, 90_000);
    await vs.webview.locator('.entry.turn-end.outcome-success').nth(1).waitFor({ timeout: 90_000 });
    assert.equal(lastUserText().text, 'plain prompt, no context');

    // Saved with the chat: after a reload the toggle is still off.
    await vs.page.reload();
    await vs.showView();
    const again = vs.webview.getByRole('button', { name: "Offer the active editor's file and selection" });
    await waitFor('the restored toggle', async () => (await again.getAttribute('aria-pressed').catch(() => null)) === 'false', 30_000);
    assert.equal(await chip().isVisible(), false);
  });
});

describe('e2e: the selection chip in Restricted Mode', function () {
  const vs = useVsCode({ name: 'context-restricted', trust: true });

  before(() => writeFileSync(join(vs.workspace, 'notes.txt'), 'RESTRICTED-MARK\n'));

  it('the eye toggle is off by default and no chip is offered; @ offers no @git', async () => {
    await vs.page.goto(vs.folderUrl());
    // The folder opens untrusted: the workbench's banner says Restricted Mode.
    await vs.page.getByText('Restricted Mode is intended for safe code browsing').first().waitFor({ timeout: 60_000 });
    // The banner covers the top of the window: open the file from the Explorer.
    await vs.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'notes.txt' }).first().click();
    await vs.page.locator('.tabs-container .tab.active', { hasText: 'notes.txt' }).waitFor({ timeout: 15_000 });
    await vs.showView();
    const toggle = vs.webview.getByRole('button', { name: "Offer the active editor's file and selection" });
    await waitFor('the toggle to say off', async () => (await toggle.getAttribute('aria-pressed').catch(() => null)) === 'false', 30_000);
    assert.equal(await vs.webview.locator('.editor-chip').isVisible(), false);

    await vs.input.click();
    await vs.input.pressSequentially('@');
    const items = vs.webview.locator('.mention-item');
    await items.first().waitFor({ timeout: 30_000 });
    const texts = await items.allTextContents();
    assert.ok(texts.some((t) => t.startsWith('@problems')), texts.join(' | '));
    assert.ok(!texts.some((t) => t.startsWith('@git')), 'no @git where git must not run');
    await vs.input.press('Escape');
    await vs.input.fill('');

    // The user may still turn it on: the host knew the file all along.
    await toggle.click();
    await vs.webview.locator('.editor-chip').waitFor({ timeout: 15_000 });
    assert.equal(await vs.webview.locator('.editor-chip-text').textContent(), 'notes.txt');
  });
});
