import * as vscode from 'vscode';
import { fuzzyScore } from '../shared/fuzzy';

/**
 * The active editor's selection as an `@path#L10-20` mention, offered first when it matches
 * what is typed: the quickest way to a line range. Only files inside the workspace.
 */
export function selectionMention(query: string): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty || editor.document.uri.scheme !== 'file') return undefined;
  const rel = vscode.workspace.asRelativePath(editor.document.uri, false);
  if (rel === editor.document.uri.fsPath) return undefined; // outside every workspace folder
  const { start, end } = editor.selection;
  // A selection ending at column 0 does not include that line.
  const last = end.character === 0 && end.line > start.line ? end.line : end.line + 1;
  const mention = `${rel}#L${start.line + 1}-${last}`;
  const q = query.split('#')[0].toLowerCase();
  return !q || fuzzyScore(rel.toLowerCase(), q) > 0 ? mention : undefined;
}
