// Deep links and export, inside the real extension host. Loaded by both suites: a link only
// fills the prompt box, trusted workspace or not, and never starts Claude.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { MAX_LINK_PROMPT } from '../../../src/vscode/uriHandler';
import { cliPidsIn, extension, workspaceFolder } from './helpers';

const link = (path: string, query: string): vscode.Uri => vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: 'claude-chat-dev.claude-chat', path, query });

describe(`in-host: deep link (${vscode.workspace.isTrusted ? 'trusted' : 'untrusted'})`, () => {
  it('open?prompt= focuses the chat and fills the prompt as capped plain text, without sending it', async () => {
    const api = await extension().activate();
    const chat = api.hub.active()!;
    const before = { events: chat.snapshot().length, pids: cliPidsIn(workspaceFolder()), state: chat.status.state };
    const hostile = `Explain <img src=x onerror=alert(1)> **this**\u0007\u202e and then ${'x'.repeat(MAX_LINK_PROMPT)}`;
    const query = new URLSearchParams({ prompt: hostile }).toString();
    const outcome = await api.uriHandler.open(link('/open', query));
    assert.ok('filled' in outcome, JSON.stringify(outcome).slice(0, 200));
    const filled = (outcome as { filled: string }).filled;
    assert.equal(filled.length, MAX_LINK_PROMPT, 'capped');
    assert.ok(filled.startsWith('Explain <img src=x onerror=alert(1)> **this** and then xxx'), 'the text as is, control and bidi characters dropped');
    assert.equal(api.view.isLive, true, 'the chat view is shown and ready');
    // Nothing was sent: no new transcript events, no new process, same state.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(chat.snapshot().length, before.events);
    assert.deepEqual(cliPidsIn(workspaceFolder()), before.pids);
    assert.equal(chat.status.state, before.state);
  });

  it('ignores links to anything but /open', async () => {
    const api = await extension().activate();
    assert.deepEqual(await api.uriHandler.open(link('/send', 'prompt=hi')), { ignored: '/send' });
  });
});

if (vscode.workspace.isTrusted) {
  describe('in-host: export', () => {
    it('Export Chat as Markdown opens the chat as an untitled Markdown document; Copy Conversation copies the same text', async () => {
      const api = await extension().activate();
      assert.ok(api.hub.active()!.snapshot().length > 0, 'earlier tests left a chat to export');
      const md = (await vscode.commands.executeCommand('claudeChat.exportMarkdown', 'untitled')) as string;
      assert.match(md, /^# Claude chat\n/);
      assert.match(md, /## 1\. You/);
      const doc = vscode.window.activeTextEditor?.document;
      assert.equal(doc?.isUntitled, true);
      assert.equal(doc?.languageId, 'markdown');
      assert.equal(doc?.getText(), md);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      const copied = (await vscode.commands.executeCommand('claudeChat.copyConversation')) as string;
      assert.equal(await vscode.env.clipboard.readText(), copied);
      assert.match(copied, /## 1\. You/);
    });
  });
}
