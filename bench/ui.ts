/**
 * U1–U4: what a user waits for in real VS Code (code-server + the VSIX + headless Chromium,
 * the e2e tier's harness in test/e2e/support.ts), the real `claude` CLI and the scripted model.
 *
 * Times are taken where the user sees them: a MutationObserver in the panel's frame (or the
 * workbench page for notifications) marks the mutation, and the next requestAnimationFrame
 * marks the frame that shows it. Start marks are keydown listeners in the same page (Enter in
 * the prompt box, Enter in the command palette). Cross-process marks (the permission server's
 * tools/call arrival) use the extension's own log line timestamps on the same wall clock.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { VsCode, waitFor } from '../test/e2e/support';
import { RawCli } from './cli';
import { type Figure, log, median, now, p95, round, sleep, withTimeout } from './lib';

export interface UiBenchOptions {
  u1: number;
  u2: number;
  u3: number;
  u4: number;
}

/**
 * In the panel frame: Enter keydown → first new assistant text / turn end, as epoch ms.
 * Plain JS source (not a function) so the bundler's helpers never leak into the page.
 */
const PANEL_PROBE = `(() => {
  if (window.__probe) return;
  const clock = () => performance.timeOrigin + performance.now();
  const probe = { t0: 0, n0: 0, e0: 0, firstText: 0, turnEnd: 0, stopping: 0, stoppingMsg: 0, userMsg: 0, textMsg: 0 };
  // When the host's "stopping" status reaches the panel (before any rendering).
  window.addEventListener('message', (e) => {
    const d = e.data;
    if (!probe.stoppingMsg && probe.t0 && d && d.type === 'status' && d.status && d.status.state === 'stopping') probe.stoppingMsg = clock();
    // When the host's echo of the prompt, and its first text, reach the panel (before rendering).
    if (probe.t0 && d && d.type === 'events' && Array.isArray(d.events)) {
      if (!probe.userMsg && d.events.some((x) => x.type === 'user')) probe.userMsg = clock();
      if (!probe.textMsg && d.events.some((x) => x.type === 'text')) probe.textMsg = clock();
    }
  }, true);
  window.__probe = probe;
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.key === 'Enter' && !e.shiftKey && t && t.matches && t.matches('textarea.prompt-input')) {
      probe.t0 = clock();
      probe.n0 = document.querySelectorAll('.entry.assistant').length;
      probe.e0 = document.querySelectorAll('.entry.turn-end').length;
      probe.firstText = 0;
      probe.turnEnd = 0;
      probe.stopping = 0;
      probe.stoppingMsg = 0;
      probe.userMsg = 0;
      probe.textMsg = 0;
    }
  }, true);
  new MutationObserver(() => {
    if (!probe.firstText && probe.t0) {
      const els = document.querySelectorAll('.entry.assistant');
      if (els.length > probe.n0 && (els[els.length - 1].textContent || '').trim()) {
        probe.firstText = -1;
        requestAnimationFrame(() => (probe.firstText = clock()));
      }
    }
    if (!probe.stopping && probe.t0 && document.querySelector('.state-dot.state-stopping')) {
      probe.stopping = -1;
      requestAnimationFrame(() => (probe.stopping = clock()));
    }
    if (!probe.turnEnd && probe.t0 && document.querySelectorAll('.entry.turn-end').length > probe.e0) {
      probe.turnEnd = -1;
      requestAnimationFrame(() => (probe.turnEnd = clock()));
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
})()`;

/** In the workbench page: palette Enter (when armed) and toasts appearing, as epoch ms. */
const PAGE_PROBE = `(() => {
  if (window.__page) return;
  const clock = () => performance.timeOrigin + performance.now();
  const page = { armed: false, paletteEnter: 0, toasts: {} };
  window.__page = page;
  document.addEventListener('keydown', (e) => {
    if (page.armed && e.key === 'Enter' && e.target && e.target.closest && e.target.closest('.quick-input-widget')) {
      page.paletteEnter = clock();
      page.armed = false;
    }
  }, true);
  new MutationObserver(() => {
    for (const t of Array.from(document.querySelectorAll('.notifications-toasts .notification-toast'))) {
      const m = /(u3-\\d+\\.txt)/.exec(t.textContent || '');
      if (m && !(m[1] in page.toasts)) {
        page.toasts[m[1]] = -1;
        requestAnimationFrame(() => (page.toasts[m[1]] = clock()));
      }
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
})()`;

async function panelFrame(vs: VsCode): Promise<Frame> {
  return waitFor('the panel frame', async () => {
    for (const f of vs.page.frames()) {
      if (await f.$('textarea.prompt-input').catch(() => null)) return f;
    }
    return undefined;
  }, 60_000);
}

type Probe = { t0: number; firstText: number; turnEnd: number; stopping: number; stoppingMsg: number; userMsg: number; textMsg: number };
const readProbe = (f: Frame): Promise<Probe> => f.evaluate('window.__probe');

/** Enter → first visible token, and waits for the turn's end; returns ms. */
async function panelTurn(vs: VsCode, f: Frame, prompt: string, typeDelayMs = 0): Promise<{ firstMs: number; typedMs: number; probe: Probe }> {
  await vs.input.click();
  const t0 = now();
  if (typeDelayMs > 0) await vs.input.pressSequentially(prompt, { delay: typeDelayMs });
  else await vs.input.fill(prompt);
  const typedMs = now() - t0;
  await vs.input.press('Enter');
  const p = await waitFor('first token on screen', async () => {
    const p = await readProbe(f);
    return p.firstText > 0 && p.turnEnd > 0 ? p : undefined;
  }, 90_000, 20);
  return { firstMs: p.firstText - p.t0, typedMs, probe: p };
}

/** The raw CLI: write the prompt, time to its first text_delta on stdout (and epoch marks). */
async function rawFirstDelta(raw: RawCli, prompt: string): Promise<number> {
  return (await rawTurn(raw, prompt)).ms;
}

async function rawTurn(raw: RawCli, prompt: string): Promise<{ ms: number; writeAt: number; deltaAt: number }> {
  const first = raw.waitFor((l) => l.startsWith('{"type":"stream_event"') && l.includes('"text_delta"'));
  const done = raw.waitFor((l) => l.startsWith('{"type":"result"'));
  const t0 = now();
  const writeAt = Date.now();
  raw.write(prompt);
  await withTimeout(first, 60_000, 'raw first delta');
  const ms = now() - t0;
  const deltaAt = Date.now();
  await withTimeout(done, 60_000, 'raw result');
  return { ms, writeAt, deltaAt };
}

/** Epoch ms at which the turn's main request (the one carrying tools) reached the model server. */
function mainRequestAt(vs: VsCode, from: number): number | undefined {
  return vs.model.mainRequests().find((r) => r.at >= Math.floor(from))?.at;
}

/**
 * Where U1's time goes, from marks on one wall clock: the panel's (Enter, the host's messages
 * arriving, the frame), the model server's (the CLI's request arriving) and the raw driver's.
 * The CLI's part is "Enter/write → its API request" plus "request → first delta".
 */
function u1Split(panel: Probe[], panelReq: (number | undefined)[], raw: { writeAt: number; deltaAt: number; reqAt: number | undefined }[]): Record<string, number | null> {
  const med = (xs: (number | undefined)[]) => {
    const v = xs.filter((x): x is number => x !== undefined && Number.isFinite(x));
    return v.length ? round(median(v), 1)! : null;
  };
  return {
    panelEnterToHostEchoMedianMs: med(panel.map((p) => (p.userMsg > 0 ? p.userMsg - p.t0 : undefined))),
    panelEnterToApiRequestMedianMs: med(panel.map((p, i) => (panelReq[i] !== undefined ? panelReq[i]! - p.t0 : undefined))),
    rawWriteToApiRequestMedianMs: med(raw.map((r) => (r.reqAt !== undefined ? r.reqAt - r.writeAt : undefined))),
    panelApiRequestToTextMessageMedianMs: med(panel.map((p, i) => (panelReq[i] !== undefined && p.textMsg > 0 ? p.textMsg - panelReq[i]! : undefined))),
    rawApiRequestToFirstDeltaMedianMs: med(raw.map((r) => (r.reqAt !== undefined ? r.deltaAt - r.reqAt : undefined))),
    panelTextMessageToFrameMedianMs: med(panel.map((p) => (p.textMsg > 0 ? p.firstText - p.textMsg : undefined))),
  };
}

/** Sets a workspace setting the way a user would (the folder's .vscode/settings.json). */
async function setWorkspaceSetting(vs: VsCode, key: string, value: unknown): Promise<void> {
  mkdirSync(join(vs.workspace, '.vscode'), { recursive: true });
  writeFileSync(join(vs.workspace, '.vscode', 'settings.json'), JSON.stringify({ [key]: value }, null, 2));
  await sleep(2500); // VS Code's file watcher picks it up
}

/** "2026-11-29 09:03:12.345 [info] …prompt 1a2b3c4d (…): … u3-4.txt" → epoch ms per file name. */
function promptLogTimes(logText: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of logText.matchAll(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \[info\] .*prompt [0-9a-f]{8} \(.*?(u3-\d+\.txt)/gm)) {
    out[m[3]] ??= new Date(`${m[1]}T${m[2]}`).getTime();
  }
  return out;
}

export async function runUiBench(o: UiBenchOptions): Promise<Figure[]> {
  const vs = new VsCode({ name: 'bench-ui' });
  const figures: Figure[] = [];
  let raw: RawCli | undefined;
  try {
    log('U: starting code-server + Chromium (the e2e harness)');
    await vs.start();
    await vs.openView();
    await vs.page.evaluate(PAGE_PROBE);
    let f = await panelFrame(vs);
    await f.evaluate(PANEL_PROBE);

    // ---- U1: warm chat, Enter → first token on screen vs raw CLI's first text_delta ----------
    log(`U1: ${o.u1} warm turns in the panel vs the raw CLI`);
    raw = new RawCli(vs.sandbox, randomUUID());
    raw.spawn(false);
    await panelTurn(vs, f, 'warm SCENARIO:text');
    await rawFirstDelta(raw, 'warm SCENARIO:text');
    await panelTurn(vs, f, 'warm 2 SCENARIO:text');
    const pidWarm = vs.pids().length;
    const u1: number[] = [];
    const u1raw: number[] = [];
    const panelMarks: Probe[] = [];
    const panelReq: (number | undefined)[] = [];
    const rawMarks: { writeAt: number; deltaAt: number; reqAt: number | undefined }[] = [];
    for (let i = 0; i < o.u1; i++) {
      const prompt = `u1 ${i} SCENARIO:text`;
      const a = async () => {
        const t = await panelTurn(vs, f, prompt);
        u1.push(t.firstMs);
        panelMarks.push(t.probe);
        panelReq.push(mainRequestAt(vs, t.probe.t0));
      };
      const b = async () => {
        const t = await rawTurn(raw!, prompt);
        u1raw.push(t.ms);
        rawMarks.push({ writeAt: t.writeAt, deltaAt: t.deltaAt, reqAt: mainRequestAt(vs, t.writeAt) });
      };
      if (i % 2 === 0) {
        await a();
        await b();
      } else {
        await b();
        await a();
      }
    }
    await raw.close();
    raw = undefined;
    const delta = median(u1) - median(u1raw);
    figures.push({
      id: 'U1',
      what: 'Warm chat in VS Code: Enter in the panel → first token on screen',
      unit: 'ms',
      median: median(u1),
      p95: p95(u1),
      n: u1.length,
      baseline: median(u1raw),
      baselineWhat: "raw CLI: stdin write → first text_delta line on stdout, same scripted answer (median)",
      ratio: median(u1) / median(u1raw),
      target: '≤ baseline + 30 ms (median)',
      pass: delta <= 30,
      extra: { deltaMedianMs: round(delta, 2), baselineP95: round(p95(u1raw), 2), cliProcessesDuring: pidWarm, split: u1Split(panelMarks, panelReq, rawMarks) },
    });

    // ---- U2: first prompt of a new chat, typed for ≥ 1 s; pre-warm on vs off ---------------
    log(`U2: ${o.u2} new chats with the pre-warm, ${o.u2} without`);
    const text = 'u2 SCENARIO:text:first answer of a new chat'; // ~43 chars × 30 ms ≈ 1.3 s of typing
    const u2: number[] = [];
    const u2off: number[] = [];
    const typed: number[] = [];
    const prewarmedBeforeEnter: number[] = [];
    const newChat = async () => {
      const before = vs.pids();
      await vs.palette('Claude: New Chat');
      // New Chat focuses the prompt box, which may pre-warm the next process at once.
      await waitFor('the old process gone', () => vs.pids().every((p) => !before.includes(p)), 20_000);
      f = await panelFrame(vs);
      await f.evaluate(PANEL_PROBE);
    };
    const coldTurn = async (into: number[]) => {
      await newChat();
      await vs.input.click();
      const t0 = now();
      await vs.input.pressSequentially(text, { delay: 30 });
      typed.push(now() - t0);
      prewarmedBeforeEnter.push(vs.pids().length);
      await vs.input.press('Enter');
      const p = await waitFor('first token on screen (new chat)', async () => {
        const p = await readProbe(f);
        return p.firstText > 0 && p.turnEnd > 0 ? p : undefined;
      }, 90_000, 20);
      into.push(p.firstText - p.t0);
    };
    for (let i = 0; i < o.u2; i++) await coldTurn(u2);
    const withPrewarm = prewarmedBeforeEnter.splice(0);
    await setWorkspaceSetting(vs, 'claudeChat.prewarmIdleSeconds', 0);
    for (let i = 0; i < o.u2; i++) await coldTurn(u2off);
    const withoutPrewarm = prewarmedBeforeEnter.splice(0);
    await setWorkspaceSetting(vs, 'claudeChat.prewarmIdleSeconds', 60);
    const warmRef = median(u1);
    figures.push({
      id: 'U2',
      what: 'New chat, prompt typed for ≥ 1 s with the pre-warm: Enter → first token on screen',
      unit: 'ms',
      median: median(u2),
      p95: p95(u2),
      n: u2.length,
      baseline: warmRef,
      baselineWhat: "a warm turn's Enter → first token (U1 median)",
      ratio: median(u2) / warmRef,
      target: 'ratio ≤ 1.2 (typing ≥ 1 s)',
      pass: median(u2) / warmRef <= 1.2 && Math.min(...typed) >= 1000,
      extra: {
        withoutPrewarmMedianMs: round(median(u2off), 1),
        withoutPrewarmP95Ms: round(p95(u2off), 1),
        prewarmSpeedup: round(median(u2off) / median(u2), 2),
        typingMsMin: round(Math.min(...typed), 0),
        cliProcessesAtEnterWithPrewarm: withPrewarm,
        cliProcessesAtEnterWithoutPrewarm: withoutPrewarm,
      },
    });

    // ---- U3: permission asked → notification on screen ----------------------------------------
    log(`U3: ${o.u3} permission prompts`);
    await vs.clearToasts();
    const u3: number[] = [];
    for (let i = 0; i < o.u3; i++) {
      const name = `u3-${i}.txt`;
      await vs.send(`SCENARIO:tool-write:${join(vs.workspace, name)}`);
      const toast = vs.toast(name);
      await toast.waitFor({ timeout: 60_000 });
      const shown = await waitFor('toast time', async () => {
        const t = (await vs.page.evaluate(`window.__page.toasts[${JSON.stringify(name)}]`)) as number | undefined;
        return t !== undefined && t > 0 ? t : undefined;
      }, 10_000, 20);
      const arrived = await waitFor('the prompt log line', () => promptLogTimes(vs.extensionLog())[name], 15_000, 200);
      u3.push(shown - arrived);
      await toast.getByRole('button', { name: 'Deny', exact: true }).click();
      await waitFor('turn end after deny', async () => (await readProbe(f)).turnEnd > 0, 60_000, 50);
    }
    figures.push({
      id: 'U3',
      what: "Permission: the permission server's tools/call arrival (its log line) → the notification on screen",
      unit: 'ms',
      median: median(u3),
      p95: p95(u3),
      n: u3.length,
      baseline: null,
      baselineWhat: '—',
      ratio: null,
      target: '≤ 100 ms (median)',
      pass: median(u3) <= 100,
      notes: 'wall clock shared by the extension host log (ms resolution) and the page (performance.timeOrigin + now())',
    });

    // ---- U4: Stop from the palette → stream stopped on screen ---------------------------------
    log(`U4: ${o.u4} stops from the palette`);
    const u4: number[] = [];
    const u4stopping: number[] = [];
    const u4enter: number[] = [];
    const u4msg: number[] = [];
    // i = -1 is a warm-up: the palette's first run of the command is reported apart (extra).
    for (let i = -1; i < o.u4; i++) {
      await vs.send(`u4 ${i} SCENARIO:slow:30`);
      await waitFor('streaming', async () => (await readProbe(f)).firstText > 0, 60_000, 20);
      await sleep(300);
      await vs.page.evaluate('window.__page.armed = true; window.__page.paletteEnter = 0');
      await vs.palette('Claude: Stop Claude turn');
      const p = await waitFor('turn end on screen', async () => {
        const p = await readProbe(f);
        return p.turnEnd > 0 ? p : undefined;
      }, 30_000, 20);
      const end = p.turnEnd;
      const t0 = (await vs.page.evaluate('window.__page.paletteEnter')) as number;
      if (!t0) throw new Error('U4: the palette Enter was not seen');
      u4.push(end - t0);
      u4enter.push(t0);
      // "Stopping…" in the header = the host ran the command and its status came back.
      if (i >= 0 && p.stopping > 0) u4stopping.push(p.stopping - t0);
      if (i >= 0 && p.stoppingMsg > 0) u4msg.push(p.stoppingMsg - t0);
    }
    const u4first = u4.shift();
    // The stop command's own log line marks when the extension host ran it (same wall clock).
    const hostRan = [...vs.extensionLog().matchAll(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \[info\] \[commands\] stop requested/gm)].map((m) => new Date(`${m[1]}T${m[2]}`).getTime());
    const toHost = hostRan.length === u4enter.length ? u4enter.map((t, i) => hostRan[i] - t).slice(1) : [];
    figures.push({
      id: 'U4',
      what: 'Stop: Enter on "Claude: Stop Claude turn" in the palette → the turn end on screen',
      unit: 'ms',
      median: median(u4),
      p95: p95(u4),
      n: u4.length,
      baseline: null,
      baselineWhat: '—',
      ratio: null,
      target: '≤ 150 ms (p95)',
      pass: p95(u4) <= 150,
      extra: {
        paletteEnterToStoppingShownMedianMs: round(median(u4stopping), 1),
        paletteEnterToStoppingMessageMedianMs: u4msg.length ? round(median(u4msg), 1) : null,
        paletteEnterToHostCommandMedianMs: toHost.length ? round(median(toHost), 1) : null,
        stoppingShownSamples: u4stopping.length,
        firstStopMs: u4first === undefined ? null : round(u4first, 1),
        samplesMs: u4.map((x) => round(x, 0)),
      },
    });
    const left = await vs.stop();
    if (left.length) throw new Error(`U: claude processes left after code-server stopped: ${left.join(',')}`);
    return figures.map((x) => ({ ...x, median: round(x.median, 2)!, p95: round(x.p95, 2)!, baseline: round(x.baseline, 2), ratio: round(x.ratio, 3) }));
  } finally {
    await raw?.close().catch(() => undefined);
    await vs.stop().catch(() => undefined);
    vs.cleanup();
  }
}
