import assert from 'node:assert/strict';
import { isPlainDelta, StreamEventLine } from '../../src/claude/protocol';
import { fixtureLines, fuzzCorpus, mutate, rng } from '../support/streamFuzz';

/**
 * The parser's fast path for delta lines must accept nothing the full schema
 * refuses, and hand on exactly what the schema would.
 */
describe('the parser fast path for deltas', function () {
  this.timeout(120_000);
  const deltaLines = fixtureLines().filter((l) => /"content_block_delta"/.test(l));

  function check(lines: string[]): { fast: number; schema: number } {
    let fast = 0;
    let schema = 0;
    for (const raw of lines) {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      if ((value as { type?: unknown }).type !== 'stream_event') continue;
      const full = StreamEventLine.safeParse(value);
      if (full.success) schema++;
      if (isPlainDelta(value as Record<string, unknown>)) {
        fast++;
        assert.ok(full.success, `the fast path took a line the schema refuses: ${raw.slice(0, 300)}`);
        assert.deepEqual(value, full.data, 'the fast path handed on something else than the schema');
      }
    }
    return { fast, schema };
  }

  it('accepts the real deltas of every recorded fixture', () => {
    assert.ok(deltaLines.length > 10);
    const { fast } = check(deltaLines);
    assert.equal(fast, deltaLines.filter((l) => /"(text|thinking|input_json)_delta"/.test(l)).length);
  });

  it('accepts nothing the schema refuses, on the 10,000-line fuzz corpus and on 10,000 mutated delta lines', () => {
    const corpus = fuzzCorpus(17_002, 10_000);
    const r = rng(17_003);
    const kinds = ['intact', 'truncate', 'deleteField', 'swapType', 'swapType', 'retype'] as const;
    const deltas = Array.from({ length: 10_000 }, () => mutate(deltaLines[Math.floor(r() * deltaLines.length)], r, kinds[Math.floor(r() * kinds.length)]).line);
    const a = check(corpus);
    const b = check(deltas);
    // Both sides are exercised: the fast path takes many lines and the schema refuses many.
    // (Per set, since the corpus's share of delta lines follows the recorded fixtures.)
    assert.ok(a.fast > 500 && b.fast > 2_500, `fast path took ${a.fast} + ${b.fast}`);
    assert.ok(b.schema < 10_000, 'no mutated delta was refused, so the test shows nothing');
  });

  it('refuses the edge cases by hand', () => {
    const base = { type: 'stream_event', event: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x' } }, parent_tool_use_id: null };
    const variants: unknown[] = [
      { ...base, parent_tool_use_id: 5 },
      { ...base, event: { ...base.event, index: '0' } },
      { ...base, event: { ...base.event, index: Infinity } },
      { ...base, event: { ...base.event, delta: { type: 'text_delta', text: 5 } } },
      { ...base, event: { ...base.event, delta: { type: 'constructor', text: 'x' } } },
      { ...base, event: { ...base.event, delta: { type: 'toString', toString: 'x' } } },
      { ...base, event: { ...base.event, delta: [] } },
      { ...base, event: [] },
    ];
    for (const v of variants) assert.equal(isPlainDelta(v as Record<string, unknown>), false, JSON.stringify(v));
    assert.equal(isPlainDelta(base), true);
  });
});
