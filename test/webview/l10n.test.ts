import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatEvent, PendingPermission, StatusInfo } from '../../src/shared/contract';
import { fixtureEvents } from './fromCli';
import { idleStatus, useHarness, type WebviewPage } from './harness';

// Page-side code below runs in the browser; the root tsconfig has no DOM lib, so name what it uses.
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const ENGLISH = JSON.parse(readFileSync(join(__dirname, '../../l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>;

/** A pseudo-locale: every string of the bundle, marked (placeholders kept), as a translator's file would be. */
const PSEUDO = Object.fromEntries(Object.entries(ENGLISH).map(([k, v]) => [k, `⟦${v}⟧`]));

const status: StatusInfo = { ...idleStatus, queued: 2, costUsd: 0.5, context: { usedTokens: 150_000, maxTokens: 200_000, autoCompactAt: 160_000 } };
const pending: PendingPermission[] = [{ id: 'p1', toolName: 'Write', toolUseId: 'w1', summary: 'Write /ws/new.txt' }];

function chat(): ChatEvent[] {
  return [
    ...fixtureEvents('tool-bash.jsonl', ['Run a command']),
    ...fixtureEvents('thinking.jsonl', ['Think']),
    { type: 'checkpoint', turnId: 'w' },
    { type: 'user', turnId: 'w', text: 'Write a file' },
    { type: 'checkpoint', turnId: 'w' },
    { type: 'tool', messageId: 'mw', index: 0, toolUseId: 'w1', name: 'Write', input: { file_path: '/ws/new.txt', content: 'hello\n' } },
    { type: 'toolState', toolUseId: 'w1', state: 'permission' },
  ];
}

/** Every aria-label, title and placeholder in the panel, and the text of its buttons and headings. */
function labels(wp: WebviewPage): Promise<string[]> {
  return wp.page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('#root *')) as any[]) { // eslint-disable-line @typescript-eslint/no-explicit-any
      for (const a of ['aria-label', 'title', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v) out.push(`${el.tagName.toLowerCase()}.${el.className} [${a}] ${v}`);
      }
    }
    const texts = '.state-name, .state-label, .banner-title, [data-action="show-permissions"], [data-error-action], .turn-end > span:not(.codicon), .entry.thinking summary, .open-diff, .context-pct';
    for (const el of Array.from(document.querySelectorAll(texts)) as any[]) out.push(`${el.tagName.toLowerCase()}.${el.className} text ${el.textContent.trim()}`); // eslint-disable-line @typescript-eslint/no-explicit-any
    return out;
  });
}

describe('webview: localisation (snapshot.l10n)', () => {
  const harness = useHarness();
  let wp: WebviewPage;

  beforeEach(async () => {
    wp = await harness.open();
  });
  afterEach(() => wp.closeClean());

  it('a translated bundle in the first snapshot labels the panel in that language', async () => {
    const de = {
      'New Chat': 'Neuer Chat',
      Ready: 'Bereit',
      'Ask Claude… (Enter to send, Shift+Enter for a new line)': 'Frag Claude… (Enter sendet)',
      '{0} queued': '{0} in der Warteschlange',
      'Show prompt': 'Anfrage zeigen',
      'Waiting for your permission': 'Wartet auf deine Erlaubnis',
    };
    await wp.host({ type: 'snapshot', events: [], status: { ...idleStatus, queued: 2 }, permissions: pending, l10n: de });
    await wp.settle();
    assert.equal(await wp.page.locator('.header [data-action="new-chat"]').getAttribute('aria-label'), 'Neuer Chat');
    assert.equal(await wp.page.locator('.header .state-name').textContent(), 'Bereit');
    assert.equal(await wp.page.locator('.header .queued').textContent(), '2 in der Warteschlange', 'placeholders are filled in the translation');
    assert.equal(await wp.page.locator('textarea.prompt-input').getAttribute('placeholder'), 'Frag Claude… (Enter sendet)');
    assert.equal(await wp.page.locator('[data-action="show-permissions"]').textContent(), 'Anfrage zeigen');
    assert.equal(await wp.page.locator('.permission-banner .banner-title').textContent(), 'Wartet auf deine Erlaubnis');
    // Not in the bundle: the English key.
    assert.equal(await wp.page.locator('button.send').getAttribute('aria-label'), 'Send');
  });

  it('without a bundle (English) the labels are the English keys', async () => {
    await wp.snapshot([], { ...idleStatus, queued: 2 });
    assert.equal(await wp.page.locator('.header [data-action="new-chat"]').getAttribute('aria-label'), 'New Chat');
    assert.equal(await wp.page.locator('.header .state-name').textContent(), 'Ready');
    assert.equal(await wp.page.locator('.header .queued').textContent(), '2 queued');
  });

  it('pseudo-locale: every label of a busy panel comes from the bundle', async () => {
    await wp.host({ type: 'snapshot', events: chat(), status, permissions: pending, l10n: PSEUDO });
    await wp.host({ type: 'error', error: { code: 'cliMissing', message: 'claude was not found on PATH', actions: ['openSettings', 'showLogs', 'retry', 'install', 'login'] } });
    await wp.host({ type: 'chats', chats: [{ id: 'a', title: 'Chat 1', state: 'running', unread: true, focused: true }, { id: 'b', title: 'Chat 2', state: 'idle', unread: false, focused: false }], shown: 'a', fixed: false });
    await wp.host({ type: 'openFind' });
    await wp.settle();
    const all = await labels(wp);
    assert.ok(all.length > 30, `found only ${all.length} labels`);
    // What the host or the model said (paths, names, commands) is data, not a label.
    const data = ['/home/me/project', 'Write /ws/new.txt', '/ws/new.txt', 'Scripted bash call', 'Chat 2'];
    const english = all.filter((l) => !l.includes('⟦') && !data.some((d) => l.endsWith(` ${d}`)));
    assert.deepEqual(english, [], 'labels that did not go through t()');
  });
});
