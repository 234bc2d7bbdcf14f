/**
 * Diagnosis (BENCH_TRACE=<file>): a Chromium performance trace (CDP Tracing, the DevTools
 * timeline's categories) over `n` turns of each panel, summarised as self time per event name,
 * per process and thread, in ms per turn; and the renderer's style/layout/paint work by the frame
 * it was for (the workbench, our webview, the reference's). The V8 profile (BENCH_PROFILE) sees
 * only JavaScript; on this machine most of a turn's renderer time is style, layout and paint.
 */
import { writeFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import { round } from './lib';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string; data?: Record<string, unknown>; beginData?: Record<string, unknown> };
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8', 'blink', 'cc', 'gpu', 'viz', 'disabled-by-default-devtools.timeline.frame', 'disabled-by-default-v8.cpu_profiler'];

async function collect(cdp: CDPSession, body: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const onData = (e: { value: unknown[] }): void => {
    events.push(...(e.value as TraceEvent[]));
  };
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordAsMuchAsPossible' }, transferMode: 'ReportEvents' });
  await body();
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', onData);
  return events;
}

/** Which frame a style/layout/paint event was for, from its args (frame id → URL from the trace's frame records). */
function frameOf(e: TraceEvent, urls: Map<string, string>): string {
  const d = (e.args?.beginData ?? e.args?.data ?? {}) as Record<string, unknown>;
  const id = typeof d.frame === 'string' ? d.frame : undefined;
  if (!id) return '?';
  const url = urls.get(id) ?? '';
  const ext = /extensionId=([^&]+)/.exec(url)?.[1];
  if (ext) return `webview ${decodeURIComponent(ext)}`;
  if (url.includes('webview')) return `webview ${url.replace(/\?.*$/, '').slice(-40)}`;
  return url ? 'workbench' : `frame ${id.slice(0, 6)}`;
}

/** The Enter → first token windows (µs, trace clock) from the probe's console.timeStamp marks. */
function windows(events: TraceEvent[]): [number, number][] {
  const marks = events.filter((e) => e.name === 'TimeStamp' && typeof e.args?.data?.message === 'string' && String(e.args.data.message).startsWith('probe:')).sort((a, b) => a.ts - b.ts);
  const out: [number, number][] = [];
  let start: number | undefined;
  for (const m of marks) {
    if (m.args!.data!.message === 'probe:enter') start = m.ts;
    else if (start !== undefined) {
      out.push([start, m.ts]);
      start = undefined;
    }
  }
  return out;
}

/** The part of [ts, ts + dur] inside the windows (all of it when there are none). */
function inside(ts: number, dur: number, wins: [number, number][] | undefined): number {
  if (!wins) return dur;
  let t = 0;
  for (const [a, b] of wins) t += Math.max(0, Math.min(b, ts + dur) - Math.max(a, ts));
  return t;
}

function summarise(events: TraceEvent[], n: number, onlyWindows: boolean): Record<string, unknown> {
  const wins = onlyWindows ? windows(events) : undefined;
  const procName = new Map<number, string>();
  const threadName = new Map<string, string>();
  const urls = new Map<string, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'process_name') procName.set(e.pid, String(e.args?.name));
    if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, String(e.args?.name));
    const data = e.args?.data as { frames?: { frame: string; url: string }[]; frame?: string; url?: string } | undefined;
    for (const fr of data?.frames ?? []) if (fr.frame && fr.url) urls.set(fr.frame, fr.url);
    if (data?.frame && typeof data.url === 'string' && data.url) urls.set(data.frame, data.url);
  }
  // Self time of complete events: a stack per thread, children's time taken off their parent.
  const self = new Map<string, number>();
  const byFrame = new Map<string, number>();
  const perThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const k = `${e.pid}:${e.tid}`;
    let arr = perThread.get(k);
    if (!arr) perThread.set(k, (arr = []));
    arr.push(e);
  }
  for (const [k, arr] of perThread) {
    arr.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const where = `${procName.get(Number(k.split(':')[0])) ?? '?'} / ${threadName.get(k) ?? k}`;
    const stack: { e: TraceEvent; end: number; child: number }[] = [];
    const close = (upTo: number) => {
      while (stack.length && stack[stack.length - 1].end <= upTo) {
        const top = stack.pop()!;
        // Self time, clipped to the windows in proportion (a child's time lies within its parent's).
        const whole = top.e.dur ?? 0;
        const part = whole > 0 ? inside(top.e.ts, whole, wins) / whole : 0;
        const s = (whole - top.child) * part;
        const key = `${where} :: ${top.e.name}`;
        self.set(key, (self.get(key) ?? 0) + s);
        if (['UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'HitTest', 'ParseHTML', 'EventDispatch', 'FunctionCall', 'TimerFire', 'FireAnimationFrame'].includes(top.e.name)) {
          const fk = `${top.e.name} @ ${frameOf(top.e, urls)}`;
          byFrame.set(fk, (byFrame.get(fk) ?? 0) + whole * part);
        }
        if (stack.length) stack[stack.length - 1].child += top.e.dur ?? 0;
      }
    };
    for (const e of arr) {
      close(e.ts);
      stack.push({ e, end: e.ts + (e.dur ?? 0), child: 0 });
    }
    close(Number.POSITIVE_INFINITY);
  }
  const top = (m: Map<string, number>, k: number) => Object.fromEntries([...m].sort((x, y) => y[1] - x[1]).slice(0, k).map(([key, v]) => [key, round(v / 1000 / n, 2) ?? 0]));
  const total = (pred: (k: string) => boolean) => round([...self].filter(([k]) => pred(k)).reduce((a, [, v]) => a + v, 0) / 1000 / n, 1);
  return {
    windows: wins?.length,
    windowMsMedian: wins ? round(wins.map(([a, b]) => (b - a) / 1000).sort((a, b) => a - b)[Math.floor(wins.length / 2)] ?? 0, 1) : undefined,
    byProcessMsPerTurn: Object.fromEntries(['Renderer', 'GPU Process', 'Browser'].map((p) => [p, total((k) => k.startsWith(`${p} /`))])),
    selfMsPerTurn: top(self, 45),
    renderWorkByFrameMsPerTurn: top(byFrame, 30),
  };
}

interface ProfNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/**
 * JavaScript self time by function inside the windows, from the V8 sampling profiler's chunks in
 * the trace (same clock as the windows' marks), main threads of the renderer only.
 */
function jsInWindows(events: TraceEvent[], wins: [number, number][], n: number): Record<string, number> {
  const nodes = new Map<string, ProfNode>();
  const time = new Map<string, number>();
  const clock = new Map<string, number>();
  for (const e of events) {
    const data = e.args?.data as { startTime?: number; cpuProfile?: { nodes?: ProfNode[]; samples?: number[] }; timeDeltas?: number[] } | undefined;
    const key = `${e.pid}:${(e as unknown as { id?: string }).id ?? ''}`;
    if (e.name === 'Profile' && data?.startTime !== undefined) clock.set(key, data.startTime);
    if (e.name !== 'ProfileChunk' || !data) continue;
    for (const nd of data.cpuProfile?.nodes ?? []) nodes.set(`${key}#${nd.id}`, nd);
    let t = clock.get(key) ?? 0;
    const samples = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      t += deltas[i] ?? 0;
      const dt = deltas[i + 1] ?? 0;
      if (!wins.some(([a, b]) => t >= a && t < b)) continue;
      const nd = nodes.get(`${key}#${samples[i]}`);
      if (!nd) continue;
      const cf = nd.callFrame;
      const url = cf.url ? cf.url.replace(/^.*\/(?=[^/]+$)/, '').replace(/\?.*$/, '') : '';
      const name = `${cf.functionName || '(anon)'} ${url}:${cf.lineNumber}`;
      time.set(name, (time.get(name) ?? 0) + dt);
    }
    clock.set(key, t);
  }
  return Object.fromEntries([...time].sort((x, y) => y[1] - x[1]).slice(0, 40).map(([k, v]) => [k, round(v / 1000 / n, 2) ?? 0]));
}

/** Traces `n` turns of each named panel, one after the other; summaries in ms per turn. */
export async function traceTurns(page: Page, panels: [string, (i: number) => Promise<unknown>][], n: number): Promise<Record<string, unknown>> {
  const cdp = await page.context().newCDPSession(page);
  const out: Record<string, unknown> = {};
  for (const [name, turn] of panels) {
    const events = await collect(cdp, async () => {
      for (let i = 0; i < n; i++) await turn(i);
    });
    // The raw events too (BENCH_TRACE_RAW=<prefix>: <prefix>.ours.json, <prefix>.reference.json), for a
    // task-by-task look at one turn's window that the per-name sums hide.
    if (process.env.BENCH_TRACE_RAW) writeFileSync(`${process.env.BENCH_TRACE_RAW}.${name}.json`, JSON.stringify(events));
    out[name] = { wholeTurn: summarise(events, n, false), enterToFirstToken: summarise(events, n, true), jsEnterToFirstToken: jsInWindows(events, windows(events), n) };
  }
  await cdp.detach();
  return out;
}

/**
 * Diagnosis (BENCH_HOSTPROF=<file>): a V8 CPU profile of the extension host (both extensions run
 * in it) over `n` turns of each panel, through the inspector that SIGUSR1 opens (127.0.0.1:9229).
 * Self time by function and by script, ms per turn.
 */
export async function profileHost(hostPid: number, panels: [string, (i: number) => Promise<unknown>][], n: number): Promise<Record<string, unknown>> {
  const { WebSocket } = await import('ws');
  process.kill(hostPid, 'SIGUSR1');
  let url: string | undefined;
  for (let i = 0; i < 50 && !url; i++) {
    await new Promise((r) => setTimeout(r, 100));
    url = await fetch('http://127.0.0.1:9229/json/list').then(async (r) => ((await r.json()) as { webSocketDebuggerUrl: string }[])[0]?.webSocketDebuggerUrl, () => undefined);
  }
  if (!url) throw new Error('no inspector on 9229');
  const ws = new WebSocket(url);
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  let id = 0;
  const pending = new Map<number, (v: unknown) => void>();
  ws.on('message', (m: Buffer) => {
    const msg = JSON.parse(m.toString()) as { id?: number; result?: unknown };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      pending.set(++id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 200 });
  const out: Record<string, unknown> = {};
  for (const [name, turn] of panels) {
    await send('Profiler.start');
    for (let i = 0; i < n; i++) await turn(i);
    const { profile } = (await send('Profiler.stop')) as { profile: { nodes: ProfNode[]; samples: number[]; timeDeltas: number[] } };
    const byId = new Map(profile.nodes.map((x) => [x.id, x]));
    const byFn = new Map<string, number>();
    const byUrl = new Map<string, number>();
    profile.samples.forEach((sid, k) => {
      const cf = byId.get(sid)!.callFrame;
      const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
      const url = cf.url ? cf.url.replace(/^.*\/(?=[^/]+\/[^/]+$)/, '') : '';
      const fn = `${cf.functionName || '(anon)'} ${url}:${cf.lineNumber}`;
      byFn.set(fn, (byFn.get(fn) ?? 0) + dt);
      byUrl.set(url || cf.functionName, (byUrl.get(url || cf.functionName) ?? 0) + dt);
    });
    const top = (m: Map<string, number>, k: number) => Object.fromEntries([...m].sort((x, y) => y[1] - x[1]).slice(0, k).map(([key, v]) => [key, round(v / n, 2) ?? 0]));
    out[name] = { byScript: top(byUrl, 20), topFunctions: top(byFn, 50) };
  }
  ws.close();
  return out;
}
