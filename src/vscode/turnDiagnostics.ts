import * as vscode from 'vscode';
import type { Problem } from '../chat/problems';
import type { DiagnosticsSource } from '../chat/turnProblems';

const isFile = (uri: vscode.Uri, path: string) => uri.scheme === 'file' && uri.fsPath === path;

/**
 * The diagnostics loop's view of VS Code's diagnostics (src/chat/turnProblems.ts decides what
 * is new). Files are only opened in the background inside the workspace: a language server
 * checks only open documents, and a file outside the workspace is none of the window's business.
 */
export const editorDiagnostics: DiagnosticsSource = {
  read(path: string): Problem[] {
    const out: Problem[] = [];
    for (const d of vscode.languages.getDiagnostics(vscode.Uri.file(path))) {
      // Information and hints are not problems an edit made.
      if (d.severity !== vscode.DiagnosticSeverity.Error && d.severity !== vscode.DiagnosticSeverity.Warning) continue;
      const code = d.code === undefined ? undefined : String(typeof d.code === 'object' ? d.code.value : d.code);
      out.push({
        path,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        severity: d.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'warning',
        message: d.message,
        ...(d.source ? { source: d.source } : {}),
        ...(code ? { code } : {}),
      });
    }
    return out;
  },

  async open(path: string): Promise<'open' | 'opened' | 'missing'> {
    if (vscode.workspace.textDocuments.some((d) => isFile(d.uri, path))) return 'open';
    const uri = vscode.Uri.file(path);
    if (!vscode.workspace.getWorkspaceFolder(uri)) return 'missing';
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      return 'missing';
    }
    await vscode.workspace.openTextDocument(uri);
    return 'opened';
  },

  onDidChange(listener: (paths: readonly string[]) => void): vscode.Disposable {
    return vscode.languages.onDidChangeDiagnostics((e) => listener(e.uris.filter((u) => u.scheme === 'file').map((u) => u.fsPath)));
  },
};
