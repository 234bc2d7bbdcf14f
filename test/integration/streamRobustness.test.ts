import assert from 'node:assert/strict';
import { ClaudeSession } from '../../src/claude/session';
import type { SessionEvent } from '../../src/claude/events';
import { nullLogger } from '../../src/core/logger';
import { toChatEvents } from '../../src/chat/claude/toChatEvents';
import { transcriptPath } from '../../src/claude/paths';
import { transcriptHasMessage } from '../../src/claude/transcriptSaved';
import { Transcript } from '../../src/shared/transcript';
import { CLAUDE_BIN, claudePids, cliAtLeast, makeSandbox, type Sandbox } from '../support/cliEnv';
import { ModelServer } from '../support/modelServer';

/** Nothing hangs or misleads: the real CLI against a model that drops or stalls its stream. */
describe('stream robustness against the real claude CLI', function () {
  this.timeout(120_000);
  let server: ModelServer;
  let sb: Sandbox;
  const sessions: ClaudeSession[] = [];

  const open = (extra: Partial<ConstructorParameters<typeof ClaudeSession>[0]> = {}) => {
    const s = new ClaudeSession({ cwd: sb.workspace, logger: nullLogger, cliPath: CLAUDE_BIN, env: sb.env, ...extra });
    sessions.push(s);
    const events: SessionEvent[] = [];
    s.onEvent((e) => events.push(e));
    return { s, events };
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

  it('a retried message replaces the partial text of the dropped attempt', async () => {
    const { s, events } = open();
    const result = await s.send('Answer SCENARIO:drop-once');
    assert.equal(result.outcome, 'success');
    assert.equal(result.text, 'The whole answer after the retry.');
    // The scenario really happened: the first request was cut after some text was shown.
    assert.ok(server.mainRequests()[0].aborted, 'the first request was not cut');
    const partial = events.filter((e) => e.type === 'textDelta').map((e) => (e as { text: string }).text).join('');
    assert.ok(partial.length > 0, 'the dropped attempt showed no text, so this run proves nothing');

    const transcript = new Transcript();
    const cost = 0;
    for (const e of events) transcript.appendAll(toChatEvents(e, cost));
    const shown = transcript
      .snapshot()
      .filter((e) => e.type === 'text' || e.type === 'block')
      .map((e) => (e as { text: string }).text)
      .join('');
    assert.equal(shown, 'The whole answer after the retry.');
    assert.ok(
      transcript.snapshot().some((e) => e.type === 'notice' && /dropped mid-answer/.test(e.text)),
      'the user is told why the text they saw went away',
    );
  });

  it("Stop mid-answer keeps the text streamed so far and says nothing of a dropped connection", async () => {
    const { s, events } = open();
    const turn = s.send('Answer SCENARIO:slow:10');
    const deadline = Date.now() + 60_000;
    while (events.filter((e) => e.type === 'textDelta').length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await s.interrupt();
    const result = await turn;
    assert.equal(result.outcome, 'interrupted');
    const transcript = new Transcript();
    for (const e of events) transcript.appendAll(toChatEvents(e, 0));
    const shown = transcript.snapshot();
    const text = shown
      .filter((e) => e.type === 'text' || e.type === 'block')
      .map((e) => (e as { text: string }).text)
      .join('');
    assert.match(text, /^tick0 tick1 tick2 /, 'the partial answer stays');
    assert.deepEqual(
      shown.filter((e) => e.type === 'notice').map((e) => (e as { text: string }).text),
      [],
      'no notice: the user stopped it',
    );
  });

  it('a stalled API stream shows a stall notice without ending the turn, and clears when it resumes', async () => {
    const { s, events } = open({ stallNoticeMs: 2000 });
    const result = await s.send('Answer SCENARIO:stall:8');
    assert.equal(result.outcome, 'success', 'the stall notice must not end the turn');
    assert.equal(result.text, 'Before the stall. After the stall.');
    const stalls = events.filter((e): e is Extract<SessionEvent, { type: 'stall' }> => e.type === 'stall');
    assert.deepEqual(stalls.map((e) => e.stalled), [true, false], 'one notice while silent, one when output resumed');
    assert.ok(stalls[0].silentMs >= 2000);
    const order = events.map((e) => e.type);
    assert.ok(order.indexOf('stall') < order.indexOf('turnResult'));
    const notice = toChatEvents(stalls[0], 0)[0];
    assert.ok(notice.type === 'notice' && /Stop the turn, or Retry/.test(notice.text));
  });

  it('a quiet tool run is not a stall', async () => {
    // A Bash `sleep` runs without a prompt only under bypassPermissions (root needs IS_SANDBOX).
    const { s, events } = open({ stallNoticeMs: 1500, permissionMode: 'bypassPermissions', env: { ...sb.env, IS_SANDBOX: '1' } });
    const result = await s.send(`Run it SCENARIO:tools:${JSON.stringify([[{ name: 'Bash', input: { command: 'sleep 5', description: 'wait' } }]])}`);
    assert.equal(result.outcome, 'success');
    assert.match(result.text ?? '', /Tool finished/);
    assert.deepEqual(events.filter((e) => e.type === 'stall'), []);
  });

  describe('a kill right after a result', () => {
    const answerId = (events: SessionEvent[]) => {
      const a = events.filter((e) => e.type === 'assistantBlock').pop();
      assert.ok(a && a.type === 'assistantBlock');
      return a.messageId;
    };

    it('an unplanned kill says the answer was not saved, exactly when the transcript lacks it', async () => {
      const { s, events } = open();
      const exited = new Promise<Extract<SessionEvent, { type: 'exit' }>>((resolve) => s.onEvent((e) => e.type === 'exit' && resolve(e)));
      // Killed in the same tick the result arrives: the CLI saves the answer only later.
      s.onEvent((e) => e.type === 'turnResult' && s.pid && process.kill(s.pid, 'SIGKILL'));
      const result = await s.send('Answer SCENARIO:text');
      assert.equal(result.outcome, 'success');
      const exit = await exited;
      const saved = transcriptHasMessage(transcriptPath(sb.workspace, s.sessionId, sb.env), answerId(events));
      if (cliAtLeast('2.1.332')) {
        // 2.1.332 writes the answer to the transcript before it prints the result, so a kill in
        // the result's tick loses nothing: the chat must not claim it did.
        assert.equal(saved, true, 'a 2.1.332 result came before the answer was saved');
        assert.doesNotMatch(exit.error?.message ?? '', /will not remember/);
        return;
      }
      assert.equal(saved, false, 'the CLI saved the answer before the kill: this run shows nothing');
      assert.match(exit.error?.message ?? '', /will not remember your last message or its answer/);
    });

    it("a planned close (EOF) right after a result keeps the answer for the resume", async () => {
      const { s, events } = open();
      let closing: Promise<void> | undefined;
      s.onEvent((e) => {
        if (e.type === 'turnResult') closing = s.dispose();
      });
      await s.send('Answer SCENARIO:text');
      await closing;
      assert.ok(transcriptHasMessage(transcriptPath(sb.workspace, s.sessionId, sb.env), answerId(events)), 'the answer is not in the transcript');
    });
  });
});
