import assert from 'node:assert/strict';
import type { ChatEvent } from '../../src/shared/contract';
import { useHarness } from './harness';

describe('webview: streaming', () => {
  const harness = useHarness();

  it('renders exactly the final text, in order, from 10,000 deltas through the real batcher', async () => {
    const wp = await harness.open();
    await wp.snapshot([{ type: 'user', turnId: 't1', text: 'Count for me' }]);
    const tokens: string[] = [];
    const events: ChatEvent[] = [];
    for (let i = 0; i < 10_000; i++) {
      tokens.push(`w${i}`);
      // Paragraph breaks, a list and a fence now and then: the split-at-blank-line path gets exercised.
      const sep = i % 97 === 96 ? '\n\n' : i % 500 === 250 ? '\n\n- ' : ' ';
      events.push({ type: 'text', messageId: 'msg1', index: 0, text: `w${i}${sep}` });
    }
    await wp.call('stream', events, 37);
    const words = async (): Promise<string[]> => (await wp.page.locator('.entry.assistant').first().textContent())!.split(/\s+/).filter(Boolean);
    assert.equal(await wp.page.locator('.entry.assistant').count(), 1);
    assert.deepEqual(await words(), tokens);

    // The authoritative block replaces what the deltas built: nothing shows twice.
    const full = events.map((e) => (e as { text: string }).text).join('');
    await wp.push([{ type: 'block', messageId: 'msg1', index: 0, kind: 'text', text: full }]);
    assert.equal(await wp.page.locator('.entry.assistant').count(), 1);
    assert.deepEqual(await words(), tokens);
    assert.deepEqual(wp.pageErrors, []);
    await wp.close();
  });

  it('a batch or snapshot with one event the schema refuses keeps its good events, and later batches apply', async () => {
    const wp = await harness.open();
    const bad = { type: 'text', messageId: 'm1', index: 0.5, text: 'BAD' };
    await wp.host({ type: 'snapshot', events: [{ type: 'user', turnId: 't1', text: 'Hi' }, bad, { type: 'text', messageId: 'm1', index: 0, text: 'first ' }], status: { state: 'idle', queued: 0, scripted: false }, permissions: [] });
    await wp.settle();
    assert.equal(await wp.page.locator('.entry.user').count(), 1, 'the snapshot was applied');
    await wp.host({ type: 'events', events: [{ type: 'text', messageId: 'm1', index: 0, text: 'second ' }, bad] });
    await wp.push([{ type: 'text', messageId: 'm1', index: 0, text: 'third' }]);
    assert.equal((await wp.page.locator('.entry.assistant').first().textContent())?.trim(), 'first second third');
    assert.ok(wp.console.some((c) => /dropped 1 invalid event/.test(c.text)), 'the drop is logged');
    await wp.closeClean();
  });

  it('streams thinking into a collapsed, dimmed block and replaces it with the final block', async () => {
    const wp = await harness.open();
    await wp.snapshot([{ type: 'user', turnId: 't1', text: 'Think' }]);
    const parts = Array.from({ length: 2000 }, (_, i) => `t${i} `);
    await wp.call('stream', parts.map((text): ChatEvent => ({ type: 'thinking', messageId: 'm', index: 0, text })), 50);
    const thinking = wp.page.locator('details.thinking');
    assert.equal(await thinking.count(), 1);
    assert.equal(await thinking.getAttribute('open'), null);
    assert.equal(await thinking.locator('.thinking-body').textContent(), parts.join(''));
    await wp.push([{ type: 'block', messageId: 'm', index: 0, kind: 'thinking', text: 'Final thought.' }]);
    assert.equal(await thinking.locator('.thinking-body').textContent(), 'Final thought.');
    await wp.close();
  });

  it('renders markdown while it streams: closed blocks stay, the open tail re-renders', async () => {
    const wp = await harness.open();
    await wp.snapshot([{ type: 'user', turnId: 't1', text: 'md' }]);
    const md = '# Title\n\nSome **bold** text.\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter the fence.';
    // One character per delta: the fence with a blank line inside must not be split.
    await wp.call('stream', [...md].map((c): ChatEvent => ({ type: 'text', messageId: 'm', index: 0, text: c })), 3);
    const root = wp.page.locator('.entry.assistant');
    assert.equal(await root.locator('h1').textContent(), 'Title');
    assert.equal(await root.locator('strong').textContent(), 'bold');
    assert.equal(await root.locator('pre code').count(), 1);
    assert.equal(await root.locator('pre code').textContent(), 'const a = 1;\n\nconst b = 2;\n');
    assert.ok((await root.locator('pre code .hljs-keyword').count()) >= 2, 'highlighted');
    assert.equal(await root.locator('p').last().textContent(), 'After the fence.');
    await wp.close();
  });
});
