/**
 * P1, P1b, P2 and the claude RSS figure: the real CLI against the scripted model server,
 * our ClaudeSession side by side with a minimal raw driver of the same binary and flags.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { ClaudeSession } from '../src/claude/session';
import { nullLogger } from '../src/core/logger';
import { CLAUDE_BIN, claudePids, makeSandbox, type Sandbox } from '../test/support/cliEnv';
import { ModelServer } from '../test/support/modelServer';
import { bootstrapRatio, type Figure, log, median, now, p95, procMem, round, withTimeout } from './lib';

/** The flags ClaudeSession.buildArgs() uses for a new session without permission wiring. */
export const STREAM_FLAGS = ['-p', '--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose', '--include-partial-messages'];

/** The baseline: spawn, write user lines, watch stdout for `result` lines. Nothing else. */
export class RawCli {
  child!: ChildProcessWithoutNullStreams;
  private buf = '';
  private waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  exited!: Promise<void>;

  constructor(
    private readonly sb: Sandbox,
    readonly sessionId: string,
  ) {}

  /** `extra`: more flags and environment (the probe of the permission wiring's per-turn cost), another binary (the versions probe). */
  spawn(resume: boolean, extra: { args?: string[]; env?: Record<string, string>; bin?: string } = {}): void {
    this.buf = '';
    this.child = spawn(extra.bin ?? CLAUDE_BIN, [...STREAM_FLAGS, resume ? '--resume' : '--session-id', this.sessionId, ...(extra.args ?? [])], {
      cwd: this.sb.workspace,
      env: { ...process.env, ...this.sb.env, ...extra.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    this.child.stderr.resume();
    this.child.stdin.on('error', () => undefined);
    this.exited = new Promise((r) => this.child.once('close', () => r()));
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.buf += chunk;
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) !== -1) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        for (let i = 0; i < this.waiters.length; i++) {
          if (this.waiters[i].test(line)) {
            const [w] = this.waiters.splice(i, 1);
            w.resolve(line);
            break;
          }
        }
      }
    });
  }

  waitFor(test: (line: string) => boolean): Promise<string> {
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  write(prompt: string): void {
    this.child.stdin.write(JSON.stringify({ type: 'user', message: { role: 'user', content: prompt } }) + '\n');
  }

  /** One turn: write the prompt, resolve at the `result` line. */
  async turn(prompt: string): Promise<void> {
    const done = this.waitFor(isResultLine);
    this.write(prompt);
    await done;
  }

  kill(): Promise<void> {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
    return this.exited;
  }

  async close(): Promise<void> {
    this.child.stdin.end();
    const t = setTimeout(() => void this.kill(), 1000);
    await this.exited;
    clearTimeout(t);
  }
}

/**
 * A `result` line. Not a prefix test: from 2.1.332 the line's first key is no longer `type`
 * (`{"duration_api_ms":…,"type":"result",…}`); parsed only when it can be one.
 */
export const isResultLine = (l: string): boolean => {
  if (!l.includes('"type":"result"')) return false;
  try {
    return (JSON.parse(l) as { type?: unknown }).type === 'result';
  } catch {
    return false;
  }
};
const isTextDelta = (l: string): boolean => l.startsWith('{"type":"stream_event"') && l.includes('"text_delta"');
const isInit = (l: string): boolean => l.startsWith('{"type":"system","subtype":"init"');

/** `claude -p "<prompt>" --output-format json`, one process per turn; resolves at exit. */
function oneShot(sb: Sandbox, prompt: string, sessionArgs: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(CLAUDE_BIN, ['-p', prompt, '--output-format', 'json', ...sessionArgs], {
      cwd: sb.workspace,
      env: { ...process.env, ...sb.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.resume();
    child.once('close', (code) => {
      const ms = now() - t0;
      if (code !== 0 || !out.includes('"type":"result"')) reject(new Error(`claude -p exited ${code}: ${out.slice(0, 300)}`));
      else resolve(ms);
    });
  });
}

/**
 * One turn of a warm raw CLI, timed from the write: to the model server's API request, to the
 * first text_delta, to the result line (ms). For the probes that compare raw drivers side by side.
 */
export async function timedTurn(raw: RawCli, server: ModelServer, prompt: string): Promise<{ req: number; first: number; result: number }> {
  const first = raw.waitFor((l) => l.startsWith('{"type":"stream_event"') && l.includes('"text_delta"'));
  const done = raw.waitFor(isResultLine);
  const at = Date.now();
  const t0 = now();
  raw.write(prompt);
  await first;
  const firstMs = now() - t0;
  await done;
  const resultMs = now() - t0;
  const req = server.mainRequests().find((r) => r.at >= at)?.at;
  return { req: req === undefined ? Number.NaN : req - at, first: firstMs, result: resultMs };
}

export interface CliBenchOptions {
  p1Turns: number;
  p1bTurns: number;
  p2Stops: number;
  /** The A/A noise floor of a turn-latency ratio (bench/p1ab.ts); P1 passes within it. */
  p1Floor?: number;
  /** Warm-up turns on each process before P1 (3; fewer in --quick). */
  warmTurns?: number;
}

export async function runCliBench(o: CliBenchOptions): Promise<Figure[]> {
  const server = new ModelServer();
  await server.start();
  const sb = makeSandbox(server.url, 'claude-chat-bench');
  const figures: Figure[] = [];
  const session = new ClaudeSession({ cwd: sb.workspace, logger: nullLogger, cliPath: CLAUDE_BIN, env: sb.env });
  const raw = new RawCli(sb, randomUUID());
  try {
    // ---- P1: warm turn latency, interleaved --------------------------------------------
    log('P1: warming up both processes');
    raw.spawn(false);
    for (let i = 0; i < (o.warmTurns ?? 3); i++) {
      await withTimeout(session.send(`warm ${i} SCENARIO:text`), 60_000, 'session warm-up');
      await withTimeout(raw.turn(`warm ${i} SCENARIO:text`), 60_000, 'raw warm-up');
    }
    const sub: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < o.p1Turns; i++) {
      const prompt = `turn ${i} SCENARIO:text`;
      // Alternate who goes first, so drift and ordering effects cancel.
      const runSub = async () => {
        const t0 = now();
        const r = await withTimeout(session.send(prompt), 30_000, 'P1 session turn');
        sub.push(now() - t0);
        if (r.outcome !== 'success') throw new Error(`P1 turn failed: ${r.outcome} ${r.error?.message ?? ''}`);
      };
      const runBase = async () => {
        const t0 = now();
        await withTimeout(raw.turn(prompt), 30_000, 'P1 raw turn');
        base.push(now() - t0);
      };
      if (i % 2 === 0) {
        await runSub();
        await runBase();
      } else {
        await runBase();
        await runSub();
      }
    }
    const p1 = median(sub) / median(base);
    const p1Limit = Math.max(1.05, o.p1Floor ?? 1.05);
    figures.push({
      id: 'P1',
      what: 'Turn latency through ClaudeSession, prompt → result, warm process',
      unit: 'ms',
      median: median(sub),
      p95: p95(sub),
      n: sub.length,
      baseline: median(base),
      baselineWhat: 'raw CLI over stdin, same binary/flags/model server (median)',
      ratio: p1,
      target: o.p1Floor === undefined ? 'ratio ≤ 1.05' : `ratio ≤ max(1.05, A/A floor ${o.p1Floor.toFixed(3)}) = ${p1Limit.toFixed(3)}`,
      pass: p1 <= p1Limit,
      extra: { baselineP95: p95(base), deltaMedianMs: median(sub) - median(base), aaFloor: o.p1Floor, ratioCi95: bootstrapRatio(sub, base).map((x) => round(x, 3)) },
    });
    const sessionPidMem = procMem(session.pid);
    const rawPidMem = procMem(raw.child.pid);

    // ---- P1b: persistent session vs one `claude -p` per turn -------------------------------
    log('P1b: persistent session vs claude -p per turn');
    const oneShotId = randomUUID();
    await oneShot(sb, 'first SCENARIO:text', ['--session-id', oneShotId]); // turn 1, not counted
    const subB: number[] = [];
    const baseB: number[] = [];
    for (let i = 0; i < o.p1bTurns; i++) {
      const prompt = `p1b ${i} SCENARIO:text`;
      const runSub = async () => {
        const t0 = now();
        await withTimeout(session.send(prompt), 30_000, 'P1b session turn');
        subB.push(now() - t0);
      };
      const runBase = async () => baseB.push(await withTimeout(oneShot(sb, prompt, ['--resume', oneShotId]), 60_000, 'claude -p'));
      if (i % 2 === 0) {
        await runSub();
        await runBase();
      } else {
        await runBase();
        await runSub();
      }
    }
    const p1b = median(subB) / median(baseB);
    figures.push({
      id: 'P1b',
      what: 'Turn 2..n latency of the persistent session',
      unit: 'ms',
      median: median(subB),
      p95: p95(subB),
      n: subB.length,
      baseline: median(baseB),
      baselineWhat: '`claude -p "<prompt>" --output-format json --resume <id>`, one process per turn (median)',
      ratio: p1b,
      target: 'ratio ≤ 0.15',
      pass: p1b <= 0.15,
      extra: { baselineP95: p95(baseB) },
    });

    // ---- P2: stop latency ------------------------------------------------------------------
    log('P2: stop latency (interrupt vs kill + respawn --resume)');
    const stop: number[] = [];
    const respawn: number[] = [];
    let pidKept = 0;
    let interrupted = 0;
    const pidBefore = session.pid;
    for (let i = 0; i < o.p2Stops; i++) {
      const runSub = async () => {
        const firstDelta = new Promise<void>((resolve) => {
          const sub = session.onEvent((e) => {
            if (e.type === 'textDelta') {
              sub.dispose();
              resolve();
            }
          });
        });
        const pid = session.pid;
        const turn = session.send(`stop ${i} SCENARIO:slow:30`);
        await withTimeout(firstDelta, 30_000, 'P2 first delta');
        const t0 = now();
        void session.interrupt();
        const r = await withTimeout(turn, 10_000, 'P2 interrupted turn');
        stop.push(now() - t0);
        if (r.outcome === 'interrupted') interrupted++;
        if (session.pid !== undefined && session.pid === pid) pidKept++;
      };
      const runBase = async () => {
        const first = raw.waitFor(isTextDelta);
        raw.write(`stop ${i} SCENARIO:slow:30`);
        await withTimeout(first, 30_000, 'P2 raw first delta');
        const t0 = now();
        await raw.kill();
        raw.spawn(true);
        const init = raw.waitFor(isInit);
        const result = raw.waitFor(isResultLine);
        raw.write(`after stop ${i} SCENARIO:text`);
        await withTimeout(init, 60_000, 'P2 respawn init');
        respawn.push(now() - t0);
        await withTimeout(result, 30_000, 'P2 respawn turn'); // let it go idle before the next sample
      };
      if (i % 2 === 0) {
        await runSub();
        await runBase();
      } else {
        await runBase();
        await runSub();
      }
    }
    const p2med = median(stop);
    const p2p95 = p95(stop);
    const kept = pidKept === o.p2Stops && session.pid === pidBefore;
    figures.push({
      id: 'P2',
      what: 'Stop latency: interrupt() → turn ended, during a slow stream',
      unit: 'ms',
      median: p2med,
      p95: p2p95,
      n: stop.length,
      baseline: median(respawn),
      baselineWhat: 'SIGKILL the process group + respawn with --resume until system/init (median)',
      ratio: p2med / median(respawn),
      target: 'median ≤ 50 ms, p95 ≤ 150 ms, same pid',
      pass: p2med <= 50 && p2p95 <= 150 && kept && interrupted === o.p2Stops,
      extra: { baselineP95: p95(respawn), samePidCount: pidKept, interruptedOutcomes: interrupted, pidBefore, pidAfter: session.pid },
    });

    // ---- claude RSS ------------------------------------------------------------------------
    const mem = procMem(session.pid);
    figures.push({
      id: 'M1',
      what: 'Peak RSS (VmHWM) of one claude process after the P1/P1b/P2 turns',
      unit: 'MB',
      median: (mem?.hwmKb ?? NaN) / 1024,
      p95: (mem?.hwmKb ?? NaN) / 1024,
      n: 1,
      baseline: rawPidMem ? rawPidMem.hwmKb / 1024 : null,
      baselineWhat: 'VmHWM of the raw baseline process after P1',
      ratio: null,
      target: 'report only',
      pass: true,
      extra: {
        vmRssMb: (mem?.rssKb ?? NaN) / 1024,
        afterP1: sessionPidMem && { hwmMb: sessionPidMem.hwmKb / 1024, rssMb: sessionPidMem.rssKb / 1024 },
        turnsInProcess: 3 + o.p1Turns + o.p1bTurns + o.p2Stops,
      },
    });
    return figures.map((f) => ({ ...f, median: round(f.median, 2)!, p95: round(f.p95, 2)!, baseline: round(f.baseline, 2), ratio: round(f.ratio, 3) }));
  } finally {
    await session.dispose();
    await raw.close().catch(() => undefined);
    await server.stop();
    const left = claudePids(sb.root);
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    sb.cleanup();
  }
}
