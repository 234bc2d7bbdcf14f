import assert from 'node:assert/strict';
import { useHarness } from './harness';
import { longChat } from './fixtures/longChat';


/**
 * Bound on DOM elements: the view keeps at most WINDOW + SLACK = 160 entries; the heaviest
 * entry here (an answer with a highlighted code block) is ~30 elements, so ≤ 160 × 30 + the
 * chrome (~100) < 5,000 — against ~30,000 if all 4,400 entries were rendered.
 */
const MAX_ELEMENTS = 5_000;

describe('webview: long chat', () => {
  const harness = useHarness();

  it('loads a 2,000-message snapshot, stays bounded, and appends as cheaply as an empty chat', async () => {
    const wp = await harness.open();
    const measure = (id: string, n = 200) => wp.call('measureAppend', id, n);

    // Baseline: an empty chat.
    await wp.snapshot([]);
    await wp.push([{ type: 'user', turnId: 'e', text: 'go' }]);
    const empty = await measure('empty');

    const events = longChat(1000);
    const loadMs = await wp.call('measureSnapshot', events);
    await wp.settle();
    const afterLoad = await wp.call('nodeCount');
    const entries = await wp.page.locator('.entry').count();

    await wp.push([{ type: 'user', turnId: 'new', text: 'one more' }]);
    const long = await measure('long');
    const afterAppend = await wp.call('nodeCount');

    // A 1 MB message costs no more per append than a 1 KB one.
    await wp.push([{ type: 'block', messageId: 'big', index: 0, kind: 'text', text: 'x'.repeat(1000) + '\n\n' }]);
    const small = await measure('big', 100);
    await wp.push([{ type: 'block', messageId: 'huge', index: 0, kind: 'text', text: ('lorem ipsum dolor sit amet '.repeat(40) + '\n\n').repeat(1000) }]);
    const huge = await measure('huge', 100);

    const fmt = (r: { handleMs: number; renderMs: number }): string => `${r.handleMs.toFixed(3)} ms handle + ${r.renderMs.toFixed(3)} ms render`;
    console.log(`      snapshot of ${events.length} events (2,000 messages): ${loadMs.toFixed(0)} ms to first frame; ${entries} entries in the DOM`);
    console.log(`      elements: ${afterLoad} after load, ${afterAppend} after 200 more appends (bound ${MAX_ELEMENTS})`);
    console.log(`      per append, empty chat:        ${fmt(empty)}`);
    console.log(`      per append, 2,000 messages:    ${fmt(long)}`);
    console.log(`      per append, 1 KB message:      ${fmt(small)}`);
    console.log(`      per append, 1 MB message:      ${fmt(huge)}`);

    assert.ok(afterLoad < MAX_ELEMENTS, `${afterLoad} elements after load`);
    assert.ok(afterAppend < MAX_ELEMENTS, `${afterAppend} elements after appends`);
    // The newest turn is visible and scrolled into view.
    assert.equal(await wp.page.locator('.entry.user').last().textContent(), 'one more');
    assert.ok(await wp.page.locator('.entry.assistant').last().isVisible());

    // Older turns come back on demand.
    const earlier = wp.page.locator('.show-earlier');
    assert.match((await earlier.textContent())!, /^Show 120 earlier \(\d+ hidden\)$/);
    await earlier.click();
    assert.equal(await wp.page.locator('.entry').count(), entries + 4 + 120);
    assert.deepEqual(wp.pageErrors, []);
    await wp.close();
  });

  it('follows the stream, stops when the user scrolls up, resumes at the bottom', async () => {
    const wp = await harness.open();
    await wp.snapshot(longChat(30));
    const scroller = wp.page.locator('main.transcript');
    const atBottom = () => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 2);
    const stream = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) await wp.push([{ type: 'text', messageId: 'live', index: 0, text: `line ${i}\n\n` }]);
    };
    await wp.push([{ type: 'user', turnId: 'live', text: 'stream please' }]);
    await stream(20);
    assert.equal(await atBottom(), true, 'follows');

    await scroller.evaluate((el) => el.scrollBy(0, -400));
    await wp.page.waitForTimeout(50);
    const top = await scroller.evaluate((el) => el.scrollTop);
    await stream(10);
    assert.equal(await scroller.evaluate((el) => el.scrollTop), top, 'stays where the user scrolled');
    assert.equal(await wp.page.locator('.jump-bottom').isVisible(), true);

    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await wp.page.waitForTimeout(50);
    await stream(10);
    assert.equal(await atBottom(), true, 'follows again');
    await wp.close();
  });
});
