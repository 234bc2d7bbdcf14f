import * as vscode from 'vscode';
import { tagged } from '../core/logger';
import { ChatHub } from './chatHub';
import { ChatViewProvider } from './chatViewProvider';
import { registerCommands } from './commands';
import { CHAT_EDITOR, CHAT_VIEW, CONTEXT } from './constants';
import { DiffPreview } from './diffPreview';
import { createLogger } from './log';
import { PermissionPrompts } from './permissionPrompts';
import { StatusBar } from './statusBar';
import { FileMentions } from './mentions';
import { Choices } from './pickers';
import { ChatEditors } from './chatEditors';
import { waitUntil } from '../core/delay';
import type { Chat } from '../chat/chat';
import type { ChatListIntent } from './intents';
import { focusedChat, registerChatCommands, runChatIntent, type ChatListDeps } from './chatCommands';
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
  // Several chats and editor-tab chats (issue 14): both surfaces run the chat list's intents.
  const late: { chatList?: ChatListDeps } = {};
  const runIntent = (intent: ChatListIntent, chat: Chat | undefined) => (late.chatList ? runChatIntent(late.chatList, intent, chat) : Promise.resolve());
  const view: ChatViewProvider = new ChatViewProvider(context.extensionUri, hub, prompts, tagged(log, 'panel'), { diff, mentions }, (intent) => runIntent(intent, view.current()));
  const editors = new ChatEditors(context.extensionUri, hub, prompts, tagged(log, 'editor'), { diff, mentions }, runIntent);
  const chatList: ChatListDeps = { hub, view, editors: () => editors, log };
  late.chatList = chatList;
  const status = new StatusBar();
  context.subscriptions.push(channel, diff, mentions, prompts, hub, view, editors, status);
  context.subscriptions.push(vscode.window.registerWebviewViewProvider(CHAT_VIEW, view, { webviewOptions: { retainContextWhenHidden: false } }));
  context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(CHAT_EDITOR, editors));
  registerChatCommands(context, chatList);
  registerCommands(context, { hub, view, prompts, channel, log, diff, choices, focused: () => focusedChat(chatList), newChatInEditor: () => editors.newChatFromFocused() });
  registerExportCommands(context, { view, log: tagged(log, 'export') });
  const uriHandler = new PromptUriHandler(view, tagged(log, 'uri'));
  context.subscriptions.push(vscode.window.registerUriHandler(uriHandler));
  prompts.onAnsweredInQuickPick = (sessionKey) => void focusPromptBox(sessionKey, view, editors).catch((err: Error) => log.warn(`focus after a prompt: ${err.message}`));
  wireStatus(context, hub, prompts, status, { focused: () => focusedChat(chatList), onDidChange: editors.onDidChangeActive });
  context.subscriptions.push(vscode.workspace.onDidChangeWorkspaceFolders(() => void hub?.pruneFolders()));
  // Token files of hosts that died before their CLI connected: one readdir, nothing spawned.
  void sweepStaleMcpConfigs().then((gone) => gone.length > 0 && log.info(`removed ${gone.length} stale permission config file(s)`));
  log.info(`activated (${vscode.workspace.workspaceFolders?.length ?? 0} folder(s), trusted: ${vscode.workspace.isTrusted})`);
  return { hub, view, diff, mentions, uriHandler, editors };
}

/** Back to the prompt box of the chat that asked (its editor tab, else the sidebar if it shows it). */
async function focusPromptBox(sessionKey: string, view: ChatViewProvider, editors: ChatEditors): Promise<void> {
  if (await editors.focusInputOf(sessionKey)) return;
  if (view.current()?.status.sessionId !== sessionKey) return;
  await vscode.commands.executeCommand(`${CHAT_VIEW}.focus`);
  await waitUntil(() => view.isLive, 5000);
  view.focusInput();
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
  editors: ChatEditors;
}

/** The chat in focus: an editor-tab chat with the focus, else the sidebar's (several chats, issue 14). */
interface FocusSource {
  focused: () => Chat | undefined;
  onDidChange: (listener: () => void) => { dispose(): void };
}

function wireStatus(context: vscode.ExtensionContext, hub: ChatHub, prompts: PermissionPrompts, status: StatusBar, focus: FocusSource): void {
  let sub: { dispose(): void } | undefined;
  let followed: Chat | undefined;
  // Set only when it changes: each set is a message to the workbench, and a turn fires several statuses.
  let runningSet: boolean | undefined;
  const setRunning = (on: boolean) => {
    if (on === runningSet) return;
    runningSet = on;
    void vscode.commands.executeCommand('setContext', CONTEXT.turnRunning, on);
  };
  const follow = () => {
    const c = focus.focused();
    if (sub && c === followed) return;
    followed = c;
    sub?.dispose();
    const running = (s: { state: string } | undefined) => s?.state === 'starting' || s?.state === 'running' || s?.state === 'stopping';
    setRunning(running(c?.status));
    status.setStatus(c?.status);
    sub = c?.onStatus((s) => {
      status.setStatus(s);
      setRunning(running(s));
    });
  };
  follow();
  const a = hub.onDidChangeActive(follow);
  const f = focus.onDidChange(follow);
  const b = prompts.onDidChange((pending) => {
    status.setPending(pending.length);
    void vscode.commands.executeCommand('setContext', CONTEXT.permissionsPending, pending.length > 0);
  });
  context.subscriptions.push({ dispose: () => (sub?.dispose(), a.dispose(), b.dispose(), f.dispose()) });
}
