import assert from 'node:assert/strict';
import { PromptQueue } from '../../src/chat/promptQueue';
import { nullLogger } from '../../src/core/logger';
import type { ChatEvent } from '../../src/shared/contract';
import type { ClaudeChat } from '../../src/chat/claude/claudeChat';
import { useControllerRig } from '../support/controllerRig';
import { poll } from '../support/processes';

type TurnEnd = Extract<ChatEvent, { type: 'turnEnd' }>;

/** What the chat showed: the prompts it sent, in order, and how each turn ended. */
function record(c: ClaudeChat): { prompts: string[]; ends: TurnEnd['outcome'][] } {
  const seen = { prompts: [] as string[], ends: [] as TurnEnd['outcome'][] };
  c.onEvents((events) => {
    for (const e of events) {
      if (e.type === 'user') seen.prompts.push(e.text);
      if (e.type === 'turnEnd') seen.ends.push(e.outcome);
    }
  });
  return seen;
}

/** Queue and steer: prompts sent while Claude works wait in the chat's queue. */
describe('PromptQueue (real CLI): queue and steer', function () {
  this.timeout(180_000);
  const rig = useControllerRig();

  it('sends queued prompts one per turn, in order, as edited; the saved texts follow the queue', async () => {
    const c = rig.open();
    const seen = record(c);
    const saved: string[][] = [];
    const queue = new PromptQueue(c, { logger: nullLogger, save: (texts) => saved.push(texts) });
    assert.equal(queue.offer('not busy: the caller sends it'), false, 'nothing waits while Claude is idle');
    const first = c.send('first SCENARIO:slow:3');
    await poll('the first turn to run', () => c.isBusy);
    assert.equal(queue.offer('second SCENARIO:text'), true);
    assert.equal(queue.offer('third SCENARIO:echo'), true);
    // Edit: the second goes back into the box and comes back changed, behind the third.
    const [second] = queue.view();
    assert.equal(queue.remove(second.id)?.text, 'second SCENARIO:text');
    queue.offer('second, edited SCENARIO:text');
    assert.deepEqual(saved.at(-1), ['third SCENARIO:echo', 'second, edited SCENARIO:text'], 'a reload would find both');
    assert.equal((await first)?.outcome, 'success');
    await poll('both queued prompts to be answered', () => seen.ends.length === 3 && !c.isBusy && queue.size === 0, 90_000);
    assert.deepEqual(seen.prompts, ['first SCENARIO:slow:3', 'third SCENARIO:echo', 'second, edited SCENARIO:text']);
    assert.deepEqual(seen.ends, ['success', 'success', 'success']);
    const last = rig.server.mainRequests().at(-1)?.body.messages.at(-1);
    assert.match(JSON.stringify(last?.content), /second, edited/, 'the model got the edited text');
    assert.deepEqual(saved.at(-1), [], 'nothing left to restore');
    queue.dispose();
  });

  it('Send now interrupts the turn and sends that prompt first; the rest follow', async () => {
    const c = rig.open();
    const seen = record(c);
    const queue = new PromptQueue(c, { logger: nullLogger });
    const long = c.send('long SCENARIO:slow:60');
    await poll('the long turn to stream', () => seen.prompts.length === 1 && c.isBusy);
    queue.offer('later SCENARIO:text');
    queue.offer('urgent SCENARIO:text');
    const urgent = queue.view().find((q) => q.text.startsWith('urgent'))!;
    assert.equal(await queue.sendNow(urgent.id), true);
    assert.equal((await long)?.outcome, 'interrupted', 'the running turn was stopped, not waited for');
    await poll('the urgent and the later prompt to be answered', () => seen.ends.length === 3 && !c.isBusy && queue.size === 0, 90_000);
    assert.deepEqual(seen.prompts, ['long SCENARIO:slow:60', 'urgent SCENARIO:text', 'later SCENARIO:text']);
    assert.deepEqual(seen.ends, ['interrupted', 'success', 'success']);
    const sessionQueued = c.snapshot().filter((e) => (e.type === 'user' && e.queued) || (e.type === 'notice' && /^Queued/.test(e.text)));
    assert.deepEqual(sessionQueued, [], 'sent once the stopped turn had ended, not queued behind it in the CLI session');
    queue.dispose();
  });

  it('a stopped turn sends nothing behind the user: Escape takes the queue back, Stop leaves it waiting', async () => {
    const c = rig.open();
    const seen = record(c);
    const queue = new PromptQueue(c, { logger: nullLogger });
    const one = c.send('one SCENARIO:slow:60');
    // Running in the CLI: a Stop before that only keeps the prompt from being sent.
    await poll('the turn to run', () => c.status.state === 'running');
    queue.offer('back into the box SCENARIO:text');
    // Escape: the panel gets the texts back before the turn is stopped.
    assert.deepEqual(queue.takeAll().map((q) => q.text), ['back into the box SCENARIO:text']);
    await c.stop();
    assert.equal((await one)?.outcome, 'interrupted');

    const two = c.send('two SCENARIO:slow:60');
    await poll('the second turn to run', () => c.status.state === 'running');
    queue.offer('waits SCENARIO:text');
    await c.stop();
    assert.equal((await two)?.outcome, 'interrupted');
    await poll('the chat to be idle', () => !c.isBusy);
    const requests = rig.server.mainRequests().length;
    // A next turn that ends on its own is what moves the queue; a stop is not.
    assert.deepEqual(queue.view().map((q) => q.text), ['waits SCENARIO:text'], 'kept as a chip');
    assert.equal((await c.send('three SCENARIO:text'))?.outcome, 'success');
    await poll('the waiting prompt to go after a turn that ended on its own', () => seen.ends.length === 4 && !c.isBusy);
    assert.deepEqual(seen.prompts, ['one SCENARIO:slow:60', 'two SCENARIO:slow:60', 'three SCENARIO:text', 'waits SCENARIO:text']);
    assert.deepEqual(seen.ends, ['interrupted', 'interrupted', 'success', 'success']);
    assert.ok(rig.server.mainRequests().length >= requests + 2);
    queue.dispose();
  });

  it('prompts restored after a reload wait as chips until the user sends them', async () => {
    const c = rig.open();
    const seen = record(c);
    const queue = new PromptQueue(c, { logger: nullLogger, restored: ['from before the reload SCENARIO:text', '  '] });
    assert.deepEqual(queue.view().map((q) => q.text), ['from before the reload SCENARIO:text'], 'blank texts are not restored');
    assert.equal(seen.prompts.length, 0, 'nothing is sent by itself after a reload');
    assert.equal(await queue.sendNow(queue.view()[0].id), true);
    await poll('the restored prompt to be answered', () => seen.ends.length === 1 && !c.isBusy);
    assert.deepEqual(seen.prompts, ['from before the reload SCENARIO:text']);
    assert.deepEqual(seen.ends, ['success']);
    queue.dispose();
  });
});
