import assert from 'node:assert/strict';
import { redact, tagged } from '../../src/core/logger';

describe('logging', () => {
  it('redacts bearer tokens, API keys and key-like settings', () => {
    const line = redact('spawn claude --mcp-config={"headers":{"Authorization":"Bearer abcdefghijklmnop123"}} env ANTHROPIC_API_KEY=sk-ant-api03-SECRETSECRET "apiKey":"hunter2hunter2"');
    assert.doesNotMatch(line, /abcdefghijklmnop123|SECRETSECRET|hunter2/);
    assert.match(line, /Bearer \*\*\*/);
  });

  it('tags each line with its component', () => {
    const out: string[] = [];
    const base = { trace: (m: string) => out.push(m), debug: (m: string) => out.push(m), info: (m: string) => out.push(m), warn: (m: string) => out.push(m), error: (m: string) => out.push(m) };
    tagged(base, 'session 1234').info('hello');
    assert.deepEqual(out, ['[session 1234] hello']);
  });
});
