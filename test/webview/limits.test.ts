import assert from 'node:assert/strict';
import type { StatusInfo } from '../../src/shared/contract';
import { idleStatus, useHarness, type WebviewPage } from './harness';
import { seriousViolations } from './axe';

const HOUR = 3_600_000;

/** The usage limit banner and the user's status line. */
describe('webview: usage limits and the status line', () => {
  const harness = useHarness();
  let wp: WebviewPage;

  afterEach(() => wp.closeClean());

  it('shows a near limit with its use and reset time, a reached one instead, and nothing once it clears', async () => {
    wp = await harness.open();
    const now = await wp.page.evaluate(() => Date.now());
    await wp.snapshot([], idleStatus);
    const banner = wp.page.locator('.limit-banner');
    assert.equal(await banner.isVisible(), false, 'no banner without a limit');

    const resetsAt = now + 3 * HOUR + 60_000;
    await wp.host({ type: 'status', status: { ...idleStatus, limit: { level: 'near', resetsAt, window: 'five_hour', utilization: 0.92 } } satisfies StatusInfo });
    await wp.settle();
    assert.equal(await banner.isVisible(), true);
    const near = (await banner.textContent()) ?? '';
    assert.match(near, /^You've used 92% of your 5-hour limit\. It resets in 3 hours \(.+\)\.$/);
    const clock = await wp.page.evaluate((at) => new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(at), resetsAt);
    assert.ok(near.includes(clock) || near.includes(','), `the reset time is in the banner: ${near}`);
    assert.equal(await banner.getAttribute('role'), 'status');

    await wp.host({ type: 'status', status: { ...idleStatus, limit: { level: 'reached', resetsAt, window: 'seven_day' } } satisfies StatusInfo });
    await wp.settle();
    assert.match((await banner.textContent()) ?? '', /^You've reached your weekly limit: Claude can't answer until it resets\. It resets in 3 hours/);
    assert.equal(await banner.evaluate((el) => el.classList.contains('reached')), true);
    assert.deepEqual(await seriousViolations(wp), []);

    await wp.host({ type: 'status', status: idleStatus });
    await wp.settle();
    assert.equal(await banner.isVisible(), false, 'cleared with the limit');
  });

  it('goes away by itself when the reset time passes', async () => {
    wp = await harness.open();
    const now = await wp.page.evaluate(() => Date.now());
    await wp.snapshot([], { ...idleStatus, limit: { level: 'reached', resetsAt: now + 1500, window: 'five_hour' } });
    const banner = wp.page.locator('.limit-banner');
    assert.equal(await banner.isVisible(), true);
    assert.match((await banner.textContent()) ?? '', /in 1 minute/);
    await banner.waitFor({ state: 'hidden', timeout: 20_000 });
    // A limit whose reset already passed is never shown.
    await wp.host({ type: 'status', status: { ...idleStatus, limit: { level: 'near', resetsAt: now - 1000 } } });
    await wp.settle();
    assert.equal(await banner.isVisible(), false);
  });

  it('shows the status line under the prompt box as plain text', async () => {
    wp = await harness.open();
    await wp.snapshot([], idleStatus);
    const line = wp.page.locator('.status-line');
    assert.equal(await line.isVisible(), false, 'nothing without a status line');
    const text = '<b>main</b> · [link](https://example.com) · 42% ctx';
    await wp.host({ type: 'status', status: { ...idleStatus, statusLine: text } });
    await wp.settle();
    assert.equal(await line.isVisible(), true);
    assert.equal(await line.textContent(), text, 'the text as it is: no markup, no link');
    assert.equal(await line.locator('b, a').count(), 0);
    const below = await wp.page.evaluate(() => {
      const d = (globalThis as unknown as { document: { querySelector(s: string): { compareDocumentPosition(o: unknown): number } } }).document;
      return d.querySelector('.composer').compareDocumentPosition(d.querySelector('.status-line'));
    });
    assert.equal(below, 4, 'after the prompt box');
    assert.deepEqual(await seriousViolations(wp), []);
    await wp.host({ type: 'status', status: idleStatus });
    await wp.settle();
    assert.equal(await line.isVisible(), false);
  });

  it('the context meter opens the breakdown: one intent, the host decides', async () => {
    wp = await harness.open();
    await wp.snapshot([], { ...idleStatus, context: { usedTokens: 250_000, maxTokens: 1_000_000, autoCompactAt: 967_000 } });
    const meter = wp.page.getByRole('button', { name: /25% context/ });
    assert.match((await meter.getAttribute('title')) ?? '', /Click for what fills it\.$/);
    await wp.clearPosted();
    await meter.click();
    assert.deepEqual(await wp.posted(), [{ type: 'showContextUsage' }]);
    assert.deepEqual(await seriousViolations(wp), []);
  });
});
