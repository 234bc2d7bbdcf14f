// The same in-host suites through @vscode/test-electron, where VS Code can be downloaded
// (not on this offline machine: here test/e2e/inhost.test.ts runs them in code-server).
//
//   npx tsx test/e2e/inhost/runWithTestElectron.ts [trusted|restricted]
// env VSCODE_EXECUTABLE: use that VS Code instead of downloading one.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { CLAUDE_BIN, makeSandbox, REPO_ROOT } from '../../support/cliEnv';
import { ModelServer } from '../../support/modelServer';
import { buildInhost } from './bundle';

async function main(): Promise<void> {
  const suite = process.argv[2] === 'restricted' ? 'restricted' : 'trusted';
  const extensionTestsPath = await buildInhost();
  const model = new ModelServer();
  const sandbox = makeSandbox(await model.start(), 'cc-inhost-electron');
  const userDataDir = mkdtempSync(join(tmpdir(), 'vsc-inhost-ud-'));
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ 'claudeChat.cliPath': CLAUDE_BIN, 'security.workspace.trust.enabled': suite === 'restricted', 'workbench.startupEditor': 'none' }),
  );
  try {
    await runTests({
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath,
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      launchArgs: [sandbox.workspace, '--user-data-dir', userDataDir, '--disable-extensions', ...(suite === 'restricted' ? [] : ['--disable-workspace-trust'])],
      extensionTestsEnv: { ...sandbox.env, CLAUDE_CHAT_INHOST_SUITE: suite, CLAUDE_CHAT_SCRIPTED: '1' },
    });
  } finally {
    await model.stop();
    sandbox.cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
