import * as vscode from 'vscode';
import type { Problem } from '../chat/problems';
import type { DiagnosticsSource } from '../chat/turnProblems';

/** A diagnostic as a problem at `path`; information and hints are not problems (undefined). */
export function problemOf(d: vscode.Diagnostic, path: string): Problem | undefined {
  if (d.severity !== vscode.DiagnosticSeverity.Error && d.severity !== vscode.DiagnosticSeverity.Warning) return undefined;
  const code = d.code === undefined ? undefined : String(typeof d.code === 'object' ? d.code.value : d.code);
  return {
    path,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    severity: d.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'warning',
    message: d.message,
    ...(d.source ? { source: d.source } : {}),
    ...(code ? { code } : {}),
  };
}

const isFile = (uri: vscode.Uri, path: string) => uri.scheme === 'file' && uri.fsPath === path;

/**
 * The diagnostics loop's view of VS Code's diagnostics (src/chat/turnProblems.ts decides what
 * is new). Nothing is opened for it: the built-in JSON, CSS, HTML and TypeScript servers report
 * only on files shown in editor tabs (a document opened in the background gets none: checked in
 * code-server 4.139), so the loop covers the files the user has open.
 */
export const editorDiagnostics: DiagnosticsSource = {
  read(path: string): Problem[] {
    const out: Problem[] = [];
    for (const d of vscode.languages.getDiagnostics(vscode.Uri.file(path))) {
      const problem = problemOf(d, path);
      if (problem) out.push(problem);
    }
    return out;
  },

  async status(path: string): Promise<'shown' | 'hidden' | 'missing'> {
    const uri = vscode.Uri.file(path);
    const shown = vscode.window.tabGroups.all.some((g) =>
      g.tabs.some((t) => (t.input instanceof vscode.TabInputText && isFile(t.input.uri, path)) || (t.input instanceof vscode.TabInputTextDiff && isFile(t.input.modified, path))),
    );
    if (shown) return 'shown';
    try {
      await vscode.workspace.fs.stat(uri);
      return 'hidden';
    } catch {
      return 'missing';
    }
  },

  onDidChange(listener: (paths: readonly string[]) => void): vscode.Disposable {
    return vscode.languages.onDidChangeDiagnostics((e) => listener(e.uris.filter((u) => u.scheme === 'file').map((u) => u.fsPath)));
  },
};
