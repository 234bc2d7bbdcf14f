import * as vscode from 'vscode';
import { defuseMentions, mentionPath } from '../chat/mentionPath';

/** "Add Selection to Claude": the file, the line range and the text, as the CLI reads it (`@path`). */
export function selectionReference(editor: vscode.TextEditor): string | undefined {
  const doc = editor.document;
  const sel = editor.selection;
  const range = sel.isEmpty ? doc.lineAt(sel.active.line).range : sel;
  const text = doc.getText(range);
  if (!text.trim()) return undefined;
  const path = vscode.workspace.asRelativePath(doc.uri, false);
  const start = range.start.line + 1;
  const end = range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
  const lines = start === end ? `line ${start}` : `lines ${start}-${end}`;
  const fence = text.includes('```') ? '````' : '```';
  return `${mentionPath(path)} (${lines}):\n${fence}${doc.languageId}\n${defuseMentions(text.replace(/\n$/, ''))}\n${fence}\n`;
}
