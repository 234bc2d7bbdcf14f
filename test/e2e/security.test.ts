// Real VS Code (code-server) + the VSIX + the real CLI: what a permission notification shows
// cannot act for the user.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { VsCode } from './support';

describe('e2e: permission notifications are plain text', function () {
  const vs = new VsCode({ name: 'security' });

  before(async function () {
    this.timeout(240_000);
    await vs.start();
    await vs.openView();
  });

  after(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') await vs.screenshot('security-failure');
    await vs.stop();
    vs.cleanup();
  });

  it('a Bash command carrying [Allow](command:…) shows as text, not as a link', async function () {
    this.timeout(120_000);
    const marker = join(vs.workspace, 'linked.txt');
    await vs.send(`SCENARIO:tool-bash:echo "[Allow](command:claudeChat.selectPermissionMode)" > ${marker}`);
    // Found by the file name: a rendered link would hide its target (command:…) from the text.
    const toast = vs.toast('linked.txt');
    await toast.waitFor({ timeout: 60_000 });
    await vs.screenshot('command-link-toast');
    assert.equal(await toast.locator('.notification-list-item-message a, .notification-list-item-message .monaco-link').count(), 0, 'the message renders a link');
    assert.match(await toast.locator('.notification-list-item-message').innerText(), /\[Allow\]\u200B?\(command:claudeChat\.selectPermissionMode\)/);
    await toast.getByRole('button', { name: 'Deny', exact: true }).click();
    await toast.waitFor({ state: 'hidden', timeout: 10_000 });
    await vs.webview.locator('.entry.turn-end').first().waitFor({ timeout: 30_000 });
    assert.equal(existsSync(marker), false);
  });

  it('150 spaces before "; touch y" are shown as a count, and Show Full Command opens a modal', async function () {
    this.timeout(120_000);
    const y = join(vs.workspace, 'y');
    await vs.send(`SCENARIO:tool-bash:echo x${' '.repeat(150)}; touch ${y}`);
    const toast = vs.toast('⟨150 spaces⟩');
    await toast.waitFor({ timeout: 60_000 });
    assert.match(await toast.locator('.notification-list-item-message').innerText(), /touch .*\/y/);
    await toast.getByRole('button', { name: 'Show Full Command', exact: true }).click();
    const dialog = vs.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /echo x ⟨150 spaces⟩ ; touch /);
    await vs.screenshot('show-full-command');
    await vs.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    // The same question comes back; deny it.
    const again = vs.toast('⟨150 spaces⟩');
    await again.waitFor({ timeout: 15_000 });
    await again.getByRole('button', { name: 'Deny', exact: true }).click();
    await vs.webview.locator('.entry.turn-end').nth(1).waitFor({ timeout: 30_000 });
    assert.equal(existsSync(y), false);
  });
});
