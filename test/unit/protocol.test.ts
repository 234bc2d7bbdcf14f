import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCliLine } from '../../src/claude/protocol';

const INIT = '{"type":"system","subtype":"init","cwd":"/ws/t1","session_id":"9b60d4e2-a709-4d8a-b394-6953d1bf987b","tools":["Bash","Write"],"mcp_servers":[{"name":"perm","status":"connected"}],"model":"claude-opus-4-8[1m]","permissionMode":"default","claude_code_version":"2.1.197","brand_new_field":{"x":1}}';

describe('parseCliLine', () => {
  it('parses system/init and keeps unknown fields', () => {
    const m = parseCliLine(INIT);
    assert.equal(m.kind, 'systemInit');
    if (m.kind !== 'systemInit') return;
    assert.equal(m.line.session_id, '9b60d4e2-a709-4d8a-b394-6953d1bf987b');
    assert.deepEqual(m.line.mcp_servers, [{ name: 'perm', status: 'connected' }]);
    assert.deepEqual((m.line as Record<string, unknown>).brand_new_field, { x: 1 });
  });

  it('parses every line type of a recorded turn', () => {
    const lines = readFileSync(join(__dirname, '..', 'fixtures', 'cli', 'protocol-sample.jsonl'), 'utf8').split('\n').filter(Boolean);
    const kinds = lines.map((l) => parseCliLine(l).kind);
    for (const k of ['systemInit', 'streamEvent', 'assistant', 'user', 'result', 'controlResponse', 'controlCancel', 'controlRequest', 'systemStatus', 'apiRetry']) {
      assert.ok(kinds.includes(k as never), `expected a ${k} line, got ${kinds.join(',')}`);
    }
    assert.ok(!kinds.includes('malformed'));
    assert.ok(!kinds.includes('unknown'), kinds.join(','));
  });

  it('passes unknown types on as unknown; a known type with bad fields is malformed', () => {
    const u = parseCliLine('{"type":"brand_new","x":1}');
    assert.equal(u.kind, 'unknown');
    const mismatch = parseCliLine('{"type":"result","subtype":"success","is_error":"nope"}');
    assert.equal(mismatch.kind, 'malformed');
    assert.equal(parseCliLine('{"notype":1}').kind, 'unknown');
  });

  it('refuses known stream events, deltas and blocks without their fields', () => {
    const ev = (event: unknown) => JSON.stringify({ type: 'stream_event', event });
    for (const bad of [
      ev({ type: 'content_block_delta', index: 0 }),
      ev({ type: 'message_start' }),
      ev({ type: 'content_block_start', index: 0 }),
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta' } }),
      JSON.stringify({ type: 'assistant', message: { id: 'm', content: [{ type: 'text' }] } }),
    ]) {
      assert.equal(parseCliLine(bad).kind, 'malformed', bad);
    }
    // Types we don't know yet still pass, so a newer CLI keeps working.
    assert.equal(parseCliLine(ev({ type: 'brand_new_event' })).kind, 'streamEvent');
    assert.equal(parseCliLine(ev({ type: 'content_block_delta', index: 0, delta: { type: 'citations_delta' } })).kind, 'streamEvent');
    assert.equal(parseCliLine(JSON.stringify({ type: 'assistant', message: { id: 'm', content: [{ type: 'server_tool_use' }] } })).kind, 'assistant');
  });

  it('reports malformed lines with at most 200 characters of preview', () => {
    const bad = '{"type":"assistant",' + 'z'.repeat(5000);
    const m = parseCliLine(bad);
    assert.equal(m.kind, 'malformed');
    if (m.kind === 'malformed') assert.equal(m.preview.length, 200);
    assert.equal(parseCliLine('[1,2]').kind, 'malformed');
    assert.equal(parseCliLine('null').kind, 'malformed');
    assert.equal(parseCliLine('"str"').kind, 'malformed');
  });

  it('survives fuzzed input: truncations, random bytes, mutated values', () => {
    const lines = readFileSync(join(__dirname, '..', 'fixtures', 'cli', 'protocol-sample.jsonl'), 'utf8').split('\n').filter(Boolean);
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const values = [null, 0, -1, 1e308, '', 'x', [], {}, true, [null], { type: 1 }];
    let parsed = 0;
    for (let i = 0; i < 3000; i++) {
      const base = lines[Math.floor(rnd() * lines.length)];
      let input: string;
      const mode = i % 3;
      if (mode === 0) input = base.slice(0, Math.floor(rnd() * base.length));
      else if (mode === 1) input = Array.from({ length: Math.floor(rnd() * 300) }, () => String.fromCharCode(Math.floor(rnd() * 0x3000))).join('');
      else {
        const obj = JSON.parse(base);
        const keys = Object.keys(obj);
        obj[keys[Math.floor(rnd() * keys.length)]] = values[Math.floor(rnd() * values.length)];
        input = JSON.stringify(obj);
      }
      const m = parseCliLine(input);
      assert.ok(['malformed', 'unknown'].includes(m.kind) || typeof m.kind === 'string');
      parsed++;
    }
    assert.equal(parsed, 3000);
  });
});
