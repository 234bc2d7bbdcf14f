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
import { SessionRegistry } from '../core/registry';
import { permissionTimeoutSeconds, readSettings } from './config';
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
  private readonly registry: SessionRegistry<Chat>;
  /** Per folder: the backend for its next chat; absent means Claude (CLI). */
  private readonly backends = new Map<string, string>();
  private server: Promise<PermissionServer> | undefined;
  private activeKey: string | undefined;
  private readonly activeChanged = new Emitter<Chat | undefined>();
  readonly onDidChangeActive = this.activeChanged.event;
  readonly scripted = process.env.CLAUDE_CHAT_SCRIPTED === '1';
  private readonly trust: ProjectTrustPrompts;

  constructor(
    private readonly log: Logger,
    private readonly prompts: PermissionPrompts,
    private readonly state: vscode.Memento,
    private readonly choices: Choices,
  ) {
    this.registry = new SessionRegistry((folder) => this.create(folder));
    this.trust = new ProjectTrustPrompts(state, tagged(log, 'trust'));
    if (this.scripted) log.warn('CLAUDE_CHAT_SCRIPTED=1: answers come from the scripted test model, not from Claude.');
  }

  /** The panel's controller: the chosen folder, else the only or first folder. */
  active(): Chat | undefined {
    const key = this.activeFolder();
    return key === undefined ? undefined : this.registry.get(key);
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
        { label: CLAUDE_BACKEND, description: 'Claude Code CLI (stream-json)', name: CLAUDE_BACKEND, picked: current === CLAUDE_BACKEND },
        ...agents.map((a) => ({ label: plainText(a.name), description: plainText(`ACP agent: ${[a.command, ...a.args].join(' ')}`), name: a.name, picked: current === a.name })),
      ],
      { title: 'Agent for a new chat', placeHolder: agents.length ? 'Pick an agent' : 'Add ACP agents with the claudeChat.agents setting' },
    );
    if (!pick) return;
    if (pick.name === CLAUDE_BACKEND) this.backends.delete(folder);
    else this.backends.set(folder, pick.name);
    await this.registry.remove(folder);
    this.activeChanged.fire(this.active());
  }

  /** "Review project settings": a changed answer takes effect on the next message (a fresh process, --resume). */
  async reviewProjectSettings(): Promise<void> {
    const folder = this.activeFolder();
    if (!folder) return;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Trust the workspace first (Manage Workspace Trust): Claude does not start in Restricted Mode.');
      return;
    }
    if (!(await this.trust.review(folder))) return;
    const chat = this.registry.get(folder);
    if (chat instanceof ChatController) chat.restartProcess();
  }

  async mcpServers(): Promise<void> {
    const server = await this.server?.catch(() => undefined);
    await pickMcpServers(this.active(), this.activeFolder(), this.log, () => this.reviewProjectSettings(), server?.serverName);
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
    return this.registry.values();
  }

  async selectFolder(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length < 2) {
      void vscode.window.showInformationMessage('Claude chats per folder: this workspace has only one folder.');
      return;
    }
    const pick = await vscode.window.showQuickPick(
      folders.map((f) => ({ label: plainText(f.name), description: plainText(f.uri.fsPath), key: f.uri.fsPath })),
      { title: 'Chat with Claude in which folder?' },
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

  private create(folder: string): Chat {
    const agentName = this.backends.get(folder);
    const agent = agentName ? configuredAgents(this.log).find((a) => a.name === agentName) : undefined;
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
              { title: plainText(`${agent.name} asks you to sign in`), placeHolder: 'Pick a way to sign in', ignoreFocusOut: true },
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
        return { ...base, model: this.choices.model ?? base.model, permissionMode: this.choices.permissionMode ?? base.permissionMode };
      },
      permissionServer: () => this.permissionServer(),
      broker: this.prompts.queue,
      scripted: this.scripted,
      guard: () => (vscode.workspace.isTrusted ? undefined : untrusted()),
      trust: this.trust.gate(folder),
    });
    this.rememberAcrossReloads(folder, controller);
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
    const choice = await vscode.window.showWarningMessage(
      `Claude has sent nothing for ${Math.round(silentMs / 1000)} s and no tool is running: the API stream may have stalled.`,
      'Stop',
      'Retry',
    );
    if (!choice || !stillRunning()) return;
    if (choice === 'Stop') await controller.stop();
    else await controller.retry();
  }

  /** A window reload shows the same chat and continues the same Claude session (--resume). */
  private rememberAcrossReloads(folder: string, controller: ChatController): void {
    const key = `claudeChat.lastSession:${folder}`;
    const saved = this.state.get<string>(key);
    if (saved) {
      // Reading the CLI's transcript spawns nothing; a missing one just means a fresh chat.
      controller.openConversation(saved).catch((err: Error) => this.log.info(`[history] not restoring ${saved}: ${err.message}`));
    }
    controller.onStatus(() => {
      const id = controller.sessionId;
      if (this.state.get(key) !== id) void this.state.update(key, id);
    });
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

function untrusted(): ClaudeError {
  return new ClaudeError(
    'untrustedWorkspace',
    'Claude can edit files and run commands, so it only starts in a trusted workspace. Trust this folder (Manage Workspace Trust) to chat.',
    ['openSettings'],
  );
}
