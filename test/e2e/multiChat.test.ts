// Real VS Code (code-server) + the VSIX + the real `claude` CLI + our scripted model server:
// several chats in the panel at once, and a chat in an editor tab across a window reload.
import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { VsCode, waitFor } from './support';

describe('e2e: several chats and an editor-tab chat in real VS Code', function () {
  const vs = new VsCode({ name: 'multi' });
  const tabs = () => vs.webview.locator('.chat-tab');

  /** The editor-tab chat's frame: the webview whose chat list is hidden (`fixed`). */
  async function editorFrame(): Promise<Frame> {
    return waitFor('the editor-tab chat webview', async () => {
      for (const f of vs.page.frames()) {
        // A string: this file has no DOM types.
        const fixed = await f
          .evaluate("(() => { const nav = document.querySelector('nav.chat-tabs'); return !!nav && nav.hidden && !!document.querySelector('textarea.prompt-input'); })()")
          .catch(() => false);
        if (fixed) return f;
      }
      return undefined;
    }, 60_000);
  }

  before(async function () {
    this.timeout(240_000);
    await vs.start();
  });

  after(async function () {
    this.timeout(60_000);
    const left = await vs.stop();
    vs.cleanup();
    assert.deepEqual(left, [], 'no claude process outlives code-server');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await vs.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 40)}`);
      console.log(vs.extensionLog().split('\n').slice(-40).join('\n'));
    }
  });

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
    let frame = await editorFrame();
    await frame.getByText('first chat SCENARIO:slow:10').waitFor({ timeout: 30_000 });
    await vs.screenshot('editor-chat');

    await vs.palette('Developer: Reload Window');
    await vs.page.waitForLoadState('domcontentloaded');
    await vs.page.locator('.tabs-container .tab', { hasText: 'Claude: Chat 1' }).waitFor({ timeout: 90_000 });
    frame = await editorFrame();
    // The restored tab shows the same chat, read back from the CLI's transcript.
    await frame.getByText('first chat SCENARIO:slow:10').waitFor({ timeout: 60_000 });
    await vs.screenshot('editor-chat-after-reload');

    // It still talks to Claude: a prompt typed there resumes that conversation.
    const input = frame.locator('textarea.prompt-input');
    await input.fill('after reload SCENARIO:text:Still here after the reload.');
    await input.press('Enter');
    await frame.getByText('Still here after the reload.').waitFor({ timeout: 60_000 });
  });
});
