import * as vscode from 'vscode';
import { DisposableStore } from '../core/disposableStore';
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
import { ContextSources } from './contextSources';
import { EditorContext } from './editorContext';
import { Choices } from './pickers';
import { ChatEditors } from './chatEditors';
import { ChatSurfaces } from './chatSurfaces';
import { waitUntil } from '../core/delay';
import { DelayedOn } from '../core/delayedOn';
import { isTurnActive } from '../shared/contract';
import type { Chat } from '../chat/chat';
import type { ChatListIntent } from './intents';
import { registerChatCommands, runChatIntent } from './chatCommands';
import { focusedChat, type CommandDeps } from './commandDeps';
import { sweepStaleMcpConfigs } from '../chat/chatFactory';
import { registerExportCommands } from './export';
import { PromptUriHandler } from './uriHandler';
import { IdeIntegration } from './ideServer';
import { AttentionAlerts } from './attention';
import { PromptQueues } from './promptQueues';
import { registerReview } from './review';
import type { ReviewController } from './review/reviewController';

let hub: ChatHub | undefined;
let ide: IdeIntegration | undefined;

/** A table of contents: each piece registers itself; nothing here spawns a process. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const channel = vscode.window.createOutputChannel('Claude Chat', { log: true });
  const log = createLogger(channel);
  const diff = new DiffPreview();
  const prompts = new PermissionPrompts(tagged(log, 'prompts'), diff);
  const choices = new Choices(context.workspaceState);
  const mentions = new FileMentions();
  const contextSources = new ContextSources(tagged(log, 'context'));
  const editor = new EditorContext();
  hub = new ChatHub(log, prompts, context.workspaceState, choices);
  context.subscriptions.push(new PromptQueues(hub, context.workspaceState, tagged(log, 'queue')));
  const review = registerReview(context, hub, tagged(log, 'review'));
  // Both surfaces run the chat list's intents; the commands' deps need the surfaces first.
  const late: { deps?: CommandDeps } = {};
  const runIntent = (intent: ChatListIntent, chat: Chat | undefined) => (late.deps ? runChatIntent(late.deps, intent, chat) : Promise.resolve());
  const surfaces = new ChatSurfaces(context.extensionUri, { hub, prompts, services: { diff, mentions, context: contextSources, editor } });
  const view: ChatViewProvider = new ChatViewProvider(surfaces, hub, tagged(log, 'panel'), (intent) => runIntent(intent, view.current()));
  const editors = new ChatEditors(context.extensionUri, surfaces, hub, tagged(log, 'editor'), runIntent);
  const deps: CommandDeps = { hub, view, editors, prompts, diff, choices, channel, log };
  late.deps = deps;
  const status = new StatusBar();
  context.subscriptions.push(channel, diff, mentions, contextSources, editor, prompts, hub, view, editors, surfaces, status);
  context.subscriptions.push(new AttentionAlerts({ hub, prompts, view, editors, log: tagged(log, 'attention') }));
  context.subscriptions.push(vscode.window.registerWebviewViewProvider(CHAT_VIEW, view, { webviewOptions: { retainContextWhenHidden: false } }));
  context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(CHAT_EDITOR, editors));
  registerChatCommands(context, deps);
  registerCommands(context, deps);
  registerExportCommands(context, { ...deps, log: tagged(log, 'export') });
  const uriHandler = new PromptUriHandler(view, tagged(log, 'uri'));
  context.subscriptions.push(vscode.window.registerUriHandler(uriHandler));
  prompts.onAnsweredInQuickPick = (sessionKey) => void focusPromptBox(sessionKey, view, editors).catch((err: Error) => log.warn(`focus after a prompt: ${err.message}`));
  wireStatus(context, hub, prompts, status, { focused: () => focusedChat(deps), onDidChange: editors.onDidChangeActive });
  context.subscriptions.push(vscode.workspace.onDidChangeWorkspaceFolders(() => void hub?.pruneFolders()));
  // The IDE server for `claude` in the terminal: only listeners here, it starts on first need.
  const ideIntegration = new IdeIntegration(context, tagged(log, 'ide'));
  ide = ideIntegration;
  // A chat's claude gets the same server : started by the chat's first spawn.
  hub.ideServer = () => ideIntegration.ensureStarted();
  // ACP agents get the editor's read-only tools through an HTTP MCP server: started by their first session.
  hub.agentEditorTools = () => ideIntegration.agentGrant();
  deps.ide = ideIntegration;
  context.subscriptions.push(ideIntegration);
  // Token files of hosts that died before their CLI connected: one readdir, nothing spawned.
  void sweepStaleMcpConfigs().then((gone) => gone.length > 0 && log.info(`removed ${gone.length} stale permission config file(s)`));
  log.info(`activated (${vscode.workspace.workspaceFolders?.length ?? 0} folder(s), trusted: ${vscode.workspace.isTrusted})`);
  return { hub, view, diff, mentions, context: contextSources, uriHandler, editors, ide, review };
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
  await Promise.all([hub?.disposeAll(), ide?.shutdown()]);
  ide = undefined;
  hub = undefined;
}

/** For in-host tests and other extensions. */
export interface ExtensionApi {
  hub: ChatHub;
  view: ChatViewProvider;
  diff: DiffPreview;
  mentions: FileMentions;
  /** Where @problems, @terminal and @git come from. */
  context: ContextSources;
  uriHandler: PromptUriHandler;
  editors: ChatEditors;
  ide: IdeIntegration;
  /** Review Changes: Claude's pending hunks. */
  review: ReviewController;
}

/** The chat in focus (commandDeps.ts focusedChat) and when it may have changed. */
interface FocusSource {
  focused: () => Chat | undefined;
  onDidChange: (listener: () => void) => { dispose(): void };
}

/**
 * How long a turn runs before the workbench shows it busy (the status bar's spinner, the view
 * title's Stop). The panel shows it at once; a quick answer never flashes the others.
 */
export const BUSY_SHOW_DELAY_MS = 400;
/** And how long after it the busy look goes: the panel shows the turn's end (or Stop) first. */
export const BUSY_HIDE_DELAY_MS = 150;

function wireStatus(context: vscode.ExtensionContext, hub: ChatHub, prompts: PermissionPrompts, status: StatusBar, focus: FocusSource): void {
  let sub: { dispose(): void } | undefined;
  let followed: Chat | undefined;
  // Set only when it changes: each set is a message to the workbench, and a turn fires several statuses.
  let runningSet: boolean | undefined;
  const shown = new DelayedOn(BUSY_SHOW_DELAY_MS, (on) => {
    status.setBusyShown(on);
    void vscode.commands.executeCommand('setContext', CONTEXT.turnShown, on);
  }, BUSY_HIDE_DELAY_MS);
  const setRunning = (on: boolean) => {
    shown.set(on);
    if (on === runningSet) return;
    runningSet = on;
    void vscode.commands.executeCommand('setContext', CONTEXT.turnRunning, on);
  };
  const follow = () => {
    const c = focus.focused();
    if (sub && c === followed) return;
    followed = c;
    sub?.dispose();
    setRunning(isTurnActive(c?.status.state));
    status.setStatus(c?.status);
    sub = c?.onStatus((s) => {
      status.setStatus(s);
      setRunning(isTurnActive(s.state));
    });
  };
  follow();
  const subs = new DisposableStore();
  subs.add({ dispose: () => sub?.dispose() });
  subs.add(shown);
  subs.add(hub.onDidChangeActive(follow));
  subs.add(
    prompts.onDidChange((pending) => {
      status.setPending(pending.length);
      void vscode.commands.executeCommand('setContext', CONTEXT.permissionsPending, pending.length > 0);
    }),
  );
  subs.add(focus.onDidChange(follow));
  context.subscriptions.push(subs);
}
