/**
 * P6 (run in its own process with --expose-gc): extension-host heap over 1,000 scripted turns
 * in one ClaudeChat session, plus the claude process's peak RSS at the end.
 * Prints one JSON line on stdout.
 */
import { CLAUDE_BIN, claudePids, makeSandbox } from '../test/support/cliEnv';
import { ModelServer } from '../test/support/modelServer';
import { makeController } from './hostStubs';
import { now, procMem } from './lib';

const gc = (globalThis as { gc?: () => void }).gc;

function heapMb(): number {
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function main(): Promise<void> {
  const turns = Number(process.argv[2] ?? 1000);
  const server = new ModelServer();
  await server.start();
  const sb = makeSandbox(server.url, 'claude-chat-bench-heap');
  const before = heapMb();
  const controller = makeController(sb.workspace, { cliPath: CLAUDE_BIN, env: sb.env });
  // A webview-side consumer, as the view provider would attach: count what is emitted.
  let emitted = 0;
  controller.onEvents((events) => (emitted += events.length));
  const samples: { turn: number; heapMb: number; ms: number }[] = [];
  let at10 = NaN;
  let failures = 0;
  const turnMs: number[] = [];
  // Every 100 turns; a short (--quick) run still gets a few samples.
  const every = Math.max(1, Math.min(100, Math.floor(turns / 4)));
  const t0 = now();
  let pid: number | undefined;
  try {
    for (let i = 1; i <= turns; i++) {
      const ts = now();
      const r = await controller.send(`turn ${i} SCENARIO:text`);
      turnMs.push(now() - ts);
      // The scripted server keeps every request body (the whole history, each turn): that is
      // test-support memory in this process, not the extension's, so drop it.
      server.requests.length = 0;
      if (r?.outcome !== 'success') failures++;
      pid ??= controller.pid;
      if (i === 10) at10 = heapMb();
      if (i % every === 0 || i === turns) samples.push({ turn: i, heapMb: heapMb(), ms: now() - t0 });
      if (i % every === 0) process.stderr.write(`[bench] P6: ${i}/${turns} turns, heap ${samples[samples.length - 1].heapMb.toFixed(1)} MB\n`);
    }
    const end = heapMb();
    const mem = procMem(controller.pid);
    const snapshotEvents = controller.snapshot().length;
    const out = {
      turns,
      failures,
      heapBeforeSessionMb: before,
      heapAt10Mb: at10,
      heapEndMb: end,
      growthMb: end - at10,
      samples,
      claudePid: controller.pid,
      samePid: pid === controller.pid,
      claudeHwmMb: mem ? mem.hwmKb / 1024 : null,
      claudeRssMb: mem ? mem.rssKb / 1024 : null,
      rssHostMb: process.memoryUsage().rss / 1024 / 1024,
      snapshotEvents,
      emitted,
      turnMsFirst100: turnMs.slice(10, 100),
      turnMsLast100: turnMs.slice(-100),
      wallMs: now() - t0,
    };
    process.stdout.write(JSON.stringify(out) + '\n');
  } finally {
    await controller.dispose();
    await server.stop();
    for (const p of claudePids(sb.root)) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // gone
      }
    }
    sb.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
