/** Shared helpers for the benchmarks: stats, the figure record, /proc readers. */
import { readFileSync } from 'node:fs';
// The fuzz corpus's seeded PRNG: a run's bootstrap is reproducible.
import { rng } from '../test/support/streamFuzz';

export interface Figure {
  id: string;
  what: string;
  unit: string;
  median: number;
  p95: number;
  n: number;
  /** The baseline measured in the same run (same unit), or null when the target is absolute. */
  baseline: number | null;
  baselineWhat: string;
  /** subject / baseline, or null. */
  ratio: number | null;
  target: string;
  pass: boolean;
  notes?: string;
  extra?: Record<string, unknown>;
}

export function median(xs: number[]): number {
  return quantile(xs, 0.5);
}

/** Linear-interpolated quantile (q in 0..1); NaN for an empty list. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const p95 = (xs: number[]): number => quantile(xs, 0.95);

export function round(x: number | null, digits = 2): number | null {
  if (x === null || !Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export const now = (): number => performance.now();

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** VmHWM / VmRSS of a process in kB (Linux), or undefined when it is gone. */
export function procMem(pid: number | undefined): { hwmKb: number; rssKb: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
    return { hwmKb: kb('VmHWM'), rssKb: kb('VmRSS') };
  } catch {
    return undefined;
  }
}

const T0 = Date.now();

/** Progress on stderr, with the seconds since the bench started (to see where a run's time goes). */
export function log(msg: string): void {
  process.stderr.write(`[bench +${((Date.now() - T0) / 1000).toFixed(1)}s] ${msg}\n`);
}

/** Resolves with `p`, or rejects after `ms` with `what` in the message. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<T>((_, reject) => {
      t = setTimeout(() => reject(new Error(`timeout after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}

/** 2.5 % / 97.5 % bootstrap interval of median(a) / median(b), resampling each side. */
export function bootstrapRatio(a: number[], b: number[], iterations = 2000): [number, number] {
  const r = rng(17);
  const pick = (xs: number[]) => Array.from({ length: xs.length }, () => xs[Math.floor(r() * xs.length)]);
  const ratios: number[] = [];
  for (let i = 0; i < iterations; i++) ratios.push(median(pick(a)) / median(pick(b)));
  return [quantile(ratios, 0.025), quantile(ratios, 0.975)];
}
