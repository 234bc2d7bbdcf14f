import assert from 'node:assert/strict';
import { AutonomousTurns } from '../../src/claude/autonomousTurns';

const done = (summary: string, ownedBySubagent = false) => ({ taskId: 't', status: 'completed', summary, ownedBySubagent });

describe('turns the CLI starts by itself', () => {
  it("a task notification heard between turns makes the next init the CLI's own turn, once", () => {
    const a = new AutonomousTurns();
    a.notified(done('Background command "bg job" completed (exit code 0)'), false);
    assert.deepEqual(a.opened(), { kind: 'autonomous', reasons: ['Background command "bg job" completed (exit code 0)'], tentative: false });
    // The prompt written meanwhile gets the following init.
    assert.deepEqual(a.opened(), { kind: 'prompt' });
  });

  it('without echoes, a notification inside a running turn is taken as consumed by that turn: no mark', () => {
    const a = new AutonomousTurns();
    a.notified(done('x'), true);
    a.turnEnded();
    assert.deepEqual(a.opened(), { kind: 'prompt' });
  });

  it('with echoes, a notification inside a running turn marks the next init after that turn, as a doubtful mark', () => {
    const a = new AutonomousTurns(true);
    a.notified(done('late'), true);
    // Not while the turn that heard it runs: only an init after its result.
    assert.deepEqual(a.opened(), { kind: 'prompt' });
    a.turnEnded();
    assert.deepEqual(a.opened(), { kind: 'autonomous', reasons: ['late'], tentative: true });
    assert.deepEqual(a.opened(), { kind: 'prompt' });
  });

  it("a prompt's echo hands a firm mark back once, as a doubtful one; a doubtful mark cancelled is gone", () => {
    const a = new AutonomousTurns(true);
    a.notified(done('crossed'), false);
    const first = a.opened();
    assert.deepEqual(first, { kind: 'autonomous', reasons: ['crossed'], tentative: false });
    // The init was the prompt's (its echo came): the CLI may still answer the notification after it.
    a.echoCancelled(first as Extract<typeof first, { kind: 'autonomous' }>);
    const second = a.opened();
    assert.deepEqual(second, { kind: 'autonomous', reasons: ['crossed'], tentative: true });
    // The CLI had folded it in after all: the next prompt's echo ends the matter.
    a.echoCancelled(second as Extract<typeof second, { kind: 'autonomous' }>);
    assert.deepEqual(a.opened(), { kind: 'prompt' });
  });

  it('without echoes nothing is handed back (a wrong mark could not be cleared)', () => {
    const a = new AutonomousTurns();
    a.notified(done('crossed'), false);
    const first = a.opened();
    a.echoCancelled(first as Extract<typeof first, { kind: 'autonomous' }>);
    assert.deepEqual(a.opened(), { kind: 'prompt' });
  });

  it("a subagent's inner task opens nothing: only the agent's own notification is followed by a turn", () => {
    const a = new AutonomousTurns();
    a.notified(done('child step', true), false);
    assert.deepEqual(a.opened(), { kind: 'prompt' });
    a.notified(done('child step', true), false);
    a.notified(done('Agent "Sub job" completed'), false);
    assert.deepEqual(a.opened(), { kind: 'autonomous', reasons: ['Agent "Sub job" completed'], tentative: false });
  });

  it('several notifications before one init are one turn, each reason kept; a blank summary falls back to the status', () => {
    const a = new AutonomousTurns();
    a.notified(done('one'), false);
    a.notified({ status: 'failed', ownedBySubagent: false }, false);
    assert.deepEqual(a.opened(), { kind: 'autonomous', reasons: ['one', 'failed'], tentative: false });
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
    assert.deepEqual(a.opened(), { kind: 'autonomous', reasons: ['Background command "make" was stopped'], tentative: false });
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
