import * as vscode from 'vscode';
import { fuzzyScore } from '../shared/fuzzy';

/**
 * Workspace files for `@` mentions. `findFiles` honours files.exclude; search.exclude and
 * the usual build folders are added so suggestions stay relevant. Cached briefly.
 */
export class FileMentions implements vscode.Disposable {
  private cache: { at: number; files: string[] } | undefined;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);

  constructor() {
    this.watcher.onDidCreate(() => (this.cache = undefined));
    this.watcher.onDidDelete(() => (this.cache = undefined));
  }

  async search(query: string, limit = 30): Promise<string[]> {
    const files = await this.files();
    const q = query.toLowerCase();
    if (!q) return files.slice(0, limit);
    const scored: { f: string; s: number }[] = [];
    for (const f of files) {
      const s = fuzzyScore(f.toLowerCase(), q);
      if (s > 0) scored.push({ f, s });
    }
    scored.sort((a, b) => b.s - a.s || a.f.length - b.f.length);
    return scored.slice(0, limit).map((x) => x.f);
  }

  dispose(): void {
    this.watcher.dispose();
  }

  private async files(): Promise<string[]> {
    if (this.cache && Date.now() - this.cache.at < 30_000) return this.cache.files;
    const searchExclude = vscode.workspace.getConfiguration('search').get<Record<string, boolean>>('exclude') ?? {};
    const globs = ['**/node_modules/**', '**/.git/**', ...Object.keys(searchExclude).filter((k) => searchExclude[k])];
    const uris = await vscode.workspace.findFiles('**/*', `{${globs.join(',')}}`, 5000);
    const files = uris.map((u) => vscode.workspace.asRelativePath(u, false)).sort();
    this.cache = { at: Date.now(), files };
    return files;
  }
}
