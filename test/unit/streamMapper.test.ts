import assert from 'node:assert/strict';
import { StreamMapper } from '../../src/claude/streamMapper';
import type { SessionEvent } from '../../src/claude/events';
import type { AnthropicEvent } from '../../src/claude/protocol';

const start = (id: string) => ({ type: 'message_start', message: { id } }) as AnthropicEvent;
const text = (t: string) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: t } }) as AnthropicEvent;
const stop = { type: 'message_stop' } as AnthropicEvent;

describe('StreamMapper retries', () => {
  it('voids an attempt that never stopped when a new message starts on the same thread', () => {
    const out: SessionEvent[] = [];
    const m = new StreamMapper((e) => out.push(e));
    m.streamEvent(start('a'), undefined);
    m.streamEvent(text('partial'), undefined);
    m.streamEvent(start('b'), undefined);
    assert.deepEqual(out.find((e) => e.type === 'messageRetried'), { type: 'messageRetried', messageId: 'a', blocks: [{ index: 0, kind: 'text' }] });
  });

  it("voids the blocks 2.1.332's own message_stop abandons (from_block_index on), keeping the ones before", () => {
    const out: SessionEvent[] = [];
    const m = new StreamMapper((e) => out.push(e));
    m.streamEvent(start('a'), undefined);
    m.streamEvent(text('kept'), undefined);
    m.streamEvent({ type: 'content_block_delta', index: 1, delta: { type: 'thinking_delta', thinking: 'cut' } } as AnthropicEvent, undefined);
    m.streamEvent(stop, undefined, { api_message_id: 'a', from_block_index: 1 });
    assert.deepEqual(out.find((e) => e.type === 'messageRetried'), { type: 'messageRetried', messageId: 'a', blocks: [{ index: 1, kind: 'thinking' }] });
    // The retry that follows is a new message, not a second void.
    m.streamEvent(start('b'), undefined);
    assert.equal(out.filter((e) => e.type === 'messageRetried').length, 1);
  });

  it("2.1.332's message_stop after an interrupt abandons only blocks after the streamed ones: nothing is voided, nothing said", () => {
    const out: SessionEvent[] = [];
    const m = new StreamMapper((e) => out.push(e));
    m.streamEvent(start('a'), undefined);
    m.streamEvent(text('tick0 tick1 '), undefined);
    m.streamEvent(stop, undefined, { api_message_id: 'a', from_block_index: 1 });
    assert.deepEqual(out.filter((e) => e.type === 'messageRetried'), []);
    m.endTurn();
    m.streamEvent(start('b'), undefined);
    assert.deepEqual(out.filter((e) => e.type === 'messageRetried'), [], 'the next turn is no retry either');
  });

  it('does not void a message that stopped, one cut by an interrupt, or another thread', () => {
    const out: SessionEvent[] = [];
    const m = new StreamMapper((e) => out.push(e));
    m.streamEvent(start('a'), undefined);
    m.streamEvent(text('done'), undefined);
    m.streamEvent(stop, undefined);
    m.streamEvent(start('b'), undefined);
    m.streamEvent(text('cut by an interrupt'), undefined);
    m.endTurn();
    m.streamEvent(start('c'), undefined);
    m.streamEvent(text('main'), undefined);
    m.streamEvent(start('sub'), 'toolu_task');
    assert.equal(out.filter((e) => e.type === 'messageRetried').length, 0);
  });
});
