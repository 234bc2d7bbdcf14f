// Real VS Code (code-server) + the VSIX + the real `claude` CLI + our scripted model server,
// driven through the UI in headless Chromium. One code-server for the whole file; the
// scenarios share one chat, in order.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { VsCode, waitFor } from './support';

describe('e2e: the chat in real VS Code', function () {
  const vs = new VsCode({ name: 'chat' });
  let pid: number | undefined;
  const shots: string[] = [];
  const shot = async (name: string) => shots.push(await vs.screenshot(name));

  before(async function () {
    this.timeout(240_000);
    await vs.start();
  });

  after(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') await shot('failure');
    await vs.stop();
    vs.cleanup();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await shot(`failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 40)}`);
      console.log(vs.log.filter((l) => /claude/i.test(l) && !/open-vsx/.test(l)).slice(-20).join('\n'));
      console.log(vs.extensionLog().split('\n').slice(-40).join('\n'));
      const entries = await vs.webview.locator('.entry').evaluateAll((els) => els.map((e) => `${e.className}: ${(e as unknown as { innerText: string }).innerText.slice(0, 80).replace(/\s+/g, ' ')}`)).catch((e) => [String(e)]);
      console.log(entries.slice(-8).join('\n'));
      console.log('model requests:', vs.model.mainRequests().slice(-3).map((r) => JSON.stringify(r.body?.messages?.at(-1)).slice(0, 300)));
    }
  });

  it('activates without spawning, opens the view, streams an answer to a typed prompt', async () => {
    await vs.openView();
    assert.deepEqual(vs.pids(), [], 'nothing is spawned before the first prompt');
    await vs.webview.locator('.badge.scripted').waitFor({ timeout: 30_000 });
    await shot('view-open');
    await vs.send('SCENARIO:text:Hello from the end-to-end test, streamed through real VS Code.');
    await vs.assistant().filter({ hasText: 'Hello from the end-to-end test' }).waitFor({ timeout: 60_000 });
    await vs.webview.locator('.entry.turn-end.outcome-success').first().waitFor({ timeout: 30_000 });
    const pids = vs.pids();
    assert.equal(pids.length, 1, `one claude process for the workspace, got ${pids.join(',')}`);
    pid = await vs.sessionInfoPid();
    assert.equal(pid, pids[0], 'Show Session Info reports the live process');
    await shot('first-answer');
  });

  it('Write → notification → Allow: the file appears and the card shows done', async () => {
    const file = join(vs.workspace, 'allowed.txt');
    await vs.send(`SCENARIO:tool-write:${file}`);
    const toast = vs.toast('allowed.txt');
    await toast.waitFor({ timeout: 60_000 });
    await vs.webview.locator('.permission-banner').waitFor({ timeout: 15_000 });
    await shot('write-permission');
    await toast.getByRole('button', { name: 'Allow', exact: true }).click();
    await toast.waitFor({ state: 'hidden', timeout: 10_000 });
    await waitFor('allowed.txt', () => existsSync(file), 30_000);
    await vs.webview.locator('.entry.card.tool-write.state-done').waitFor({ timeout: 30_000 });
    await vs.webview.locator('.entry.turn-end').nth(1).waitFor({ timeout: 30_000 });
    await shot('write-allowed');
  });

  it('Write → notification → Deny: no file and the card shows denied', async () => {
    const file = join(vs.workspace, 'denied.txt');
    await vs.send(`SCENARIO:tool-write:${file}`);
    const toast = vs.toast('denied.txt');
    await toast.waitFor({ timeout: 60_000 });
    console.log('toasts:', await vs.page.locator('.notifications-toasts .notification-toast').allInnerTexts());
    await toast.getByRole('button', { name: 'Deny', exact: true }).click();
    await toast.waitFor({ state: 'hidden', timeout: 10_000 });
    await vs.webview.locator('.entry.card.tool-write.state-denied').waitFor({ timeout: 30_000 });
    await vs.webview.locator('.entry.turn-end').nth(2).waitFor({ timeout: 30_000 });
    assert.equal(existsSync(file), false, 'a denied write leaves no file');
    await shot('write-denied');
    assert.deepEqual(vs.pids(), [pid], 'still the same process');
  });

  async function streamThenStop(how: () => Promise<void>, label: string): Promise<void> {
    const endsBefore = await vs.turnEnds().count();
    await vs.send('SCENARIO:slow:30');
    const last = vs.assistant().last();
    await waitFor('streaming text', async () => /tick3 /.test(await last.innerText()), 60_000);
    await shot(`${label}-streaming`);
    await how();
    await vs.webview.locator('.entry.turn-end.outcome-interrupted').nth(0).waitFor({ timeout: 15_000 });
    await waitFor('the turn to end', async () => (await vs.turnEnds().count()) > endsBefore, 15_000);
    const lastEnd = vs.turnEnds().last();
    assert.match(await lastEnd.getAttribute('class') ?? '', /outcome-interrupted/, 'the panel shows the turn interrupted');
    // The user stopped it: the panel must not blame the connection (2.1.332 closes the cut
    // message like a dropped attempt, docs/protocol.md).
    assert.equal(await vs.webview.locator('.entry', { hasText: 'dropped mid-answer' }).count(), 0, 'no "connection dropped" notice after Stop');
    const len = (await last.innerText()).length;
    // The scripted answer would go on for 30 s: after the stop nothing more arrives.
    await new Promise((r) => setTimeout(r, 800));
    assert.equal((await last.innerText()).length, len, 'the text stops growing');
    assert.doesNotMatch(await last.innerText(), /tick299/);
    await shot(`${label}-stopped`);
    await vs.send('SCENARIO:text:Answered after the stop.');
    await vs.assistant().filter({ hasText: 'Answered after the stop.' }).last().waitFor({ timeout: 60_000 });
    await waitFor('the follow-up turn to end', async () => (await vs.turnEnds().count()) > endsBefore + 1, 30_000);
    assert.deepEqual(vs.pids(), [pid], 'exactly one claude process, the same one');
    assert.equal(await vs.sessionInfoPid(), pid, 'Show Session Info: the same pid');
  }

  it('F1 → "Claude: Stop Claude turn" stops a streaming answer; the same process answers next', async () => {
    await streamThenStop(() => vs.palette('Claude: Stop Claude turn'), 'stop-palette');
  });

  it("the panel's Stop button does the same", async () => {
    await streamThenStop(() => vs.webview.locator('button.stop').click(), 'stop-button');
  });

  it("the workbench's busy look waits 0.4 s: none in a quick answer's first 0.35 s; a streaming answer shows the view title's Stop, which stops it", async () => {
    const titleStop = vs.page.locator('.part.sidebar .title-actions [aria-label^="Stop Claude turn"]');
    const spinner = vs.page.locator('.statusbar-item', { hasText: 'Claude:' }).locator('.codicon-loading');
    // A quick answer: sampled from Enter for 0.35 s, before the delay could have run out (a slow
    // machine only makes the look later), the title's Stop and the status bar's spinner never show.
    const endsBefore = await vs.turnEnds().count();
    await vs.send('SCENARIO:text:A quick one.');
    // From Enter (send returns once it is pressed): the delay starts later, when the host has the prompt.
    const t0 = Date.now();
    const seen: string[] = [];
    while (Date.now() - t0 < 350) {
      if ((await titleStop.count()) > 0) seen.push(`title Stop at ${Date.now() - t0} ms`);
      if ((await spinner.count()) > 0) seen.push(`spinner at ${Date.now() - t0} ms`);
    }
    assert.deepEqual(seen, [], 'no busy look in the first 0.35 s');
    await waitFor('the quick turn to end', async () => (await vs.turnEnds().count()) > endsBefore, 60_000);
    await waitFor("the busy look gone after the turn", async () => (await titleStop.count()) === 0 && (await spinner.count()) === 0, 15_000);
    // A streaming answer: the look comes, and the title's Stop ends the turn on the same process.
    await streamThenStop(async () => {
      await titleStop.waitFor({ timeout: 15_000 });
      assert.equal(await spinner.count(), 1, "the status bar's spinner shows with it");
      await titleStop.click();
    }, 'stop-title');
    await waitFor('the busy look gone after the stop', async () => (await titleStop.count()) === 0 && (await spinner.count()) === 0, 15_000);
  });

  it('Stop while a permission prompt is pending settles the prompt and ends the turn', async () => {
    const file = join(vs.workspace, 'never.txt');
    const endsBefore = await vs.turnEnds().count();
    await vs.send(`SCENARIO:tool-write:${file}`);
    await vs.toast('Claude wants to use').last().waitFor({ timeout: 60_000 });
    await vs.webview.locator('.permission-banner').waitFor({ timeout: 15_000 });
    await shot('stop-pending-before');
    await vs.webview.locator('button.stop').click();
    await waitFor('the turn to end', async () => (await vs.turnEnds().count()) > endsBefore, 15_000);
    await vs.webview.locator('.permission-banner').waitFor({ state: 'hidden', timeout: 15_000 });
    const card = vs.webview.locator('.entry.card.tool-write').last();
    assert.doesNotMatch((await card.getAttribute('class')) ?? '', /state-(permission|running|pending)/, 'the card is settled');
    // A late answer on the stale notification does nothing.
    const stale = vs.toast('Claude wants to use').last();
    if (await stale.isVisible()) {
      await stale.getByRole('button', { name: 'Allow', exact: true }).click();
      await vs.toast('already answered or withdrawn').first().waitFor({ timeout: 10_000 });
    }
    assert.equal(existsSync(file), false, 'nothing was written');
    await shot('stop-pending-after');
    await vs.clearToasts();
    assert.deepEqual(vs.pids(), [pid], 'still the same process');
  });

  it('killing the claude process from outside shows an error; the next prompt resumes the conversation', async () => {
    await vs.send('SCENARIO:slow:30');
    const last = vs.assistant().last();
    await waitFor('streaming text', async () => /tick3 /.test(await last.innerText()), 60_000);
    assert.ok(pid);
    process.kill(pid!, 'SIGKILL');
    const banner = vs.webview.locator('.error-banner');
    await banner.waitFor({ timeout: 30_000 });
    const message = await banner.innerText();
    assert.match(message, /\S{10,}/, 'the error says something');
    await shot('killed-error');
    await waitFor('the killed process to be gone', () => !vs.pids().includes(pid!), 15_000);
    await vs.send('SCENARIO:echo');
    const echo = vs.assistant().filter({ hasText: 'ECHO:' }).last();
    await echo.waitFor({ timeout: 60_000 });
    const text = await echo.innerText();
    assert.match(text, /Hello from the end-to-end test/, `the resumed session knows the first prompt: ${text}`);
    assert.match(text, /Answered after the stop\./, 'and later ones');
    await banner.waitFor({ state: 'hidden', timeout: 15_000 });
    const pids = vs.pids();
    assert.equal(pids.length, 1, 'one process again');
    assert.notEqual(pids[0], pid, 'a new process');
    pid = pids[0];
    await shot('resumed-echo');
  });

  it('Developer: Reload Window keeps the chat, and the next prompt continues the same session', async () => {
    // textContent, not innerText: entries scrolled out of view (content-visibility) have no innerText.
    const prompts = async () => (await vs.webview.locator('.entry.user').allTextContents()).map((t) => t.trim());
    const before = await prompts();
    await vs.palette('Developer: Reload Window');
    await vs.showView();
    // The old extension host disposes its chat: the old process goes away.
    await waitFor('the old process to end', () => !vs.pids().includes(pid!), 30_000);
    await waitFor('the restored transcript', async () => (await prompts()).length > 0, 30_000).catch(() => undefined);
    await shot('after-reload');
    const after = await prompts();
    const missing = before.filter((t) => !after.includes(t));
    assert.deepEqual(missing, [], `the transcript survives the reload (before: ${before.length} prompts, after: ${after.length})`);
    const echoes = vs.assistant().filter({ hasText: 'ECHO:' });
    const echoesBefore = await echoes.count();
    await vs.send('SCENARIO:echo');
    await waitFor('a new echo answer', async () => (await echoes.count()) > echoesBefore, 60_000);
    const echo = echoes.last();
    assert.match(await echo.innerText(), /Hello from the end-to-end test/, 'the same session continues');
    assert.match(await echo.innerText(), /SCENARIO:echo/, 'including the prompts before the reload');
    assert.equal(vs.pids().length, 1);
    await shot('after-reload-echo');
  });

  it('stopping code-server leaves no claude process', async () => {
    const left = await vs.stop();
    assert.deepEqual(left, [], `claude processes left: ${left.join(', ')}`);
  });
});
