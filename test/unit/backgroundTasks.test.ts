import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutonomousTurns } from '../../src/claude/autonomousTurns';
import { BackgroundTaskList, taskOutputPath } from '../../src/claude/backgroundTasks';
import { readTail, shapeTail, TaskBoard } from '../../src/chat/backgroundTasks';
import { type BackgroundTaskInfo, HostMessage, TASK_TAIL_MAX_CHARS, WebviewIntent } from '../../src/shared/contract';
import { poll } from '../support/processes';

const out = (id: string) => `/tmp/claude-0/-ws/3f1e/tasks/${id}.output`;
const resultText = (id: string) => `Command running in background with ID: ${id}. Output is being written to: ${out(id)}. You will be notified when it completes.`;

describe('background tasks: the list from the CLI lines', () => {
  it('2.1.332 (is_backgrounded) and 2.1.197 (the call says run_in_background): listed newest first, with the command and the output file the tool_result names', () => {
    let now = 1000;
    const list = new BackgroundTaskList(() => now);
    list.toolCall('tu1', { command: 'npm run watch', description: 'watcher', run_in_background: true });
    assert.equal(list.systemLine({ subtype: 'task_started', task_id: 'b1', tool_use_id: 'tu1', description: 'watcher', is_backgrounded: true, task_type: 'local_bash' }), true);
    assert.equal(list.toolResult('tu1', resultText('b1')), true);
    now = 2000;
    list.toolCall('tu2', { command: 'sleep 300', run_in_background: true });
    list.systemLine({ subtype: 'task_started', task_id: 'b2', tool_use_id: 'tu2', description: 'sleeper', task_type: 'local_bash' });
    // A foreground call's task (a subagent's step) and a subagent's own background step are not listed.
    list.toolCall('tu3', { command: 'ls' });
    assert.equal(list.systemLine({ subtype: 'task_started', task_id: 'f1', tool_use_id: 'tu3' }), false);
    assert.equal(list.systemLine({ subtype: 'task_started', task_id: 'f2', tool_use_id: 'tu4', is_backgrounded: true, owned_by_subagent: true }), false);
    assert.deepEqual(list.list(), [
      { id: 'b2', description: 'sleeper', command: 'sleep 300', status: 'running', startedAt: 2000 },
      { id: 'b1', description: 'watcher', command: 'npm run watch', status: 'running', startedAt: 1000, outputFile: out('b1') },
    ]);
    assert.equal(list.running, 2);
  });

  it('ends as the CLI says: failed (exit code), stopped (task_updated killed); the notification names the file when the result did not', () => {
    let now = 0;
    const list = new BackgroundTaskList(() => now);
    for (const id of ['b1', 'b2']) {
      list.toolCall(`tu-${id}`, { command: `job ${id}`, run_in_background: true });
      list.systemLine({ subtype: 'task_started', task_id: id, tool_use_id: `tu-${id}`, description: id });
    }
    now = 5000;
    assert.equal(list.systemLine({ subtype: 'task_updated', task_id: 'b1', patch: { status: 'failed', end_time: 1 } }), true);
    assert.equal(list.systemLine({ subtype: 'task_notification', task_id: 'b1', status: 'failed', output_file: out('b1'), summary: 'Background command "b1" failed with exit code 3' }), true);
    assert.equal(list.systemLine({ subtype: 'task_updated', task_id: 'b2', patch: { status: 'killed' } }), true);
    // 2.1.197's stop notification has an empty output_file.
    assert.equal(list.systemLine({ subtype: 'task_notification', task_id: 'b2', status: 'stopped', output_file: '' }), false);
    const byId = new Map(list.list().map((t) => [t.id, t]));
    assert.equal(byId.get('b1')?.status, 'failed');
    assert.equal(byId.get('b1')?.outputFile, out('b1'));
    assert.equal(byId.get('b1')?.endedAt, 5000);
    assert.equal(byId.get('b2')?.status, 'stopped');
    assert.equal(list.running, 0);
  });

  it('reads only the file the CLI named for that task: absolute, normal, <task id>.output', () => {
    assert.equal(taskOutputPath(out('b1'), 'b1'), out('b1'));
    assert.equal(taskOutputPath(`${out('b1')}.`, 'b1'), out('b1'), 'the sentence ends with a full stop');
    assert.equal(taskOutputPath(out('b1'), 'b2'), undefined, "another task's file");
    assert.equal(taskOutputPath('/home/u/.ssh/id_rsa', 'b1'), undefined);
    assert.equal(taskOutputPath('tasks/b1.output', 'b1'), undefined, 'relative');
    assert.equal(taskOutputPath('/tmp/x/../../etc/b1.output', 'b1'), undefined, 'not normal');
    assert.equal(taskOutputPath(42, 'b1'), undefined);
    const list = new BackgroundTaskList();
    list.systemLine({ subtype: 'task_started', task_id: 'b1', tool_use_id: 'tu1', is_backgrounded: true });
    assert.equal(list.toolResult('tu1', 'Output is being written to: /etc/passwd.'), false);
    assert.equal(list.list()[0].outputFile, undefined);
  });

  it("the process's end stops what still ran; a long session keeps only the newest ended tasks", () => {
    const list = new BackgroundTaskList(() => 7);
    for (let i = 0; i < 30; i++) {
      list.systemLine({ subtype: 'task_started', task_id: `t${i}`, is_backgrounded: true, description: `d${i}` });
      if (i < 29) list.systemLine({ subtype: 'task_notification', task_id: `t${i}`, status: 'completed' });
    }
    assert.equal(list.processEnded(), true);
    assert.equal(list.processEnded(), false);
    const all = list.list();
    assert.equal(all.length, 21, "the running one and the 20 newest ended");
    assert.equal(all[0].id, 't29');
    assert.equal(all[0].status, 'stopped');
  });

  it("a stopped task's notification opens no turn of Claude's own (the CLI starts none after a stop)", () => {
    const a = new AutonomousTurns();
    a.systemLine({ subtype: 'task_started', task_id: 'b1', is_backgrounded: true }, true);
    a.systemLine({ subtype: 'task_notification', task_id: 'b1', status: 'stopped', summary: 'sleeper' }, false);
    assert.equal(a.backgroundTasks, 0);
    assert.deepEqual(a.opened(), { kind: 'prompt' });
  });
});

describe('background tasks: the output tail', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tail-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('plain text: terminal escapes and control characters go, a redrawn line shows its last drawing, the last lines only, capped', () => {
    assert.equal(shapeTail('\x1b[32mgreen\x1b[0m ok\x07\n', false), 'green ok');
    assert.equal(shapeTail('progress 10%\rprogress 90%\rprogress done\nnext\r\n', false), 'progress done\nnext');
    assert.equal(shapeTail('half a line\nwhole\n', true), 'whole');
    const many = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const tail = shapeTail(many, false).split('\n');
    assert.equal(tail.length, 40);
    assert.equal(tail.at(-1), 'line 99');
    assert.equal(shapeTail('x'.repeat(10_000), false).length, TASK_TAIL_MAX_CHARS);
  });

  it('reads the end of a large file; a link or a missing file is not read', async () => {
    const file = join(dir, 'b1.output');
    writeFileSync(file, Array.from({ length: 5000 }, (_, i) => `row ${i}`).join('\n') + '\n');
    const tail = await readTail(file);
    assert.match(tail ?? '', /row 4999$/);
    assert.doesNotMatch(tail ?? '', /row 0\n/);
    const secret = join(dir, 'secret');
    writeFileSync(secret, 'do not show');
    symlinkSync(secret, join(dir, 'b2.output'));
    assert.equal(await readTail(join(dir, 'b2.output')), undefined);
    assert.equal(await readTail(join(dir, 'none.output')), undefined);
  });

  it('the board follows a running task\'s file while someone listens, reads it once more at the end, and asks the backend to stop', async () => {
    const file = join(dir, 'b1.output');
    writeFileSync(file, 'first\n');
    const stops: string[] = [];
    const board = new TaskBoard({ stop: (id) => (stops.push(id), Promise.resolve()), intervalMs: 20 });
    const seen: BackgroundTaskInfo[][] = [];
    const sub = board.onChange((t) => seen.push(t));
    const task = { id: 'b1', description: 'counter', command: 'count', status: 'running' as const, startedAt: Date.now() - 3000, outputFile: file };
    board.update([task]);
    await poll('the first tail', () => board.list()[0].tail === 'first');
    appendFileSync(file, 'second\n');
    await poll('the new line', () => board.list()[0].tail === 'first\nsecond');
    assert.ok(board.list()[0].elapsedMs >= 3000);
    await board.stop('b1');
    assert.deepEqual(stops, ['b1']);
    assert.equal(board.list()[0].stopping, true);
    appendFileSync(file, 'last words\n');
    board.update([{ ...task, status: 'stopped', endedAt: Date.now() }]);
    await poll('the final read', () => board.list()[0].tail?.endsWith('last words'));
    assert.equal(board.list()[0].stopping, undefined);
    assert.equal(board.list()[0].status, 'stopped');
    // Every message the panel gets passes the contract.
    for (const tasks of seen) assert.ok(HostMessage.safeParse({ type: 'tasks', tasks }).success);
    assert.ok(WebviewIntent.safeParse({ type: 'stopTask', id: 'b1' }).success);
    sub.dispose();
    board.dispose();
  });

  it("a refused stop is undone and its reason reaches the caller; the process's end stops what ran", async () => {
    const board = new TaskBoard({ stop: () => Promise.reject(new Error('Claude is not running')), now: () => 10_000 });
    board.update([{ id: 'b1', description: 'x', status: 'running', startedAt: 4000 }]);
    await assert.rejects(board.stop('b1'), /not running/);
    assert.equal(board.list()[0].stopping, undefined);
    assert.equal(board.list()[0].elapsedMs, 6000);
    board.processEnded();
    assert.equal(board.list()[0].status, 'stopped');
    assert.equal(board.running, 0);
    board.dispose();
  });
});
