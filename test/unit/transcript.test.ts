import assert from 'node:assert/strict';
import { Transcript } from '../../src/shared/transcript';
import { ChatEvent } from '../../src/shared/contract';

const text = (t: string, messageId = 'm1', index = 0): ChatEvent => ({ type: 'text', messageId, index, text: t });

describe('Transcript', () => {
  it('folds deltas into one event per block', () => {
    const t = new Transcript();
    t.append({ type: 'user', turnId: 't1', text: 'hi' });
    for (const c of 'hello') t.append(text(c));
    t.append({ type: 'thinking', messageId: 'm1', index: 1, text: 'hm' });
    t.append({ type: 'thinking', messageId: 'm1', index: 1, text: 'm' });
    t.append(text(' world'));
    assert.deepEqual(t.snapshot(), [
      { type: 'user', turnId: 't1', text: 'hi' },
      text('hello world'),
      { type: 'thinking', messageId: 'm1', index: 1, text: 'hmm' },
    ]);
  });

  it('lets the authoritative block replace the deltas, in place', () => {
    const t = new Transcript();
    t.append(text('Hel'));
    t.append({ type: 'tool', messageId: 'm1', index: 1, toolUseId: 'u1', name: 'Bash', input: {} });
    t.append({ type: 'block', messageId: 'm1', index: 0, kind: 'text', text: 'Hello' });
    const snap = t.snapshot();
    assert.equal(snap.length, 2);
    assert.deepEqual(snap[0], { type: 'block', messageId: 'm1', index: 0, kind: 'text', text: 'Hello' });
  });

  it('never changes an event it has handed out (deltas grow only its own copy)', () => {
    const t = new Transcript();
    const first = text('a');
    t.append(first);
    t.append(text('b'));
    const snap = t.snapshot();
    t.append(text('c'));
    t.append(text('d'));
    assert.deepEqual(first, text('a'), 'the appended event itself');
    assert.deepEqual(snap, [text('ab')], 'a snapshot taken mid-stream');
    const block = { type: 'block', messageId: 'm1', index: 0, kind: 'text', text: 'abcd' } as const;
    t.append(block);
    t.append(text('e'));
    assert.deepEqual(block, { type: 'block', messageId: 'm1', index: 0, kind: 'text', text: 'abcd' }, 'an appended block');
    assert.deepEqual(t.snapshot(), [{ ...block, text: 'abcde' }]);
  });

  it('keeps every token of a long stream, in order, whenever a snapshot is taken', () => {
    const t = new Transcript();
    let want = '';
    for (let i = 0; i < 1000; i++) {
      t.append(text(`${i},`));
      want += `${i},`;
      if (i === 130 || i === 131 || i === 500) assert.deepEqual(t.snapshot(), [text(want)]);
    }
    t.append(text('x', 'm1', 1));
    t.append(text('y'));
    assert.deepEqual(t.snapshot(), [text(`${want}y`), text('x', 'm1', 1)]);
  });

  it('folds deltas into the right block when blocks and messages interleave, across a trim', () => {
    const t = new Transcript({ maxEvents: 10 });
    const want = new Map<string, string>();
    for (let turn = 0; turn < 6; turn++) {
      t.append({ type: 'user', turnId: `t${turn}`, text: 'q' });
      for (let i = 0; i < 30; i++) {
        const index = i % 3;
        const m = `m${turn}`;
        t.append(text(String(i), m, index));
        want.set(`${m}:${index}`, (want.get(`${m}:${index}`) ?? '') + String(i));
      }
    }
    const got = t.snapshot().filter((e) => e.type === 'text');
    assert.ok(got.length > 0 && got.length < 18, 'older turns were dropped');
    for (const e of got) if (e.type === 'text') assert.equal(e.text, want.get(`${e.messageId}:${e.index}`));
  });

  it('keeps only the latest state of a tool', () => {
    const t = new Transcript();
    t.append({ type: 'tool', messageId: 'm1', index: 0, toolUseId: 'u1', name: 'Bash', input: {} });
    t.append({ type: 'toolState', toolUseId: 'u1', state: 'permission' });
    t.append({ type: 'toolState', toolUseId: 'u1', state: 'running' });
    t.append({ type: 'toolState', toolUseId: 'u1', state: 'done' });
    assert.deepEqual(t.snapshot().slice(1), [{ type: 'toolState', toolUseId: 'u1', state: 'done' }]);
  });

  it('slims tool payloads: no originalFile, long strings truncated', () => {
    const t = new Transcript({ maxToolChars: 100 });
    t.append({
      type: 'toolResult',
      toolUseId: 'u1',
      isError: false,
      text: 'x'.repeat(1000),
      structured: { filePath: '/a', originalFile: 'y'.repeat(1000), structuredPatch: [{ lines: ['-a', '+b'] }], file: { content: 'z'.repeat(1000) } },
    });
    const [r] = t.snapshot() as Extract<ChatEvent, { type: 'toolResult' }>[];
    assert.ok(r.text.length < 200);
    const s = r.structured as Record<string, unknown>;
    assert.equal('originalFile' in s, false);
    assert.deepEqual(s.structuredPatch, [{ lines: ['-a', '+b'] }]);
    assert.ok(((s.file as { content: string }).content).length < 200);
  });

  it('stays small for a long streamed chat and every snapshot event is valid', () => {
    const t = new Transcript();
    for (let turn = 0; turn < 100; turn++) {
      t.append({ type: 'user', turnId: `t${turn}`, text: `q${turn}` });
      for (let i = 0; i < 500; i++) t.append(text('tok ', `m${turn}`));
      t.append({ type: 'turnEnd', turnId: `t${turn}`, outcome: 'success', durationMs: 5 });
    }
    const snap = t.snapshot();
    assert.equal(snap.length, 300);
    for (const e of snap) assert.ok(ChatEvent.safeParse(e).success);
  });

  it('drops the oldest whole turns past maxEvents and says so', () => {
    const t = new Transcript({ maxEvents: 100 });
    for (let turn = 0; turn < 100; turn++) {
      t.append({ type: 'user', turnId: `t${turn}`, text: `q${turn}` });
      t.append(text('a', `m${turn}`));
      t.append({ type: 'turnEnd', turnId: `t${turn}`, outcome: 'success' });
    }
    const snap = t.snapshot();
    assert.ok(snap.length <= 101, `length ${snap.length}`);
    assert.equal(snap[0].type, 'notice');
    assert.equal(snap[1].type, 'user', 'cut at a turn boundary');
    assert.deepEqual(snap[snap.length - 1], { type: 'turnEnd', turnId: 't99', outcome: 'success' });
    // Deltas after a trim still fold into their block.
    t.append(text('b', 'm99'));
    assert.deepEqual(t.snapshot().filter((e) => e.type === 'text' && e.messageId === 'm99'), [text('ab', 'm99')]);
  });

  it('clear empties it', () => {
    const t = new Transcript();
    t.append(text('a'));
    t.clear();
    assert.deepEqual(t.snapshot(), []);
  });
});
