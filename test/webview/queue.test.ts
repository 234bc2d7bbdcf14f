import assert from 'node:assert/strict';
import { idleStatus, useHarness, type WebviewPage } from './harness';
import { seriousViolations } from './axe';

const running = { ...idleStatus, state: 'running' as const };
const items = [
  { id: 'q1', text: 'Then run the tests\nand fix what fails' },
  { id: 'q2', text: 'Look at this screenshot', images: 2 },
];

/** Queued prompts as chips above the prompt box. */
describe('webview: queued prompts', () => {
  const harness = useHarness();
  let wp: WebviewPage;

  afterEach(() => wp.closeClean());

  it('shows each queued prompt as a chip above the box, in order, with Edit, Send now and Remove', async () => {
    wp = await harness.open();
    await wp.snapshot([], running);
    const queue = wp.page.locator('.queue');
    assert.equal(await queue.isVisible(), false, 'no chips while nothing waits');
    await wp.host({ type: 'queue', items });
    await wp.settle();
    assert.equal(await queue.isVisible(), true);
    const chips = wp.page.locator('.queue-chip');
    assert.equal(await chips.count(), 2);
    assert.equal(await chips.nth(0).locator('.queue-text').textContent(), 'Queued prompt 1: Then run the tests and fix what fails');
    assert.equal(await chips.nth(0).locator('.queue-text').getAttribute('title'), items[0].text, 'the whole text on hover');
    assert.match((await chips.nth(1).locator('.queue-text').textContent()) ?? '', /Look at this screenshot \+2 image\(s\)$/);
    // The chips sit between the transcript and the prompt box.
    const order = await wp.page.evaluate(() => {
      const d = (globalThis as unknown as { document: { querySelector(s: string): { compareDocumentPosition(o: unknown): number } } }).document;
      return [d.querySelector('.queue').compareDocumentPosition(d.querySelector('.composer')), d.querySelector('.transcript-wrap').compareDocumentPosition(d.querySelector('.queue'))];
    });
    assert.deepEqual(order, [4, 4], 'transcript, then chips, then the box');

    await wp.clearPosted();
    await chips.nth(1).getByRole('button', { name: /^Send now/ }).click();
    await chips.nth(0).getByRole('button', { name: /^Edit/ }).click();
    assert.deepEqual(await wp.posted(), [
      { type: 'queueAction', id: 'q2', action: 'sendNow' },
      { type: 'queueAction', id: 'q1', action: 'edit' },
    ]);
    assert.equal(await chips.nth(0).getByRole('button', { name: /^Remove/ }).isDisabled(), true, 'one click is one request');
    // The host answers: Edit put the text into the box; the list is what is left.
    await wp.host({ type: 'insertInput', text: items[0].text });
    await wp.host({ type: 'queue', items: [] });
    await wp.settle();
    assert.equal(await queue.isVisible(), false);
    assert.equal(await wp.page.locator('.prompt-input').inputValue(), items[0].text);
  });

  it('Remove asks the host; the chips pass axe in both themes', async () => {
    for (const theme of ['dark', 'light'] as const) {
      wp = await harness.open(theme);
      await wp.snapshot([], running);
      await wp.host({ type: 'queue', items });
      await wp.settle();
      await wp.clearPosted();
      await wp.page.locator('.queue-chip').nth(1).getByRole('button', { name: /^Remove/ }).click();
      assert.deepEqual(await wp.posted(), [{ type: 'queueAction', id: 'q2', action: 'remove' }]);
      await wp.host({ type: 'queue', items: [items[0]] });
      await wp.settle();
      assert.equal(await wp.page.locator('.queue-chip').count(), 1);
      assert.deepEqual(await seriousViolations(wp), [], theme);
      if (theme === 'dark') await wp.closeClean();
    }
  });

  it('Escape while Claude works asks to stop (the host puts the queued texts back into the box)', async () => {
    wp = await harness.open();
    await wp.snapshot([], running);
    await wp.host({ type: 'queue', items: [items[0]] });
    await wp.settle();
    await wp.page.locator('.prompt-input').fill('a draft');
    await wp.clearPosted();
    await wp.page.keyboard.press('Escape');
    assert.deepEqual(await wp.posted(), [{ type: 'stop' }]);
    // What the host sends back on stop: the queued text after the draft, nothing replaced.
    await wp.host({ type: 'insertInput', text: items[0].text });
    await wp.host({ type: 'queue', items: [] });
    await wp.settle();
    assert.equal(await wp.page.locator('.prompt-input').inputValue(), `a draft\n${items[0].text}`);
  });
});
