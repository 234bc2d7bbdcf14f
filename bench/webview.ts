/**
 * P4: the built webview bundle in headless Chromium. A 2,000-message chat is loaded, then
 * 5,000 deltas stream through the real EventBatcher (the test driver's); the same stream into
 * an empty chat is the baseline. Pages alternate empty/long to cancel drift.
 *
 * Serves the production bundle from P5's scratch build (so dist/ is never rewritten) with the
 * page the host serves (strict CSP, nonce) and a fake acquireVsCodeApi, as test/webview does.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '../test/support/cliEnv';
import { serveDistFile, webviewHtml } from '../test/webview/harness';
import { dark } from '../test/webview/themes';
import { type Figure, log, median, p95, quantile, round } from './lib';
import { longChat } from '../test/webview/fixtures/longChat';



export async function serve(dist: string): Promise<{ server: Server; origin: string }> {
  const driver = (
    await esbuild.build({ bundle: true, write: false, entryPoints: [join(REPO_ROOT, 'test/webview/fixtures/driver.ts')], platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'silent' })
  ).outputFiles[0].text;
  let origin = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      const nonce = randomBytes(16).toString('base64');
      const fake = `<script nonce="${nonce}">
window.__posted = [];
let state;
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))), getState: () => state, setState: (s) => { state = s; } });
for (const [k, v] of Object.entries(${JSON.stringify(dark)})) document.documentElement.style.setProperty(k, v);
document.body.classList.add('vscode-dark');
document.body.dataset.vscodeThemeKind = 'vscode-dark';
</script>`;
      res.setHeader('content-type', 'text/html');
      res.end(webviewHtml({ cspSource: origin, nonce, scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/dist/webview.css`, before: fake, after: `<script nonce="${nonce}" src="${origin}/driver.js"></script>` }));
    } else if (url.pathname === '/driver.js') {
      res.setHeader('content-type', 'text/javascript');
      res.end(driver);
    } else if (url.pathname.startsWith('/dist/')) {
      serveDistFile(dist, url.pathname, res);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin };
}

interface StreamStats {
  frameWork: number[];
  intervals: number[];
  streamMs: number;
  finalChars: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's test API (test/webview/fixtures/driver.ts) is DOM code this Node program can't type-import
type T = { __t: any; __posted: { type: string }[] };

/**
 * Streams `n` deltas through the page's real batcher while recording every frame. Plain JS in a
 * string: tsx would otherwise inject its `__name` helper, which the page does not have.
 */
const STREAM_IN_PAGE = `async ({ n, perSlice }) => {
  const t = window.__t;
  const frameWork = [];
  const stamps = [];
  let running = true;
  // Frame cost: from the frame's rAF timestamp to a task posted from inside the frame, which
  // runs once the frame's rAF callbacks (the UI's render), style, layout and paint are done.
  const ch = new MessageChannel();
  ch.port1.onmessage = (e) => frameWork.push(performance.now() - e.data);
  function loop(ts) {
    stamps.push(ts);
    ch.port2.postMessage(ts);
    if (running) requestAnimationFrame(loop);
  }
  requestAnimationFrame(loop);
  await new Promise((r) => setTimeout(r, 100));
  const t0 = performance.now();
  for (let i = 0; i < n; i += perSlice) {
    const evs = [];
    for (let j = i; j < Math.min(n, i + perSlice); j++) evs.push({ type: 'text', messageId: 'live', index: 0, text: 'w' + j + (j % 97 === 96 ? '\\n\\n' : ' ') });
    t.push(evs);
    await new Promise((r) => setTimeout(r, 1));
  }
  await t.settle();
  const streamMs = performance.now() - t0;
  running = false;
  await new Promise((r) => setTimeout(r, 50));
  const intervals = stamps.slice(1).map((s, i) => s - stamps[i]);
  const last = document.querySelectorAll('.entry.assistant');
  return { frameWork, intervals, streamMs, finalChars: (last[last.length - 1] ? last[last.length - 1].textContent : '').length };
}`;

function streamInPage(page: Page, n: number, perSlice: number): Promise<StreamStats> {
  return page.evaluate(`(${STREAM_IN_PAGE})(${JSON.stringify({ n, perSlice })})`) as Promise<StreamStats>;
}

interface PageRun {
  kind: 'empty' | 'long';
  stream: StreamStats;
  append: { handleMs: number; renderMs: number };
  loadMs?: number;
  nodes: number;
  errors: string[];
}

async function runPage(browser: Browser, origin: string, kind: 'empty' | 'long', deltas: number, appendSamples: number): Promise<PageRun> {
  const context = await browser.newContext({ viewport: { width: 420, height: 720 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => (globalThis as unknown as T).__t !== undefined && (globalThis as unknown as T).__posted.some((m) => m.type === 'ready'));
  let loadMs: number | undefined;
  if (kind === 'long') {
    loadMs = await page.evaluate((events) => (globalThis as unknown as T).__t.measureSnapshot(events), longChat(1000) as never);
  } else {
    await page.evaluate(() => (globalThis as unknown as T).__t.host({ type: 'snapshot', events: [], status: { state: 'idle', queued: 0, scripted: false }, permissions: [] }));
  }
  await page.evaluate(async () => {
    const t = (globalThis as unknown as T).__t;
    t.push([{ type: 'user', turnId: 'live', text: 'stream please' }]);
    await t.settle();
  });
  const stream = await streamInPage(page, deltas, 8);
  // One more user entry, then single-delta appends (the driver's measureAppend: handle + render).
  await page.evaluate(async () => {
    const t = (globalThis as unknown as T).__t;
    t.push([{ type: 'user', turnId: 'append', text: 'append probe' }]);
    await t.settle();
  });
  const append = await page.evaluate(([id, s]) => (globalThis as unknown as T).__t.measureAppend(id, s), ['probe', appendSamples] as const);
  const nodes = (await page.evaluate('document.getElementsByTagName("*").length')) as number;
  await context.close();
  return { kind, stream, append, loadMs, nodes, errors };
}

export async function runWebviewBench(dist: string, rounds: number, deltas = 5000, appendSamples = 150): Promise<Figure[]> {
  const { server, origin } = await serve(dist);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const runs: PageRun[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const order: ('empty' | 'long')[] = r % 2 === 0 ? ['empty', 'long'] : ['long', 'empty'];
      for (const kind of order) {
        log(`P4: round ${r + 1}/${rounds}, ${kind} chat, ${deltas} deltas`);
        runs.push(await runPage(browser, origin, kind, deltas, appendSamples));
      }
    }
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
  const of = (k: 'empty' | 'long') => runs.filter((x) => x.kind === k);
  const work = (k: 'empty' | 'long') => of(k).flatMap((x) => x.stream.frameWork);
  const intervals = (k: 'empty' | 'long') => of(k).flatMap((x) => x.stream.intervals);
  const appendCost = (k: 'empty' | 'long') => of(k).map((x) => x.append.handleMs + x.append.renderMs);
  const longWork = work('long');
  const emptyWork = work('empty');
  const aLong = median(appendCost('long'));
  const aEmpty = median(appendCost('empty'));
  const dropped = (xs: number[]) => xs.filter((x) => x > 1.5 * (1000 / 60)).length / Math.max(1, xs.length);
  const errors = runs.flatMap((x) => x.errors);
  const figures: Figure[] = [
    {
      id: 'P4.frame',
      what: 'Frame cost while 5,000 deltas stream into a 2,000-message chat (rAF timestamp → end of frame)',
      unit: 'ms',
      median: median(longWork),
      p95: p95(longWork),
      n: longWork.length,
      baseline: p95(emptyWork),
      baselineWhat: 'same stream into an empty chat (p95)',
      ratio: p95(longWork) / p95(emptyWork),
      target: 'p95 < 16 ms',
      pass: p95(longWork) < 16 && errors.length === 0,
      extra: {
        rafIntervalP95Long: quantile(intervals('long'), 0.95),
        rafIntervalP95Empty: quantile(intervals('empty'), 0.95),
        droppedFrameShareLong: dropped(intervals('long')),
        droppedFrameShareEmpty: dropped(intervals('empty')),
        frameWorkMaxLong: Math.max(...longWork),
        streamMsLong: of('long').map((x) => x.stream.streamMs),
        streamMsEmpty: of('empty').map((x) => x.stream.streamMs),
        snapshotLoadMs: of('long').map((x) => x.loadMs),
        domElementsLong: of('long').map((x) => x.nodes),
        pageErrors: errors.slice(0, 3),
      },
    },
    {
      id: 'P4.append',
      what: 'Append cost of one delta (message handling + next frame’s render) with 2,000 messages',
      unit: 'ms',
      median: aLong,
      p95: Math.max(...appendCost('long')),
      n: of('long').length * appendSamples,
      baseline: aEmpty,
      baselineWhat: 'same, empty chat (median of per-page means)',
      ratio: aLong / aEmpty,
      target: 'ratio ≤ 1.5',
      pass: aLong / aEmpty <= 1.5,
      notes: 'median/p95 columns = median/max of the per-page means',
      extra: { long: of('long').map((x) => x.append), empty: of('empty').map((x) => x.append) },
    },
  ];
  return figures.map((f) => ({ ...f, median: round(f.median, 2)!, p95: round(f.p95, 2)!, baseline: round(f.baseline, 2), ratio: round(f.ratio, 3) }));
}
