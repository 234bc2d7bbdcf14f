/**
 * M3: the webview's JS heap with a long chat (2,000 messages) and after 20 chats switched
 * through, in the production bundle in headless Chromium (P4's page: the host's HTML and CSP, a
 * fake acquireVsCodeApi). Heap = CDP Runtime.getHeapUsage after two HeapProfiler.collectGarbage.
 * A chat switch is what the host sends for one: a snapshot of that chat.
 */
import { chromium } from 'playwright-core';
import type { ChatEvent } from '../src/shared/contract';
import { longChat } from '../test/webview/fixtures/longChat';
import { type Figure, log, round } from './lib';
import { serve } from './webview';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's test API (test/webview/fixtures/driver.ts)
type T = { __t: any; __posted: { type: string }[] };

/** Chat `k` of the switch run: longChat's events with ids of its own (no chat shares an id with another). */
function chat(k: number, turns: number): ChatEvent[] {
  return JSON.parse(JSON.stringify(longChat(turns)).replace(/"(turnId|messageId|toolUseId)":"([^"]*)"/g, `"$1":"c${k}-$2"`).replace(/Question /g, `Chat ${k} question `)) as ChatEvent[];
}

export async function runHeapBench(dist: string): Promise<Figure[]> {
  const { server, origin } = await serve(dist);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 420, height: 720 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => (globalThis as unknown as T).__t !== undefined && (globalThis as unknown as T).__posted.some((m) => m.type === 'ready'));
    const cdp = await context.newCDPSession(page);
    const heapMb = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const r = await cdp.send('Runtime.getHeapUsage');
      return r.usedSize / 1024 ** 2;
    };
    const show = (events: ChatEvent[]) => page.evaluate((ev) => (globalThis as unknown as T).__t.measureSnapshot(ev), events as never);
    const nodes = () => page.evaluate('document.getElementsByTagName("*").length') as Promise<number>;

    log('M3: webview heap, empty chat → 2,000 messages → 20 chats switched through');
    await show([]);
    const empty = await heapMb();
    await show(longChat(1000));
    const long = await heapMb();
    const longNodes = await nodes();
    await show([]);
    const afterLong = await heapMb();
    // 20 chats of 200 messages each, switched through one after the other, then back to the first.
    const perSwitch: number[] = [];
    for (let k = 0; k < 20; k++) {
      await show(chat(k, 100));
      perSwitch.push(await heapMb());
    }
    await show(chat(0, 100));
    const backToFirst = await heapMb();
    const switchNodes = await nodes();
    await context.close();
    return [
      {
        id: 'M3',
        what: 'Webview JS heap with a 2,000-message chat shown (after GC)',
        unit: 'MB',
        median: round(long, 2)!,
        p95: round(long, 2)!,
        n: 1,
        baseline: round(empty, 2),
        baselineWhat: 'the same page with an empty chat',
        ratio: round(long / empty, 3),
        target: 'report only',
        pass: errors.length === 0,
        extra: { perMessageKb: round(((long - empty) * 1024) / 2000, 2), domElements: longNodes, afterSwitchingToEmptyMb: round(afterLong, 2), pageErrors: errors.slice(0, 3) },
      },
      {
        id: 'M3.switch',
        what: 'Webview JS heap after 20 chats (200 messages each) switched through, back on the first (after GC)',
        unit: 'MB',
        median: round(backToFirst, 2)!,
        p95: round(Math.max(...perSwitch), 2)!,
        n: 20,
        baseline: round(perSwitch[0], 2),
        baselineWhat: 'the first chat shown the first time (same page, before the other 19)',
        ratio: round(backToFirst / perSwitch[0], 3),
        target: 'report only (a ratio near 1: nothing of the chats switched away from is kept)',
        pass: errors.length === 0,
        extra: { perSwitchMb: perSwitch.map((x) => round(x, 2)), domElements: switchNodes },
      },
    ];
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
}
