import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import { waitUntil } from '../core/delay';
import { focusedChat, targetChat, type CommandDeps } from './commandDeps';
import { CHAT_VIEW, COMMANDS, CONTEXT } from './constants';
import { pickFromHistory } from './history';
import { managePermissions } from './permissionsManager';
import { applyPermissionMode, pickModel, pickPermissionMode } from './pickers';
import { selectionReference } from './selection';
import { mentionedLines, selectionTarget, type SelectionTarget } from './selectionTarget';
import { plainText } from './plainText';
import { toggleThinking } from './thinking';
import { showContextUsage } from './contextUsage';
import { PLAN_TOOL } from '../core/interactiveTools';

export function registerCommands(context: vscode.ExtensionContext, d: CommandDeps): void {
  const reg = (id: string, fn: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg(COMMANDS.stop, async () => {
    const c = focusedChat(d);
    if (!c?.isBusy) return;
    d.log.info('[commands] stop requested');
    void vscode.commands.executeCommand('setContext', CONTEXT.stoppedATurn, true);
    await c.stop();
  });
  const newChatInView = async () => {
    // A new chat of its own in the panel's folder; the open ones keep running.
    if (!d.hub.activeSet()?.add()) return;
    await vscode.commands.executeCommand(`${CHAT_VIEW}.focus`);
    await waitUntil(() => d.view.isLive, 5000);
    d.view.focusInput();
  };
  reg(COMMANDS.newChat, async () => {
    // Run from an editor-tab chat, the new chat opens in a tab beside it.
    if (await d.editors.newChatFromFocused()) return;
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
  // The chat-specific commands take the chat as an argument when a panel runs them (the chat
  // it shows); from the palette they act on the focused chat (commandDeps.ts).
  reg(COMMANDS.reviewProjectSettings, (chat?: unknown) => d.hub.reviewProjectSettings(folderOf(d, targetChat(d, chat))));
  reg(COMMANDS.mcpServers, (chat?: unknown) => {
    const c = targetChat(d, chat);
    return d.hub.mcpServers(c, folderOf(d, c));
  });
  reg(COMMANDS.contextUsage, (chat?: unknown) => showContextUsage(targetChat(d, chat), d.log));
  reg(COMMANDS.login, () => d.hub.login());
  reg(COMMANDS.history, (chat?: unknown) => pickFromHistory(targetChat(d, chat), d.log));
  reg(COMMANDS.selectModel, (chat?: unknown) => pickModel(targetChat(d, chat), d.choices, d.log));
  reg(COMMANDS.selectPermissionMode, (mode?: unknown, chat?: unknown) => {
    const c = targetChat(d, chat);
    return typeof mode === 'string' ? applyPermissionMode(mode, c, d.choices, d.log) : pickPermissionMode(c, d.choices, d.log);
  });
  let lastSelectionTarget: SelectionTarget = 'terminal';
  reg(COMMANDS.addSelection, async () => {
    const editor = vscode.window.activeTextEditor;
    const text = editor && selectionReference(editor);
    if (!text) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select some text in an editor to add it to the Claude chat.'));
      return undefined;
    }
    // A terminal session can only be told about a file on disk (it inserts `@path#Lx-y`).
    const sessions = editor.document.uri.scheme === 'file' ? (d.ide?.terminalSessions ?? 0) : 0;
    let target = selectionTarget(sessions, d.view.isVisible);
    if (target === 'ask') {
      target = (await askSelectionTarget(lastSelectionTarget)) ?? 'ask';
      if (target === 'ask') return undefined;
      lastSelectionTarget = target;
    }
    if (target === 'terminal') {
      const sel = editor.selection.isEmpty ? editor.document.lineAt(editor.selection.active.line).range : editor.selection;
      const { lineStart, lineEnd } = mentionedLines(sel.start, sel.end);
      // The session may have ended since it was counted: then the panel gets it after all.
      if (d.ide && d.ide.mentionInTerminals(editor.document.uri.fsPath, lineStart, lineEnd) > 0) return { terminal: editor.document.uri.fsPath, lineStart, lineEnd };
    }
    await vscode.commands.executeCommand(`${CHAT_VIEW}.focus`);
    await waitUntil(() => d.view.isLive, 5000);
    d.view.insertInput(text);
    return text;
  });
  reg(COMMANDS.reviewChanges, async (chat?: unknown) => {
    const c = targetChat(d, chat);
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
  // The view's title bar passes no argument (no different from the palette), so its items that
  // act on a chat are twins that pass the view's chat: an editor-tab chat may have the focus.
  const inView = (id: string, ...lead: unknown[]) => () => vscode.commands.executeCommand(id, ...lead, d.view.current());
  reg(COMMANDS.historyInView, inView(COMMANDS.history));
  reg(COMMANDS.selectModelInView, inView(COMMANDS.selectModel));
  reg(COMMANDS.selectPermissionModeInView, inView(COMMANDS.selectPermissionMode, undefined));
  reg(COMMANDS.reviewChangesInView, inView(COMMANDS.reviewChanges));
  reg(COMMANDS.openInEditorInView, inView(COMMANDS.openInEditor));
  reg(COMMANDS.exportMarkdownInView, inView(COMMANDS.exportMarkdown, undefined));
  reg(COMMANDS.copyConversationInView, inView(COMMANDS.copyConversation));
  reg(COMMANDS.toggleThinking, () => toggleThinking(focusedChat(d), d.log));
  // Tests and bug reports need the live pid and session id.
  reg(COMMANDS.sessionInfo, () => {
    const c = focusedChat(d);
    const info = { folder: c?.status.folder, sessionId: c?.status.sessionId, pid: c?.pid ?? null, state: c?.status.state ?? 'none', cliVersion: c?.status.cliVersion ?? null };
    d.log.info(`[session-info] ${JSON.stringify(info)}`);
    void vscode.window.showInformationMessage(
      plainText(vscode.l10n.t('Claude session {0} · pid {1} · {2} · Claude Code {3}', info.sessionId ?? vscode.l10n.t('(none)'), info.pid ?? vscode.l10n.t('(not running)'), info.state, info.cliVersion ?? vscode.l10n.t('(not running)'))),
    );
    return info;
  });
}

/** The chat's own folder, which may differ from the panel's (undefined: the hub takes the panel's). */
function folderOf(d: CommandDeps, chat: Chat | undefined): string | undefined {
  return chat ? d.hub.locate(chat)?.folder : undefined;
}

/** Both a terminal session and the chat panel could take the selection: the user says which. */
async function askSelectionTarget(last: SelectionTarget): Promise<SelectionTarget | undefined> {
  const items: (vscode.QuickPickItem & { target: SelectionTarget })[] = [
    { label: `$(terminal) ${vscode.l10n.t('Claude in the terminal')}`, description: vscode.l10n.t('inserts @file#lines into its prompt'), target: 'terminal' },
    { label: `$(comment-discussion) ${vscode.l10n.t('Claude Chat panel')}`, description: vscode.l10n.t('adds the lines to the prompt box'), target: 'panel' },
  ];
  items.sort((a, b) => Number(b.target === last) - Number(a.target === last));
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Add the selection to') }))?.target;
}
