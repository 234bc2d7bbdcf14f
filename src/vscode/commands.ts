import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import { waitUntil } from '../core/delay';
import type { Logger } from '../core/logger';
import type { ChatHub } from './chatHub';
import type { ChatViewProvider } from './chatViewProvider';
import { CHAT_VIEW, COMMANDS, CONTEXT } from './constants';
import type { PermissionPrompts } from './permissionPrompts';
import { pickFromHistory } from './history';
import { managePermissions } from './permissionsManager';
import type { DiffPreview } from './diffPreview';
import { applyPermissionMode, pickModel, pickPermissionMode, type Choices } from './pickers';
import { selectionReference } from './selection';
import { plainText } from './plainText';
import { toggleThinking } from './thinking';
import { PLAN_TOOL } from '../core/interactiveTools';

interface CommandDeps {
  hub: ChatHub;
  diff: DiffPreview;
  choices: Choices;
  view: ChatViewProvider;
  prompts: PermissionPrompts;
  channel: vscode.LogOutputChannel;
  log: Logger;
  /** The chat in focus (an editor-tab chat or the sidebar's); several chats, issue 14. */
  focused?: () => Chat | undefined;
  /** Opens the new chat beside the editor-tab chat the user works in; false when there is none. */
  newChatInEditor?: () => Promise<boolean>;
}

export function registerCommands(context: vscode.ExtensionContext, d: CommandDeps): void {
  const reg = (id: string, fn: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg(COMMANDS.stop, async () => {
    const c = d.focused?.() ?? d.view.current();
    if (!c?.isBusy) return;
    d.log.info('[commands] stop requested');
    void vscode.commands.executeCommand('setContext', CONTEXT.stoppedATurn, true);
    await c.stop();
  });
  const newChatInView = async () => {
    // A new chat of its own in the panel's folder; the open ones keep running (issue 14).
    if (!d.hub.activeSet()?.add()) return;
    await vscode.commands.executeCommand(`${CHAT_VIEW}.focus`);
    await waitUntil(() => d.view.isLive, 5000);
    d.view.focusInput();
  };
  reg(COMMANDS.newChat, async () => {
    // Run from an editor-tab chat, the new chat opens in a tab beside it.
    if (await d.newChatInEditor?.()) return;
    await newChatInView();
  });
  // The view's own buttons: the active editor may be a chat tab, but the click was in the view.
  reg(COMMANDS.newChatInView, newChatInView);
  reg(COMMANDS.focus, async () => {
    await vscode.commands.executeCommand(`${CHAT_VIEW}.focus`);
    d.view.focusInput();
  });
  reg(COMMANDS.showLogs, () => d.channel.show(true));
  reg(COMMANDS.showPermissions, () => d.prompts.reshow());
  reg(COMMANDS.managePermissions, () =>
    managePermissions({
      folder: () => {
        const active = vscode.window.activeTextEditor?.document.uri;
        return (active && vscode.workspace.getWorkspaceFolder(active)?.uri.fsPath) ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      },
      sessionRules: () => [...d.prompts.sessionRules].map(([key, rules]) => ({ chat: d.prompts.describeOrigin?.(key) ?? vscode.l10n.t('Chat'), rules })),
    }),
  );
  reg(COMMANDS.openSettings, () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:claude-chat-dev.claude-chat'));
  reg(COMMANDS.selectFolder, () => d.hub.selectFolder());
  reg(COMMANDS.selectAgent, () => d.hub.selectAgent());
  reg(COMMANDS.reviewProjectSettings, () => d.hub.reviewProjectSettings());
  reg(COMMANDS.mcpServers, () => d.hub.mcpServers());
  reg(COMMANDS.login, () => d.hub.login());
  reg(COMMANDS.history, () => pickFromHistory(d.view.current(), d.log));
  reg(COMMANDS.selectModel, () => pickModel(d.view.current(), d.choices, d.log));
  reg(COMMANDS.selectPermissionMode, (mode?: unknown) =>
    typeof mode === 'string' ? applyPermissionMode(mode, d.view.current(), d.choices, d.log) : pickPermissionMode(d.view.current(), d.choices, d.log),
  );
  reg(COMMANDS.addSelection, async () => {
    const editor = vscode.window.activeTextEditor;
    const text = editor && selectionReference(editor);
    if (!text) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select some text in an editor to add it to the Claude chat.'));
      return undefined;
    }
    await vscode.commands.executeCommand(`${CHAT_VIEW}.focus`);
    await waitUntil(() => d.view.isLive, 5000);
    d.view.insertInput(text);
    return text;
  });
  reg(COMMANDS.reviewChanges, async () => {
    const c = d.view.current();
    const changes = c?.changes && c.lastChangedTurn ? c.changes.forTurn(c.lastChangedTurn) : [];
    if (changes.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Claude has not changed any files in this chat yet.'));
      return;
    }
    const pick = await vscode.window.showQuickPick(
      changes.map((ch) => ({ label: plainText(vscode.workspace.asRelativePath(ch.filePath)), description: ch.tool, change: ch })),
      { title: vscode.l10n.t('Files changed in the last turn'), placeHolder: vscode.l10n.t('Pick a file to see its diff') },
    );
    if (pick) await d.diff.showChange(pick.change);
  });
  reg(COMMANDS.reviewPlan, () => d.prompts.reshow(PLAN_TOOL));
  reg(COMMANDS.toggleThinking, () => toggleThinking(d.view.current(), d.log));
  // Tests and bug reports need the live pid and session id.
  reg(COMMANDS.sessionInfo, () => {
    const c = d.view.current();
    const info = { folder: c?.status.folder, sessionId: c?.status.sessionId, pid: c?.pid ?? null, state: c?.status.state ?? 'none', cliVersion: c?.status.cliVersion ?? null };
    d.log.info(`[session-info] ${JSON.stringify(info)}`);
    void vscode.window.showInformationMessage(
      plainText(vscode.l10n.t('Claude session {0} · pid {1} · {2} · Claude Code {3}', info.sessionId ?? vscode.l10n.t('(none)'), info.pid ?? vscode.l10n.t('(not running)'), info.state, info.cliVersion ?? vscode.l10n.t('(not running)'))),
    );
    return info;
  });
}
