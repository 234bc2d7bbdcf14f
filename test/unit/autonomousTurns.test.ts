import assert from 'node:assert/strict';
import { AutonomousTurns } from '../../src/claude/autonomousTurns';

const done = (summary: string, ownedBySubagent = false) => ({ taskId: 't', status: 'completed', summary, ownedBySubagent });

describe('turns the CLI starts by itself', () => {
  it("a task notification heard between turns makes the next init the CLI's own turn, once", () => {
    const a = new AutonomousTurns();
    a.notified(done('Background command "bg job" completed (exit code 0)'), false);
    assert.deepEqual(a.opened(), { kind: 'autonomous', reasons: ['Background command "bg job" completed (exit code 0)'] });
    // The prompt written meanwhile gets the following init.
    assert.deepEqual(a.opened(), { kind: 'prompt' });
  });

  it('a notification inside a running turn is consumed by that turn: no turn of its own follows', () => {
    const a = new AutonomousTurns();
    a.notified(done('x'), true);
    assert.deepEqual(a.opened(), { kind: 'prompt' });
  });

  it("a subagent's inner task opens nothing: only the agent's own notification is followed by a turn", () => {
    const a = new AutonomousTurns();
    a.notified(done('child step', true), false);
    assert.deepEqual(a.opened(), { kind: 'prompt' });
    a.notified(done('child step', true), false);
    a.notified(done('Agent "Sub job" completed'), false);
    assert.deepEqual(a.opened(), { kind: 'autonomous', reasons: ['Agent "Sub job" completed'] });
  });

  it('several notifications before one init are one turn, each reason kept; a blank summary falls back to the status', () => {
    const a = new AutonomousTurns();
    a.notified(done('one'), false);
    a.notified({ status: 'failed', ownedBySubagent: false }, false);
    assert.deepEqual(a.opened(), { kind: 'autonomous', reasons: ['one', 'failed'] });
  });

  it('counts background tasks from the task lines of both CLI versions', () => {
    const a = new AutonomousTurns();
    // 2.1.332 says is_backgrounded; 2.1.197 doesn't, and the call's run_in_background decides.
    a.systemLine({ subtype: 'task_started', task_id: 'b1', tool_use_id: 'tu1', is_backgrounded: true }, true);
    a.toolCall('tu2', { command: 'make', run_in_background: true });
    a.systemLine({ subtype: 'task_started', task_id: 'b2', tool_use_id: 'tu2' }, true);
    // A foreground step of a subagent is a task too, but nothing runs on after it.
    a.toolCall('tu3', { command: 'ls' });
    a.systemLine({ subtype: 'task_started', task_id: 'f1', tool_use_id: 'tu3' }, true);
    a.systemLine({ subtype: 'task_started', task_id: 'f2', tool_use_id: 'tu4', is_backgrounded: false }, true);
    assert.equal(a.backgroundTasks, 2);
    a.systemLine({ subtype: 'task_updated', task_id: 'b1', patch: { status: 'completed' } }, false);
    assert.equal(a.backgroundTasks, 1);
    a.systemLine({ subtype: 'task_notification', task_id: 'b2', status: 'killed', summary: 'Background command "make" was stopped' }, false);
    assert.equal(a.backgroundTasks, 0);
    assert.deepEqual(a.opened(), { kind: 'autonomous', reasons: ['Background command "make" was stopped'] });
  });

  it('a new process forgets what the old one announced and the tasks that died with it', () => {
    const a = new AutonomousTurns();
    a.systemLine({ subtype: 'task_started', task_id: 'b1', is_backgrounded: true }, true);
    a.notified(done('one'), false);
    a.reset();
    assert.equal(a.backgroundTasks, 0);
    assert.deepEqual(a.opened(), { kind: 'prompt' });
  });
});
