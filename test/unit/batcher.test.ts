import assert from 'node:assert/strict';
import { EventBatcher } from '../../src/shared/batcher';
import type { ChatEvent } from '../../src/shared/contract';

/** A hand-driven clock so timing is exact. */
function fakeClock() {
  let now = 0;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimer: (id: unknown) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const t = timers[0];
        if (!t || t.at > end) break;
        timers.shift();
        now = t.at;
        t.fn();
      }
      now = end;
    },
    get pendingTimers() {
      return timers.length;
    },
  };
}

const text = (t: string, messageId = 'm1', index = 0): ChatEvent => ({ type: 'text', messageId, index, text: t });

function setup(intervalMs = 16) {
  const clock = fakeClock();
  const posts: ChatEvent[][] = [];
  const b = new EventBatcher({ post: (e) => posts.push(e), intervalMs, ...clock });
  return { clock, posts, b };
}

describe('EventBatcher', () => {
  it('merges adjacent deltas of the same block', () => {
    const { clock, posts, b } = setup();
    for (const t of ['a', 'b', 'c']) b.push(text(t));
    clock.advance(0);
    assert.deepEqual(posts, [[text('abc')]]);
  });

  it('keeps deltas of different blocks, kinds and messages apart, in order', () => {
    const { clock, posts, b } = setup();
    b.push(text('a', 'm1', 0));
    b.push(text('b', 'm1', 1));
    b.push({ type: 'thinking', messageId: 'm1', index: 1, text: 'x' });
    b.push(text('c', 'm2', 1));
    b.push(text('d', 'm1', 0));
    clock.advance(0);
    assert.equal(posts.length, 1);
    assert.deepEqual(
      posts[0].map((e) => (e.type === 'text' || e.type === 'thinking' ? `${e.type}:${e.messageId}:${e.index}:${e.text}` : e.type)),
      ['text:m1:0:a', 'text:m1:1:b', 'thinking:m1:1:x', 'text:m2:1:c', 'text:m1:0:d'],
    );
  });

  it('does not merge across a non-delta event', () => {
    const { clock, posts, b } = setup();
    b.push(text('a'));
    b.push({ type: 'notice', level: 'info', text: 'n' });
    b.push(text('b'));
    clock.advance(0);
    assert.equal(posts[0].length, 3);
  });

  it('does not mutate the events it was given', () => {
    const { clock, b } = setup();
    const first = text('a');
    b.push(first);
    b.push(text('b'));
    clock.advance(0);
    assert.deepEqual(first, text('a'));
  });

  it('lets an authoritative block replace a pending delta of the same block', () => {
    const { clock, posts, b } = setup();
    b.push(text('Hel'));
    b.push({ type: 'block', messageId: 'm1', index: 0, kind: 'text', text: 'Hello' });
    clock.advance(0);
    assert.deepEqual(posts, [[{ type: 'block', messageId: 'm1', index: 0, kind: 'text', text: 'Hello' }]]);
  });

  it('merges long runs into one event and leaves the rest in order (another event, a block, a clear)', () => {
    const { clock, posts, b } = setup();
    const pushed = Array.from({ length: 500 }, (_, i) => text(`${i},`));
    for (const e of pushed.slice(0, 250)) b.push(e);
    b.push({ type: 'notice', level: 'info', text: 'n' });
    for (const e of pushed.slice(250)) b.push(e);
    b.push({ type: 'block', messageId: 'm1', index: 0, kind: 'text', text: 'final' });
    b.push(text('x'));
    b.push(text('y'));
    clock.advance(0);
    assert.deepEqual(posts, [
      [
        text(pushed.slice(0, 250).map((e) => (e as { text: string }).text).join('')),
        { type: 'notice', level: 'info', text: 'n' },
        { type: 'block', messageId: 'm1', index: 0, kind: 'text', text: 'final' },
        text('xy'),
      ],
    ]);
    assert.deepEqual(pushed[0], text('0,'), 'the first event of a merged run is not changed');
    b.push(text('p'));
    b.push(text('q'));
    b.clear();
    b.push(text('r'));
    clock.advance(100);
    assert.deepEqual(posts[1], [text('r')]);
  });

  it('posts at most once per interval', () => {
    const { clock, posts, b } = setup(16);
    // 1,000 deltas spread over 160 ms, one every 0.16 ms.
    for (let i = 0; i < 1000; i++) {
      b.push(text(String(i % 10)));
      clock.advance(0.16);
    }
    clock.advance(100);
    assert.ok(posts.length <= 11 && posts.length >= 9, `posted ${posts.length} times`);
    assert.equal(posts.flat().map((e) => (e as { text: string }).text).join('').length, 1000);
  });

  it("posts the first delta of a turn's answer at the next tick, without waiting for the window the echo's post opened", () => {
    const { clock, posts, b } = setup(17);
    // The prompt's echo and the turn's status go out; 2 ms later the answer's first token comes.
    b.push({ type: 'user', turnId: 'u1', text: 'hi' });
    clock.advance(0);
    assert.equal(posts.length, 1);
    clock.advance(2);
    b.push(text('Hel', 'm2', 0));
    clock.advance(0);
    assert.deepEqual(posts[1], [text('Hel', 'm2', 0)], 'the first token waited for the batch window');
    // The rest of the block is batched as before: nothing before the window ends, then one merged post.
    b.push(text('lo', 'm2', 0));
    b.push(text('!', 'm2', 0));
    clock.advance(10);
    assert.equal(posts.length, 2);
    clock.advance(7);
    assert.deepEqual(posts[2], [text('lo!', 'm2', 0)]);
    // A new block (the next content block of the message) is a first token again.
    clock.advance(1);
    b.push(text('x', 'm2', 1));
    clock.advance(0);
    assert.deepEqual(posts[3], [text('x', 'm2', 1)]);
  });

  it('flushes the first event after a quiet period without waiting', () => {
    const { clock, posts, b } = setup(16);
    b.push(text('a'));
    clock.advance(0);
    assert.equal(posts.length, 1);
    clock.advance(1000);
    b.push(text('b'));
    clock.advance(0);
    assert.equal(posts.length, 2);
  });

  it('flushNow posts synchronously and cancels the timer', () => {
    const { clock, posts, b } = setup();
    b.push(text('a'));
    b.flushNow();
    assert.equal(posts.length, 1);
    assert.equal(clock.pendingTimers, 0);
    b.flushNow();
    assert.equal(posts.length, 1, 'nothing pending, nothing posted');
  });

  it('pause holds events (still merged); resume posts them', () => {
    const { clock, posts, b } = setup();
    b.pause();
    b.push(text('a'));
    b.push(text('b'));
    clock.advance(100);
    b.flushNow();
    assert.equal(posts.length, 0);
    assert.equal(b.size, 1);
    b.resume();
    clock.advance(16);
    assert.deepEqual(posts, [[text('ab')]]);
  });

  it('clear drops pending events (before a snapshot)', () => {
    const { clock, posts, b } = setup();
    b.push(text('a'));
    b.clear();
    clock.advance(100);
    assert.equal(posts.length, 0);
    b.push(text('b'));
    clock.advance(100);
    assert.deepEqual(posts, [[text('b')]]);
  });

  it('works with real timers', async () => {
    const posts: ChatEvent[][] = [];
    const b = new EventBatcher({ post: (e) => posts.push(e) });
    for (let i = 0; i < 100; i++) b.push(text('x'));
    await new Promise((r) => setTimeout(r, 40));
    assert.deepEqual(posts, [[text('x'.repeat(100))]]);
    b.dispose();
  });
});
