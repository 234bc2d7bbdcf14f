import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import { sliceLines, type AgentFileSystem, type AgentSpec } from '../core/agentWorkspace';
import type { Logger } from '../core/logger';

/**
 * An ACP agent's file access through VS Code documents: it reads what the editor shows,
 * unsaved edits included, and its writes are ordinary edits (undoable), then saved.
 */
export const documentFileSystem: AgentFileSystem = {
  async readTextFile({ path, line, limit }) {
    if (!isAbsolute(path)) throw new Error(`The agent must use absolute paths (got "${path}").`);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path);
    const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(path)));
    return sliceLines(text, line, limit);
  },
  async writeTextFile({ path, content }) {
    if (!isAbsolute(path)) throw new Error(`The agent must use absolute paths (got "${path}").`);
    const uri = vscode.Uri.file(path);
    const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
    const edit = new vscode.WorkspaceEdit();
    if (!exists) edit.createFile(uri, { ignoreIfExists: true });
    const doc = exists ? await vscode.workspace.openTextDocument(uri) : undefined;
    const all = doc ? new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)) : new vscode.Range(0, 0, 0, 0);
    edit.replace(uri, all, content);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused the edit to ${path}.`);
    const saved = await (await vscode.workspace.openTextDocument(uri)).save();
    if (!saved) throw new Error(`Could not save ${path}.`);
  },
};

/** `claudeChat.agents`: validated; bad entries are logged and skipped. */
export function configuredAgents(log: Logger): AgentSpec[] {
  const raw = vscode.workspace.getConfiguration('claudeChat').get<unknown[]>('agents') ?? [];
  const agents: AgentSpec[] = [];
  for (const a of Array.isArray(raw) ? raw : []) {
    const o = a as Partial<AgentSpec> | null;
    if (!o || typeof o.name !== 'string' || !o.name.trim() || typeof o.command !== 'string' || !o.command.trim()) {
      log.warn(`ignoring a claudeChat.agents entry without name and command: ${JSON.stringify(a)}`);
      continue;
    }
    const args = Array.isArray(o.args) ? o.args.filter((x): x is string => typeof x === 'string') : [];
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.env ?? {})) if (typeof v === 'string') env[k] = v;
    agents.push({ name: o.name.trim(), command: o.command, args, env });
  }
  return agents;
}
