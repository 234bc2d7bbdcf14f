import assert from 'node:assert/strict';
import type { ChatEvent, StatusInfo } from '../../src/shared/contract';
import { idleStatus, useHarness, type WebviewPage } from './harness';
import { fixtureEvents } from './fromCli';

const running: StatusInfo = { ...idleStatus, state: 'running' };

let n = 0;
const prompt = (turnId: string): ChatEvent => ({ type: 'user', turnId, text: `prompt ${turnId}` });
const todo = (todos: [string, 'pending' | 'in_progress' | 'completed'][]): ChatEvent[] => {
  const id = `todo${n++}`;
  return [
    { type: 'tool', messageId: `m${id}`, index: 0, toolUseId: id, name: 'TodoWrite', input: { todos: todos.map(([content, status]) => ({ content, status, activeForm: `${content}…` })) } },
    { type: 'toolResult', toolUseId: id, isError: false, text: 'Todos have been modified successfully.' },
  ];
};
const create = (taskId: string, subject: string): ChatEvent[] => {
  const id = `create${n++}`;
  return [
    { type: 'tool', messageId: `m${id}`, index: 0, toolUseId: id, name: 'TaskCreate', input: { subject, description: 'd1', activeForm: `Doing ${subject}` } },
    { type: 'toolResult', toolUseId: id, isError: false, text: `Task #${taskId} created successfully: ${subject}`, structured: { task: { id: taskId, subject } } },
  ];
};
const update = (taskId: string, status: string): ChatEvent[] => {
  const id = `update${n++}`;
  return [
    { type: 'tool', messageId: `m${id}`, index: 0, toolUseId: id, name: 'TaskUpdate', input: { taskId, status } },
    { type: 'toolResult', toolUseId: id, isError: false, text: `Updated task #${taskId} status`, structured: { success: true, taskId, updatedFields: ['status'] } },
  ];
};
const end = (turnId: string): ChatEvent => ({ type: 'turnEnd', turnId, outcome: 'success' });

describe('webview: the task list', () => {
  const harness = useHarness();
  let wp: WebviewPage;
  const list = () => wp.page.locator('.task-list');
  const items = () => list().locator('li').allTextContents();
  const count = () => list().locator('.task-count').textContent();

  afterEach(() => wp.closeClean());

  it('TodoWrite: each call replaces the list; a finished list is gone by the next prompt', async () => {
    wp = await harness.open();
    await wp.snapshot([], running);
    await wp.push([prompt('t1'), ...todo([['Read', 'in_progress'], ['Fix', 'pending']])]);
    assert.deepEqual(await items(), ['Read…', 'Fix']);
    await wp.push(todo([['Read', 'completed'], ['Fix', 'completed']]));
    assert.equal(await count(), ' Tasks · 2/2 done');
    // All done: collapsed to its one line while the turn still runs.
    assert.equal(await list().locator('li').count(), 0);
    assert.equal(await list().locator('.task-list-head').getAttribute('aria-expanded'), 'false');
    await wp.push([end('t1'), prompt('t2'), { type: 'text', messageId: 'a2', index: 0, text: 'unrelated answer' }]);
    assert.equal(await list().isVisible(), false, 'an unrelated turn shows no old list');
  });

  it('Task tools: updates by id fold into the list, each call one line in the turn, no generic cards', async () => {
    wp = await harness.open();
    await wp.snapshot([], running);
    await wp.push([prompt('t1'), ...create('1', 'Write the parser'), ...create('2', 'Update the changelog'), ...update('1', 'in_progress')]);
    assert.deepEqual(await items(), ['Doing Write the parser', 'Update the changelog']);
    assert.equal(await count(), ' Tasks · 0/2 done');
    assert.equal(await wp.page.locator('.card.tool-taskcreate, .card.tool-taskupdate').count(), 0, 'no generic cards');
    assert.deepEqual(await wp.page.locator('.entry.task-line').allTextContents(), ['Task added: Write the parser', 'Task added: Update the changelog', 'Task started: Write the parser']);
    await wp.push([...update('1', 'completed'), ...update('2', 'deleted')]);
    assert.deepEqual(await wp.page.locator('.entry.task-line').allTextContents().then((l) => l.slice(3)), ['Task done: Write the parser', 'Task removed: Update the changelog']);
    assert.equal(await count(), ' Tasks · 1/1 done');
    // The real CLI's lines (test/fixtures/cli/tasks.jsonl) give the same lines.
    await wp.snapshot(fixtureEvents('tasks.jsonl'), running);
    assert.deepEqual(await wp.page.locator('.entry.task-line').allTextContents(), [
      'Task added: Write the parser',
      'Task added: Test the parser',
      'Task started: Write the parser',
      'Task done: Write the parser',
      'Task started: Test the parser',
    ]);
  });

  it('TodoWrite and Task tools in one chat are never merged: the mechanism used last is the list', async () => {
    wp = await harness.open();
    await wp.snapshot([], running);
    await wp.push([prompt('t1'), ...todo([['Update the changelog', 'in_progress'], ['Run the tests', 'pending'], ['Ship', 'pending']]), end('t1')]);
    await wp.push([prompt('t2'), ...create('1', 'Update the changelog'), ...update('1', 'in_progress')]);
    assert.equal(await count(), ' Tasks · 0/1 done');
    assert.deepEqual(await items(), ['Doing Update the changelog']);
    assert.equal(await list().locator('li.todo-in_progress').count(), 1, 'one item in progress');
    await wp.push([end('t2'), prompt('t3'), ...todo([['Only this', 'pending']])]);
    assert.deepEqual(await items(), ['Only this']);
  });

  it('a list the current turn has not touched shows as one line; the head collapses and expands it', async () => {
    wp = await harness.open();
    await wp.snapshot([], running);
    await wp.push([prompt('t1'), ...create('1', 'Write the parser'), ...update('1', 'in_progress'), end('t1'), prompt('t2')]);
    const head = list().locator('.task-list-head');
    assert.equal(await head.getAttribute('aria-expanded'), 'false');
    assert.equal(await head.textContent(), ' Tasks · 0/1 done · Doing Write the parser');
    const height = await list().evaluate((el) => el.getBoundingClientRect().height);
    assert.ok(height < 30, `one line (${height} px)`);
    await head.click();
    assert.deepEqual(await items(), ['Doing Write the parser']);
    await head.press('Enter');
    assert.equal(await list().locator('li').count(), 0);
  });

  it('a fork (edit and resend) puts back the list as it was before the forked prompt', async () => {
    wp = await harness.open();
    await wp.snapshot([], running);
    await wp.push([prompt('t1'), ...create('1', 'First'), end('t1'), prompt('t2'), ...create('2', 'Second'), ...update('1', 'in_progress')]);
    assert.equal(await count(), ' Tasks · 0/2 done');
    await wp.push([{ type: 'mark', turnId: 't2', kind: 'forked', files: [] }, prompt('t2b')]);
    assert.equal(await count(), ' Tasks · 0/1 done');
    await list().locator('.task-list-head').click();
    assert.deepEqual(await items(), ['First']);
    // The same from a snapshot (the view re-shown after the fork).
    const events: ChatEvent[] = [prompt('t1'), ...create('1', 'First'), end('t1'), { type: 'mark', turnId: 't1', kind: 'forked', files: [] }, prompt('t1b')];
    await wp.snapshot(events, running);
    assert.equal(await list().isVisible(), false, 'forked before any task: no list');
  });
});
