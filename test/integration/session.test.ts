import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { ClaudeSession } from '../../src/claude/session';
import { SessionRegistry } from '../../src/core/registry';
import type { SessionEvent } from '../../src/claude/events';
import { nullLogger } from '../../src/core/logger';
import { transcriptPath } from '../../src/claude/paths';
import { CLAUDE_BIN, claudePids, isAlive, makeSandbox, type Sandbox } from '../support/cliEnv';
import { ModelServer, messageText } from '../support/modelServer';

describe('ClaudeSession against the real claude CLI', function () {
  this.timeout(120_000);
  let server: ModelServer;
  let sb: Sandbox;
  const sessions: ClaudeSession[] = [];

  const open = (extra: Partial<ConstructorParameters<typeof ClaudeSession>[0]> = {}) => {
    const s = new ClaudeSession({ cwd: sb.workspace, logger: nullLogger, cliPath: CLAUDE_BIN, env: sb.env, ...extra });
    sessions.push(s);
    return s;
  };
  const record = (s: ClaudeSession) => {
    const events: SessionEvent[] = [];
    s.onEvent((e) => events.push(e));
    return events;
  };

  beforeEach(async () => {
    server = new ModelServer();
    await server.start();
    sb = makeSandbox(server.url);
  });

  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.dispose()));
    await server.stop();
    assert.deepEqual(claudePids(sb.root), [], 'a claude process was left behind');
    sb.cleanup();
  });

  it('streams ordered text deltas that add up to the answer, with usage and cost', async () => {
    const s = open();
    const events = record(s);
    const result = await s.send('Say something SCENARIO:text:Alpha beta gamma delta epsilon zeta eta theta.');
    assert.equal(result.outcome, 'success');
    const deltas = events.filter((e): e is Extract<SessionEvent, { type: 'textDelta' }> => e.type === 'textDelta');
    assert.ok(deltas.length >= 3, `expected several deltas, got ${deltas.length}`);
    assert.equal(deltas.map((d) => d.text).join(''), 'Alpha beta gamma delta epsilon zeta eta theta.');
    assert.equal(result.text, 'Alpha beta gamma delta epsilon zeta eta theta.');
    assert.ok((result.usage?.output_tokens ?? 0) > 0, 'usage missing');
    assert.ok(typeof result.totalCostUsd === 'number' && result.totalCostUsd > 0, 'cost missing');
    const bound = events.find((e) => e.type === 'sessionBound');
    assert.ok(bound && bound.type === 'sessionBound' && bound.info.sessionId === s.sessionId);
    const states = events.filter((e) => e.type === 'state').map((e) => (e as { state: string }).state);
    assert.deepEqual(states, ['starting', 'running', 'idle']);
  });

  it('emits thinking deltas and tool events from a real transcript', async () => {
    const s = open();
    const events = record(s);
    await s.send('SCENARIO:thinking');
    const thinking = events.filter((e) => e.type === 'thinkingDelta').map((e) => (e as { text: string }).text).join('');
    assert.equal(thinking, 'Let me think about this carefully.');
  });

  it('runs three turns in one process, and turn 2 sees turn 1', async () => {
    const s = open();
    const r1 = await s.send('first MARKER-ONE SCENARIO:text');
    const pid = s.pid;
    assert.ok(pid, 'no pid after the first turn');
    const r2 = await s.send('second SCENARIO:echo');
    assert.equal(s.pid, pid);
    const r3 = await s.send('third SCENARIO:text');
    assert.equal(s.pid, pid);
    assert.deepEqual([r1.outcome, r2.outcome, r3.outcome], ['success', 'success', 'success']);
    assert.match(r2.text ?? '', /first MARKER-ONE/);
    assert.equal(claudePids(sb.root).length, 1, 'more than one claude process');
  });

  it('queues a second send while a turn runs instead of dropping it', async () => {
    const s = open();
    const events = record(s);
    const first = s.send('slow SCENARIO:slow:1');
    const second = s.send('queued SCENARIO:echo');
    assert.equal(s.queuedCount, 1);
    assert.ok(events.some((e) => e.type === 'queued'));
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a.outcome, 'success');
    assert.equal(b.outcome, 'success');
    assert.match(b.text ?? '', /queued SCENARIO:echo/);
  });

  it('steers: prompts written mid-turn run as one merged next turn with one result', async () => {
    const s = open();
    const first = s.send('slow SCENARIO:slow:2');
    await waitFor(() => s.state === 'running');
    const a = s.send('steer one', { steer: true });
    const b = s.send('steer two SCENARIO:echo', { steer: true });
    assert.equal(s.queuedCount, 0, 'steered prompts are not queued');
    const [r0, ra, rb] = await Promise.all([first, a, b]);
    assert.equal(r0.outcome, 'success');
    assert.equal(ra.outcome, 'success');
    assert.equal(rb.text, ra.text, 'both steered prompts share one result');
    assert.match(rb.text ?? '', /steer one\\nsteer two SCENARIO:echo/);
  });

  it('applies model and permission mode changes live to the running process', async () => {
    const s = open();
    const events = record(s);
    await s.send('SCENARIO:text');
    const pid = s.pid;
    await s.setModel('haiku');
    await s.send('after model change SCENARIO:text');
    assert.match(server.mainRequests().at(-1)!.body.model, /haiku/);
    await s.setPermissionMode('acceptEdits');
    await waitFor(() => events.some((e) => e.type === 'status' && e.permissionMode === 'acceptEdits'));
    await s.send('after mode change SCENARIO:text');
    assert.equal(s.info?.permissionMode, 'acceptEdits');
    assert.equal(s.pid, pid, 'changes must not respawn the process');
  });

  it('interrupt() ends a streaming turn in-band; the process survives and answers the next turn', async () => {
    const s = open();
    const events = record(s);
    const turn = s.send('slow SCENARIO:slow:10');
    await waitFor(() => events.filter((e) => e.type === 'textDelta').length >= 3);
    const pid = s.pid;
    const t0 = performance.now();
    await s.interrupt();
    const latency = performance.now() - t0;
    const result = await turn;
    console.log(`      interrupt latency: ${latency.toFixed(1)} ms`);
    assert.equal(result.outcome, 'interrupted');
    assert.equal(s.state, 'idle');
    assert.equal(s.pid, pid, 'the process was replaced');
    assert.ok(pid && isAlive(pid));
    const aborted = server.requests.find((r) => r.scenario === 'slow');
    await waitFor(() => aborted?.aborted === true);
    const next = await s.send('after SCENARIO:echo');
    assert.equal(next.outcome, 'success');
    assert.equal(s.pid, pid);
    assert.match(next.text ?? '', /Request interrupted by user/);
    // Interrupting while idle is harmless.
    await s.interrupt();
    assert.equal(s.state, 'idle');
  });

  it('falls back to killing the tree when the interrupt is not confirmed, and resumes', async () => {
    const s = open({ interruptTimeoutMs: 300 });
    const events = record(s);
    await s.send('remember MARKER-KILL SCENARIO:text');
    // The CLI writes its transcript a few ms after the result; what isn't on disk can't be resumed.
    await waitFor(() => existsSync(transcriptPath(sb.workspace, s.sessionId, sb.env)));
    const already = events.filter((e) => e.type === 'textDelta').length;
    const turn = s.send('slow SCENARIO:slow:10');
    await waitFor(() => events.filter((e) => e.type === 'textDelta').length > already);
    const pid = s.pid!;
    process.kill(pid, 'SIGSTOP'); // a CLI that cannot answer
    await s.interrupt();
    const result = await turn;
    assert.equal(result.outcome, 'interrupted');
    await waitFor(() => !isAlive(pid));
    const next = await s.send('again SCENARIO:echo');
    assert.equal(next.outcome, 'success', next.error?.message);
    assert.notEqual(s.pid, pid);
    assert.match(next.text ?? '', /MARKER-KILL/);
  });

  it('reports a killed process as a clear error and resumes with the earlier context', async () => {
    const s = open();
    const events = record(s);
    await s.send('remember MARKER-CRASH SCENARIO:text');
    await waitFor(() => existsSync(transcriptPath(sb.workspace, s.sessionId, sb.env)));
    const already = events.filter((e) => e.type === 'textDelta').length;
    const turn = s.send('slow SCENARIO:slow:10');
    await waitFor(() => events.filter((e) => e.type === 'textDelta').length >= already + 2);
    const pid = s.pid!;
    process.kill(pid, 'SIGKILL');
    const crashed = await turn;
    assert.equal(crashed.outcome, 'error');
    assert.equal(crashed.error?.code, 'processExited');
    assert.match(crashed.error!.message, /resumes/);
    assert.equal(s.state, 'exited');
    const before = server.mainRequests().length;
    const resumed = await s.send('what did I say? SCENARIO:echo');
    assert.equal(resumed.outcome, 'success');
    assert.notEqual(s.pid, pid);
    const first = server.mainRequests()[before];
    const texts = (first.body.messages as { role: string; content: unknown }[]).map((m) => messageText(m.content)).join('\n');
    assert.match(texts, /MARKER-CRASH/, 'the resumed request lacks the earlier context');
    assert.ok(existsSync(`${sb.env.CLAUDE_CONFIG_DIR}/projects`), 'no transcript directory');
  });

  it('turns a 401 into a typed auth error', async () => {
    const s = open();
    const r = await s.send('SCENARIO:error-401-noretry');
    assert.equal(r.outcome, 'error');
    assert.equal(r.error?.code, 'auth');
    assert.match(r.error!.message, /API key/i);
    assert.ok(r.error!.actions.includes('openSettings'));
    // The process lives on; the next turn works.
    assert.equal((await s.send('SCENARIO:text')).outcome, 'success');
  });

  it('turns repeated 529s into a typed overloaded error', async () => {
    const s = open({ env: { ...sb.env, CLAUDE_CODE_MAX_RETRIES: '1' } });
    const events = record(s);
    const r = await s.send('SCENARIO:error-529');
    // (the session is opened with CLAUDE_CODE_MAX_RETRIES=1 so the CLI gives up quickly)
    assert.equal(r.error?.code, 'overloaded');
    assert.match(r.error!.message, /overloaded/i);
    assert.ok(events.some((e) => e.type === 'apiRetry'));
  });

  it('reports a missing binary as CLI-not-found, both from the setting and from PATH', async () => {
    const fromSetting = await open({ cliPath: '/nonexistent/claude' }).send('hi');
    assert.equal(fromSetting.error?.code, 'cliNotFound');
    assert.match(fromSetting.error!.message, /claudeChat\.cliPath/);
    assert.ok(fromSetting.error!.actions.includes('openSettings'));
    const fromPath = await open({ cliPath: '', env: { ...sb.env, PATH: sb.root } }).send('hi');
    assert.equal(fromPath.error?.code, 'cliNotFound');
    assert.match(fromPath.error!.message, /npm install -g @anthropic-ai\/claude-code/);
  });

  it('reports a CLI that exits at start with its stderr', async () => {
    const r = await open({ extraArgs: ['--bogus-flag'] }).send('hi');
    assert.equal(r.error?.code, 'cliStartFailed');
    assert.match(r.error!.message, /unknown option/);
  });

  it('a registry creates sessions lazily and leaves no process behind on dispose', async () => {
    const registry = new SessionRegistry((folder) => new ClaudeSession({ cwd: folder, logger: nullLogger, cliPath: CLAUDE_BIN, env: sb.env }));
    const a = registry.get(sb.workspace);
    assert.equal(registry.get(sb.workspace), a);
    assert.equal(claudePids(sb.root).length, 0, 'spawned before the first prompt');
    const busy = a.send('slow SCENARIO:slow:20');
    await waitFor(() => a.state === 'running');
    assert.equal(claudePids(sb.root).length, 1);
    await registry.disposeAll();
    assert.equal((await busy).error?.code, 'disposed');
    assert.deepEqual(claudePids(sb.root), []);
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
