// Entry for in-host tests: the shape @vscode/test-electron expects from `extensionTestsPath`
// (a module exporting run(): Promise<void>). Bundled by buildInhost() in test/e2e/inhost/bundle.ts to
// out/inhost/index.js; mocha itself stays external and is loaded from node_modules.
//
// Which suite: env CLAUDE_CHAT_INHOST_SUITE = "trusted" (default) | "restricted".
// Results: one line per test, also written to env CLAUDE_CHAT_INHOST_REPORT when set.
/* eslint-disable @typescript-eslint/no-require-imports -- mocha stays external to this bundle, and the test files must load after 'pre-require', in this order */
import { appendFileSync, writeFileSync } from 'node:fs';
import type MochaType from 'mocha';

const Mocha = require('mocha') as typeof MochaType;

export function run(): Promise<void> {
  const suite = process.env.CLAUDE_CHAT_INHOST_SUITE || 'trusted';
  const report = process.env.CLAUDE_CHAT_INHOST_REPORT;
  const line = (s: string) => {
    console.log(`[inhost] ${s}`);
    if (report) appendFileSync(report, `${s}\n`);
  };
  if (report) writeFileSync(report, '');
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: class { constructor() {} } as never });
  // Loads the test files now: their describe/it land in this mocha instance.
  mocha.suite.emit('pre-require', globalThis, `inhost-${suite}`, mocha);
  if (suite === 'restricted') {
    require('./restricted.test');
    require('./ideRestricted.test');
    require('./contextRestricted.test');
    require('./uri.test');
  }
  else {
    // Order matters: the first test checks nothing was spawned; the last one deactivates.
    require('./extension.test');
    require('./editor.test');
    require('./settingsScope.test');
    require('./context.test');
    // The deep-link tests use the chat panel as the editor tests left it; the IDE tests close the sidebar.
    require('./uri.test');
    require('./ide.test');
    require('./deactivate.test');
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      line(`done: ${failures} failing`);
      if (failures > 0) reject(new Error(`${failures} in-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => line(`ok   ${t.fullTitle()} (${t.duration ?? 0} ms)`));
    runner.on('fail', (t, err: Error) => line(`FAIL ${t.fullTitle()}: ${err?.stack ?? err}`));
    runner.on('pending', (t) => line(`skip ${t.fullTitle()}`));
  });
}
