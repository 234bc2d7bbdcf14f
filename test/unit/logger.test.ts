import assert from 'node:assert/strict';
import { redact, tagged } from '../../src/core/logger';

// Every shape here must lose its secret and keep enough to read the log.
const SECRET_SHAPES: { name: string; input: string; secret: string; keeps?: RegExp }[] = [
  { name: 'Bearer header', input: 'Authorization: Bearer abcdefghijklmnop123', secret: 'abcdefghijklmnop123', keeps: /Bearer \*\*\*/ },
  { name: 'Anthropic key', input: 'using sk-ant-api03-SECRETSECRETSECRET now', secret: 'SECRETSECRETSECRET', keeps: /sk-ant-\*\*\* now/ },
  { name: 'bare sk-proj key', input: 'key sk-proj-Abc123Def456Ghi789Jkl0 here', secret: 'Abc123Def456Ghi789Jkl0' },
  { name: 'ANTHROPIC_API_KEY env', input: 'ANTHROPIC_API_KEY=plainsecretvalue1', secret: 'plainsecretvalue1', keeps: /ANTHROPIC_API_KEY=\*\*\*/ },
  { name: 'ANTHROPIC_AUTH_TOKEN env', input: 'ANTHROPIC_AUTH_TOKEN=tok-987654321', secret: 'tok-987654321' },
  { name: 'JSON apiKey', input: '{"apiKey":"hunter2hunter2"}', secret: 'hunter2hunter2' },
  { name: 'URL ?token=', input: 'GET https://example.com/cb?token=qwertyuiop123&x=1', secret: 'qwertyuiop123', keeps: /x=1/ },
  { name: 'URL access_token=', input: 'https://api.example.com/v1?a=b&access_token=ya29.AbCdEf', secret: 'ya29.AbCdEf' },
  { name: 'user:pass@host', input: 'git clone https://alice:s3cr3tpw@git.example.com/r.git', secret: 's3cr3tpw', keeps: /alice:\*\*\*@git\.example\.com/ },
  { name: 'Basic auth header', input: 'Authorization: Basic YWxpY2U6czNjcjN0cHc=', secret: 'YWxpY2U6czNjcjN0cHc=' },
  { name: '*_PASSWORD env', input: 'export DB_PASSWORD=correcthorse', secret: 'correcthorse' },
  { name: '*_SECRET env', input: 'CLIENT_SECRET="batterystaple"', secret: 'batterystaple' },
  { name: '*_TOKEN env', input: 'GITHUB_TOKEN=abc123tokenvalue npm publish', secret: 'abc123tokenvalue', keeps: /npm publish/ },
  { name: 'AWS secret env', input: 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', secret: 'wJalrXUtnFEMI/K7MDENG' },
  { name: 'bare AWS secret', input: 'aws configure set x wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', secret: 'wJalrXUtnFEMI/K7MDENG' },
  { name: 'AWS access key id', input: 'id AKIAIOSFODNN7EXAMPLE', secret: 'IOSFODNN7EXAMPLE' },
  { name: '--api-key value', input: 'tool --api-key zxcvbnm98765 --verbose', secret: 'zxcvbnm98765', keeps: /--verbose/ },
  { name: 'GitHub token', input: 'echo ghp_1234567890abcdefghijABCDEFGHIJ', secret: '1234567890abcdefghij' },
];

describe('logging', () => {
  for (const shape of SECRET_SHAPES) {
    it(`redacts ${shape.name}`, () => {
      const out = redact(shape.input);
      assert.ok(!out.includes(shape.secret), `${shape.input} -> ${out}`);
      if (shape.keeps) assert.match(out, shape.keeps);
    });
  }

  it('leaves ordinary log text alone: hashes, usage counts, ids', () => {
    for (const text of [
      'commit 3f786850e387550fdab836ed7e6dc881de23001b',
      '{"input_tokens":25,"output_tokens":12}',
      'session 9b60d4e2-a709-4d8a-b394-6953d1bf987b exited (code 0)',
      'spawn claude -p --input-format stream-json --model claude-opus-4-8',
    ]) {
      assert.equal(redact(text), text);
    }
  });

  it('tags each line with its component', () => {
    const out: string[] = [];
    const base = { trace: (m: string) => out.push(m), debug: (m: string) => out.push(m), info: (m: string) => out.push(m), warn: (m: string) => out.push(m), error: (m: string) => out.push(m) };
    tagged(base, 'session 1234').info('hello');
    assert.deepEqual(out, ['[session 1234] hello']);
  });
});
