// Shared plumbing for the real-VS Code end-to-end tests: code-server (scripts/code-server.mjs),
// the real `claude` CLI, our scripted model server, and headless Chromium via playwright-core.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium, type BrowserContext, type Frame, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { CLAUDE_BIN, claudePids, makeSandbox, REPO_ROOT, type Sandbox } from '../support/cliEnv';
import { ModelServer } from '../support/modelServer';

export const VSIX = join(REPO_ROOT, 'claude-chat.vsix');
export const RESULTS = join(REPO_ROOT, 'test-results');
const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The harness is plain ESM without types; a variable path keeps tsc from resolving it. */
export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}
export interface Harness {
  setup(): Promise<unknown>;
  installExtension(o: { vsix: string; userDataDir: string; extensionsDir: string; env?: Record<string, string> }): Promise<string>;
  start(o: {
    workspace?: string;
    port?: number;
    userDataDir?: string;
    extensionsDir?: string;
    env?: Record<string, string>;
    extraArgs?: string[];
    settings?: Record<string, unknown>;
    trust?: boolean;
  }): Promise<CodeServer>;
}
export async function harness(): Promise<Harness> {
  const p = join(REPO_ROOT, 'scripts', 'code-server.mjs');
  return (await import(p)) as Harness;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value. */
export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 30_000, pollMs = 100): Promise<NonNullable<T>> {
  const t0 = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(pollMs);
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

let packaged = false;
/** Builds claude-chat.vsix (production build + vsce) unless it is newer than every source. */
export function ensureVsix(): void {
  if (packaged) return;
  const sources = Math.max(newestMtime(join(REPO_ROOT, 'src')), newestMtime(join(REPO_ROOT, 'webview-ui', 'src')), statSync(join(REPO_ROOT, 'package.json')).mtimeMs);
  if (!existsSync(VSIX) || statSync(VSIX).mtimeMs < sources || process.env.E2E_REPACKAGE === '1') {
    // What `npm run package` does, plus a base URL so that relative README links don't stop vsce.
    execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--baseContentUrl', 'https://example.invalid/claude-chat/blob/HEAD/', '--baseImagesUrl', 'https://example.invalid/claude-chat/raw/HEAD/', '--out', VSIX], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  packaged = true;
}

/**
 * Live `claude` CLI processes of a sandbox (the real binary, not code-server's own processes,
 * whose environment also mentions the sandbox).
 */
export function cliPids(marker: string): number[] {
  return claudePids(marker).filter((pid) => {
    try {
      const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
      return /(^|\/)claude(\.exe)?$/.test(argv0);
    } catch {
      return false;
    }
  });
}

export interface VsCodeOptions {
  name: string;
  /** true: Restricted Mode is on and the folder is untrusted. */
  trust?: boolean;
  /** Extra code-server arguments and page URL payload (in-host tests). */
  extraArgs?: string[];
  env?: Record<string, string>;
  /** false: don't install the VSIX (the dev extension comes through the URL payload). */
  installVsix?: boolean;
  /** Extra machine-scoped settings, e.g. claudeChat.agents. */
  machineSettings?: Record<string, unknown>;
  /** More .vsix files to install next to ours (the bench's reference panel). */
  extraVsix?: string[];
}

/** One code-server + Chromium + scripted model: one per test file. */
export class VsCode {
  readonly model = new ModelServer();
  sandbox!: Sandbox;
  cs!: CodeServer;
  context!: BrowserContext;
  page!: Page;
  private scratch!: string;
  private shot = 0;
  readonly log: string[] = [];

  constructor(readonly opts: VsCodeOptions) {}

  get workspace(): string {
    return this.sandbox.workspace;
  }

  /**
   * A chat webview's frame: an editor tab's (its chat list hidden) or the sidebar's, optionally
   * the one whose transcript has (or lacks) a text. Strings: this file has no DOM types.
   */
  async chatFrame(where: 'editor' | 'sidebar', text?: { has?: string; lacks?: string }): Promise<Frame> {
    return waitFor(`the ${where} chat webview`, async () => {
      for (const f of this.page.frames()) {
        const ok = await f
          .evaluate(
            `(() => {
              const nav = document.querySelector('nav.chat-tabs');
              if (!nav || !document.querySelector('textarea.prompt-input')) return false;
              if (nav.hidden !== ${where === 'editor'}) return false;
              const body = document.body.textContent ?? '';
              return ${JSON.stringify(text?.has ?? '')} === '' || body.includes(${JSON.stringify(text?.has ?? '')})
                ? ${JSON.stringify(text?.lacks ?? '')} === '' || !body.includes(${JSON.stringify(text?.lacks ?? '')})
                : false;
            })()`,
          )
          .catch(() => false);
        if (ok) return f;
      }
      return undefined;
    }, 60_000);
  }

  get webview(): FrameLocator {
    // Our extension's webviews only: the bench installs a second panel extension next to ours.
    return this.page.frameLocator('iframe.webview.ready[src*="extensionId=claude-chat-dev.claude-chat"]').frameLocator('iframe#active-frame');
  }

  /** Starts the model server, code-server (with the VSIX installed) and Chromium; does not open the page. */
  async start(): Promise<void> {
    const h = await harness();
    await h.setup();
    if (this.opts.installVsix !== false) ensureVsix();
    const url = await this.model.start();
    this.sandbox = makeSandbox(url, `cc-e2e-${this.opts.name}`);
    // Profile dirs outside the sandbox: the sandbox path marks the CLI's processes only.
    this.scratch = mkdtempSync(join(tmpdir(), `vsc-e2e-${this.opts.name}-`));
    const userDataDir = join(this.scratch, 'ud');
    const extensionsDir = join(this.scratch, 'ext');
    const env = { ...this.sandbox.env, CLAUDE_CHAT_SCRIPTED: '1', ...(this.opts.env ?? {}) };
    if (this.opts.installVsix !== false) await h.installExtension({ vsix: VSIX, userDataDir, extensionsDir, env });
    for (const vsix of this.opts.extraVsix ?? []) await h.installExtension({ vsix, userDataDir, extensionsDir, env });
    // cliPath is machine-scoped (a workspace must not choose the binary): the remote extension host reads it from Machine settings.
    mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
    writeFileSync(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify({ 'claudeChat.cliPath': CLAUDE_BIN, ...this.opts.machineSettings }, null, 2));
    this.cs = await h.start({
      workspace: this.workspace,
      userDataDir,
      extensionsDir,
      env,
      trust: this.opts.trust,
      extraArgs: this.opts.extraArgs,
      settings: { 'claudeChat.cliPath': CLAUDE_BIN, 'workbench.colorTheme': 'Default Dark Modern' },
    });
    this.context = await chromium.launchPersistentContext(join(this.scratch, 'chrome'), {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1400, height: 900 },
      // The plan test's stand-in attacker serves HTTPS with a self-signed certificate (what a
      // preview's CSP would let through); nothing else here speaks HTTPS.
      ignoreHTTPSErrors: true,
    });
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
    this.page.on('console', (m) => this.log.push(`[${m.type()}] ${m.text()}`));
  }

  folderUrl(payload?: [string, string][]): string {
    let u = `${this.cs.url}?folder=${encodeURIComponent(this.workspace)}`;
    if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return u;
  }

  /** Opens the workbench and the Claude view; resolves when the prompt input shows. */
  async openView(): Promise<void> {
    await this.page.goto(this.folderUrl());
    await this.showView();
  }

  async showView(): Promise<void> {
    const icon = this.page.locator('.activitybar .action-item a[aria-label^="Claude"]').first();
    await icon.waitFor({ timeout: 60_000 });
    // Clicking an already open container closes it: click only when it isn't the open one.
    if (!(await this.input.isVisible().catch(() => false))) {
      const checked = await icon.evaluate((el) => el.closest('.action-item')?.classList.contains('checked') ?? false);
      if (!checked) await icon.click();
    }
    try {
      await this.input.waitFor({ timeout: 20_000 });
    } catch {
      // Right after a reload the workbench may still be restoring the view, and the click above
      // can toggle it closed; "Claude: Focus Chat" always opens it.
      await this.palette('Claude: Focus Chat');
      await this.input.waitFor({ timeout: 60_000 });
    }
  }

  get input(): Locator {
    return this.webview.locator('textarea.prompt-input');
  }

  /** Types a prompt into the panel and presses Enter. */
  async send(text: string): Promise<void> {
    await this.input.click();
    await this.input.fill(text);
    await this.input.press('Enter');
  }

  assistant(): Locator {
    return this.webview.locator('.entry.assistant');
  }

  turnEnds(): Locator {
    return this.webview.locator('.entry.turn-end');
  }

  async count(l: Locator): Promise<number> {
    return l.count();
  }

  /** Runs a command through F1 by its palette label. */
  async palette(label: string): Promise<void> {
    await this.page.locator('.monaco-workbench').first().click({ position: { x: 700, y: 5 } }).catch(() => {});
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input[type="text"], .quick-input-widget .quick-input-box input').first();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.keyboard.type(label);
    const row = this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).first();
    await row.waitFor({ timeout: 15_000 });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => {});
  }

  toast(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  /** The live pid reported by "Claude: Show Session Info" (read from its toast). */
  async sessionInfoPid(): Promise<number | undefined> {
    await this.palette('Claude: Show Session Info');
    const t = this.toast(/Claude session .* · pid /).last();
    await t.waitFor({ timeout: 15_000 });
    const text = (await t.innerText()).replace(/\s+/g, ' ');
    await this.clearToasts();
    const m = / pid (\d+) /.exec(text);
    return m ? Number(m[1]) : undefined;
  }

  async clearToasts(): Promise<void> {
    await this.palette('Notifications: Clear All Notifications');
    await this.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  }

  pids(): number[] {
    return cliPids(this.sandbox.root);
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, `e2e-${this.opts.name}-${String(++this.shot).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file }).catch(() => {});
    return relative(REPO_ROOT, file);
  }

  /** Stops Chromium and code-server; returns the CLI pids still alive right after. */
  async stop(): Promise<number[]> {
    if (this.stopped) return this.stopped;
    await this.context?.close().catch(() => {});
    await this.cs?.stop();
    await this.model.stop();
    const left = this.sandbox ? await waitFor('no claude process', () => this.pids().length === 0, 10_000).then(() => [], () => this.pids()) : [];
    // Never leave strays behind, but report them.
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    this.stopped = left;
    return left;
  }
  private stopped: number[] | undefined;

  /** The extension's "Claude Chat" log channel, as written by the extension host. */
  extensionLog(): string {
    const found: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === 'Claude Chat.log' || /claude-chat-dev\.claude-chat.*\.log$/.test(e.name)) found.push(p);
      }
    };
    try {
      walk(join(this.scratch, 'ud', 'logs'));
    } catch {
      /* no logs yet */
    }
    return found.map((f) => `--- ${f}\n${readFileSync(f, 'utf8')}`).join('\n');
  }

  cleanup(): void {
    this.sandbox?.cleanup();
    if (this.scratch) rmSync(this.scratch, { recursive: true, force: true });
  }

  /** After a failed test: a screenshot named after it and the extension's last log lines. */
  async reportFailure(title: string, prefix = 'failed'): Promise<void> {
    await this.screenshot(`${prefix}-${title.replace(/\W+/g, '-').slice(0, 40)}`);
    console.log(this.extensionLog().split('\n').slice(-40).join('\n'));
  }
}

/**
 * One code-server for the calling describe block: started before its tests, stopped after
 * them (failing if a `claude` process outlives it), and reported on each failed test.
 */
export function useVsCode(opts: VsCodeOptions): VsCode {
  const vs = new VsCode(opts);
  before(async function () {
    this.timeout(240_000);
    await vs.start();
  });
  after(async function () {
    this.timeout(60_000);
    const left = await vs.stop();
    vs.cleanup();
    assert.deepEqual(left, [], 'no claude process outlives code-server');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await vs.reportFailure(this.currentTest.title);
  });
  return vs;
}
