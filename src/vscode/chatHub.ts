import * as vscode from 'vscode';
import { ChatController } from '../chat/chatController';
import { AcpChat } from '../chat/acpChat';
import type { Chat } from '../chat/chat';
import { configuredAgents, documentFileSystem } from './acpWorkspace';
import { AcpTerminalView } from './acpTerminalView';
import { NodeTerminals } from '../acp/terminals';
import { ClaudeError } from '../claude/errors';
import { Emitter } from '../core/emitter';
import type { Logger } from '../core/logger';
import { tagged } from '../core/logger';
import type { PermissionServer } from '../claude/permissionServer';
import { IDE_ALLOWED_TOOLS_ARG, withIdeServer } from './ideServer';
import { SessionRegistry } from '../core/registry';
import { ChatSet, type ChatSlot, type SavedChat } from '../chat/chatSet';
import { ProcessLimiter } from '../chat/processLimiter';
import { maxLiveProcesses, permissionTimeoutSeconds, readSettings } from './config';
import type { PermissionPrompts } from './permissionPrompts';
import type { Choices } from './pickers';
import { plainText } from './plainText';
import { ProjectTrustPrompts } from './projectTrust';
import { openLoginTerminal, pickMcpServers } from './mcpServers';
import { resolveCliPath } from '../claude/resolveCli';

/**
 * The per-folder chat controllers and which one the panel shows. Controllers are created
 * lazily and the permission server starts with the first session: activation spawns nothing.
 */
export class ChatHub implements vscode.Disposable {
  /** Per folder: its open chats (several chats, issue 14). */
  private readonly registry: SessionRegistry<ChatSet>;
  /** Per folder: the backend for its next chat; absent means Claude (CLI). */
  private readonly backends = new Map<string, string>();
  private server: Promise<PermissionServer> | undefined;
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
    private readonly choices: Choices,
  ) {
    this.registry = new SessionRegistry((folder) => this.createSet(folder));
    this.limiter = new ProcessLimiter({ max: () => maxLiveProcesses(), logger: log });
    this.trust = new ProjectTrustPrompts(state, tagged(log, 'trust'));
    // A tab shows "waiting for permission".
    prompts.onDidChange(() => this.chatsChanged.fire());
    prompts.describeOrigin = (sessionKey) => this.originOf(sessionKey);
    if (this.scripted) log.warn('CLAUDE_CHAT_SCRIPTED=1: answers come from the scripted test model, not from Claude.');
  }

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
  async reviewProjectSettings(): Promise<void> {
    const folder = this.activeFolder();
    if (!folder) return;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Trust the workspace first (Manage Workspace Trust): Claude does not start in Restricted Mode.'));
      return;
    }
    if (!(await this.trust.review(folder))) return;
    // Every open chat of the folder reads the folder's settings afresh on its next spawn.
    for (const chat of this.registry.get(folder).chats()) chat.restartProcess?.();
  }

  async mcpServers(): Promise<void> {
    await pickMcpServers(this.active(), this.activeFolder(), this.log, () => this.reviewProjectSettings());
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
    for (const key of this.registry.keys()) if (!keep.has(key)) await this.registry.remove(key);
    this.activeChanged.fire(this.active());
  }

  async disposeAll(): Promise<void> {
    await this.registry.disposeAll();
    const server = await this.server?.catch(() => undefined);
    await server?.dispose();
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
    const key = `claudeChat.chats:${folder}`;
    const saved = this.state.get<{ chats?: SavedChat[]; focused?: string }>(key);
    const legacy = this.state.get<string>(`claudeChat.lastSession:${folder}`);
    const chats = saved?.chats?.length ? saved.chats : legacy ? [{ id: 'chat-1', title: 'Chat 1', sessionId: legacy }] : [];
    for (const c of chats) {
      // An ACP agent's chat comes back with that agent (an editor tab restored after a reload
      // finds it here by id); ACP has no transcript to read back, so it starts empty.
      const chat = set.add({ id: c.id, title: c.title, backend: c.backend });
      // Reading the CLI's transcript spawns nothing; a missing one just means a fresh chat.
      const sameBackend = !c.backend || c.backend === chat.backend;
      if (c.sessionId && chat.history && sameBackend) chat.history.open(c.sessionId).catch((err: Error) => this.log.info(`[history] not restoring ${c.sessionId}: ${err.message}`));
    }
    if (saved?.focused) set.focus(saved.focused);
    let last = '';
    set.onDidChange(() => {
      const now = set.saved();
      const json = JSON.stringify(now);
      if (json !== last) {
        last = json;
        void this.state.update(key, now);
      }
      this.chatsChanged.fire();
    });
    set.onDidChangeFocus(() => {
      if (this.activeFolder() === folder) this.activeChanged.fire(this.active());
    });
    return set;
  }

  private create(folder: string, slot: ChatSlot): Chat {
    // A restored chat keeps the backend it had; a new one gets the folder's pick (selectAgent).
    const agentName = slot.backend !== undefined ? (slot.backend === CLAUDE_BACKEND ? undefined : slot.backend) : this.backends.get(folder);
    const agent = agentName ? configuredAgents(this.log).find((a) => a.name === agentName) : undefined;
    if (agentName && !agent) this.log.info(`[chats] the agent "${agentName}" is not in claudeChat.agents any more: the chat uses ${CLAUDE_BACKEND}`);
    if (agent) {
      return new AcpChat({
        folder,
        agent,
        logger: tagged(this.log, `acp ${agent.name}`),
        broker: this.prompts.queue,
        fileSystem: documentFileSystem,
        terminals: new NodeTerminals(tagged(this.log, `acp ${agent.name} terminal`), new AcpTerminalView(agent.name)),
        guard: () => (vscode.workspace.isTrusted ? undefined : untrusted()),
        chooseAuthMethod: async (methods) =>
          (
            await vscode.window.showQuickPick(
              methods.map((m) => ({ label: plainText(m.name), description: m.description ? plainText(m.description) : undefined, id: m.id })),
              { title: plainText(vscode.l10n.t('{0} asks you to sign in', agent.name)), placeHolder: vscode.l10n.t('Pick a way to sign in'), ignoreFocusOut: true },
            )
          )?.id,
      });
    }
    const uri = vscode.Uri.file(folder);
    const controller = new ChatController({
      folder,
      logger: this.log,
      settings: () => {
        const base = readSettings(uri, this.log);
        const extraArgs = this.ideServer ? [IDE_ALLOWED_TOOLS_ARG, ...(base.extraArgs ?? [])] : base.extraArgs;
        return { ...base, extraArgs, model: this.choices.model ?? base.model, permissionMode: this.choices.permissionMode ?? base.permissionMode };
      },
      permissionServer: () => this.chatPermissions(),
      broker: this.prompts.queue,
      scripted: this.scripted,
      guard: () => (vscode.workspace.isTrusted ? undefined : untrusted()),
      beforeSpawn: slot.beforeSpawn,
      trust: this.trust.gate(folder),
    });
    this.askOnStall(controller);
    return controller;
  }

  /** A stalled turn is only reported, never ended for the user: they choose Stop or Retry. */
  private askOnStall(controller: ChatController): void {
    controller.onStall(({ stalled, silentMs }) => void this.stallNotice(controller, stalled, silentMs));
  }

  private async stallNotice(controller: ChatController, stalled: boolean, silentMs: number): Promise<void> {
    if (!stalled) return;
    // Asked while the turn ran; a late click after it ended must not stop or resend anything.
    const stillRunning = () => controller.isBusy;
    const stop = vscode.l10n.t('Stop');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Claude has sent nothing for {0} s and no tool is running: the API stream may have stalled.', Math.round(silentMs / 1000)),
      stop,
      vscode.l10n.t('Retry'),
    );
    if (!choice || !stillRunning()) return;
    if (choice === stop) await controller.stop();
    else await controller.retry();
  }

  /** The window's IDE server, started on a chat's first need (issue 24); set by extension.ts. */
  ideServer: (() => Promise<{ port: number; authToken: string } | undefined>) | undefined;

  /** The permission server, with the IDE server in each chat's --mcp-config when it runs. */
  private async chatPermissions(): Promise<PermissionServer> {
    const [server, ide] = await Promise.all([this.permissionServer(), this.ideServer?.().catch(() => undefined)]);
    return ide ? withIdeServer(server, ide) : server;
  }

  private permissionServer(): Promise<PermissionServer> {
    this.server ??= (async () => {
      // Loaded on first use: the MCP SDK is most of the bundle and activation needs none of it.
      const { PermissionServer } = await import('../claude/permissionServer');
      const server = new PermissionServer({ logger: tagged(this.log, 'permissions'), timeoutSeconds: permissionTimeoutSeconds });
      await server.start();
      return server;
    })();
    this.server.catch(() => (this.server = undefined));
    return this.server;
  }
}

const CLAUDE_BACKEND = 'Claude (CLI)';

function basename(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

function untrusted(): ClaudeError {
  return new ClaudeError(
    'untrustedWorkspace',
    vscode.l10n.t('Claude can edit files and run commands, so it only starts in a trusted workspace. Trust this folder (Manage Workspace Trust) to chat.'),
    ['openSettings'],
  );
}
