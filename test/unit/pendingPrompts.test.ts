import assert from 'node:assert/strict';
import { ClaudeError } from '../../src/claude/errors';
import { AcpError } from '../../src/acp/errors';
import { ChatError, errorInfo, isChatError } from '../../src/core/errors';
import { decisionOutcome, PendingRequests, type PermissionProgress } from '../../src/core/pendingRequests';
import { PermissionQueue } from '../../src/core/permissionQueue';
import { isPermissionCancelled, PermissionCancelled, type PermissionBroker, type PermissionRequest } from '../../src/core/permissions';

function req(id: string, sessionKey: string, signal = new AbortController().signal): PermissionRequest {
  return { id, sessionKey, toolName: 'Write', input: {}, toolUseId: `tool-${id}`, summary: id, receivedAt: Date.now(), signal };
}

describe('PermissionQueue as the owner of a prompt', () => {
  it('the UI answers through the queue; a second answer or one after withdrawal does nothing', async () => {
    const shown: string[] = [];
    const q = new PermissionQueue((r) => void shown.push(r.id));
    const c = new AbortController();
    const first = q.request(req('a', 'S'));
    const second = q.request(req('b', 'S', c.signal));
    assert.deepEqual(shown, ['a']);
    assert.equal(q.find('a')?.toolUseId, 'tool-a');
    assert.equal(q.pending()[0].toolUseId, 'tool-a');
    assert.equal(q.answer('a', { kind: 'allow' }), true);
    assert.deepEqual(await first, { kind: 'allow' });
    assert.equal(q.answer('a', { kind: 'deny' }), false, 'already answered');
    assert.equal(q.find('a'), undefined);
    assert.deepEqual(shown, ['a', 'b']);
    c.abort(new PermissionCancelled('timeout', 'too slow'));
    assert.deepEqual(await second, { kind: 'deny', message: 'too slow' });
    assert.equal(q.answer('b', { kind: 'allow' }), false, 'withdrawn');
    assert.deepEqual(q.pending(), []);
  });
});

describe('PendingRequests (a backend withdrawing its requests)', () => {
  const never: PermissionBroker = { request: () => new Promise(() => undefined) };

  it('reports asked and answered for the card, and counts per session', async () => {
    const pending = new PendingRequests();
    const seen: PermissionProgress[] = [];
    const broker: PermissionBroker = { request: () => Promise.resolve({ kind: 'deny' }) };
    const p = pending.ask(broker, { id: 'r1', sessionKey: 'S', toolName: 'Write', input: {}, toolUseId: 't1', summary: '', receivedAt: 0 }, { progress: (e) => seen.push(e) });
    assert.equal(pending.count('S'), 1);
    assert.deepEqual(await p, { kind: 'deny' });
    assert.equal(pending.count(), 0);
    assert.deepEqual(seen.map((e) => (e.type === 'permissionAnswered' ? e.outcome : e.type)), ['permissionAsked', 'denied']);
  });

  it('withdraws one session without touching another, even when the broker ignores the signal', async () => {
    const pending = new PendingRequests();
    const base = { toolName: 'Write', input: {}, summary: '', receivedAt: 0 };
    const a = pending.ask(never, { ...base, id: 'a', sessionKey: 'A' });
    const b = pending.ask(never, { ...base, id: 'b', sessionKey: 'B' });
    pending.cancelSession('A', new PermissionCancelled('sessionEnded', 'gone'));
    await assert.rejects(a, (e: unknown) => isPermissionCancelled(e) && e.reason === 'sessionEnded');
    assert.equal(pending.count('B'), 1);
    pending.cancel('b', new PermissionCancelled('disconnected', 'lost'));
    await assert.rejects(b, (e: unknown) => isPermissionCancelled(e) && e.reason === 'disconnected');
  });

  it('the upstream signal and the deadline withdraw with their own reasons', async () => {
    const pending = new PendingRequests();
    const base = { toolName: 'Write', input: {}, summary: '', receivedAt: 0, sessionKey: 'S' };
    const up = new AbortController();
    const p = pending.ask(never, { ...base, id: 'u' }, { upstream: up.signal, upstreamReason: () => new PermissionCancelled('interrupted', 'stopped') });
    up.abort();
    await assert.rejects(p, (e: unknown) => isPermissionCancelled(e) && e.reason === 'interrupted');
    await assert.rejects(pending.ask(never, { ...base, id: 't' }, { timeoutSeconds: 0.01 }), (e: unknown) => isPermissionCancelled(e) && e.reason === 'timeout');
  });
});

describe('ChatError', () => {
  it('both backends build on it, and the brand check needs no class identity', () => {
    assert.ok(isChatError(new ClaudeError('auth', 'x')));
    assert.ok(isChatError(new AcpError('refused', 'x')));
    assert.ok(isChatError(new PermissionCancelled('timeout', 'x')));
    assert.ok(!isChatError(new Error('plain')));
    assert.ok(!isChatError({ code: 'auth', message: 'duck', actions: [] }), 'duck typing is not enough');
    // A copy of the class from another bundle: a different constructor, the same registered brand.
    const foreign = Object.assign(new Error('from another bundle'), { [Symbol.for('claude-chat.ChatError')]: true, code: 'agentExited', actions: ['retry'] });
    assert.ok(isChatError(foreign));
    assert.deepEqual(errorInfo(foreign), { code: 'agentExited', message: 'from another bundle', actions: ['retry'] });
    assert.deepEqual(errorInfo(new Error('boom'), 'agent'), { code: 'agent', message: 'boom', actions: ['showLogs'] });
    assert.equal(new ChatError('x', 'y').actions[0], 'showLogs');
  });
});

describe('decisionOutcome', () => {
  it('counts answers with edited input (questions answered, plan approved) as allowed, so the card runs', () => {
    assert.equal(decisionOutcome({ kind: 'allowWithInput', updatedInput: { answers: {} } }), 'allowed');
    assert.equal(decisionOutcome({ kind: 'allow' }), 'allowed');
    assert.equal(decisionOutcome({ kind: 'allowSession' }), 'allowed');
    assert.equal(decisionOutcome({ kind: 'deny' }), 'denied');
    assert.equal(decisionOutcome({ kind: 'denyAndStop' }), 'denied');
  });
});
