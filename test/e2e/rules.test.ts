// Real VS Code (code-server): "don't ask again" from a permission prompt's More… quick pick, and
// the rule in "Claude: Permissions", where it is removed again.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useVsCode, waitFor } from './support';

describe('e2e: permission rules that last', function () {
  const vs = useVsCode({ name: 'rules' });
  const row = (text: string) => vs.page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  const localFile = () => join(vs.workspace, '.claude', 'settings.local.json');
  const localAllow = (): string[] => (existsSync(localFile()) ? ((JSON.parse(readFileSync(localFile(), 'utf8')) as { permissions?: { allow?: string[] } }).permissions?.allow ?? []) : []);

  it('More… → "Allow commands starting with npm test, in this project, only for you": the command runs and the CLI keeps the rule in .claude/settings.local.json', async () => {
    writeFileSync(join(vs.workspace, 'package.json'), JSON.stringify({ name: 'e2e-rules', private: true, scripts: { test: 'echo RAN-NPM-TEST' } }));
    await vs.openView();
    await vs.send('SCENARIO:tool-bash:npm test');
    const toast = vs.toast('npm test');
    await toast.waitFor({ timeout: 60_000 });
    await toast.getByRole('button', { name: 'More…' }).click();
    const pick = row('in this project, only for you');
    await pick.waitFor({ timeout: 15_000 });
    assert.match(await pick.innerText(), /Allow commands starting with "npm test"/);
    assert.match(await pick.innerText(), /Bash\(npm test:\*\)/);
    await pick.click();
    await vs.page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 15_000 });
    await vs.webview.locator('.entry.turn-end').first().waitFor({ timeout: 60_000 });
    await waitFor('the rule in settings.local.json', () => localAllow().includes('Bash(npm test:*)'), 30_000);
  });

  it('"Claude: Permissions" lists the rule under the local project file; Remove takes it out of the file', async () => {
    await vs.palette('Claude: Permissions');
    const rule = row('Bash(npm test:*)');
    await rule.waitFor({ timeout: 15_000 });
    assert.ok(await vs.page.locator('.quick-input-list', { hasText: 'settings.local.json' }).count(), 'the file is named');
    await rule.click();
    const remove = row('Remove');
    await remove.waitFor({ timeout: 15_000 });
    await remove.click();
    await waitFor('the rule removed', () => !localAllow().includes('Bash(npm test:*)'), 15_000);
    await vs.page.keyboard.press('Escape');
  });
});
