import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ChatEvent, HostMessage, PendingPermission, StatusInfo } from '../../src/shared/contract';
import { dark, highContrast, light } from './themes';

const ROOT = resolve(__dirname, '../..');
const DIST = join(ROOT, 'dist');
const TEST_OUT = join(ROOT, 'test-results');

/** What the test driver and the fake VS Code API put on `window` (see fixtures/driver.ts). */
export interface TestWindow {
  __t: {
    host(msg: unknown): void;
    push(events: ChatEvent[]): void;
    settle(): Promise<void>;
    stream(events: ChatEvent[], perSlice: number): Promise<void>;
    nodeCount(): number;
    scanDangerous(): { tags: string[]; handlers: string[]; hrefs: string[] };
    activeTag(): string | undefined;
    fontLoaded(font: string): Promise<boolean>;
    measureSnapshot(events: ChatEvent[]): Promise<number>;
    measureAppend(messageId: string, samples: number): Promise<{ handleMs: number; renderMs: number }>;
  };
  __posted: { type: string; [k: string]: unknown }[];
  __violations: string[];
  __pwned?: unknown;
}

let built: Promise<string> | undefined;

/**
 * Builds the real bundle. With the host entry present that is `node esbuild.mjs`; until then
 * (or if the host build is broken mid-change) the webview alone, with the same options.
 */
export function buildWebview(): Promise<string> {
  built ??= (async () => {
    if (existsSync(join(ROOT, 'src/vscode/extension.ts'))) {
      try {
        execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
        return DIST;
      } catch (err) {
        console.warn('    (node esbuild.mjs failed; building the webview alone)', String((err as { stderr?: Buffer }).stderr ?? err).slice(0, 300));
      }
    }
    await esbuild.build({
      bundle: true,
      sourcemap: true,
      sourcesContent: false,
      legalComments: 'none',
      entryPoints: { webview: join(ROOT, 'webview-ui/src/main.ts') },
      outdir: DIST,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
      logLevel: 'silent',
    });
    return DIST;
  })();
  return built;
}

async function buildDriver(): Promise<string> {
  const r = await esbuild.build({
    bundle: true,
    write: false,
    entryPoints: [join(__dirname, 'fixtures/driver.ts')],
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'silent',
  });
  return r.outputFiles[0].text;
}

import { webviewHtml } from '../../src/shared/webviewHtml';
export { webviewHtml };

export type Theme = 'dark' | 'light' | 'high-contrast';

function fakeVsCode(nonce: string, theme: Theme): string {
  const vars = theme === 'dark' ? dark : theme === 'light' ? light : highContrast;
  return `<script nonce="${nonce}">
window.__posted = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber));
let state;
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
  getState: () => state,
  setState: (s) => { state = s; },
});
// What VS Code does: variables on <html>, theme class on <body>.
const vars = ${JSON.stringify(vars)};
for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
document.body.classList.add('vscode-${theme}');
document.body.dataset.vscodeThemeKind = 'vscode-${theme}';
</script>`;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

/** Serves `/dist/<file>` from the built bundle folder, and nothing outside it. */
export function serveDistFile(dist: string, pathname: string, res: ServerResponse): void {
  const file = normalize(join(dist, pathname.slice('/dist/'.length)));
  if (!file.startsWith(dist) || !existsSync(file)) {
    res.statusCode = 404;
    res.end();
    return;
  }
  res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
  res.end(readFileSync(file));
}

export class Harness {
  browser!: Browser;
  private server!: Server;
  private origin = '';
  private driver = '';

  async start(): Promise<void> {
    const dist = await buildWebview();
    this.driver = await buildDriver();
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/') {
        const nonce = randomBytes(16).toString('base64');
        const asked = url.searchParams.get('theme');
        const theme: Theme = asked === 'light' || asked === 'high-contrast' ? asked : 'dark';
        res.setHeader('content-type', 'text/html');
        res.end(
          webviewHtml({
            cspSource: this.origin,
            nonce,
            scriptUri: `${this.origin}/dist/webview.js`,
            styleUri: `${this.origin}/dist/webview.css`,
            before: fakeVsCode(nonce, theme),
            after: `<script nonce="${nonce}" src="${this.origin}/driver.js"></script>`,
          }),
        );
      } else if (url.pathname === '/driver.js') {
        res.setHeader('content-type', 'text/javascript');
        res.end(this.driver);
      } else if (url.pathname.startsWith('/dist/')) {
        serveDistFile(dist, url.pathname, res);
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await new Promise((r) => this.server?.close(r));
  }

  /** A fresh webview page, loaded and having said `ready` (no snapshot yet). */
  async open(theme: Theme = 'dark', viewport = { width: 420, height: 720 }): Promise<WebviewPage> {
    const context = await this.browser.newContext({ viewport });
    const page = await context.newPage();
    const wp = new WebviewPage(page);
    await page.goto(`${this.origin}/?theme=${theme}`);
    await page.waitForFunction(() => (globalThis as unknown as TestWindow).__t !== undefined);
    await wp.waitForPosted('ready');
    return wp;
  }
}

export const idleStatus: StatusInfo = { state: 'idle', model: 'claude-opus-4-8', permissionMode: 'default', folder: '/home/me/project', queued: 0, scripted: false };

export class WebviewPage {
  readonly console: { type: string; text: string }[] = [];
  readonly pageErrors: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (m) => this.console.push({ type: m.type(), text: m.text() }));
    page.on('pageerror', (e) => this.pageErrors.push(String(e)));
  }

  /** Calls a driver function (fixtures/driver.ts) in the page. */
  call<K extends keyof TestWindow['__t']>(name: K, ...args: Parameters<TestWindow['__t'][K]>): Promise<Awaited<ReturnType<TestWindow['__t'][K]>>> {
    return this.page.evaluate(
      ([n, a]) => ((globalThis as unknown as TestWindow).__t[n] as (...x: unknown[]) => unknown)(...a),
      [name, args] as [K, unknown[]],
    ) as Promise<Awaited<ReturnType<TestWindow['__t'][K]>>>;
  }

  host(msg: HostMessage | unknown): Promise<void> {
    return this.page.evaluate((m) => (globalThis as unknown as TestWindow).__t.host(m), msg as never);
  }

  async snapshot(events: ChatEvent[] = [], status: StatusInfo = idleStatus, permissions: PendingPermission[] = []): Promise<void> {
    await this.host({ type: 'snapshot', events, status, permissions });
    await this.settle();
  }

  /** Through the real batcher, then waits for the UI to render. */
  async push(events: ChatEvent[]): Promise<void> {
    await this.page.evaluate((e) => (globalThis as unknown as TestWindow).__t.push(e), events as never);
    await this.settle();
  }

  settle(): Promise<void> {
    return this.page.evaluate(() => (globalThis as unknown as TestWindow).__t.settle());
  }

  /** What the panel posted; without the focus signals (`panelFocus`, `panelActive`) and the draft's emptiness (`draft`) unless asked. */
  async posted(o: { focus?: boolean; draft?: boolean } = {}): Promise<TestWindow['__posted']> {
    const all = await this.page.evaluate(() => (globalThis as unknown as TestWindow).__posted);
    return all.filter((m) => (o.focus || (m.type !== 'panelFocus' && m.type !== 'panelActive')) && (o.draft || m.type !== 'draft'));
  }

  async clearPosted(): Promise<void> {
    await this.page.evaluate(() => {
      (globalThis as unknown as TestWindow).__posted.length = 0;
    });
  }

  async waitForPosted(type: string): Promise<void> {
    await this.page.waitForFunction((t) => (globalThis as unknown as TestWindow).__posted.some((m) => m.type === t), type);
  }

  violations(): Promise<string[]> {
    return this.page.evaluate(() => (globalThis as unknown as TestWindow).__violations);
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(TEST_OUT, { recursive: true });
    const path = join(TEST_OUT, `webview-${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  close(): Promise<void> {
    return this.page.context().close();
  }

  /** After a test: the page threw nothing and the CSP blocked nothing; then it closes. */
  async closeClean(): Promise<void> {
    assert.deepEqual(this.pageErrors, []);
    assert.deepEqual(await this.violations(), [], 'nothing blocked by the CSP');
    await this.close();
  }
}

/** Registers before/after hooks for a describe block and returns the shared harness. */
export function useHarness(): Harness {
  const h = new Harness();
  before(async function () {
    this.timeout(120_000);
    await h.start();
  });
  after(async () => h.stop());
  return h;
}
