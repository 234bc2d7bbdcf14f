// Real VS Code (code-server) + the VSIX + the real `claude` CLI + our scripted model server:
// never miss Claude, never wait on it. A background command is listed and Stop ends its process;
// a chat the user is not looking at raises a notification when its turn ends and when it waits
// for a permission, and the notification's button brings that chat up; a queued prompt edited
// before it is sent reaches the model as edited.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processesWithArgv } from '../support/processes';
import { useVsCode, waitFor } from './support';

const tools = (steps: unknown) => `SCENARIO:tools:${JSON.stringify(steps)}`;

describe('e2e: background tasks, alerts and queued prompts', function () {
  const vs = useVsCode({ name: 'attention' });
  const tabs = () => vs.webview.locator('.chat-tab');
  const sleepers = () => processesWithArgv(['sleep', '300'], vs.sandbox.root);
  /** The chat the sidebar shows: the selected tab's label. */
  const shownChat = () => vs.webview.locator('.chat-tab.selected .chat-tab-button').getAttribute('aria-label');

  before(() => {
    // The user's own rule lets `sleep` run unasked, as in their terminal: the tests below are
    // about what happens around the command, not about its permission.
    const config = join(vs.sandbox.home, '.claude');
    mkdirSync(config, { recursive: true });
    writeFileSync(join(config, 'settings.json'), JSON.stringify({ permissions: { allow: ['Bash(sleep:*)'] } }, null, 2));
  });

  it('a background `sleep 300` is listed with its running time, and its Stop ends the process', async function () {
    this.timeout(180_000);
    await vs.openView();
    await vs.send(tools([[{ name: 'Bash', input: { command: 'sleep 300', description: 'e2e sleeper', run_in_background: true } }]]));
    const row = vs.webview.locator('.bg-task', { hasText: 'e2e sleeper' });
    await row.waitFor({ timeout: 60_000 });
    await waitFor('the sleep process', () => sleepers().length === 1, 30_000);
    assert.equal(await row.locator('.bg-task-status').textContent(), 'Running');
    assert.equal(await vs.webview.locator('.bg-tasks-count').textContent(), '1 running');
    assert.equal(await row.locator('.bg-task-command').textContent(), 'sleep 300');
    await waitFor('a running time', async () => /\d+ s/.test((await row.locator('.bg-task-time').textContent()) ?? ''));
    await vs.screenshot('background-task');
    await row.getByRole('button', { name: /^Stop/ }).click();
    await waitFor('the task stopped', async () => (await row.locator('.bg-task-status').textContent()) === 'Stopped', 30_000);
    await waitFor('the sleep process gone', () => sleepers().length === 0, 30_000);
    assert.equal(await row.getByRole('button', { name: /^Stop/ }).isVisible(), false);
  });

  it('a chat not on screen: its finished turn raises a notification whose Show Chat brings that chat up', async function () {
    this.timeout(180_000);
    await vs.clearToasts();
    await vs.send('first chat SCENARIO:slow:6');
    await vs.assistant().last().waitFor({ timeout: 60_000 });
    // Another chat takes the panel: Chat 1 works on out of sight.
    await vs.webview.locator('[data-action="open-chat"]').click();
    await waitFor('a second chat shown', async () => (await tabs().count()) === 2 && /Chat 2/.test((await shownChat()) ?? ''));
    const toast = vs.toast('Claude finished in Chat 1.');
    await toast.waitFor({ timeout: 90_000 });
    await vs.screenshot('turn-end-notification');
    await toast.getByRole('button', { name: 'Show Chat' }).click();
    await waitFor('Chat 1 shown again', async () => /Chat 1/.test((await shownChat()) ?? ''), 15_000);
    await vs.webview.getByText('first chat SCENARIO:slow:6').waitFor({ timeout: 15_000 });
  });

  it('a chat not on screen: a permission it waits for raises a notification whose Show Chat brings that chat up', async function () {
    this.timeout(180_000);
    await vs.clearToasts();
    const file = join(vs.workspace, 'attention.txt');
    // A command first (allowed by the user's rule), then a write that asks: time to look away.
    await vs.send(tools([[{ name: 'Bash', input: { command: 'sleep 4', description: 'pause' } }], [{ name: 'Write', input: { file_path: file, content: 'hello\n' } }]]));
    await vs.webview.locator('.entry.card').last().waitFor({ timeout: 60_000 });
    await tabs().filter({ hasText: 'Chat 2' }).locator('.chat-tab-button').click();
    await waitFor('Chat 2 shown', async () => /Chat 2/.test((await shownChat()) ?? ''), 15_000);
    const toast = vs.toast(/Claude waits for your answer in Chat 1/);
    await toast.waitFor({ timeout: 90_000 });
    await vs.screenshot('waiting-notification');
    await toast.getByRole('button', { name: 'Show Chat' }).click();
    await waitFor('Chat 1 shown again', async () => /Chat 1/.test((await shownChat()) ?? ''), 15_000);
    await vs.webview.locator('.permission-banner').waitFor({ timeout: 15_000 });
    // Answer it the native way: the permission's own notification.
    const ask = vs.toast('attention.txt').last();
    await ask.getByRole('button', { name: 'Allow', exact: true }).click({ timeout: 30_000 });
    await waitFor('the file written', () => existsSync(file), 30_000);
  });

  it('a queued prompt edited before it is sent reaches the model as edited', async function () {
    this.timeout(180_000);
    const turnsBefore = await vs.turnEnds().count();
    await vs.send('long turn SCENARIO:slow:8');
    await vs.assistant().last().waitFor({ timeout: 60_000 });
    await vs.send('first draft SCENARIO:text:drafted');
    const chip = vs.webview.locator('.queue-chip');
    await chip.waitFor({ timeout: 15_000 });
    await chip.getByRole('button', { name: /^Edit/ }).click();
    await waitFor('the text back in the box', async () => (await vs.input.inputValue()).includes('first draft'), 15_000);
    await waitFor('the chip gone', async () => (await chip.count()) === 0, 15_000);
    await vs.input.fill('edited prompt SCENARIO:text:edited answer');
    await vs.input.press('Enter');
    await chip.waitFor({ timeout: 15_000 });
    assert.match((await chip.locator('.queue-text').textContent()) ?? '', /edited prompt/);
    await vs.webview.getByText('edited answer').waitFor({ timeout: 90_000 });
    await waitFor('both turns ended', async () => (await vs.turnEnds().count()) >= turnsBefore + 2, 30_000);
    // What the model received: the user texts of every request.
    const sent = vs.model
      .mainRequests()
      .flatMap((r) => (r.body.messages ?? []) as { role: string; content: unknown }[])
      .filter((m) => m.role === 'user')
      .map((m) => JSON.stringify(m.content));
    assert.ok(sent.some((c) => c.includes('edited prompt')), `the model got the edited text: ${sent.slice(-3).join('\n').slice(-1500)}`);
    assert.ok(!sent.some((c) => c.includes('first draft')), 'and never the first draft');
  });

  it('a background task does not outlive the window: Developer: Reload Window ends it', async function () {
    this.timeout(240_000);
    await vs.send(tools([[{ name: 'Bash', input: { command: 'sleep 300', description: 'left running', run_in_background: true } }]]));
    await vs.webview.locator('.bg-task', { hasText: 'left running' }).waitFor({ timeout: 60_000 });
    await waitFor('the sleep process', () => sleepers().length === 1, 30_000);
    await vs.palette('Developer: Reload Window');
    await vs.page.waitForLoadState('domcontentloaded');
    await waitFor('the sleep process gone with the old extension host', () => sleepers().length === 0, 60_000);
    await vs.showView();
  });
});
