/**
 * `npm run bench`: every figure of the performance issue, each next to its baseline from the
 * same run. Prints a table and writes bench/results.json. Timing assertions live here, never
 * in tests. Budget: < 10 minutes on a 2-core machine.
 */
// First: it picks the claude that test/support/cliEnv resolves at load (--cli-child).
import './cliSelect';
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { CLAUDE_BIN, REPO_ROOT } from '../test/support/cliEnv';
import { cleanupBundle, runBundleBench } from './bundle';
import { runCliBench } from './cli';
import { runCliCompare } from './cliCompare';
import { type Figure, log, median, round } from './lib';
import { runP1Study } from './p1ab';
import { runPipelineBench } from './pipeline';
import { runUiBench } from './ui';
import { runWebviewBench } from './webview';
import { runHeapBench } from './webviewHeap';
import { runIdeDiagnosticsBench } from './ideDiagnostics';

const QUICK = process.argv.includes('--quick');
/** U1–U4 need code-server + Chromium (~1–2 min): on in a full run, off in --quick unless --ui. */
const UI_ASKED = process.argv.includes('--ui');
const UI_CFG = uiParts(QUICK ? { u1: 4, u2: 1, u3: 2, u4: 2, u5: 1, u5Seconds: 8 } : { u1: 20, u2: 5, u3: 10, u4: 12, u5: 2, u5Seconds: 12 });

/** `--u U1,U4`: only these U-figures (U1 always runs: the others reuse its warm chat and reference panel). */
function uiParts<T extends Record<string, number>>(cfg: T): T {
  const i = process.argv.indexOf('--u');
  if (i === -1) return cfg;
  const want = new Set((process.argv[i + 1] ?? '').split(',').map((x) => x.trim().toLowerCase()));
  return Object.fromEntries(Object.entries(cfg).map(([k, v]) => [k, k === 'u1' || k === 'u5Seconds' || want.has(k) ? v : 0])) as T;
}
// --quick is a smoke run that must finish in under a minute on the loaded 2-core machine.
const CFG = QUICK
  ? { p1: 8, p1ab: 4, p1Warm: 1, p1b: 2, p2: 2, p3Reps: 2, p4Rounds: 1, p4Deltas: 1000, p4Append: 30, p5Activations: 3, p6Turns: 40, i1Reps: 10 }
  : { p1: 150, p1ab: 150, p1Warm: 3, p1b: 12, p2: 30, p3Reps: 7, p4Rounds: 3, p4Deltas: 5000, p4Append: 150, p5Activations: 20, p6Turns: 1000, i1Reps: 50 };
const QUICK_BUDGET_S = 60;

/** The run's sections, in order; `--only` picks some by section name or by any figure id they produce. */
const SECTIONS = {
  P5: ['P5.activation', 'P5.hostBundle', 'P5.webviewBundle'],
  P3: ['P3.posts'],
  I: ['I1'],
  'P1-study': ['P1.AA.raw', 'P1.AA.session', 'P1.swap'],
  'P1-P2': ['P1', 'P1b', 'P2', 'M1'],
  P6: ['M2'],
  P4: ['P4.frame', 'P4.append', 'M3', 'M3.switch'],
  U: ['U1', 'U2', 'U3', 'U4', 'U5', 'U5.frame', 'U5.mem'],
} as const;
type Section = keyof typeof SECTIONS;

function selectedSections(): Set<Section> {
  const i = process.argv.indexOf('--only');
  const all = Object.keys(SECTIONS) as Section[];
  if (i === -1) return new Set(all.filter((s) => s !== 'U' || UI_ASKED || (!QUICK && !process.argv.includes('--no-ui'))));
  const wanted = (process.argv[i + 1] ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  if (wanted.length === 0) throw new Error(`--only needs a comma list of sections or figure ids: ${all.join(', ')}`);
  const out = new Set<Section>();
  for (const w of wanted) {
    const hit = all.filter((s) => s.toLowerCase() === w.toLowerCase() || (SECTIONS[s] as readonly string[]).some((id) => id.toLowerCase() === w.toLowerCase()));
    if (hit.length === 0) throw new Error(`--only: no section or figure "${w}" (sections: ${all.join(', ')})`);
    for (const h of hit) out.add(h);
  }
  // P1's target is the A/A floor that the study measures.
  if (out.has('P1-P2') && wanted.some((w) => w.toUpperCase() === 'P1')) out.add('P1-study');
  return out;
}

function machine(): Record<string, unknown> {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const loadavg = readFileSync('/proc/loadavg', 'utf8').trim();
  return {
    nproc: cpus().length,
    memoryGb: round(totalmem() / 1024 ** 3, 1),
    cpuModel: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model,
    node: process.version,
    cli: cliVersion(),
    loadavgAtStart: loadavg,
  };
}

/** The CLI's version from its package (what `claude --version` prints), without spawning it: that took 2 s under load. */
function cliVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(dirname(dirname(realpathSync(CLAUDE_BIN))), 'package.json'), 'utf8')) as { name?: string; version?: string };
    if (pkg.name === '@anthropic-ai/claude-code' && pkg.version) return `${pkg.version} (Claude Code)`;
  } catch {
    // fall back to asking the binary
  }
  try {
    return execFileSync(CLAUDE_BIN, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** P6 runs in its own process so --expose-gc and a clean heap apply to it alone. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bench/heap.ts's JSON report, read field by field below
function runHeapChild(turns: number): Record<string, any> {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, 'heap.ts'), String(turns)], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 360_000,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** P6 and M2 from bench/heap.ts's report. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bench/heap.ts's JSON report, read field by field
function heapFigures(heap: Record<string, any>): Figure[] {
  const figures: Figure[] = [];
  const growth = heap.growthMb as number;
  figures.push({
    id: 'P6',
    what: `Host heap growth over ${heap.turns} scripted turns in one session (after global.gc)`,
    unit: 'MB',
    median: round(growth, 2)!,
    p95: round(Math.max(...(heap.samples as { heapMb: number }[]).map((s) => s.heapMb)) - heap.heapAt10Mb, 2)!,
    n: heap.turns,
    baseline: round(heap.heapAt10Mb, 2),
    baselineWhat: 'heapUsed after turn 10',
    ratio: round(heap.heapEndMb / heap.heapAt10Mb, 3),
    target: 'growth ≤ 50 MB',
    pass: growth <= 50 && heap.failures === 0,
    notes: 'median column = end − turn 10; p95 column = max sampled (every 100 turns) − turn 10',
    extra: {
      failures: heap.failures,
      samePid: heap.samePid,
      samples: heap.samples.map((s: { turn: number; heapMb: number }) => ({ turn: s.turn, heapMb: round(s.heapMb, 2) })),
      transcriptEvents: heap.snapshotEvents,
      turnMsMedianEarly: round(median(heap.turnMsFirst100), 1),
      turnMsMedianLate: round(median(heap.turnMsLast100), 1),
      wallS: round(heap.wallMs / 1000, 1),
    },
  });
  const sessionHostMb = heap.heapEndMb - heap.heapBeforeSessionMb;
  figures.push({
    id: 'M2',
    what: `Memory of one session after ${heap.turns} turns: claude peak RSS + host heap the session holds`,
    unit: 'MB',
    median: round((heap.claudeHwmMb ?? NaN) + sessionHostMb, 1)!,
    p95: round((heap.claudeHwmMb ?? NaN) + sessionHostMb, 1)!,
    n: 1,
    baseline: round(heap.claudeHwmMb, 1),
    baselineWhat: 'claude VmHWM alone (same process, end of P6)',
    ratio: null,
    target: 'report only',
    pass: true,
    extra: { claudeVmHwmMb: round(heap.claudeHwmMb, 1), claudeVmRssMb: round(heap.claudeRssMb, 1), hostHeapForSessionMb: round(sessionHostMb, 2), hostProcessRssMb: round(heap.rssHostMb, 1) },
  });
  return figures;
}

function fmt(x: number | null | undefined, unit = ''): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  const abs = Math.abs(x);
  const s = abs >= 10_000 ? Math.round(x).toLocaleString('en-US') : abs >= 100 ? x.toFixed(0) : abs >= 10 ? x.toFixed(1) : x.toFixed(2);
  return unit ? `${s} ${unit}` : s;
}

export function table(figures: Figure[]): string {
  const head = ['id', 'median', 'p95', 'n', 'baseline', 'ratio', 'target', 'result'];
  const rows = figures.map((f) => [f.id, fmt(f.median, f.unit), fmt(f.p95, f.unit), String(f.n), fmt(f.baseline, f.unit), f.ratio === null ? '—' : f.ratio.toFixed(3), f.target, f.pass ? 'PASS' : 'FAIL']);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const cli = process.argv.indexOf('--cli');
  if (cli !== -1) {
    runCliCompare(process.argv[cli + 1] ?? '', QUICK);
    return;
  }
  const info = machine();
  log(`machine: ${JSON.stringify(info)}${QUICK ? ' (quick mode)' : ''}`);
  const figures: Figure[] = [];
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    try {
      return await fn();
    } finally {
      timings[name] = (Date.now() - t) / 1000;
    }
  };

  const run = selectedSections();
  log(`sections: ${[...run].join(', ')}`);
  // P4 serves the production webview bundle that P5 builds: build it once for both.
  const bundle = run.has('P5') || run.has('P4') ? await timed('P5', () => runBundleBench(run.has('P5') ? CFG.p5Activations : 0)) : undefined;
  if (bundle && run.has('P5')) figures.push(...bundle.figures);
  try {
    if (run.has('P3')) figures.push(...(await timed('P3', () => runPipelineBench(CFG.p3Reps))));
    if (run.has('I')) figures.push(...(await timed('I', () => runIdeDiagnosticsBench(CFG.i1Reps))));
    const study = run.has('P1-study') ? await timed('P1-study', () => runP1Study(CFG.p1ab, CFG.p1Warm)) : undefined;
    if (study) figures.push(...study.figures);
    if (run.has('P1-P2')) figures.push(...(await timed('P1-P2', () => runCliBench({ p1Turns: CFG.p1, p1bTurns: CFG.p1b, p2Stops: CFG.p2, p1Floor: study?.floor, warmTurns: CFG.p1Warm }))));

    if (run.has('P6')) {
      log(`P6: ${CFG.p6Turns} turns through ClaudeChat + ClaudeSession (child process, --expose-gc)`);
      const heap = await timed('P6', async () => runHeapChild(CFG.p6Turns));
      figures.push(...heapFigures(heap));
    }

    if (run.has('P4') && bundle) figures.push(...(await timed('P4', () => runWebviewBench(join(bundle.scratch, 'dist'), CFG.p4Rounds, CFG.p4Deltas, CFG.p4Append))));
    if (run.has('P4') && bundle && !QUICK) figures.push(...(await timed('M3', () => runHeapBench(join(bundle.scratch, 'dist')))));
    if (run.has('U')) figures.push(...(await timed('U', () => runUiBench(UI_CFG))));
  } finally {
    if (bundle) cleanupBundle(bundle.scratch);
  }

  const order = ['P1', 'P1.AA.raw', 'P1.AA.session', 'P1.swap', 'P1b', 'P2', 'P3', 'P3.posts', 'P4.frame', 'P4.append', 'P5.activation', 'P5.hostBundle', 'P5.webviewBundle', 'P6', 'I1', 'M1', 'M2', 'M3', 'M3.switch', 'U1', 'U2', 'U3', 'U4', 'U5', 'U5.frame', 'U5.mem'];
  figures.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  // From the process's start: module loading counts against the --quick budget too.
  const totalS = process.uptime();
  const results = {
    generatedAt: new Date().toISOString(),
    quick: QUICK,
    only: process.argv.includes('--only') ? [...run] : undefined,
    machine: { ...info, loadavgAtEnd: readFileSync('/proc/loadavg', 'utf8').trim() },
    durationS: round(totalS, 1),
    sectionS: timings,
    figures: Object.fromEntries(figures.map((f) => [f.id, f])),
  };
  // A partial run must not overwrite the full run's record.
  const outArg = process.argv.indexOf('--out');
  const out = outArg !== -1 ? process.argv[outArg + 1] : process.argv.includes('--only') ? 'results.only.json' : QUICK ? 'results.quick.json' : 'results.json';
  if (!/^results[\w.-]*\.json$/.test(out)) throw new Error(`--out: a file name like results.x.json, not "${out}"`);
  writeFileSync(join(__dirname, out), JSON.stringify(results, null, 2) + '\n');
  console.log(`\nclaude-chat benchmarks — ${info.cpuModel}, ${info.nproc} cores, node ${info.node}, ${info.cli}; ${totalS.toFixed(0)} s, load ${String(info.loadavgAtStart).split(' ').slice(0, 3).join(' ')} → ${results.machine.loadavgAtEnd.split(' ').slice(0, 3).join(' ')}\n`);
  console.log(table(figures));
  console.log(`\nsections (s): ${Object.entries(timings).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}; total ${totalS.toFixed(1)} s`);
  if (QUICK && totalS > QUICK_BUDGET_S) console.log(`WARNING: --quick took ${totalS.toFixed(0)} s, over its ${QUICK_BUDGET_S} s budget (see sections above)`);
  const failed = figures.filter((f) => !f.pass);
  console.log(`\n${figures.length - failed.length}/${figures.length} pass${failed.length ? `; missed: ${failed.map((f) => f.id).join(', ')}` : ''}`);
  console.log(`wrote bench/${out}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
