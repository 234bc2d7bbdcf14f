import assert from 'node:assert/strict';
import { keyValueSummary } from '../../src/shared/toolValues';

describe('card titles for unknown tools', () => {
  it('are key/value pairs cut to a line, never raw JSON', () => {
    const s = keyValueSummary({ name: 'deploy', retries: 3, force: true, tags: ['a', 'b'], opts: { x: 1 }, note: 'x'.repeat(500) });
    assert.ok(!s.includes('{"'), s);
    assert.match(s, /^name: deploy, retries: 3, force: true, tags: \[2 items\], opts: \{…\}, note: x+…/);
    assert.ok(s.length <= 120);
    assert.equal(keyValueSummary({}), '');
  });
});
