// In-host editor integration: "Add Selection to Claude" and the diff of an Edit card.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ClaudeChat } from '../../../src/chat/claude/claudeChat';
import { extension, workspaceFolder } from './helpers';

describe('in-host: editor integration', () => {
  it('Add Selection to Claude puts the path, the line range and the text in the prompt', async () => {
    const file = join(workspaceFolder(), 'selection.ts');
    writeFileSync(file, 'const a = 1;\nconst b = 2;\nconst c = 3;\n');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
    editor.selection = new vscode.Selection(1, 0, 2, 12);
    const text = (await vscode.commands.executeCommand('claudeChat.addSelection')) as string;
    assert.equal(text, '@selection.ts (lines 2-3):\n```typescript\nconst b = 2;\nconst c = 3;\n```\n');
  });

  it('Open Diff on an Edit shows the before and after content', async () => {
    const api = await extension().activate();
    const file = join(workspaceFolder(), 'greet.txt');
    writeFileSync(file, 'hello world\nsecond line\n');
    // acceptEdits: an Edit inside the workspace runs without a prompt (docs/protocol.md, "Permission prompts through our MCP tool").
    await vscode.commands.executeCommand('claudeChat.selectPermissionMode', 'acceptEdits');
    const c = api.hub.active() as ClaudeChat;
    const r = (await c.send(`Edit it SCENARIO:tool-edit:${file}`)) as { outcome: string } | undefined;
    assert.equal(r?.outcome, 'success');
    const changes = c.changes.forTurn(c.lastChangedTurn!);
    assert.equal(changes.length, 1);
    await api.diff.showChange(changes[0]);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'a diff editor is open');
    const input = tab.input as vscode.TabInputTextDiff;
    const before = await vscode.workspace.openTextDocument(input.original);
    const after = await vscode.workspace.openTextDocument(input.modified);
    assert.equal(before.getText(), 'hello world\nsecond line\n');
    assert.equal(after.getText(), 'goodbye world\nsecond line\n');
    assert.equal(input.modified.fsPath, file, 'the after side is the real file');
    await vscode.commands.executeCommand('claudeChat.selectPermissionMode', 'default');
  });
});
