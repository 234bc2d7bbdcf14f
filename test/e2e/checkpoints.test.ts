// Checkpoints in real VS Code (code-server) with the real CLI: a prompt's "Restore files"
// action shows the diff and a native modal, and the file on disk goes back.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VsCode, waitFor } from './support';

describe('e2e: checkpoints in real VS Code', function () {
  const vs = new VsCode({ name: 'ckpt' });

  before(async function () {
    this.timeout(240_000);
    await vs.start();
  });

  after(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') await vs.screenshot('ckpt-failure');
    await vs.stop();
    vs.cleanup();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await vs.reportFailure(this.currentTest.title, 'ckpt-failed');
  });

  const allow = async (name: string) => {
    const toast = vs.toast(name);
    await toast.waitFor({ timeout: 60_000 });
    await toast.getByRole('button', { name: 'Allow', exact: true }).click();
    await toast.waitFor({ state: 'hidden', timeout: 10_000 });
  };

  it('restores a file from a prompt\'s action after a diff and a native confirmation', async function () {
    this.timeout(240_000);
    const file = join(vs.workspace, 'ckpt.txt');
    const read = () => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
    await vs.openView();
    await vs.send(`SCENARIO:tool-write:${file}`);
    await allow('ckpt.txt');
    await vs.webview.locator('.entry.turn-end').nth(0).waitFor({ timeout: 60_000 });
    await vs.send(`SCENARIO:tool-edit:${file}`);
    await allow('ckpt.txt');
    await vs.webview.locator('.entry.turn-end').nth(1).waitFor({ timeout: 60_000 });
    await waitFor('the edit on disk', () => read() === 'goodbye from the scripted model\n', 30_000);
    // Each turn's footer lists the file it changed.
    assert.equal(await vs.webview.locator('.entry.turn-files').count(), 2);

    const second = vs.webview.locator('.entry.user').nth(1);
    await second.hover();
    await second.locator('[data-action="restore-checkpoint"]').click();
    const dialog = vs.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /Restore 1 file to before this prompt/);
    // The diff of what the restore does is open behind the modal.
    await vs.page.locator('.tab', { hasText: 'ckpt.txt: now ↔ restored' }).first().waitFor({ timeout: 10_000 });
    assert.equal(read(), 'goodbye from the scripted model\n', 'nothing changes before the confirmation');
    await vs.screenshot('ckpt-confirm');
    await dialog.getByRole('button', { name: 'Restore Files' }).click();
    await waitFor('the file restored to turn 1', () => read() === 'hello from the scripted model\n', 30_000);
    await vs.webview.locator('.entry.mark.mark-restored').waitFor({ timeout: 10_000 });
    // Its diff was opened for the decision: decided, it is closed.
    await waitFor('the restore diff tab closed', async () => (await vs.page.locator('.tab', { hasText: 'ckpt.txt: now ↔ restored' }).count()) === 0, 15_000);
  });
});
