import * as vscode from 'vscode';
import { ChatController } from '../chat/chatController';
import { ClaudeError } from '../claude/errors';
import { Emitter } from '../claude/emitter';
import type { Logger } from '../claude/logger';
import { tagged } from '../claude/logger';
import type { PermissionServer } from '../claude/permissionServer';
import { SessionRegistry } from '../claude/registry';
import { permissionTimeoutSeconds, readSettings } from './config';
import type { PermissionPrompts } from './permissionPrompts';
import type { Choices } from './pickers';

/**
 * The per-folder chat controllers and which one the panel shows. Controllers are created
 * lazily and the permission server starts with the first session: activation spawns nothing.
 */
export class ChatHub implements vscode.Disposable {
  private readonly registry: SessionRegistry<ChatController>;
  private server: Promise<PermissionServer> | undefined;
  private activeKey: string | undefined;
  private readonly activeChanged = new Emitter<ChatController | undefined>();
  readonly onDidChangeActive = this.activeChanged.event;
  readonly scripted = process.env.CLAUDE_CHAT_SCRIPTED === '1';

  constructor(
    private readonly log: Logger,
    private readonly prompts: PermissionPrompts,
    private readonly state: vscode.Memento,
    private readonly choices: Choices,
  ) {
    this.registry = new SessionRegistry((folder) => this.create(folder));
    if (this.scripted) log.warn('CLAUDE_CHAT_SCRIPTED=1: answers come from the scripted test model, not from Claude.');
  }

  /** The panel's controller: the chosen folder, else the only or first folder. */
  active(): ChatController | undefined {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) return undefined;
    const key = this.activeKey && folders.some((f) => f.uri.fsPath === this.activeKey) ? this.activeKey : folders[0].uri.fsPath;
    return this.registry.get(key);
  }

  all(): ChatController[] {
    return this.registry.values();
  }

  async selectFolder(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length < 2) {
      void vscode.window.showInformationMessage('Claude chats per folder: this workspace has only one folder.');
      return;
    }
    const pick = await vscode.window.showQuickPick(
      folders.map((f) => ({ label: f.name, description: f.uri.fsPath, key: f.uri.fsPath })),
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

  private create(folder: string): ChatController {
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
      guard: () =>
        vscode.workspace.isTrusted
          ? undefined
          : new ClaudeError('untrustedWorkspace', 'Claude can edit files and run commands, so it only starts in a trusted workspace. Trust this folder (Manage Workspace Trust) to chat.', ['openSettings']),
    });
    this.rememberAcrossReloads(folder, controller);
    return controller;
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
