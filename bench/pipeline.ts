/**
 * P3: the host pipeline, in process. stdout bytes → LineFramer → ClaudeSession's line handler
 * (parseCliLine + handle + StreamMapper) → ClaudeChat (toChatEvents + Transcript) →
 * EventBatcher (real timer) → post (JSON.stringify, as the webview bridge serialises).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LineFramer } from '../src/claude/lineFramer';
import { EventBatcher } from '../src/shared/batcher';
import type { ChatEvent } from '../src/shared/contract';
import { REPO_ROOT } from '../test/support/cliEnv';
import { controllerSession, feedLine, makeController } from './hostStubs';
import { type Figure, log, median, now, p95, round, sleep } from './lib';

const FIXTURE = join(REPO_ROOT, 'test/fixtures/cli/text.jsonl');

/** 100,000 text_delta stream_event lines in the CLI's exact shape, framed by the message's other events. */
export function buildLines(deltas: number): { lines: string[]; expected: string; messageId: string } {
  const fixture = readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean);
  type Line = { type?: string; subtype?: string; event?: { type?: string } };
  const find = (pred: (v: Line) => boolean) => {
    const l = fixture.find((x) => pred(JSON.parse(x)));
    if (!l) throw new Error('fixture line missing');
    return l;
  };
  const isEvent = (t: string) => (v: Line) => v.type === 'stream_event' && v.event?.type === t;
  const start = find(isEvent('message_start'));
  const blockStart = find(isEvent('content_block_start'));
  const deltaTpl = JSON.parse(find(isEvent('content_block_delta')));
  const tail = [find(isEvent('content_block_stop')), find(isEvent('message_delta')), find(isEvent('message_stop'))];
  const messageId = JSON.parse(start).event.message.id as string;
  const lines = [find((v) => v.type === 'system' && v.subtype === 'status'), start, blockStart];
  const parts: string[] = [];
  const uuidBase = String(deltaTpl.uuid).slice(0, 24);
  for (let i = 0; i < deltas; i++) {
    const text = `d${i} `;
    parts.push(text);
    deltaTpl.event.delta.text = text;
    deltaTpl.uuid = uuidBase + String(i).padStart(12, '0');
    lines.push(JSON.stringify(deltaTpl));
  }
  lines.push(...tail);
  return { lines, expected: parts.join(''), messageId };
}

/** stdout as the pipe delivers it: 64 KiB chunks that split lines and UTF-8 anywhere. */
function chunk(text: string, size: number): Buffer[] {
  const buf = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

interface RunResult {
  /** Wall time of the subject: start to everything posted, minus the baseline's windows. */
  ms: number;
  /** The interleaved baseline's total time (0 when none ran). */
  baselineMs: number;
  posts: number[];
  text: string;
  /** The transcript's text of the streamed block after the run (what a snapshot would show). */
  transcriptText: string;
  postedEvents: number;
}

/**
 * The baseline for one chunk: a bare `JSON.parse` loop over the lines that chunk completes
 * (the same lines, built apart from the framer). Returns the ms it took.
 */
type Interleave = (chunkIndex: number) => number;

/**
 * One pass of the real pipeline. `gapMs` > 0 paces the chunks with real timers. With
 * `interleave`, the baseline runs next to every chunk (before it on even chunks, after it on
 * odd ones; `flip` swaps that) and its time is taken out of the subject's wall time: both
 * see the same moments of the machine's load, a few milliseconds apart.
 */
async function runSubject(chunks: Buffer[], messageId: string, gapMs: number, interleave?: Interleave, flip = false): Promise<RunResult> {
  const controller = makeController('/tmp/bench-pipeline');
  const session = await controllerSession(controller);
  const framer = new LineFramer();
  const postTimes: number[] = [];
  const texts: string[] = [];
  let postedEvents = 0;
  let baselineMs = 0;
  const batcher = new EventBatcher({
    post: (events: ChatEvent[]) => {
      postTimes.push(now());
      // The webview bridge serialises every message; count that cost too.
      void JSON.stringify({ type: 'events', events });
      postedEvents += events.length;
      for (const e of events) if (e.type === 'text' && e.messageId === messageId) texts.push(e.text);
    },
  });
  controller.onEvents((events) => batcher.pushAll(events));
  const t0 = now();
  for (let i = 0; i < chunks.length; i++) {
    const before = interleave !== undefined && i % 2 === 0 !== flip;
    if (interleave && before) baselineMs += interleave(i);
    for (const line of framer.push(chunks[i])) feedLine(session, line);
    if (interleave && !before) baselineMs += interleave(i);
    if (gapMs > 0) await sleep(gapMs);
    else await new Promise<void>((r) => setImmediate(r)); // let the batcher's timer run, as between pipe reads
  }
  for (const line of framer.end()) feedLine(session, line);
  // Drain: wait for the batcher's own timer to post the rest.
  while (batcher.size > 0) await sleep(1);
  // Up to the last post, not to when this polling loop noticed it (sleep(1) adds a few ms).
  const ms = (postTimes.length > 0 ? postTimes[postTimes.length - 1] : now()) - t0 - baselineMs;
  // Checked after the clock stops (a listener on the session would add its own cost per delta).
  const transcriptText = controller
    .snapshot()
    .filter((e) => e.type === 'text' && e.messageId === messageId)
    .map((e) => (e as { text: string }).text)
    .join('');
  batcher.dispose();
  await controller.dispose();
  return { ms, baselineMs, posts: postTimes, text: texts.join(''), transcriptText, postedEvents };
}

/** For each chunk, the range of lines whose newline it carries (what the framer hands on after it). */
function linesPerChunk(chunks: Buffer[]): [number, number][] {
  const out: [number, number][] = [];
  let done = 0;
  for (const c of chunks) {
    let n = 0;
    for (let at = c.indexOf(10); at !== -1; at = c.indexOf(10, at + 1)) n++;
    out.push([done, done + n]);
    done += n;
  }
  return out;
}

function baselineFor(lines: string[], chunks: Buffer[]): { interleave: Interleave; seen: () => number } {
  const ranges = linesPerChunk(chunks);
  let n = 0;
  return {
    interleave: (i) => {
      const [from, to] = ranges[i];
      const t0 = now();
      for (let j = from; j < to; j++) {
        const v = JSON.parse(lines[j]);
        if (v.type === 'stream_event') n++;
      }
      return now() - t0;
    },
    seen: () => n,
  };
}

/** A full collection between reps, so one rep's garbage is not collected in the next one's time. */
function collect(): void {
  try {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  } catch {
    // Without it the reps still alternate; only the noise is larger.
  }
}

/** Max posts in any 1-second window, and the average rate over the stream. */
function postRates(times: number[]): { maxPerSecond: number; avgPerSecond: number; minGapMs: number } {
  let max = 0;
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 1000) j++;
    max = Math.max(max, i - j + 1);
  }
  const span = times.length > 1 ? times[times.length - 1] - times[0] : 0;
  let minGap = Infinity;
  for (let i = 1; i < times.length; i++) minGap = Math.min(minGap, times[i] - times[i - 1]);
  return { maxPerSecond: max, avgPerSecond: span > 0 ? ((times.length - 1) * 1000) / span : 0, minGapMs: minGap };
}

function integrity(got: string, expected: string): { lost: number; reordered: number } {
  if (got === expected) return { lost: 0, reordered: 0 };
  const want = expected.trim().split(' ');
  const have = got.trim().split(' ');
  const seen = new Set(have);
  const lost = want.filter((w) => !seen.has(w)).length;
  let reordered = 0;
  let last = -1;
  for (const w of have) {
    const i = Number(w.slice(1));
    if (i < last) reordered++;
    last = i;
  }
  return { lost, reordered };
}

export async function runPipelineBench(reps: number, deltas = 100_000): Promise<Figure[]> {
  const { lines, expected, messageId } = buildLines(deltas);
  const stdout = lines.join('\n') + '\n';
  const chunks = chunk(stdout, 64 * 1024);
  log(`P3: ${deltas} deltas, ${(stdout.length / 1e6).toFixed(1)} MB of stdout, ${chunks.length} chunks`);

  // Warm the JIT on both paths.
  const warm = buildLines(5000);
  const warmChunks = chunk(warm.lines.join('\n') + '\n', 64 * 1024);
  await runSubject(warmChunks, warm.messageId, 0, baselineFor(warm.lines, warmChunks).interleave);

  const sub: number[] = [];
  const base: number[] = [];
  const pairRatios: number[] = [];
  let worst = { lost: 0, reordered: 0 };
  let delivered = true;
  for (let r = 0; r < reps; r++) {
    collect();
    const baseline = baselineFor(lines, chunks);
    const res = await runSubject(chunks, messageId, 0, baseline.interleave, r % 2 === 1);
    if (baseline.seen() !== deltas + 5) throw new Error(`the baseline parsed ${baseline.seen()} stream events, not ${deltas + 5}`);
    sub.push(res.ms);
    base.push(res.baselineMs);
    pairRatios.push(res.baselineMs / res.ms);
    const i = integrity(res.text, expected);
    if (i.lost + i.reordered > worst.lost + worst.reordered) worst = i;
    if (res.transcriptText !== expected) delivered = false;
  }
  const rate = (ms: number) => (deltas * 1000) / ms;
  const subRates = sub.map(rate);
  const baseRates = base.map(rate);

  log(`P3: ${reps} interleaved reps, ratio ${pairRatios.map((x) => x.toFixed(2)).join(' ')}; paced run (P3.posts)`);
  // Paced: the same stdout over ~2 s of wall time, posts counted from the batcher's real timer.
  const pacedChunkCount = 200;
  const pacedSize = Math.ceil(Buffer.byteLength(stdout) / pacedChunkCount);
  const paced = await runSubject(chunk(stdout, pacedSize), messageId, 10);
  const rates = postRates(paced.posts);
  const pacedIntegrity = integrity(paced.text, expected);

  const thrMed = median(subRates);
  const ratio = median(pairRatios);
  const intact = worst.lost === 0 && worst.reordered === 0 && delivered && paced.transcriptText === expected && pacedIntegrity.lost === 0 && pacedIntegrity.reordered === 0;
  const figures: Figure[] = [
    {
      id: 'P3',
      what: 'Host pipeline throughput (framer + parseCliLine + session/StreamMapper + controller/transcript + batcher + post)',
      unit: 'deltas/s',
      median: thrMed,
      p95: quantileLow(subRates),
      n: sub.length,
      baseline: median(baseRates),
      baselineWhat: 'JSON.parse loop over the same lines, interleaved chunk by chunk with the subject (median deltas/s)',
      ratio,
      target: '≥ 0.5× JSON.parse, 0 lost or reordered',
      pass: ratio >= 0.5 && intact,
      notes: 'ratio = median over reps of (baseline ms / subject ms) of the same rep; p95 column = 5th-percentile throughput (the slow tail)',
      extra: {
        deltas,
        repRatios: pairRatios.map((x) => round(x, 3)),
        ratioOfMedians: round(thrMed / median(baseRates), 3),
        subjectMsMedian: round(median(sub), 1),
        baselineMsMedian: round(median(base), 1),
        atLeast50kPerSecond: thrMed >= 50_000,
        transcriptIntact: delivered && paced.transcriptText === expected,
        lost: worst.lost,
        reordered: worst.reordered,
        pacedLost: pacedIntegrity.lost,
        pacedReordered: pacedIntegrity.reordered,
      },
    },
    {
      id: 'P3.posts',
      what: 'Posts per second to the webview while 100k deltas stream over ~2 s',
      unit: 'posts/s',
      median: rates.avgPerSecond,
      p95: rates.maxPerSecond,
      n: paced.posts.length,
      baseline: deltas / (paced.ms / 1000),
      baselineWhat: 'deltas/s arriving (what an unbatched bridge would post)',
      ratio: rates.avgPerSecond / (deltas / (paced.ms / 1000)),
      target: '≤ 60 posts/s (max over any 1 s window)',
      pass: rates.maxPerSecond <= 60,
      notes: 'median column = average rate; p95 column = worst 1-second window',
      extra: { wallMs: paced.ms, minGapMs: rates.minGapMs, postedEvents: paced.postedEvents },
    },
  ];
  return figures.map((f) => ({ ...f, median: round(f.median, 1)!, p95: round(f.p95, 1)!, baseline: round(f.baseline, 1), ratio: round(f.ratio, 3) }));
}

function quantileLow(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) * 0.05)];
}
void p95;
