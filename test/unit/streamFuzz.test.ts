import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LineFramer } from '../../src/claude/lineFramer';
import { parseCliLine } from '../../src/claude/protocol';
import { ClaudeSession } from '../../src/claude/session';
import { StreamMapper } from '../../src/claude/streamMapper';
import type { TurnResult } from '../../src/claude/events';
import type { Logger } from '../../src/core/logger';
import { makeFakeCli, type FakeCli } from '../support/fakeCli';
import { fuzzCorpus, randomChunks, rng } from '../support/streamFuzz';

/**
 * 10,000 broken lines (mutations of the real CLI's recorded lines), in random
 * chunkings, through framer + parser + mapper + the session's stdout handler. The seed makes
 * a failure reproducible: FUZZ_SEED=<n> to try another.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 15_017);
const LINES = 10_000;
const TURNS = 50;

function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe(`stream fuzzing (seed ${SEED})`, function () {
  this.timeout(120_000);
  const corpus = fuzzCorpus(SEED, LINES);

  it('the parser and mapper never throw on any corpus line', () => {
    let events = 0;
    const mapper = new StreamMapper(() => events++);
    const kinds = new Map<string, number>();
    for (const line of corpus) {
      const m = parseCliLine(line);
      kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
      if (m.kind === 'streamEvent') mapper.streamEvent(m.line.event, m.line.parent_tool_use_id ?? undefined);
      else if (m.kind === 'assistant') mapper.assistant(m.line);
      else if (m.kind === 'user') mapper.user(m.line);
      else if (m.kind === 'result') mapper.endTurn();
    }
    // The corpus exercises both sides: plenty refused, plenty still valid.
    assert.ok((kinds.get('malformed') ?? 0) > LINES / 5, JSON.stringify([...kinds]));
    assert.ok((kinds.get('streamEvent') ?? 0) > LINES / 10, JSON.stringify([...kinds]));
    assert.ok(events > 0);
  });

  describe('through the session', () => {
    let fake: FakeCli;
    let cwd: string;
    let session: ClaudeSession;
    const failures: string[] = [];
    const logger: Logger = { trace() {}, debug() {}, info() {}, warn: (m) => /line failed/.test(m) && failures.push(m), error: (m) => failures.push(m) };

    before(() => {
      cwd = mkdtempSync(join(tmpdir(), 'stream-fuzz-'));
      // A silent stand-in process: the lines are fed to the session's stdout handler directly.
      fake = makeFakeCli([]);
      // The recorded turn's init names its session: an init of another session is ignored.
      const init = readFileSync(join(__dirname, '..', 'fixtures', 'cli', 'text.jsonl'), 'utf8').split('\n').find((l) => l.includes('"subtype":"init"'));
      const sessionId = (JSON.parse(init!) as { session_id: string }).session_id;
      session = new ClaudeSession({ cwd, logger, cliPath: fake.path, sessionId, env: { CLAUDE_CONFIG_DIR: join(cwd, 'config') } });
    });
    after(async () => {
      await session.dispose();
      fake.cleanup();
      rmSync(cwd, { recursive: true, force: true });
    });

    it('every well-formed turn among the broken lines ends with its own result; memory stays bounded', async () => {
      const r = rng(SEED + 1);
      // A turn as the real CLI writes it, from init to result.
      const turnLines = readFileSync(join(__dirname, '..', 'fixtures', 'cli', 'text.jsonl'), 'utf8').split('\n').filter(Boolean);
      // Lines that still parse as init or result would legitimately open or end a turn.
      const noise = corpus.filter((l) => {
        const k = parseCliLine(l).kind;
        return k !== 'result' && k !== 'systemInit';
      });
      const feed = (line: string) => (session as unknown as { onLine(raw: string): void }).onLine(line);
      const perTurn = Math.ceil(noise.length / TURNS);
      gc();
      const heapBefore = process.memoryUsage().heapUsed;
      let maxHeap = 0;
      for (let t = 0; t < TURNS; t++) {
        let done: TurnResult | undefined;
        void session.send(`turn ${t}`).then((res) => (done = res));
        const good = turnLines.map((l) => {
          const v = JSON.parse(l);
          if (v.type === 'result') v.result = `turn-${t}`;
          return JSON.stringify(v);
        });
        // Noise before the turn's lines and between each of them.
        const mine = noise.slice(t * perTurn, (t + 1) * perTurn);
        const stream: string[] = [];
        for (const g of good) {
          for (let n = Math.floor((mine.length / good.length) * (0.5 + r())); n > 0 && mine.length > 0; n--) stream.push(mine.pop()!);
          stream.push(g);
        }
        // Garbage with no newline before a good line would swallow it; a real CLI ends each line.
        const framer = new LineFramer();
        for (const chunk of randomChunks(stream.join('\n') + '\n', r)) for (const line of framer.push(chunk)) feed(line);
        for (const line of framer.end()) feed(line);
        await new Promise((res) => setImmediate(res));
        assert.equal(done?.text, `turn-${t}`, `turn ${t} did not end with its own result`);
        assert.equal(done?.outcome, 'success');
        maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
      }
      assert.deepEqual(failures, [], 'a line threw inside the session');
      gc();
      const grown = process.memoryUsage().heapUsed - heapBefore;
      assert.ok(grown < 64 * 1024 * 1024, `the heap grew by ${Math.round(grown / 1e6)} MB over ${TURNS} turns`);
    });
  });
});
