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
import { isResultLine, RawCli } from './cli';
import { median, now, round } from './lib';

interface Marks {
  req: number[];
  first: number[];
  result: number[];
}

async function turn(raw: RawCli, server: ModelServer, prompt: string, into: Marks): Promise<void> {
  const first = raw.waitFor((l) => l.startsWith('{"type":"stream_event"') && l.includes('"text_delta"'));
  const done = raw.waitFor(isResultLine);
  const at = Date.now();
  const t0 = now();
  raw.write(prompt);
  await first;
  into.first.push(now() - t0);
  await done;
  into.result.push(now() - t0);
  const req = server.mainRequests().find((r) => r.at >= at)?.at;
  into.req.push(req === undefined ? Number.NaN : req - at);
  server.requests.length = 0; // the bodies hold the whole conversation: keep memory flat
}

/** Median(other) / median(pinned) with a 2.5–97.5 % bootstrap interval (fixed seed). */
function ratioCi(pinned: number[], other: number[]): [number, number, number] {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = (xs: number[]) => xs.map(() => xs[Math.floor(rnd() * xs.length)]);
  const rs: number[] = [];
  for (let i = 0; i < 2000; i++) rs.push(median(pick(other)) / median(pick(pinned)));
  rs.sort((a, b) => a - b);
  return [round(median(other) / median(pinned), 3)!, round(rs[50], 3)!, round(rs[1949], 3)!];
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
