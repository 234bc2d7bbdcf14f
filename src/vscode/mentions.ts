import { execFile } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore } from '../core/disposableStore';
import { searchMentions } from '../shared/mentionSearch';

/** Workspace files for `@` mentions, respecting .gitignore (through git) or the exclude settings. Cached briefly. */
export class FileMentions implements vscode.Disposable {
  private cache: { at: number; files: string[] } | undefined;
  private readonly subs = new DisposableStore();
  private readonly watcher = this.subs.add(vscode.workspace.createFileSystemWatcher('**/*', false, true, false));

  constructor() {
    this.subs.add(this.watcher.onDidCreate(() => (this.cache = undefined)));
    this.subs.add(this.watcher.onDidDelete(() => (this.cache = undefined)));
  }

  /** Files, folders and `path#L10-20` ranges (shared/mentionSearch.ts). */
  async search(query: string, limit = 30): Promise<string[]> {
    return searchMentions(await this.files(), query, limit);
  }

  dispose(): void {
    this.subs.dispose();
  }

  private async files(): Promise<string[]> {
    if (this.cache && Date.now() - this.cache.at < 30_000) return this.cache.files;
    // git runs the folder's own config (core.fsmonitor, hooks...): never in an untrusted folder.
    const files = (vscode.workspace.isTrusted ? await this.fromGit() : undefined) ?? (await this.fromFindFiles());
    this.cache = { at: Date.now(), files };
    return files;
  }

  /** In a git repository, git knows best what .gitignore hides (nested files, negations). */
  private async fromGit(): Promise<string[] | undefined> {
    const out: string[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const listed = await new Promise<string | undefined>((resolve) =>
        execFile('git', ['-C', folder.uri.fsPath, 'ls-files', '--cached', '--others', '--exclude-standard', '-z'], { maxBuffer: 64 * 1024 * 1024, timeout: 5000 }, (err, stdout) =>
          resolve(err ? undefined : stdout),
        ),
      );
      if (listed === undefined) return undefined;
      for (const rel of listed.split('\0')) {
        if (rel) out.push(vscode.workspace.asRelativePath(join(folder.uri.fsPath, rel), false));
      }
      if (out.length > 20_000) break;
    }
    return out.sort();
  }

  /** Elsewhere: files.exclude (applied by findFiles), search.exclude and the usual build folders. */
  private async fromFindFiles(): Promise<string[]> {
    const searchExclude = vscode.workspace.getConfiguration('search').get<Record<string, boolean>>('exclude') ?? {};
    const globs = ['**/node_modules/**', '**/.git/**', ...Object.keys(searchExclude).filter((k) => searchExclude[k])];
    const uris = await vscode.workspace.findFiles('**/*', `{${globs.join(',')}}`, 5000);
    return uris.map((u) => vscode.workspace.asRelativePath(u, false)).sort();
  }

}
