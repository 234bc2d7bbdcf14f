/**
 * Probe: what our per-chat CLI flags cost a warm turn outside VS Code. Two raw
 * drivers of the same binary, one with the product's permission wiring (--mcp-config of our
 * permission server + --permission-prompt-tool) and one without, both with the checkpoint
 * flag and variable; turns interleaved, order flipped. Prints write → API request and
 * write → first text_delta medians.  Run: npx tsx bench/mcpProbe.ts [turns]
 */
import { randomUUID } from 'node:crypto';
import { CHECKPOINT_ARGS, CHECKPOINT_ENV } from '../src/claude/checkpoints';
import { writeMcpConfigFile, removeMcpConfigFile } from '../src/claude/mcpConfigFile';
import { PermissionServer } from '../src/claude/permissionServer';
import { nullLogger } from '../src/core/logger';
import { makeSandbox } from '../test/support/cliEnv';
import { allowAll } from '../test/support/controllerRig';
import { ModelServer } from '../test/support/modelServer';
import { isResultLine, RawCli } from './cli';
import { median, now, round } from './lib';

async function turn(raw: RawCli, server: ModelServer, prompt: string): Promise<{ req: number; first: number }> {
  const first = raw.waitFor((l) => l.startsWith('{"type":"stream_event"') && l.includes('"text_delta"'));
  const done = raw.waitFor(isResultLine);
  const at = Date.now();
  const t0 = now();
  raw.write(prompt);
  await first;
  const ms = now() - t0;
  await done;
  const req = server.mainRequests().find((r) => r.at >= at)?.at;
  return { req: req === undefined ? Number.NaN : req - at, first: ms };
}

async function main(): Promise<void> {
  const turns = Number(process.argv[2] ?? 30);
  const server = new ModelServer();
  const sb = makeSandbox(await server.start(), 'cc-mcpprobe');
  const perms = new PermissionServer({ logger: nullLogger });
  await perms.start();
  perms.registerSession('probe', allowAll, { cwd: sb.workspace });
  const w = perms.wiringFor('probe')!;
  const file = writeMcpConfigFile(w.mcpConfigJson);
  const withMcp = new RawCli(sb, randomUUID());
  const without = new RawCli(sb, randomUUID());
  withMcp.spawn(false, { args: [...CHECKPOINT_ARGS, `--mcp-config=${file}`, '--permission-prompt-tool', w.promptTool], env: CHECKPOINT_ENV });
  without.spawn(false, { args: [...CHECKPOINT_ARGS], env: CHECKPOINT_ENV });
  for (let i = 0; i < 3; i++) {
    await turn(withMcp, server, 'warm SCENARIO:text');
    await turn(without, server, 'warm SCENARIO:text');
  }
  const a = { req: [] as number[], first: [] as number[] };
  const b = { req: [] as number[], first: [] as number[] };
  for (let i = 0; i < turns; i++) {
    const steps: [RawCli, typeof a][] = i % 2 ? [[without, b], [withMcp, a]] : [[withMcp, a], [without, b]];
    for (const [raw, into] of steps) {
      const t = await turn(raw, server, `probe ${i} SCENARIO:text`);
      into.req.push(t.req);
      into.first.push(t.first);
    }
  }
  console.log(JSON.stringify({
    turns,
    withMcp: { writeToRequestMs: round(median(a.req), 1), writeToFirstDeltaMs: round(median(a.first), 1) },
    without: { writeToRequestMs: round(median(b.req), 1), writeToFirstDeltaMs: round(median(b.first), 1) },
  }));
  await Promise.all([withMcp.close(), without.close()]);
  removeMcpConfigFile(file);
  await perms.dispose?.();
  await server.stop?.();
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
