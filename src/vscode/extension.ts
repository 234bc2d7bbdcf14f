import * as vscode from 'vscode';
import { tagged } from '../core/logger';
import { ChatHub } from './chatHub';
import { ChatViewProvider } from './chatViewProvider';
import { registerCommands } from './commands';
import { CHAT_VIEW, CONTEXT } from './constants';
import { DiffPreview } from './diffPreview';
import { createLogger } from './log';
import { PermissionPrompts } from './permissionPrompts';
import { StatusBar } from './statusBar';
import { FileMentions } from './mentions';
import { Choices } from './pickers';
import { sweepStaleMcpConfigs } from '../claude/mcpConfigFile';
import { registerExportCommands } from './export';
import { PromptUriHandler } from './uriHandler';

let hub: ChatHub | undefined;

/** A table of contents: each piece registers itself; nothing here spawns a process. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const channel = vscode.window.createOutputChannel('Claude Chat', { log: true });
  const log = createLogger(channel);
  const diff = new DiffPreview();
  const prompts = new PermissionPrompts(tagged(log, 'prompts'), diff);
  const choices = new Choices(context.workspaceState);
  const mentions = new FileMentions();
  hub = new ChatHub(log, prompts, context.workspaceState, choices);
  const view = new ChatViewProvider(context.extensionUri, hub, prompts, tagged(log, 'panel'), { diff, mentions });
  const status = new StatusBar();
  context.subscriptions.push(channel, diff, mentions, prompts, hub, view, status);
  context.subscriptions.push(vscode.window.registerWebviewViewProvider(CHAT_VIEW, view, { webviewOptions: { retainContextWhenHidden: false } }));
  registerCommands(context, { hub, view, prompts, channel, log, diff, choices });
  registerExportCommands(context, { view, log: tagged(log, 'export') });
  const uriHandler = new PromptUriHandler(view, tagged(log, 'uri'));
  context.subscriptions.push(vscode.window.registerUriHandler(uriHandler));
  wireStatus(context, hub, prompts, status);
  context.subscriptions.push(vscode.workspace.onDidChangeWorkspaceFolders(() => void hub?.pruneFolders()));
  // Token files of hosts that died before their CLI connected: one readdir, nothing spawned.
  void sweepStaleMcpConfigs().then((gone) => gone.length > 0 && log.info(`removed ${gone.length} stale permission config file(s)`));
  log.info(`activated (${vscode.workspace.workspaceFolders?.length ?? 0} folder(s), trusted: ${vscode.workspace.isTrusted})`);
  return { hub, view, diff, mentions, uriHandler };
}

/** Kills every Claude process before the host goes away. */
export async function deactivate(): Promise<void> {
  await hub?.disposeAll();
  hub = undefined;
}

/** For in-host tests and other extensions. */
export interface ExtensionApi {
  hub: ChatHub;
  view: ChatViewProvider;
  diff: DiffPreview;
  mentions: FileMentions;
  uriHandler: PromptUriHandler;
}

function wireStatus(context: vscode.ExtensionContext, hub: ChatHub, prompts: PermissionPrompts, status: StatusBar): void {
  let sub: { dispose(): void } | undefined;
  const follow = () => {
    sub?.dispose();
    const c = hub.active();
    status.setStatus(c?.status);
    sub = c?.onStatus((s) => {
      status.setStatus(s);
      void vscode.commands.executeCommand('setContext', CONTEXT.turnRunning, s.state === 'starting' || s.state === 'running' || s.state === 'stopping');
    });
  };
  follow();
  const a = hub.onDidChangeActive(follow);
  const b = prompts.onDidChange((pending) => {
    status.setPending(pending.length);
    void vscode.commands.executeCommand('setContext', CONTEXT.permissionsPending, pending.length > 0);
  });
  context.subscriptions.push({ dispose: () => (sub?.dispose(), a.dispose(), b.dispose()) });
}
