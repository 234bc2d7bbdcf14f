// Real VS Code (code-server): where the keyboard focus goes after a native permission prompt
//. A quick pick takes the focus; VS Code hands it back to the editor area, so the
// extension must put it back in the prompt box of the chat that asked.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { useVsCode, waitFor } from './support';

describe('e2e: focus after a native prompt', function () {
  const vs = useVsCode({ name: 'focus' });

  it('answering a permission from its quick pick puts the focus back in the prompt box', async () => {
    await vs.openView();
    const file = join(vs.workspace, 'focus.txt');
    await vs.send(`SCENARIO:tool-write:${file}`);
    await vs.webview.locator('.permission-banner').waitFor({ timeout: 60_000 });
    // The keyboard user's way: the panel's "Show prompt" opens VS Code's quick pick.
    await vs.webview.getByRole('button', { name: 'Show prompt' }).click();
    const row = vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Allow' }).first();
    await row.waitFor({ timeout: 15_000 });
    await vs.page.keyboard.press('Enter'); // the first row: Allow
    await vs.page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 15_000 });
    await waitFor('focus.txt', () => existsSync(file), 30_000);
    await vs.webview.locator('.entry.card.tool-write.state-done').waitFor({ timeout: 30_000 });
    // The prompt box has the focus: its frame is the focused one and the textarea its active element.
    const focused = () => vs.input.evaluate((el) => {
      const doc = (el as unknown as { ownerDocument: { activeElement: unknown; hasFocus(): boolean } }).ownerDocument;
      return doc.activeElement === el && doc.hasFocus();
    });
    await waitFor('focus in the prompt box', focused, 15_000);
    // Typing goes there.
    await vs.page.keyboard.type('next question');
    assert.equal(await vs.input.inputValue(), 'next question');
  });

  it('a proposal\'s diff tab opened from the prompt closes once the permission is decided', async () => {
    if (!(await vs.input.isVisible().catch(() => false))) await vs.openView();
    const file = join(vs.workspace, 'diffed.txt');
    await vs.send(`SCENARIO:tool-write:${file}`);
    await vs.webview.locator('.permission-banner').waitFor({ timeout: 60_000 });
    await vs.webview.getByRole('button', { name: 'Show prompt' }).click();
    await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Diff' }).first().click({ timeout: 15_000 });
    const tab = vs.page.locator('.tabs-container .tab', { hasText: 'proposed by Claude' });
    await tab.first().waitFor({ timeout: 15_000 });
    // The same question again: Allow.
    await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Allow' }).first().click({ timeout: 15_000 });
    await waitFor('diffed.txt', () => existsSync(file), 30_000);
    await waitFor('the diff tab closed', async () => (await tab.count()) === 0, 15_000);
  });

  it("the status bar item's accessible name is its text, without the icon's id", async () => {
    const item = vs.page.locator('.statusbar-item [aria-label^="Claude:"], .statusbar-item[aria-label^="Claude:"]').first();
    await item.waitFor({ timeout: 30_000 });
    const label = (await item.getAttribute('aria-label')) ?? '';
    assert.match(label, /^Claude: (idle|running|starting)/);
    assert.doesNotMatch(label, /comment-discussion|loading|shield/);
  });
});
