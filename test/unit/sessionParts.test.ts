import assert from 'node:assert/strict';
import { ControlRequests, RequestTimeout } from '../../src/claude/controlRequests';
import { ClaudeError } from '../../src/claude/errors';
import type { TurnResult } from '../../src/claude/events';
import { TurnQueue, type Turn } from '../../src/claude/turnQueue';

/** The id of the control request in the line the channel wrote. */
function requestId(line: string): string {
  const parsed = JSON.parse(line) as { type: string; request_id: string };
  assert.equal(parsed.type, 'control_request');
  return parsed.request_id;
}

describe("a session's control requests", () => {
  it('writes one control_request line per request and settles each with its own answer', async () => {
    const lines: string[] = [];
    const c = new ControlRequests();
    const a = c.send((l) => lines.push(l), { subtype: 'set_model', model: 'x' }, 60_000);
    const b = c.send((l) => lines.push(l), { subtype: 'get_context_usage' }, 60_000);
    assert.equal(lines.length, 2);
    assert.equal((JSON.parse(lines[0]) as { request: { model: string } }).request.model, 'x');
    c.answer({ subtype: 'success', request_id: requestId(lines[1]), response: { total: 7 } });
    c.answer({ subtype: 'error', request_id: requestId(lines[0]), error: 'no such model' });
    assert.deepEqual(await b, { total: 7 });
    await assert.rejects(a, (err: Error) => err instanceof ClaudeError && err.code === 'protocol' && /refused the request: no such model/.test(err.message));
  });

  it('an answer nobody waits for (unknown id, or a second answer) is ignored', async () => {
    const lines: string[] = [];
    const c = new ControlRequests();
    const a = c.send((l) => lines.push(l), { subtype: 'initialize' }, 60_000);
    c.answer({ subtype: 'success', request_id: 'not-ours', response: 1 });
    c.answer({ subtype: 'success', request_id: requestId(lines[0]), response: 2 });
    c.answer({ subtype: 'error', request_id: requestId(lines[0]), error: 'late' });
    assert.equal(await a, 2);
  });

  it('settleAll fails every waiting request once, with the reason, and forgets them', async () => {
    const lines: string[] = [];
    const c = new ControlRequests();
    const waiting = [c.send((l) => lines.push(l), { subtype: 'a' }, 60_000), c.send((l) => lines.push(l), { subtype: 'b' }, 60_000)];
    c.settleAll('Claude exited before answering.');
    for (const p of waiting) await assert.rejects(p, (err: Error) => err instanceof ClaudeError && err.code === 'processExited' && err.message === 'Claude exited before answering.');
    // A late answer to a settled request changes nothing (and throws nothing).
    c.answer({ subtype: 'success', request_id: requestId(lines[0]), response: 1 });
  });

  it('a request with no answer in time fails as a RequestTimeout naming its subtype', async () => {
    const c = new ControlRequests();
    await assert.rejects(c.send(() => undefined, { subtype: 'interrupt' }, 5), (err: Error) => err instanceof RequestTimeout && /No answer to interrupt/.test(err.message));
  });
});

describe("a session's turn queue", () => {
  function turn(id: string): { turn: Turn; result: Promise<TurnResult> } {
    let resolve!: (r: TurnResult) => void;
    const result = new Promise<TurnResult>((r) => (resolve = r));
    return { turn: { turnId: id, prompt: `prompt ${id}`, resolve, interrupted: false }, result };
  }

  it('waiting turns come out in order, with their positions', () => {
    const q = new TurnQueue();
    assert.equal(q.enqueue(turn('a').turn), 1);
    assert.equal(q.enqueue(turn('b').turn), 2);
    assert.equal(q.length, 2);
    assert.equal(q.next()?.turnId, 'a');
    assert.equal(q.next()?.turnId, 'b');
    assert.equal(q.next(), undefined);
  });

  it('dropping resolves every waiting turn as cancelled and returns them', async () => {
    const q = new TurnQueue();
    const a = turn('a');
    const b = turn('b');
    q.enqueue(a.turn);
    q.enqueue(b.turn);
    assert.deepEqual(q.dropWaiting().map((t) => t.turnId), ['a', 'b']);
    assert.equal(q.length, 0);
    for (const [t, id] of [[a, 'a'], [b, 'b']] as const) assert.deepEqual(await t.result, { turnId: id, prompt: `prompt ${id}`, outcome: 'cancelled', isError: false });
  });

  it('steered turns merge into one turn whose one result reaches each of them under its own id', async () => {
    const q = new TurnQueue();
    const a = turn('a');
    const b = turn('b');
    q.steer(a.turn);
    q.steer(b.turn);
    assert.ok(q.hasSteered);
    const merged = q.takeMerged();
    assert.ok(merged && !q.hasSteered && q.takeMerged() === undefined);
    assert.equal(merged.turnId, 'a');
    assert.equal(merged.prompt, 'prompt a\nprompt b');
    merged.resolve({ turnId: 'a', prompt: merged.prompt, outcome: 'success', isError: false, text: 'both' });
    assert.deepEqual(await b.result, { turnId: 'b', prompt: 'prompt b', outcome: 'success', isError: false, text: 'both' });
    assert.equal((await a.result).prompt, 'prompt a');
  });

  it('steered turns whose process died are settled as cancelled, not left hanging', async () => {
    const q = new TurnQueue();
    const a = turn('a');
    q.steer(a.turn);
    q.settleSteered();
    assert.equal((await a.result).outcome, 'cancelled');
    assert.equal(q.takeMerged(), undefined);
  });
});
