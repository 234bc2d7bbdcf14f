import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import { resolveCliPath, type ChatFactory } from '../chat/chatFactory';
import { ChatSet, type ChatSlot } from '../chat/chatSet';
import { ProcessLimiter } from '../chat/processLimiter';
import { DisposableStore } from '../core/disposableStore';
import { Emitter } from '../core/emitter';
import type { Logger } from '../core/logger';
import { tagged } from '../core/logger';
import { SessionRegistry } from '../core/registry';
import { configuredAgents } from './acpWorkspace';
import { editorChatFactory } from './chatFactoryDeps';
import type { IdeEndpoint } from '../ide/chatWiring';
import type { McpServerGrant } from '../core/mcpServerSpec';
import { maxLiveProcesses, readSettings } from './config';
import type { PermissionPrompts } from './permissionPrompts';
import type { Choices } from './pickers';
import { plainText } from './plainText';
import { ProjectTrustPrompts } from './projectTrust';
import { openLoginTerminal, pickMcpServers } from './mcpServers';
import { restoreChats, saveChats } from './savedChats';

/**
 * The per-folder chat controllers and which one the panel shows. Controllers are created
 * lazily and the permission server starts with the first session: activation spawns nothing.
 */
export class ChatHub implements vscode.Disposable {
  /** Per folder: its open chats (several chats). */
  private readonly registry: SessionRegistry<ChatSet>;
  /** Per folder: the backend for its next chat; absent means Claude (CLI). */
  private readonly backends = new Map<string, string>();
  /** Builds the chats (both backends) and owns the permission server they share. */
  private readonly factory: ChatFactory;
  /** The hub's own subscriptions. */
  private readonly subs = new DisposableStore();
  /** Per folder: the hub's subscriptions to its chat set, ended when the folder leaves. */
  private readonly folderSubs = new Map<string, DisposableStore>();
  private activeKey: string | undefined;
  private readonly activeChanged = new Emitter<Chat | undefined>();
  readonly onDidChangeActive = this.activeChanged.event;
  private readonly chatsChanged = new Emitter<void>();
  /** Any folder's chat list, a tab's state or unread output changed. */
  readonly onDidChangeChats = this.chatsChanged.event;
  readonly scripted = process.env.CLAUDE_CHAT_SCRIPTED === '1';
  private readonly trust: ProjectTrustPrompts;
  /** claudeChat.maxLiveProcesses counts every folder's chats: the cap is per window. */
  private readonly limiter: ProcessLimiter;

  constructor(
    private readonly log: Logger,
    private readonly prompts: PermissionPrompts,
    private readonly state: vscode.Memento,
    choices: Choices,
  ) {
    this.registry = new SessionRegistry((folder) => this.createSet(folder));
    this.limiter = new ProcessLimiter({ max: () => maxLiveProcesses(), logger: log });
    this.trust = new ProjectTrustPrompts(state, tagged(log, 'trust'));
    this.factory = editorChatFactory({ log, prompts, choices, trust: this.trust, scripted: this.scripted, ide: () => this.ideServer, agentTools: () => this.agentEditorTools?.() ?? Promise.resolve(undefined) });
    this.subs.add(this.activeChanged);
    this.subs.add(this.chatsChanged);
    // A tab shows "waiting for permission".
    this.subs.add(prompts.onDidChange(() => this.chatsChanged.fire()));
    prompts.describeOrigin = (sessionKey) => this.originOf(sessionKey);
    if (this.scripted) log.warn('CLAUDE_CHAT_SCRIPTED=1: answers come from the scripted test model, not from Claude.');
  }

  /** The window's IDE server, started on a chat's first need; set by extension.ts (not in Restricted Mode). */
  ideServer: (() => Promise<IdeEndpoint | undefined>) | undefined;
  /** The editor's read-only tools for an ACP agent session (set at activation, like ideServer). */
  agentEditorTools: (() => Promise<McpServerGrant | undefined>) | undefined;

  /** The panel's controller: the chosen folder, else the only or first folder. */
  active(): Chat | undefined {
    return this.activeSet()?.focused();
  }

  /** The chats of the panel's folder. */
  activeSet(): ChatSet | undefined {
    const key = this.activeFolder();
    return key === undefined ? undefined : this.registry.get(key);
  }

  /** One folder's chats, created on first use (spawns nothing). */
  setFor(folder: string): ChatSet {
    return this.registry.get(folder);
  }

  /** The chat with this id in this folder, if it is still open. */
  find(folder: string, id: string): Chat | undefined {
    if (!(vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.fsPath === folder)) return undefined;
    return this.registry.get(folder).get(id);
  }

  /** The folder and set a chat belongs to. */
  locate(chat: Chat): { folder: string; set: ChatSet; id: string } | undefined {
    for (const folder of this.registry.keys()) {
      const set = this.registry.peek(folder);
      const id = set?.idOf(chat);
      if (set && id) return { folder, set, id };
    }
    return undefined;
  }

  /** Stops every running turn in every folder ("Claude: Stop All Turns"). */
  async stopAll(): Promise<void> {
    await Promise.allSettled(this.registry.values().map((s) => s.stopAll()));
  }

  /** "Chat 2" (or "Chat 2 · folder" with several folders) for a prompt, when more than one chat is open. */
  private originOf(sessionKey: string): string | undefined {
    const sets = this.registry.keys().map((k) => [k, this.registry.peek(k)] as const);
    const open = sets.reduce((n, [, s]) => n + (s?.size ?? 0), 0);
    if (open < 2) return undefined;
    for (const [folder, set] of sets) {
      const chat = set?.chats().find((c) => c.status.sessionId === sessionKey);
      const id = chat && set?.idOf(chat);
      if (!id) continue;
      const title = set?.titleOf(id) ?? id;
      return sets.length > 1 ? `${title} · ${basename(folder)}` : title;
    }
    return undefined;
  }

  private activeFolder(): string | undefined {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) return undefined;
    return this.activeKey && folders.some((f) => f.uri.fsPath === this.activeKey) ? this.activeKey : folders[0].uri.fsPath;
  }

  /** Picks the backend for a new chat: Claude (CLI), built in, or an agent from claudeChat.agents. */
  async selectAgent(): Promise<void> {
    const folder = this.activeFolder();
    if (!folder) return;
    const agents = configuredAgents(this.log);
    const current = this.backends.get(folder) ?? CLAUDE_BACKEND;
    const pick = await vscode.window.showQuickPick(
      [
        { label: CLAUDE_BACKEND, description: vscode.l10n.t('Claude Code CLI (stream-json)'), name: CLAUDE_BACKEND, picked: current === CLAUDE_BACKEND },
        ...agents.map((a) => ({ label: plainText(a.name), description: plainText(vscode.l10n.t('ACP agent: {0}', [a.command, ...a.args].join(' '))), name: a.name, picked: current === a.name })),
      ],
      { title: vscode.l10n.t('Agent for a new chat'), placeHolder: agents.length ? vscode.l10n.t('Pick an agent') : vscode.l10n.t('Add ACP agents with the claudeChat.agents setting') },
    );
    if (!pick) return;
    if (pick.name === CLAUDE_BACKEND) this.backends.delete(folder);
    else this.backends.set(folder, pick.name);
    // The picked agent gets a new chat of its own; the open chats keep theirs.
    this.registry.get(folder).add();
  }

  /** "Review project settings": a changed answer takes effect on the next message (a fresh process, --resume). */
  async reviewProjectSettings(folder = this.activeFolder()): Promise<void> {
    if (!folder) return;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Trust the workspace first (Manage Workspace Trust): Claude does not start in Restricted Mode.'));
      return;
    }
    if (!(await this.trust.review(folder))) return;
    // Every open chat of the folder reads the folder's settings afresh on its next spawn.
    for (const chat of this.registry.get(folder).chats()) chat.restartProcess?.();
  }

  /** The MCP servers of `chat` (the caller decides which chat: src/vscode/commandDeps.ts). */
  async mcpServers(chat: Chat | undefined, folder = this.activeFolder()): Promise<void> {
    await pickMcpServers(chat, folder, this.log, () => this.reviewProjectSettings(folder));
  }

  /** "Log In" after an authentication error: `claude /login` in a terminal, with the chat's CLI and environment. */
  login(): void {
    const folder = this.activeFolder();
    const settings = readSettings(folder ? vscode.Uri.file(folder) : undefined, this.log);
    try {
      const command = resolveCliPath(settings.cliPath, { ...process.env, ...settings.env }, folder ?? process.cwd());
      openLoginTerminal(command, folder, settings.env);
    } catch (err) {
      void vscode.window.showErrorMessage((err as Error).message);
    }
  }

  all(): Chat[] {
    return this.registry.values().flatMap((s) => s.chats());
  }

  async selectFolder(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length < 2) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Claude chats per folder: this workspace has only one folder.'));
      return;
    }
    const pick = await vscode.window.showQuickPick(
      folders.map((f) => ({ label: plainText(f.name), description: plainText(f.uri.fsPath), key: f.uri.fsPath })),
      { title: vscode.l10n.t('Chat with Claude in which folder?') },
    );
    if (!pick) return;
    this.activeKey = pick.key;
    this.activeChanged.fire(this.active());
  }

  /** Disposes chats of folders that left the workspace, with their processes. */
  async pruneFolders(): Promise<void> {
    const keep = new Set((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath));
    for (const key of this.registry.keys()) {
      if (keep.has(key)) continue;
      await this.registry.remove(key);
      this.folderSubs.get(key)?.dispose();
      this.folderSubs.delete(key);
    }
    this.activeChanged.fire(this.active());
  }

  async disposeAll(): Promise<void> {
    await this.registry.disposeAll();
    await this.factory.dispose();
    // After the chats: what they fire while closing still reaches the saved state as before.
    for (const store of this.folderSubs.values()) store.dispose();
    this.subs.dispose();
  }

  dispose(): void {
    void this.disposeAll();
  }

  /** A folder's chat set, restoring the chats that were open before a window reload. */
  private createSet(folder: string): ChatSet {
    const set = new ChatSet({
      create: (slot) => this.create(folder, slot),
      limiter: this.limiter,
      waitingForPermission: (chat) => this.prompts.queue.pending().some((p) => p.sessionKey === chat.status.sessionId),
      logger: this.log,
    });
    restoreChats(set, this.state, folder, this.log);
    const subs = new DisposableStore();
    this.folderSubs.get(folder)?.dispose();
    this.folderSubs.set(folder, subs);
    subs.add(saveChats(set, this.state, folder, () => this.chatsChanged.fire()));
    subs.add(
      set.onDidChangeFocus(() => {
        if (this.activeFolder() === folder) this.activeChanged.fire(this.active());
      }),
    );
    return set;
  }

  private create(folder: string, slot: ChatSlot): Chat {
    // A restored chat keeps the backend it had; a new one gets the folder's pick (selectAgent).
    const agentName = slot.backend !== undefined ? (slot.backend === CLAUDE_BACKEND ? undefined : slot.backend) : this.backends.get(folder);
    const agent = agentName ? configuredAgents(this.log).find((a) => a.name === agentName) : undefined;
    if (agentName && !agent) this.log.info(`[chats] the agent "${agentName}" is not in claudeChat.agents any more: the chat uses ${CLAUDE_BACKEND}`);
    return this.factory.create(folder, slot, agent);
  }
}

const CLAUDE_BACKEND = 'Claude (CLI)';

function basename(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}
