/**
 * P5: production build sizes (the real `node esbuild.mjs --production`, run in a scratch
 * directory so dist/ is untouched) and activation time of the production host bundle under
 * a stub `vscode` module, each activation in a fresh Node process.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from '../test/support/cliEnv';
import { type Figure, log, median, p95, round } from './lib';

/** Packages only the webview uses: if they show up in the host bundle, webview code leaked in. */
const WEBVIEW_ONLY = [/^webview-ui\//, /node_modules\/(markdown-it|highlight\.js|dompurify|mdurl|uc\.micro|linkify-it|punycode\.js|entities|@vscode\/codicons)\//];

export async function runBundleBench(activations: number): Promise<{ figures: Figure[]; hostBundle: string; scratch: string }> {
  const scratch = mkdtempSync(join(tmpdir(), 'claude-chat-bench-build-'));
  for (const d of ['src', 'webview-ui', 'node_modules', 'media', 'package.json', 'tsconfig.json']) symlinkSync(join(REPO_ROOT, d), join(scratch, d));
  log('P5: node esbuild.mjs --production (in a scratch dir)');
  execFileSync(process.execPath, [join(REPO_ROOT, 'esbuild.mjs'), '--production'], { cwd: scratch, stdio: 'pipe' });
  const hostBundle = join(scratch, 'dist/extension.js');
  const hostBytes = statSync(hostBundle).size;
  const webviewJs = statSync(join(scratch, 'dist/webview.js')).size;
  const webviewCss = statSync(join(scratch, 'dist/webview.css')).size;
  // Loaded later: at the first prompt (the MCP permission server) and when an ACP agent starts.
  const lazyBytes = { permissionServer: statSync(join(scratch, 'dist/permissionServer.js')).size, acp: statSync(join(scratch, 'dist/acp.js')).size };

  // Same host options with a metafile: how much of the host bundle is webview code?
  const meta = await esbuild.build({
    absWorkingDir: REPO_ROOT,
    entryPoints: ['src/vscode/extension.ts'],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'silent',
    // As esbuild.mjs does: the lazily loaded permission server and ACP client are bundles of their own.
    supported: { 'dynamic-import': false },
    plugins: [
      {
        name: 'lazy-chunks',
        setup(build) {
          build.onResolve({ filter: /^\.\.\/(claude\/permissionServer|acp)$/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
        },
      },
    ],
  });
  const out = Object.values(meta.metafile.outputs)[0];
  let webviewInHost = 0;
  const byPackage = new Map<string, number>();
  for (const [input, info] of Object.entries(out.inputs)) {
    if (WEBVIEW_ONLY.some((re) => re.test(input))) webviewInHost += info.bytesInOutput;
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const key = m ? m[1] : input.startsWith('src/') ? 'src (ours)' : input;
    byPackage.set(key, (byPackage.get(key) ?? 0) + info.bytesInOutput);
  }
  const topPackages = [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} KB`);
  const withoutWebview = hostBytes - webviewInHost;

  log(`P5: ${activations} activations, each in a fresh node process`);
  const act: number[] = [];
  const req: number[] = [];
  let subs = 0;
  let autoStubbed: string[] = [];
  const lazyLoaded = new Set<string>();
  for (let i = 0; i < activations; i++) {
    let outLine: string;
    try {
      outLine = execFileSync(process.execPath, [join(__dirname, 'activateChild.cjs'), hostBundle], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      const stderr = String((err as { stderr?: string }).stderr ?? err);
      throw new Error(`activation under the stub vscode failed: ${stderr.split('\n').find((l) => /Error/.test(l)) ?? stderr.slice(-300)}`, { cause: err });
    }
    const r = JSON.parse(outLine.trim().split('\n').pop()!);
    autoStubbed = r.autoStubbed;
    for (const c of r.lazyChunks as string[]) lazyLoaded.add(c);
    act.push(r.activateMs);
    req.push(r.requireMs);
    subs = r.subscriptions;
  }
  const kb = (b: number) => b / 1024;
  const figures: Figure[] = [
    {
      id: 'P5.activation',
      what: 'activate() of the production host bundle, stub vscode module (fresh process each)',
      unit: 'ms',
      median: median(act),
      p95: p95(act),
      n: act.length,
      baseline: null,
      baselineWhat: '— (absolute target)',
      ratio: null,
      target: '≤ 30 ms, no lazy chunk loaded',
      pass: median(act) <= 30 && lazyLoaded.size === 0,
      notes: 'stub measurement: VS Code API calls are no-ops; real activation adds the host’s own cost',
      extra: { requireMsMedian: median(req), requirePlusActivateMedian: median(act.map((a, i) => a + req[i])), subscriptions: subs, autoStubbedApis: autoStubbed, lazyChunksLoaded: [...lazyLoaded] },
    },
    {
      id: 'P5.hostBundle',
      what: 'Host bundle size, production build (dist/extension.js)',
      unit: 'KB',
      median: kb(hostBytes),
      p95: kb(hostBytes),
      n: 1,
      baseline: kb(withoutWebview),
      baselineWhat: 'the same bundle minus any webview code (webview-ui/, markdown-it, highlight.js, dompurify)',
      ratio: hostBytes / withoutWebview,
      target: '≤ 500 KB',
      pass: hostBytes <= 500 * 1024,
      notes: `activation loads dist/extension.js only; dist/permissionServer.js (${kb(lazyBytes.permissionServer).toFixed(0)} KB) loads at the first prompt, dist/acp.js (${kb(lazyBytes.acp).toFixed(0)} KB) when an ACP agent starts`,
      extra: { bytes: hostBytes, webviewBytesInHost: webviewInHost, largestInputs: topPackages, lazyChunkBytes: lazyBytes },
    },
    {
      id: 'P5.webviewBundle',
      what: 'Webview bundle size, production build (dist/webview.js + webview.css)',
      unit: 'KB',
      median: kb(webviewJs + webviewCss),
      p95: kb(webviewJs + webviewCss),
      n: 1,
      baseline: null,
      baselineWhat: '—',
      ratio: null,
      target: 'report only',
      pass: true,
      extra: { webviewJsBytes: webviewJs, webviewCssBytes: webviewCss },
    },
  ];
  return {
    figures: figures.map((f) => ({ ...f, median: round(f.median, 2)!, p95: round(f.p95, 2)!, baseline: round(f.baseline, 2), ratio: round(f.ratio, 3) })),
    hostBundle,
    scratch,
  };
}

export function cleanupBundle(scratch: string): void {
  rmSync(scratch, { recursive: true, force: true });
}
