// Runs last in the trusted suite: it deactivates the extension.
import assert from 'node:assert/strict';
import { cliPidsIn, extension, workspaceFolder } from './helpers';

describe('in-host: deactivation', () => {
  it('deactivate() kills every claude process', async () => {
    const folder = workspaceFolder();
    assert.equal(cliPidsIn(folder).length, 1);
    // The extension's own module instance (the one VS Code loaded), not a copy.
    const mod = module.require(`${extension().extensionPath}/dist/extension.js`) as { deactivate(): Promise<void> };
    await mod.deactivate();
    const t0 = Date.now();
    while (cliPidsIn(folder).length > 0 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(cliPidsIn(folder), [], 'no claude process after deactivate');
  });
});
