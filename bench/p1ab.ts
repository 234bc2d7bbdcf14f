/**
 * P1, explained: is the extra time of a ClaudeSession turn over a raw driver's in our driver
 * or in the process it drives? Three interleaved runs against the real CLI:
 *
 * - P1.AA.raw: two identical raw drivers (each its own process) → the ratio's noise floor.
 * - P1.AA.session: two identical ClaudeSessions → the same for our driver.
 * - P1.swap: two identical processes X and Y, both spawned through `CliProcess` (the stdio
 *   ClaudeSession uses); every round the ClaudeSession drives one and a raw driver the other,
 *   and the assignment flips every round (and the order every other round). The driver effect
 *   (session vs raw, each over both processes) and the process effect (X vs Y, each under
 *   both drivers) then separate.
 *
 * Plus what the CLI sees from each driver: argv, environment and the exact stdin bytes.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CliProcess } from '../src/claude/cliProcess';
import { ClaudeSession } from '../src/claude/session';
import { nullLogger } from '../src/core/logger';
import { CLAUDE_BIN, makeSandbox, type Sandbox } from '../test/support/cliEnv';
import { ModelServer } from '../test/support/modelServer';
import { isResultLine, RawCli, STREAM_FLAGS } from './cli';
import { bootstrapRatio, type Figure, log, median, now, p95, round, withTimeout } from './lib';

/** Runs `n` rounds of two turn functions, flipping who goes first every round. */
async function interleave(n: number, a: (i: number) => Promise<number>, b: (i: number) => Promise<number>): Promise<[number[], number[]]> {
  const xa: number[] = [];
  const xb: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      xa.push(await a(i));
      xb.push(await b(i));
    } else {
      xb.push(await b(i));
      xa.push(await a(i));
    }
  }
  return [xa, xb];
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = now();
  await fn();
  return now() - t0;
}

async function sessionTurn(s: ClaudeSession, prompt: string): Promise<void> {
  const r = await withTimeout(s.send(prompt), 30_000, 'session turn');
  if (r.outcome !== 'success') throw new Error(`turn failed: ${r.outcome} ${r.error?.message ?? ''}`);
}

/** A raw driver over a `CliProcess`: write the user line, wait for a `result` line. */
class RawOverCliProcess {
  private waiter: (() => void) | undefined;
  cost = newCost();
  constructor(readonly proc: CliProcess) {}
  attach(): void {
    this.proc.onLine((l) => {
      const t = now();
      if (isResultLine(l)) {
        this.cost.resultIn = t;
        this.waiter?.();
      }
      this.cost.handlerMs += now() - t;
      this.cost.lines++;
    });
  }
  turn(prompt: string): Promise<void> {
    this.cost = newCost();
    this.attach();
    const done = new Promise<void>((r) => (this.waiter = r));
    this.proc.writeLine(JSON.stringify({ type: 'user', message: { role: 'user', content: prompt } }));
    return withTimeout(done, 30_000, 'raw turn');
  }
}

/** Where a driver's host time goes in one turn (bench only). */
interface HostCost {
  /** Time inside the line handler, summed over the turn's lines. */
  handlerMs: number;
  lines: number;
  /** When the `result` line entered the handler (performance.now()). */
  resultIn: number;
}
const newCost = (): HostCost => ({ handlerMs: 0, lines: 0, resultIn: 0 });

/**
 * Points a ClaudeSession at an already running process (bench only: private members). The
 * session takes the process's session id too: it ignores a system/init that names another
 * session, and the turn would never end.
 */
function attachSession(s: ClaudeSession, proc: CliProcess, cost: HostCost, sessionId: string): void {
  (s as unknown as { proc: CliProcess | undefined }).proc = proc;
  (s as unknown as { sessionId: string }).sessionId = sessionId;
  proc.onLine((l) => {
    const t = now();
    if (isResultLine(l)) cost.resultIn = t;
    (s as unknown as { onLine(l: string): void }).onLine(l);
    cost.handlerMs += now() - t;
    cost.lines++;
  });
}

const procSession = new WeakMap<CliProcess, string>();

function spawnProc(sb: Sandbox): CliProcess {
  const id = randomUUID();
  const proc = new CliProcess({
    command: CLAUDE_BIN,
    args: [...STREAM_FLAGS, '--session-id', id],
    cwd: sb.workspace,
    env: { ...process.env, ...sb.env },
    logger: nullLogger,
  });
  procSession.set(proc, id);
  return proc;
}

function procView(pid: number | undefined): { argv: string[]; env: Record<string, string> } {
  if (pid === undefined) return { argv: [], env: {} };
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const env: Record<string, string> = {};
  for (const kv of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean)) {
    const i = kv.indexOf('=');
    env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return { argv, env };
}

/** Records every stdin write of a child process (the bytes, and how many writes per turn). */
function tapStdin(stdin: NodeJS.WritableStream): string[] {
  const writes: string[] = [];
  const orig = stdin.write.bind(stdin) as (...a: unknown[]) => boolean;
  (stdin as unknown as { write: (...a: unknown[]) => boolean }).write = (chunk: unknown, ...rest: unknown[]) => {
    writes.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
    return orig(chunk, ...rest);
  };
  return writes;
}

export interface P1Study {
  figures: Figure[];
  /** The largest ratio two identical drivers produced (upper end of the bootstrap interval). */
  floor: number;
}

export async function runP1Study(n: number, warmTurns = 3): Promise<P1Study> {
  const server = new ModelServer();
  await server.start();
  const sb = makeSandbox(server.url, 'claude-chat-bench-p1');
  const closers: (() => Promise<unknown>)[] = [];
  const figures: Figure[] = [];
  try {
    // ---- A/A raw --------------------------------------------------------------------------
    log(`P1 study: A/A raw drivers (${n} rounds)`);
    const ra = new RawCli(sb, randomUUID());
    const rb = new RawCli(sb, randomUUID());
    ra.spawn(false);
    rb.spawn(false);
    closers.push(() => ra.close(), () => rb.close());
    const stdinRaw = tapStdin(ra.child.stdin);
    for (let i = 0; i < warmTurns; i++) {
      await withTimeout(ra.turn(`warm ${i} SCENARIO:text`), 60_000, 'raw warm-up');
      await withTimeout(rb.turn(`warm ${i} SCENARIO:text`), 60_000, 'raw warm-up');
    }
    const [aaRawA, aaRawB] = await interleave(n, (i) => timed(() => ra.turn(`aa ${i} SCENARIO:text`)), (i) => timed(() => rb.turn(`aa ${i} SCENARIO:text`)));
    const rawView = procView(ra.child.pid);
    await ra.close();
    await rb.close();

    // ---- A/A session ----------------------------------------------------------------------
    log(`P1 study: A/A ClaudeSessions (${n} rounds)`);
    const sa = new ClaudeSession({ cwd: sb.workspace, logger: nullLogger, cliPath: CLAUDE_BIN, env: sb.env });
    const sbb = new ClaudeSession({ cwd: sb.workspace, logger: nullLogger, cliPath: CLAUDE_BIN, env: sb.env });
    closers.push(() => sa.dispose(), () => sbb.dispose());
    // The first warm-up starts both processes at once (cold starts overlap, as the raw pair's do).
    await Promise.all([sessionTurn(sa, 'warm 0 SCENARIO:text'), sessionTurn(sbb, 'warm 0 SCENARIO:text')]);
    const stdinSession = tapStdin((sa as unknown as { proc: { proc: { child: { stdin: NodeJS.WritableStream } } } }).proc.proc.child.stdin);
    for (let i = 1; i < warmTurns; i++) {
      await sessionTurn(sa, `warm ${i} SCENARIO:text`);
      await sessionTurn(sbb, `warm ${i} SCENARIO:text`);
    }
    const [aaSesA, aaSesB] = await interleave(n, (i) => timed(() => sessionTurn(sa, `aa ${i} SCENARIO:text`)), (i) => timed(() => sessionTurn(sbb, `aa ${i} SCENARIO:text`)));
    const sessionView = procView(sa.pid);
    await sa.dispose();
    await sbb.dispose();

    // ---- swap: two processes, drivers change places every round ---------------------------
    log(`P1 study: swap drivers between two identical processes (${n} rounds)`);
    const X = spawnProc(sb);
    const Y = spawnProc(sb);
    closers.push(() => X.killTree(), () => Y.killTree());
    const s = new ClaudeSession({ cwd: sb.workspace, logger: nullLogger, cliPath: CLAUDE_BIN, env: sb.env });
    closers.push(async () => {
      (s as unknown as { proc: CliProcess | undefined }).proc = undefined;
      await s.dispose();
    });
    const rawX = new RawOverCliProcess(X);
    const rawY = new RawOverCliProcess(Y);
    for (let i = 0; i < warmTurns; i++) {
      await rawX.turn(`warm ${i} SCENARIO:text`);
      await rawY.turn(`warm ${i} SCENARIO:text`);
    }
    const cell: Record<'SX' | 'SY' | 'RX' | 'RY', number[]> = { SX: [], SY: [], RX: [], RY: [] };
    const sHandler: number[] = [];
    const sTail: number[] = [];
    const sLines: number[] = [];
    const rHandler: number[] = [];
    const rTail: number[] = [];
    for (let i = 0; i < n; i++) {
      const sessionOnX = i % 2 === 0;
      const sessProc = sessionOnX ? X : Y;
      const raw = sessionOnX ? rawY : rawX;
      const prompt = `swap ${i} SCENARIO:text`;
      const runS = async () => {
        const cost = newCost();
        attachSession(s, sessProc, cost, procSession.get(sessProc)!);
        (sessionOnX ? cell.SX : cell.SY).push(await timed(() => sessionTurn(s, prompt)));
        sTail.push(now() - cost.resultIn);
        sHandler.push(cost.handlerMs);
        sLines.push(cost.lines);
      };
      const runR = async () => {
        (sessionOnX ? cell.RY : cell.RX).push(await timed(() => raw.turn(prompt)));
        rTail.push(now() - raw.cost.resultIn);
        rHandler.push(raw.cost.handlerMs);
      };
      if (Math.floor(i / 2) % 2 === 0) {
        await runS();
        await runR();
      } else {
        await runR();
        await runS();
      }
    }
    await X.killTree();
    await Y.killTree();

    // ---- figures -------------------------------------------------------------------------
    const aaRaw = median(aaRawA) / median(aaRawB);
    const aaSes = median(aaSesA) / median(aaSesB);
    const ciRaw = bootstrapRatio(aaRawA, aaRawB);
    const ciSes = bootstrapRatio(aaSesA, aaSesB);
    const floor = Math.max(ciRaw[1], ciSes[1], 1 / ciRaw[0], 1 / ciSes[0]);
    const S = [...cell.SX, ...cell.SY];
    const R = [...cell.RX, ...cell.RY];
    const Xs = [...cell.SX, ...cell.RX];
    const Ys = [...cell.SY, ...cell.RY];
    const driverRatio = median(S) / median(R);
    const processRatio = median(Xs) / median(Ys);
    const ciDriver = bootstrapRatio(S, R);

    const envKeys = (e: Record<string, string>) => Object.keys(e).sort();
    const envDiff = [
      ...envKeys(rawView.env).filter((k) => rawView.env[k] !== sessionView.env[k]),
      ...envKeys(sessionView.env).filter((k) => !(k in rawView.env)),
    ];
    // argv differs only in the session id value; compare with it masked.
    const mask = (argv: string[]) => argv.map((a) => (/^[0-9a-f-]{36}$/.test(a) ? '<uuid>' : a));
    const sameStdin = stdinRaw.length > 0 && stdinSession.length > 0 && stdinRaw.every((w) => /\n$/.test(w) && !w.slice(0, -1).includes('\n')) && stdinSession.every((w) => /\n$/.test(w) && !w.slice(0, -1).includes('\n'));
    const what = {
      argvEqual: JSON.stringify(mask(rawView.argv)) === JSON.stringify(mask(sessionView.argv)),
      argvRaw: mask(rawView.argv).slice(1),
      envDifferingKeys: envDiff,
      stdinOneWritePerLineBoth: sameStdin,
      stdinFirstTurnRaw: stdinRaw[0]?.replace(/(warm|aa) \d+/, 'PROMPT N'),
      stdinFirstTurnSession: stdinSession[0]?.replace(/(warm|aa) \d+/, 'PROMPT N'),
    };

    const fig = (id: string, whatText: string, a: number[], b: number[], baselineWhat: string, ratio: number, ci: [number, number], extra: Record<string, unknown> = {}): Figure => ({
      id,
      what: whatText,
      unit: 'ms',
      median: round(median(a), 2)!,
      p95: round(p95(a), 2)!,
      n: a.length,
      baseline: round(median(b), 2),
      baselineWhat,
      ratio: round(ratio, 3),
      target: 'report only (noise floor)',
      pass: true,
      extra: { baselineP95: round(p95(b), 2), ratioCi95: ci.map((x) => round(x, 3)), ...extra },
    });
    figures.push(fig('P1.AA.raw', 'A/A: raw driver A vs identical raw driver B (own processes), turn latency', aaRawA, aaRawB, 'raw driver B (median)', aaRaw, ciRaw));
    figures.push(fig('P1.AA.session', 'A/A: ClaudeSession A vs identical ClaudeSession B (own processes), turn latency', aaSesA, aaSesB, 'ClaudeSession B (median)', aaSes, ciSes, { floor: round(floor, 3) }));
    figures.push({
      ...fig('P1.swap', 'ClaudeSession vs raw driver, both over CliProcess, swapping the two processes every round', S, R, 'raw driver over the same two processes (median)', driverRatio, ciDriver),
      target: `driver ratio ≤ max(1.05, A/A floor ${floor.toFixed(3)})`,
      pass: driverRatio <= Math.max(1.05, floor),
      extra: {
        baselineP95: round(p95(R), 2),
        ratioCi95: ciDriver.map((x) => round(x, 3)),
        processRatioXoverY: round(processRatio, 3),
        hostCostPerTurn: {
          sessionLineHandlerMsMedian: round(median(sHandler), 3),
          sessionLinesPerTurn: median(sLines),
          sessionResultLineToResolvedMsMedian: round(median(sTail), 3),
          rawLineHandlerMsMedian: round(median(rHandler), 3),
          rawResultLineToResolvedMsMedian: round(median(rTail), 3),
        },
        cellsMedianMs: Object.fromEntries(Object.entries(cell).map(([k, v]) => [k, round(median(v), 2)])),
        whatTheCliSees: what,
      },
    });
    return { figures, floor };
  } finally {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    await server.stop();
    sb.cleanup();
  }
}
