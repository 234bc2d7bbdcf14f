// Real VS Code (code-server) + the VSIX + the real CLI: the `/` menu and a pasted image,
// driven through the panel's UI.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { messageText } from '../support/modelServer';
import { VsCode, waitFor } from './support';

// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';

describe('e2e: slash commands and images in real VS Code', function () {
  const vs = new VsCode({ name: 'ux' });

  before(async function () {
    this.timeout(240_000);
    await vs.start();
    // The project's own command, read by the panel before any CLI process runs.
    mkdirSync(join(vs.workspace, '.claude', 'commands'), { recursive: true });
    writeFileSync(join(vs.workspace, '.claude', 'commands', 'greet.md'), '---\ndescription: Greets someone warmly\nargument-hint: <name>\n---\nSay hello to $ARGUMENTS, E2E-GREET.\n');
  });

  after(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') await vs.screenshot('ux-failure');
    await vs.stop();
    vs.cleanup();
  });

  it('picks /greet from the slash menu and Claude gets the expanded command', async () => {
    await vs.openView();
    // A folder's own commands load once the user trusts its Claude config.
    await vs.palette('Claude: Review Project Claude Settings');
    const dialog = vs.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /command \/greet/);
    await dialog.getByRole('button', { name: 'Trust' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    await vs.input.click();
    await vs.input.pressSequentially('/gre');
    const item = vs.webview.locator('.slash-item', { hasText: '/greet' });
    await item.waitFor({ timeout: 30_000 });
    assert.match((await item.textContent()) ?? '', /Greets someone warmly/);
    await vs.input.press('Enter');
    assert.equal(await vs.input.inputValue(), '/greet ');
    await vs.input.pressSequentially('world');
    await vs.input.press('Enter');
    await vs.webview.locator('.entry.turn-end.outcome-success').first().waitFor({ timeout: 60_000 });
    const texts = vs.model.mainRequests().flatMap((r) => (r.body.messages as { role: string; content: unknown }[]).map((m) => messageText(m.content)));
    assert.ok(texts.some((t) => t.includes('Say hello to world, E2E-GREET.')));
  });

  it('a pasted image shows as a thumbnail and reaches the model next to the text', async () => {
    await vs.input.click();
    await vs.input.evaluate((ta, b64) => {
      const g = globalThis as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      const bytes = Uint8Array.from(g.atob(b64), (c: string) => c.charCodeAt(0));
      const dt = new g.DataTransfer();
      dt.items.add(new g.File([bytes], 'dot.png', { type: 'image/png' }));
      ta.dispatchEvent(new g.ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, PNG);
    await vs.webview.locator('.attach-thumb img').waitFor({ timeout: 15_000 });
    await vs.input.pressSequentially('describe the image SCENARIO:text');
    await vs.input.press('Enter');
    await vs.webview.locator('.entry.user img.user-image').waitFor({ timeout: 30_000 });
    const req = await waitFor('a model request with the image', () =>
      vs.model.mainRequests().find((r) => (r.body.messages as { content: unknown }[]).some((m) => Array.isArray(m.content) && m.content.some((b: { type?: string }) => b?.type === 'image'))),
      60_000,
    );
    const msg = (req.body.messages as { role: string; content: { type: string; text?: string; source?: { data: string } }[] }[]).find((m) => Array.isArray(m.content) && m.content.some((b) => b.type === 'image'))!;
    assert.equal(msg.content.find((b) => b.type === 'image')?.source?.data, PNG);
    assert.ok(msg.content.some((b) => b.type === 'text' && b.text?.includes('describe the image')), 'the text is in the same user message');
  });
});
