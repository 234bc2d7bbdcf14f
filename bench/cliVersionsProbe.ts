/**
 * Probe: the pinned `claude` and another version, turn by turn in one run. `--cli` measures the
 * two in separate child runs minutes apart, so on a shared machine the load between them can
 * differ by more than the versions do; here two raw drivers (same flags, same sandbox and model
 * server) take turns, order rotated, and the medians compare under the same load. Prints write →
 * API request, write → first text_delta and write → result medians, and the ratio other / pinned
 * with a bootstrap interval.  Run: CLAUDE_CLI_CACHE=… npx tsx bench/cliVersionsProbe.ts <version> [turns]
 */
import { randomUUID } from 'node:crypto';
import { testCliBin } from '../test/support/cliVersion';
import { CLAUDE_BIN, REPO_ROOT, makeSandbox } from '../test/support/cliEnv';
import { ModelServer } from '../test/support/modelServer';
import { RawCli, timedTurn } from './cli';
import { bootstrapRatio, median, round } from './lib';

interface Marks {
  req: number[];
  first: number[];
  result: number[];
}

async function turn(raw: RawCli, server: ModelServer, prompt: string, into: Marks): Promise<void> {
  const t = await timedTurn(raw, server, prompt);
  into.req.push(t.req);
  into.first.push(t.first);
  into.result.push(t.result);
  server.requests.length = 0; // the bodies hold the whole conversation: keep memory flat
}

/** Median(other) / median(pinned) with lib's 2.5–97.5 % bootstrap interval. */
function ratioCi(pinned: number[], other: number[]): [number, number, number] {
  const [lo, hi] = bootstrapRatio(other, pinned);
  return [round(median(other) / median(pinned), 3)!, round(lo, 3)!, round(hi, 3)!];
}

async function main(): Promise<void> {
  const version = process.argv[2];
  const turns = Number(process.argv[3] ?? 40);
  if (!version) throw new Error('usage: cliVersionsProbe.ts <version> [turns]');
  const otherBin = testCliBin(REPO_ROOT, { ...process.env, CLAUDE_CLI_VERSION: version });
  const server = new ModelServer();
  const sb = makeSandbox(await server.start(), 'cc-versions');
  const drivers: [string, RawCli, Marks][] = [
    ['pinned', new RawCli(sb, randomUUID()), { req: [], first: [], result: [] }],
    [version, new RawCli(sb, randomUUID()), { req: [], first: [], result: [] }],
  ];
  drivers[0][1].spawn(false, { bin: CLAUDE_BIN });
  drivers[1][1].spawn(false, { bin: otherBin });
  const scratch: Marks = { req: [], first: [], result: [] };
  for (let i = 0; i < 3; i++) for (const [, raw] of drivers) await turn(raw, server, 'warm SCENARIO:text', scratch);
  for (let i = 0; i < turns; i++) {
    for (let k = 0; k < drivers.length; k++) {
      const [, raw, into] = drivers[(i + k) % drivers.length];
      await turn(raw, server, `probe ${i} SCENARIO:text`, into);
    }
  }
  const [p, o] = [drivers[0][2], drivers[1][2]];
  const fin = (xs: number[]) => xs.filter(Number.isFinite);
  console.log(
    JSON.stringify({
      turns,
      pinned: { writeToRequestMs: round(median(fin(p.req)), 1), writeToFirstDeltaMs: round(median(p.first), 1), writeToResultMs: round(median(p.result), 1) },
      [version]: { writeToRequestMs: round(median(fin(o.req)), 1), writeToFirstDeltaMs: round(median(o.first), 1), writeToResultMs: round(median(o.result), 1) },
      ratioOtherOverPinned: { writeToFirstDelta: ratioCi(p.first, o.first), writeToResult: ratioCi(p.result, o.result) },
    }),
  );
  await Promise.all(drivers.map(([, raw]) => raw.close()));
  await server.stop?.();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
