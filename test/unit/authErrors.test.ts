import assert from 'node:assert/strict';
import { answerNotSaved, apiErrorFromResult } from '../../src/claude/errors';
import { toChatEvents } from '../../src/chat/claude/toChatEvents';

describe('authentication errors', () => {
  it('a 401 result is an auth error with Log In and Open Settings, not a retry', () => {
    const e = apiErrorFromResult(401, 'Invalid API key · Fix external API key');
    assert.equal(e.code, 'auth');
    assert.deepEqual(e.actions, ['login', 'openSettings', 'showLogs']);
    assert.match(e.message, /could not authenticate: Invalid API key/);
  });

  it('a retried 401 or 403 is not called "busy"', () => {
    for (const status of [401, 403]) {
      const [n] = toChatEvents({ type: 'apiRetry', attempt: 1, maxRetries: 10, errorStatus: status }, 0);
      assert.ok(n.type === 'notice');
      assert.equal(n.level, 'warning');
      assert.doesNotMatch(n.text, /busy/);
      assert.match(n.text, new RegExp(`Authentication failed \\(${status}\\)`));
    }
  });

  it('other retries still say the API is busy', () => {
    const [n] = toChatEvents({ type: 'apiRetry', attempt: 2, maxRetries: 10, errorStatus: 529 }, 0);
    assert.ok(n.type === 'notice' && /The API is busy \(529\); retrying \(attempt 2 of 10\)/.test(n.text));
  });

  it('a retried 500 is a server error, not "busy"', () => {
    for (const status of [500, 502, 503]) {
      const [n] = toChatEvents({ type: 'apiRetry', attempt: 1, maxRetries: 10, errorStatus: status }, 0);
      assert.ok(n.type === 'notice');
      assert.doesNotMatch(n.text, /busy/);
      assert.match(n.text, new RegExp(`The API had a server error \\(${status}\\); retrying \\(attempt 1 of 10\\)`));
    }
  });

  it('an answer lost before it was saved names what is lost: the prompt and its answer', () => {
    const e = answerNotSaved(null, 'SIGKILL');
    assert.match(e.message, /will not remember your last message or its answer/);
    assert.doesNotMatch(e.message, /that answer/);
  });
});
