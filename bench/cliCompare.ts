/**
 * `npm run bench -- --cli <version|latest>`: P1, P1b, P2, P3 and U1 of the pinned `claude` and of
 * another version from npm, each in a child bench process of its own (CLAUDE_BIN is fixed per
 * process), one after the other, and the two side by side in bench/results.cli.json. The A/A
 * floor of P1 (the pinned run's study) says which differences are beyond noise.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Figure, log, round } from './lib';

const FIGURES = ['P1', 'P1b', 'P2', 'P3', 'U1'] as const;

/** 'latest' → the newest published version (npm's own client). */
export function resolveCliVersion(v: string): string {
  if (v !== 'latest') {
    if (!/^\d+\.\d+\.\d+$/.test(v)) throw new Error(`--cli needs a version like 2.1.332 or "latest", not "${v}"`);
    return v;
  }
  return execFileSync('npm', ['view', '@anthropic-ai/claude-code', 'version'], { encoding: 'utf8', timeout: 120_000 }).trim();
}

interface ChildResult {
  machine: Record<string, unknown>;
  durationS: number;
  figures: Record<string, Figure>;
}

function runChild(which: string, quick: boolean): ChildResult {
  const out = `results.cli-${which}.json`;
  log(`--cli: bench of the ${which === 'pinned' ? 'pinned' : which} claude (P1, P1b, P2, P3, U1)`);
  const args = ['--import', 'tsx', join(__dirname, 'run.ts'), '--cli-child', which, '--only', 'P1,P1b,P2,P3,U', '--u', 'u1', '--out', out, ...(quick ? ['--quick', '--ui'] : [])];
  execFileSync(process.execPath, args, { cwd: join(__dirname, '..'), stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
  const file = join(__dirname, out);
  if (!existsSync(file)) throw new Error(`--cli: the ${which} run wrote no ${out}`);
  return JSON.parse(readFileSync(file, 'utf8')) as ChildResult;
}

export function runCliCompare(version: string, quick: boolean): void {
  const other = resolveCliVersion(version);
  const pinned = runChild('pinned', quick);
  let newer: ChildResult;
  try {
    newer = runChild(other, quick);
  } catch (err) {
    // The pinned run's figures are still worth keeping, with why the other has none.
    newer = { machine: { cli: `${other} (failed: ${String((err as Error).message).split('\n')[0].slice(0, 300)})` }, durationS: Number.NaN, figures: {} };
  }
  const floor = pinnedFloor(pinned) ?? 1.05;
  const rows = FIGURES.map((id) => {
    const a = pinned.figures[id];
    const b = newer.figures[id];
    if (!a || !b) return { id, pinned: a?.median ?? null, other: b?.median ?? null, ratio: null, regression: false, unit: a?.unit ?? b?.unit ?? '' };
    // P3 is a throughput (higher is better): its regression is a ratio below 1 / floor.
    const ratio = b.median / a.median;
    const worse = id === 'P3' ? 1 / ratio : ratio;
    return { id, unit: a.unit, pinned: round(a.median, 2), pinnedP95: round(a.p95, 2), other: round(b.median, 2), otherP95: round(b.p95, 2), ratio: round(ratio, 3), regression: worse > floor };
  });
  const result = {
    generatedAt: new Date().toISOString(),
    pinned: String(pinned.machine.cli),
    other: String(newer.machine.cli),
    aaFloor: round(floor, 3),
    note: 'each version in its own child run, pinned first; ratio = other / pinned (P3 is deltas/s: lower is worse); regression = worse than the A/A floor of P1',
    rows,
    machine: { pinnedRun: pinned.machine, otherRun: newer.machine },
    durationS: { pinned: pinned.durationS, other: newer.durationS },
  };
  writeFileSync(join(__dirname, 'results.cli.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(`\nclaude ${result.pinned} (pinned) vs ${result.other}; A/A floor ${result.aaFloor}\n`);
  console.log('| id | pinned median | other median | ratio | beyond the A/A floor |');
  console.log('|----|----|----|----|----|');
  for (const r of rows) console.log(`| ${r.id} | ${r.pinned} ${r.unit} | ${r.other} ${r.unit} | ${r.ratio ?? '—'} | ${r.regression ? 'REGRESSION' : 'no'} |`);
  console.log('wrote bench/results.cli.json');
}

/** The noise floor P1's target uses: the pinned run's A/A study (bench/p1ab.ts), at least 1.05. */
function pinnedFloor(r: ChildResult): number | undefined {
  const f = r.figures['P1.AA.session']?.extra?.floor;
  return typeof f === 'number' ? Math.max(1.05, f) : undefined;
}
