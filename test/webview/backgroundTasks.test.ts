import assert from 'node:assert/strict';
import type { BackgroundTaskInfo } from '../../src/shared/contract';
import { idleStatus, useHarness, type WebviewPage } from './harness';
import { seriousViolations } from './axe';

const sleeper: BackgroundTaskInfo = { id: 'b1', description: 'Wait <b>five</b> minutes', command: 'sleep 300', status: 'running', elapsedMs: 65_000, tail: 'tick 1\n<img src=x onerror=alert(1)>' };
const built: BackgroundTaskInfo = { id: 'b0', description: 'Build', command: 'npm run build', status: 'failed', elapsedMs: 4_000, tail: 'error TS2322' };

/** The chat's background tasks above the prompt box. */
describe('webview: background tasks', () => {
  const harness = useHarness();
  let wp: WebviewPage;
  const section = () => wp.page.locator('.bg-tasks');
  const row = (id: string) => wp.page.locator(`.bg-task[data-task-id="${id}"]`);

  afterEach(() => wp.closeClean());

  it('lists each task with its command, status, running time (ticking) and output as plain text, and a count while any runs', async () => {
    wp = await harness.open();
    await wp.snapshot([], idleStatus);
    assert.equal(await section().isVisible(), false, 'nothing while no task ran');
    await wp.host({ type: 'tasks', tasks: [sleeper, built] });
    await wp.settle();
    assert.equal(await section().isVisible(), true);
    assert.equal(await wp.page.locator('.bg-tasks-count').textContent(), '1 running');
    assert.equal(await row('b1').locator('.bg-task-title').textContent(), sleeper.description, 'text, not markup');
    assert.equal(await row('b1').locator('.bg-task-command').textContent(), 'sleep 300');
    assert.equal(await row('b1').locator('.bg-task-status').textContent(), 'Running');
    assert.equal(await row('b0').locator('.bg-task-status').textContent(), 'Failed');
    assert.equal(await row('b0').getByRole('button', { name: /^Stop/ }).isVisible(), false, 'an ended task has no Stop');
    await row('b1').locator('.bg-task-output summary').click();
    assert.equal(await row('b1').locator('.bg-task-tail').textContent(), sleeper.tail);
    assert.equal(await wp.page.locator('.bg-tasks img').count(), 0, 'output is never markup');
    // The clock runs on in the panel from what the host said.
    assert.match((await row('b1').locator('.bg-task-time').textContent()) ?? '', /^1 min \d+ s$/);
    const first = await row('b1').locator('.bg-task-time').textContent();
    await wp.page.waitForFunction((before) => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } } }).document.querySelector('.bg-task[data-task-id="b1"] .bg-task-time').textContent !== before, first);
    assert.equal(await row('b0').locator('.bg-task-time').textContent(), '4 s', 'an ended task keeps its time');
    // The list sits above the prompt box.
    const order = await wp.page.evaluate(() => {
      const d = (globalThis as unknown as { document: { querySelector(s: string): { compareDocumentPosition(o: unknown): number } } }).document;
      return [d.querySelector('.transcript-wrap').compareDocumentPosition(d.querySelector('.bg-tasks')), d.querySelector('.bg-tasks').compareDocumentPosition(d.querySelector('.composer'))];
    });
    assert.deepEqual(order, [4, 4]);
    // The chat's tab counts its running tasks, for a chat out of sight too.
    await wp.host({ type: 'chats', chats: [{ id: 'c1', title: 'Chat 1', state: 'idle', unread: false, focused: true, tasks: 1 }, { id: 'c2', title: 'Chat 2', state: 'idle', unread: false, focused: false }], shown: 'c1', fixed: false });
    await wp.settle();
    assert.equal(await wp.page.locator('.chat-tab[data-chat-id="c1"] .chat-tasks').textContent(), '1');
    assert.match((await wp.page.locator('.chat-tab[data-chat-id="c1"] .chat-tab-button').getAttribute('aria-label')) ?? '', /1 background task\(s\) running/);
    assert.equal(await wp.page.locator('.chat-tab[data-chat-id="c2"] .chat-tasks').count(), 0);
  });

  it('Stop asks the host once and keeps its focus while the output updates; the host answers stopping, then stopped', async () => {
    wp = await harness.open();
    await wp.snapshot([], idleStatus);
    await wp.host({ type: 'tasks', tasks: [sleeper] });
    await wp.settle();
    const stop = row('b1').getByRole('button', { name: 'Stop: Wait <b>five</b> minutes' });
    await stop.focus();
    // New output re-renders the row in place: the focused button stays the focused button.
    await wp.host({ type: 'tasks', tasks: [{ ...sleeper, tail: 'tick 1\ntick 2' }] });
    await wp.settle();
    assert.equal(await stop.evaluate((b) => b === (b.ownerDocument as { activeElement: unknown }).activeElement), true);
    await wp.clearPosted();
    await wp.page.keyboard.press('Enter');
    await stop.click({ force: true }).catch(() => undefined);
    assert.deepEqual(await wp.posted(), [{ type: 'stopTask', id: 'b1' }], 'one request');
    await wp.host({ type: 'tasks', tasks: [{ ...sleeper, stopping: true }] });
    await wp.settle();
    assert.equal(await row('b1').locator('.bg-task-status').textContent(), 'Stopping…');
    await wp.host({ type: 'tasks', tasks: [{ ...sleeper, status: 'stopped', elapsedMs: 70_000 }] });
    await wp.settle();
    assert.equal(await row('b1').locator('.bg-task-status').textContent(), 'Stopped');
    assert.equal(await stop.isVisible(), false);
    assert.equal(await wp.page.locator('.bg-tasks-count').textContent(), '1 ended');
    // A new conversation: no tasks, no list.
    await wp.host({ type: 'tasks', tasks: [] });
    await wp.settle();
    assert.equal(await section().isVisible(), false);
  });

  it('collapses to its head and back; passes axe in both themes', async () => {
    for (const theme of ['dark', 'light'] as const) {
      wp = await harness.open(theme);
      await wp.snapshot([], idleStatus);
      await wp.host({ type: 'tasks', tasks: [sleeper, built] });
      await wp.settle();
      await row('b1').locator('.bg-task-output summary').click();
      assert.deepEqual(await seriousViolations(wp), [], theme);
      const head = wp.page.locator('.bg-tasks-head');
      assert.equal(await head.getAttribute('aria-expanded'), 'true');
      await head.click();
      assert.equal(await head.getAttribute('aria-expanded'), 'false');
      assert.equal(await wp.page.locator('.bg-task-list').isVisible(), false);
      await head.click();
      assert.equal(await wp.page.locator('.bg-task-list').isVisible(), true);
      if (theme === 'dark') await wp.closeClean();
    }
  });
});
