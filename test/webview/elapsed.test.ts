import assert from 'node:assert/strict';
import type { ChatEvent } from '../../src/shared/contract';
import { idleStatus, useHarness, type WebviewPage } from './harness';

const bash = (id: string, command: string): ChatEvent[] => [
  { type: 'user', turnId: `t-${id}`, text: 'run it' },
  { type: 'tool', messageId: `m-${id}`, index: 0, toolUseId: id, name: 'Bash', input: { command, description: 'A long command' } },
];

type Page = WebviewPage['page'];

/**
 * The page's `Date.now` runs ahead by what `skip` adds; its timers stay real (the harness's
 * settling needs them, and the panel's once-a-second ticker keeps ticking).
 */
async function skewableClock(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as { __skew: number };
    const real = Date.now.bind(Date);
    g.__skew = 0;
    Date.now = () => real() + g.__skew;
  });
}

function skip(page: Page, ms: number): Promise<void> {
  return page.evaluate((d) => {
    (globalThis as unknown as { __skew: number }).__skew += d;
  }, ms);
}

/** The card's clock reads something matching `re` (after the next tick; the real seconds the test takes may add one or two). */
async function clockMatches(page: Page, re: RegExp): Promise<string> {
  await page.waitForFunction(
    (src) => new RegExp(src).test((globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('.card.tool-bash .elapsed')?.textContent ?? ''),
    re.source,
    { timeout: 10_000 },
  );
  return (await page.locator('.card.tool-bash .elapsed').textContent()) ?? '';
}

/** A tick of the panel's clock has passed (it ticks each real second). */
const aTick = () => new Promise((r) => setTimeout(r, 1500));

/** A shell command running longer than 30 s shows its running time on its card. */
describe('webview: a long command shows its elapsed time', () => {
  const harness = useHarness();
  let wp: WebviewPage;

  afterEach(() => wp.closeClean());

  it('shows nothing for 30 s, then the running time, ticking; a finished card drops it', async () => {
    wp = await harness.open();
    await skewableClock(wp.page);
    await wp.snapshot([], { ...idleStatus, state: 'running' });
    await wp.push(bash('b1', 'sleep 100'));
    const card = wp.page.locator('.card.tool-bash');
    const clock = card.locator('.elapsed');
    assert.equal(await clock.count(), 1);
    assert.equal(await clock.isVisible(), false, 'a short command shows no clock');
    await skip(wp.page, 20_000);
    await aTick();
    assert.equal(await clock.isVisible(), false, 'still under 30 s after a tick');
    await skip(wp.page, 11_000);
    const shown = await clockMatches(wp.page, /^3[1-9] s$/);
    assert.equal(await clock.getAttribute('title'), `Running for ${shown}`);
    assert.equal(await clock.isVisible(), true);
    await skip(wp.page, 95_000);
    await clockMatches(wp.page, /^2 min [0-9]+ s$/);
    await wp.push([{ type: 'toolResult', toolUseId: 'b1', isError: false, text: 'ok' }]);
    assert.equal(await card.locator('.elapsed').count(), 0, 'a finished command shows its result, not a clock');
  });

  it('time spent waiting for permission is not running time', async () => {
    wp = await harness.open();
    await skewableClock(wp.page);
    await wp.snapshot([], { ...idleStatus, state: 'running' });
    await wp.push([...bash('b2', 'make'), { type: 'toolState', toolUseId: 'b2', state: 'permission' }]);
    const card = wp.page.locator('.card.tool-bash');
    assert.equal(await card.locator('.elapsed').count(), 0, 'no clock while the user is asked');
    await skip(wp.page, 60_000);
    await wp.push([{ type: 'toolState', toolUseId: 'b2', state: 'running' }]);
    await skip(wp.page, 10_000);
    await aTick();
    assert.equal(await card.locator('.elapsed').isVisible(), false, '10 s of running after a minute of waiting');
    await skip(wp.page, 25_000);
    await clockMatches(wp.page, /^3[5-9] s$/);
  });
});
