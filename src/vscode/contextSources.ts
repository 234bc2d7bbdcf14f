import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { formatGitDiff, formatProblems, formatTerminal, TERMINAL_CAP, type ContextBlock, type ContextKind, type Problem, type TerminalRun } from '../chat/contextMentions';
import { DisposableStore } from '../core/disposableStore';
import type { Logger } from '../core/logger';
import { problemOf } from './turnDiagnostics';

/**
 * Where `@problems`, `@terminal` and `@git` come from (the formatting and caps are
 * src/chat/contextMentions.ts). Only the terminals' last commands are followed all the time,
 * since a command's output can only be read while it runs; the rest is read at send time.
 */
export class ContextSources implements vscode.Disposable {
  private readonly runs = new Map<vscode.Terminal, TerminalRun>();
  private readonly subs = new DisposableStore();

  constructor(private readonly log: Logger) {
    // Shell integration events exist from VS Code 1.93; a host without them just has no runs.
    const w = vscode.window as Partial<typeof vscode.window>;
    if (w.onDidStartTerminalShellExecution) this.subs.add(w.onDidStartTerminalShellExecution((e) => void this.follow(e.terminal, e.execution)));
    if (w.onDidCloseTerminal) this.subs.add(w.onDidCloseTerminal((t) => this.runs.delete(t)));
  }

  async block(kind: ContextKind, folder: string | undefined): Promise<ContextBlock> {
    switch (kind) {
      case 'problems':
        return formatProblems(problems(folder));
      case 'terminal':
        return this.terminal();
      case 'git':
        return gitDiff(folder, this.log);
      default: {
        const never: never = kind;
        return { heading: `@${String(never)}: unknown.` };
      }
    }
  }

  dispose(): void {
    this.subs.dispose();
    this.runs.clear();
  }

  private terminal(): ContextBlock {
    const t = vscode.window.activeTerminal;
    if (!t) return { heading: '@terminal: no terminal is open, so there is no last command to show.' };
    const run = this.runs.get(t);
    if (run) return formatTerminal(run);
    if (!t.shellIntegration) return { heading: `@terminal: the terminal "${t.name}" has no shell integration, so its commands and their output cannot be read.` };
    return { heading: `@terminal: no command has finished in the terminal "${t.name}" since the extension started.` };
  }

  /** Reads one command's output while it runs (the stream only has what comes after read()). */
  private async follow(terminal: vscode.Terminal, execution: vscode.TerminalShellExecution): Promise<void> {
    let output = '';
    let exitCode: number | undefined;
    const ended = vscode.window.onDidEndTerminalShellExecution((e) => {
      if (e.execution === execution) exitCode = e.exitCode;
    });
    try {
      for await (const chunk of execution.read()) {
        output += chunk;
        // Only the end is shown: keep a margin over the cap for the escapes stripped later.
        if (output.length > TERMINAL_CAP * 4) output = output.slice(-TERMINAL_CAP * 2);
      }
    } catch (err) {
      this.log.warn(`reading a terminal command's output failed: ${(err as Error).message}`);
    }
    // The end event may come just after the stream ends.
    await new Promise((r) => setTimeout(r, 50));
    ended.dispose();
    this.runs.set(terminal, { terminal: terminal.name, command: execution.commandLine.value, output, exitCode });
  }
}

/** The workspace's errors and warnings, paths relative to the chat's folder. */
function problems(folder: string | undefined): Problem[] {
  const out: Problem[] = [];
  for (const [uri, list] of vscode.languages.getDiagnostics()) {
    if (uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(uri)) continue;
    const rel = folder ? nodePath.relative(folder, uri.fsPath) : '';
    const path = rel && !rel.startsWith('..') && !nodePath.isAbsolute(rel) ? rel.split(nodePath.sep).join('/') : vscode.workspace.asRelativePath(uri, true);
    for (const d of list) {
      const problem = problemOf(d, path);
      if (problem) out.push(problem);
    }
  }
  return out;
}

/** The part of the built-in git extension's API (extensions/git/src/api/git.d.ts) used here. */
interface GitRepository {
  rootUri: vscode.Uri;
  diff(cached?: boolean): Promise<string>;
}
interface GitApi {
  state: 'uninitialized' | 'initialized';
  onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  repositories: GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** Staged and unstaged changes of the chat folder's repository, through the built-in git extension. */
async function gitDiff(folder: string | undefined, log: Logger): Promise<ContextBlock> {
  // git runs the folder's own configuration (hooks, fsmonitor): never in Restricted Mode.
  if (!vscode.workspace.isTrusted) return { heading: '@git: not read in Restricted Mode (git would run the folder’s own configuration).' };
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) return { heading: '@git: the built-in Git extension is not available.' };
  try {
    const git = ext.isActive ? ext.exports : await ext.activate();
    if (!git.enabled) return { heading: '@git: Git is turned off in the settings (git.enabled).' };
    const api = git.getAPI(1);
    if (api.state !== 'initialized') await new Promise<void>((resolve) => {
      const sub = api.onDidChangeState(() => (sub.dispose(), resolve()));
      setTimeout(() => (sub.dispose(), resolve()), 5000);
    });
    const repo = folder ? api.getRepository(vscode.Uri.file(folder)) : api.repositories[0];
    if (!repo) return { heading: '@git: the chat’s folder is not in a Git repository that VS Code has open.' };
    const [staged, unstaged] = await Promise.all([repo.diff(true), repo.diff(false)]);
    return formatGitDiff({ staged, unstaged });
  } catch (err) {
    log.warn(`@git: ${(err as Error).message}`);
    return { heading: `@git: reading the diff failed: ${(err as Error).message}` };
  }
}
