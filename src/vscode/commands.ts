import * as vscode from 'vscode';
import type { Logger } from '../claude/logger';
import type { ChatHub } from './chatHub';
import type { ChatViewProvider } from './chatViewProvider';
import { CHAT_VIEW, COMMANDS } from './constants';
import type { PermissionPrompts } from './permissionPrompts';
import { pickFromHistory } from './history';

interface CommandDeps {
  hub: ChatHub;
  view: ChatViewProvider;
  prompts: PermissionPrompts;
  channel: vscode.LogOutputChannel;
  log: Logger;
}

export function registerCommands(context: vscode.ExtensionContext, d: CommandDeps): void {
  const reg = (id: string, fn: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg(COMMANDS.stop, async () => {
    const c = d.view.current();
    if (!c?.isBusy) return;
    d.log.info('[commands] stop requested');
    await c.stop();
  });
  reg(COMMANDS.newChat, async () => {
    await d.view.current()?.newChat();
    d.view.focusInput();
  });
  reg(COMMANDS.focus, async () => {
    await vscode.commands.executeCommand(`${CHAT_VIEW}.focus`);
    d.view.focusInput();
  });
  reg(COMMANDS.showLogs, () => d.channel.show(true));
  reg(COMMANDS.showPermissions, () => d.prompts.reshow());
  reg(COMMANDS.openSettings, () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:claude-chat-dev.claude-chat'));
  reg(COMMANDS.selectFolder, () => d.hub.selectFolder());
  reg(COMMANDS.history, () => pickFromHistory(d.view.current(), d.log));
  // Tests and bug reports need the live pid and session id.
  reg(COMMANDS.sessionInfo, () => {
    const c = d.view.current();
    const info = { folder: c?.status.folder, sessionId: c?.status.sessionId, pid: c?.pid ?? null, state: c?.status.state ?? 'none' };
    d.log.info(`[session-info] ${JSON.stringify(info)}`);
    void vscode.window.showInformationMessage(`Claude session ${info.sessionId ?? '(none)'} · pid ${info.pid ?? '(not running)'} · ${info.state}`);
    return info;
  });
}
