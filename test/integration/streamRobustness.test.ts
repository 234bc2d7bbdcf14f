import assert from 'node:assert/strict';
import { ClaudeSession } from '../../src/claude/session';
import type { SessionEvent } from '../../src/claude/events';
import { nullLogger } from '../../src/core/logger';
import { toChatEvents } from '../../src/chat/toChatEvents';
import { Transcript } from '../../src/shared/transcript';
import { CLAUDE_BIN, claudePids, makeSandbox, type Sandbox } from '../support/cliEnv';
import { ModelServer } from '../support/modelServer';

/** Issue 15, "hangs or misleads": the real CLI against a model that drops or stalls its stream. */
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

  it('a retried message replaces the partial text of the dropped attempt (issue 15 #14)', async () => {
    const { s, events } = open();
    const result = await s.send('Answer SCENARIO:drop-once');
    assert.equal(result.outcome, 'success');
    assert.equal(result.text, 'The whole answer after the retry.');
    // The scenario really happened: the first request was cut after some text was shown.
    assert.ok(server.mainRequests()[0].aborted, 'the first request was not cut');
    const partial = events.filter((e) => e.type === 'textDelta').map((e) => (e as { text: string }).text).join('');
    assert.ok(partial.length > 0, 'the dropped attempt showed no text, so this run proves nothing');

    const transcript = new Transcript();
    const cost = { value: 0 };
    for (const e of events) transcript.appendAll(toChatEvents(e, cost));
    const shown = transcript
      .snapshot()
      .filter((e) => e.type === 'text' || e.type === 'block')
      .map((e) => (e as { text: string }).text)
      .join('');
    assert.equal(shown, 'The whole answer after the retry.');
  });
});
