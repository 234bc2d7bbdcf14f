// Real VS Code (code-server) with the real CLI: Claude's edit breaks a JSON file, the turn's
// footer shows the JSON language service's new error, and "Ask Claude to fix" sends it as the
// next prompt.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { messageText } from '../support/modelServer';
import { useVsCode, waitFor } from './support';

describe('e2e: the diagnostics loop', function () {
  const vs = useVsCode({ name: 'diag' });

  it("a broken JSON file's new error shows in the turn's footer, opens its place, and \"Ask Claude to fix\" sends it", async function () {
    this.timeout(300_000);
    const file = join(vs.workspace, 'conf.json');
    // Warnings the file had before the turn must not count as new (a duplicate key, twice).
    writeFileSync(file, '{\n  "a": 1,\n  "b": 2,\n  "b": 3\n}\n');
    await vs.openView();
    // The user has the file open: language servers check the files shown in tabs.
    await vs.palette('Go to File');
    await vs.page.keyboard.type('conf.json');
    await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'conf.json' }).first().click({ timeout: 30_000 });
    // Its warning is there before Claude starts (the status bar's problem counts).
    await waitFor('the two warnings in the status bar', async () => {
      const item = vs.page.locator('[id="status.problems"]').first();
      return /^\s*0\s+2\s*$/.test(await item.innerText());
    }, 60_000);
    await vs.showView();
    const steps = [[{ name: 'Read', input: { file_path: file } }], [{ name: 'Edit', input: { file_path: file, old_string: '"a": 1,', new_string: '"a": 1' } }]];
    await vs.send(`SCENARIO:tools:${JSON.stringify(steps)}`);
    const toast = vs.toast('conf.json');
    await toast.waitFor({ timeout: 60_000 });
    await toast.getByRole('button', { name: 'Allow', exact: true }).click();
    await vs.webview.locator('.entry.turn-end').first().waitFor({ timeout: 60_000 });
    await waitFor('the edit on disk', () => readFileSync(file, 'utf8').includes('"a": 1\n'), 30_000);

    const problems = vs.webview.locator('.entry.turn-files .turn-problems');
    await problems.waitFor({ timeout: 60_000 });
    await vs.screenshot('footer');
    const items = await problems.locator('li').allInnerTexts();
    assert.equal(items.length, 1, `only the new problem: ${JSON.stringify(items)}`);
    assert.match(items[0], /Error\s+conf\.json:3\s+Expected comma/);

    // Its place opens in the editor: the cursor goes to line 3, column 3.
    await problems.getByRole('button', { name: 'conf.json:3' }).click();
    await vs.page.locator('.statusbar-item', { hasText: 'Ln 3, Col 3' }).first().waitFor({ timeout: 30_000 });

    const before = vs.model.mainRequests().length;
    await problems.getByRole('button', { name: /Ask Claude to fix/ }).click();
    await vs.webview.locator('.entry.turn-end').nth(1).waitFor({ timeout: 60_000 });
    const sent = await waitFor('the fix prompt at the model', () =>
      vs.model
        .mainRequests()
        .slice(before)
        .flatMap((r) => (r.body.messages as { role: string; content: unknown }[]).filter((m) => m.role === 'user').map((m) => messageText(m.content)))
        .find((t) => t.includes('Fix it:')),
    );
    assert.match(sent, /The editor reports a new problem in a file you changed\. Fix it:\n- @conf\.json#L3: error: Expected comma/);
    assert.doesNotMatch(sent, /Duplicate object key/, 'the problem the file had before is not sent');
    assert.match(await vs.webview.locator('.entry.user').nth(1).innerText(), /@conf\.json#L3: error: Expected comma/);
  });
});
