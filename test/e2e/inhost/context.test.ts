// Runs inside the real extension host, trusted folder: where @terminal and @git come from.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { renderBlock } from '../../../src/chat/contextMentions';
import { extension, workspaceFolder } from './helpers';

async function until<T>(what: string, get: () => T | undefined | false | Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('in-host: @terminal and @git', () => {
  it("@terminal: the active terminal's last command, its output and exit code, read through shell integration", async () => {
    const api = await extension().activate();
    // A trusted window's first terminal starts the IDE server, which adds to terminals' environment;
    // VS Code may relaunch a terminal not yet used when that happens (terminal.integrated.
    // environmentChangesRelaunch), so the terminal under test opens after it.
    const warm = vscode.window.createTerminal({ name: 'ctx-warm', shellPath: '/bin/sh', shellArgs: ['-c', 'sleep 1'] });
    await until('the IDE server to give terminals its port', () => api.ide.terminalPort);
    warm.dispose();
    const term = vscode.window.createTerminal({ name: 'ctx-term', shellPath: '/bin/bash', cwd: workspaceFolder() });
    try {
      term.show();
      const shell = await until('shell integration in the terminal', () => term.shellIntegration, 30_000);
      // Output is read from the moment the extension hears the command start: what a command prints
      // in its first instant can come before that (seen in code-server with a bare printf), so this
      // one prints after a beat, as a real build or test command does.
      shell.executeCommand("sleep 0.5; printf 'CTX-\\033[31mTERM\\033[0m-MARK\\n'; false");
      let last = '';
      const block = await until('the run to be recorded', async () => {
        const b = await api.context.block('terminal', workspaceFolder());
        last = `${b.heading} ${b.body ?? ''} (active terminal: ${vscode.window.activeTerminal?.name})`;
        return b.body?.includes('CTX-TERM-MARK') ? b : undefined;
      }).catch((err: Error) => {
        throw new Error(`${err.message}; the last block: ${last}`);
      });
      assert.equal(block.heading, '@terminal: the last command in the terminal "ctx-term", exit code 1:');
      assert.match(block.body!, /^\$ sleep 0\.5; printf /);
      assert.ok(!block.body!.includes('\u001B'), 'no escape sequences');
    } finally {
      term.dispose();
    }
  });

  it("@git: the chat folder's staged and unstaged changes through the built-in git extension", async function () {
    this.timeout(90_000);
    const api = await extension().activate();
    const folder = workspaceFolder();
    const git = (...args: string[]) => execFileSync('git', ['-C', folder, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args]);
    git('init', '-q');
    writeFileSync(join(folder, 'ctx-tracked.txt'), 'old line\n');
    writeFileSync(join(folder, 'ctx-staged.txt'), 'one\n');
    git('add', 'ctx-tracked.txt', 'ctx-staged.txt');
    git('commit', '-q', '-m', 'base');
    writeFileSync(join(folder, 'ctx-tracked.txt'), 'new line\n');
    writeFileSync(join(folder, 'ctx-staged.txt'), 'two\n');
    git('add', 'ctx-staged.txt');
    try {
      await vscode.commands.executeCommand('git.openRepository', folder);
      const block = await until('the diff', async () => {
        const b = await api.context.block('git', folder);
        return b.body?.includes('+new line') && b.body.includes('+two') ? b : undefined;
      }, 60_000);
      assert.equal(block.heading, "@git: the working tree's changes (2 files; untracked files are not included):");
      assert.match(block.body!, /^# staged \(git diff --cached\)\ndiff --git a\/ctx-staged\.txt/);
      assert.match(block.body!, /# not staged \(git diff\)\ndiff --git a\/ctx-tracked\.txt[\s\S]*-old line\n\+new line/);
      assert.doesNotMatch(renderBlock(block), /(^|\s)@@/m, 'hunk headers are defused');
    } finally {
      rmSync(join(folder, '.git'), { recursive: true, force: true });
      rmSync(join(folder, 'ctx-tracked.txt'), { force: true });
      rmSync(join(folder, 'ctx-staged.txt'), { force: true });
    }
  });
});
