import assert from 'node:assert/strict';
import { apiErrorFromResult } from '../../src/claude/errors';
import { toChatEvents } from '../../src/chat/toChatEvents';

describe('authentication errors (issue 12.6)', () => {
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
});
