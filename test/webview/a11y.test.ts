import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatEvent, PendingPermission, StatusInfo } from '../../src/shared/contract';
import { fixtureEvents } from './fromCli';
import { idleStatus, useHarness, type WebviewPage } from './harness';

// Page-side code below runs in the browser; the root tsconfig has no DOM lib, so name what it uses.
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare function getComputedStyle(el: unknown): any; // eslint-disable-line @typescript-eslint/no-explicit-any


const AXE = readFileSync(join(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core in the page (evaluated through the driver, so the page's CSP does not apply to it). */
async function axe(wp: WebviewPage): Promise<AxeViolation[]> {
  await wp.page.evaluate(AXE);
  return wp.page.evaluate(async () => {
    const r = await (globalThis as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: AxeViolation[] }> } }).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

const running: StatusInfo = { ...idleStatus, state: 'running', costUsd: 0.0123 };
const pending: PendingPermission[] = [{ id: 'p1', toolName: 'Write', toolUseId: 'w1', summary: 'Write /ws/new.txt' }];

/** Cards of every kind, markdown with code, a failed turn and a tool waiting for permission. */
function richChat(): ChatEvent[] {
  return [
    ...fixtureEvents('markdown.jsonl', ['Show me markdown']),
    ...fixtureEvents('tool-bash.jsonl', ['Run a command']),
    ...fixtureEvents('tool-edit.jsonl', ['Edit a file']),
    ...fixtureEvents('todo.jsonl', ['Plan it']),
    ...fixtureEvents('thinking.jsonl', ['Think']),
    { type: 'turnEnd', turnId: 'x', outcome: 'error', error: { code: 'cli', message: 'The CLI exited with code 1', actions: ['showLogs'] } },
    { type: 'notice', level: 'warning', text: 'Something to know' },
    { type: 'user', turnId: 'w', text: 'Write a file' },
    { type: 'tool', messageId: 'mw', index: 0, toolUseId: 'w1', name: 'Write', input: { file_path: '/ws/new.txt', content: 'hello\n' } },
    { type: 'toolState', toolUseId: 'w1', state: 'permission' },
  ];
}

async function openRich(wp: WebviewPage): Promise<void> {
  await wp.snapshot(richChat(), running, pending);
  await wp.host({ type: 'error', error: { code: 'cliMissing', message: 'claude was not found on PATH', actions: ['openSettings', 'showLogs'] } });
  await wp.settle();
}


/**
 * Page code (a string: tsx would wrap named helpers in a `__name` the page lacks): the focused
 * element's outline colour against what is painted behind it (the element itself for a ring drawn
 * inside it, else its parent; layered backgrounds blended from the page up), as a contrast ratio.
 */
const RING_CONTRAST = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body || el.tagName === 'TEXTAREA') return null;
  const s = getComputedStyle(el);
  if (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0) return null;
  const rgba = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c) || /color\\(srgb ([^)]+)\\)/.exec(c);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[\\s,/]+/).filter(Boolean).map(Number);
    const k = c.startsWith('color(') ? 255 : 1;
    return [p[0] * k, p[1] * k, p[2] * k, p[3] === undefined ? 1 : p[3]];
  };
  const layers = [];
  for (let n = parseFloat(s.outlineOffset) < 0 ? el : el.parentElement; n; n = n.parentElement) layers.push(rgba(getComputedStyle(n).backgroundColor));
  let bg = [255, 255, 255];
  for (const [r, g, b, a] of layers.reverse()) bg = [r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a)];
  const [rr, rg, rb, ra] = rgba(s.outlineColor);
  const ring = [rr * ra + bg[0] * (1 - ra), rg * ra + bg[1] * (1 - ra), rb * ra + bg[2] * (1 - ra)];
  const lum = (c) => {
    const v = c.map((x) => x / 255).map((x) => (x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4)));
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  };
  const a = lum(ring), b = lum(bg);
  return { label: el.getAttribute('aria-label') || el.getAttribute('title') || (el.textContent || '').trim().slice(0, 30) || el.tagName, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
})()`;

describe('webview: accessibility', () => {
  const harness = useHarness();

  for (const theme of ['dark', 'light'] as const) {
    it(`axe-core finds no serious or critical violations in a rich chat (${theme})`, async () => {
      const wp = await harness.open(theme);
      await openRich(wp);
      // The find bar open too, with a hit highlighted.
      await wp.page.keyboard.press('Control+f');
      await wp.page.getByRole('textbox', { name: 'Find in chat' }).fill('hello');
      await wp.settle();
      const bad = (await axe(wp)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad.map((v) => `${v.id}: ${v.help}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`).join('; ')}`), []);
      assert.deepEqual(wp.pageErrors, []);
      await wp.close();
    });
  }

  it('announces turn start and end, permission waits and errors, and not the streamed tokens', async () => {
    const wp = await harness.open();
    await wp.snapshot([]);
    const polite = wp.page.locator('.announce-polite');
    const assertive = wp.page.locator('.announce-assertive');
    assert.equal(await polite.getAttribute('aria-live'), 'polite');
    assert.equal(await assertive.getAttribute('aria-live'), 'assertive');
    assert.equal(await wp.page.locator('.entries').getAttribute('aria-live'), 'off', 'the transcript is not a live region');

    await wp.host({ type: 'status', status: running });
    await wp.settle();
    assert.equal(await polite.textContent(), 'Claude is working…');
    await wp.push([{ type: 'user', turnId: 't', text: 'hi' }, { type: 'text', messageId: 'm', index: 0, text: 'streamed token' }]);
    assert.equal(await polite.textContent(), 'Claude is working…', 'tokens are not announced');

    await wp.host({ type: 'permissions', pending });
    await wp.settle();
    assert.equal(await assertive.textContent(), 'Claude is waiting for your permission: Write Write /ws/new.txt');

    await wp.push([{ type: 'turnEnd', turnId: 't', outcome: 'success', costUsd: 0.5 }]);
    assert.equal(await polite.textContent(), 'Claude finished ($0.50).');

    await wp.host({ type: 'error', error: { code: 'x', message: 'claude crashed', actions: [] } });
    await wp.settle();
    assert.equal(await assertive.textContent(), 'Error: claude crashed');
    await wp.close();
  });

  it('every action is reachable with Tab and shows a focus ring', async () => {
    const wp = await harness.open();
    await openRich(wp);
    await wp.page.locator('body').focus();
    const seen: { label: string; ring: boolean }[] = [];
    for (let i = 0; i < 80; i++) {
      await wp.page.keyboard.press('Tab');
      const f = await wp.page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        // The prompt box shows focus on its wrapper (border colour); everything else has an outline.
        const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (el.tagName === 'TEXTAREA' && !!el.closest('.input-wrap:focus-within'));
        return { label: el.getAttribute('aria-label') || el.getAttribute('title') || el.textContent?.trim().slice(0, 30) || el.tagName, ring };
      });
      if (f) seen.push(f);
    }
    const labels = new Set(seen.map((s) => s.label));
    for (const want of ['New Chat', 'Open Settings', 'Show Logs', 'Show prompt', 'Copy code', 'Chat transcript']) assert.ok(labels.has(want), `Tab reaches "${want}" (saw ${[...labels].join(' | ')})`);
    assert.ok([...labels].some((l) => /Model/.test(l)), 'Tab reaches the model picker');
    const noRing = seen.filter((s) => !s.ring).map((s) => s.label);
    assert.deepEqual([...new Set(noRing)], [], 'every focused element shows a focus ring');
    await wp.close();
  });

  for (const theme of ['dark', 'light', 'high-contrast'] as const) {
    it(`every focus ring stands out from what is behind it (3:1, ${theme})`, async () => {
      const wp = await harness.open(theme);
      await openRich(wp);
      await wp.page.locator('body').focus();
      const weak: string[] = [];
      let checked = 0;
      for (let i = 0; i < 80; i++) {
        await wp.page.keyboard.press('Tab');
        const f = (await wp.page.evaluate(RING_CONTRAST)) as { label: string; ratio: number } | null;
        if (!f) continue;
        checked++;
        if (f.ratio < 3) weak.push(`${f.label} (${f.ratio.toFixed(2)}:1)`);
      }
      assert.ok(checked > 10, `checked ${checked} rings`);
      assert.deepEqual([...new Set(weak)], [], 'focus rings with less than 3:1 contrast against their background');
      await wp.closeClean();
    });
  }

  it('honours reduced motion and forced colours', async () => {
    const wp = await harness.open();
    await wp.page.emulateMedia({ reducedMotion: 'reduce', forcedColors: 'active' });
    await openRich(wp);
    const dot = await wp.page.locator('.state-dot').evaluate((el) => getComputedStyle(el).animationName);
    assert.equal(dot, 'none', 'the running dot does not pulse');
    const border = await wp.page.locator('.card').first().evaluate((el) => getComputedStyle(el).borderTopStyle);
    assert.equal(border, 'solid', 'cards keep a border in forced colours');
    // (axe-core's contrast check does not model forced colours, so it is not run here.)
    await wp.close();
  });
});
