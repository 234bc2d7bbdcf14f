import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { McpServerGrant } from '../core/mcpServerSpec';
import type { AgentToolServer } from '../ide/agentServer';
import type { IdeServer } from '../ide/server';
import { COMMANDS } from './constants';
import { VscodeEditorPort } from './ideEditor';

/** The variable the CLI reads to pick this window's lock file (docs/protocol.md, "The IDE integration"). */
export const SSE_PORT_VAR = 'CLAUDE_CODE_SSE_PORT';

/**
 * Wires the IDE server (src/ide) into the window. Nothing starts at activation and nothing in
 * Restricted Mode: the server (and its bundle, dist/ide.js) loads on the first need, a terminal
 * opening (or one already open) in a trusted window, or a caller's `ensureStarted()`. From then
 * on new integrated terminals get CLAUDE_CODE_SSE_PORT, so `claude` there connects; a terminal
 * opened before that still finds the window through `/ide` (the lock file names its folders).
 */
export class IdeIntegration implements vscode.Disposable {
  private server: IdeServer | undefined;
  private starting: Promise<IdeServer | undefined> | undefined;
  private editor: VscodeEditorPort | undefined;
  private agentTools: Promise<AgentToolServer | undefined> | undefined;
  private readonly subs: vscode.Disposable[] = [];
  private readonly item = vscode.window.createStatusBarItem('claudeChat.ide', vscode.StatusBarAlignment.Right, 99);
  private disposed = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
  ) {
    this.item.name = vscode.l10n.t('Claude in the terminal');
    // A port from an earlier window must not reach terminals restored after a reload.
    context.environmentVariableCollection.persistent = false;
    const reg = (id: string, run: () => unknown) => this.subs.push(vscode.commands.registerCommand(id, run));
    reg(COMMANDS.acceptIdeDiff, () => this.editor?.answerActive(true));
    reg(COMMANDS.rejectIdeDiff, () => this.editor?.answerActive(false));
    if (vscode.workspace.isTrusted) this.watchForNeed();
    else this.subs.push(vscode.workspace.onDidGrantWorkspaceTrust(() => this.watchForNeed()));
  }

  private watchForNeed(): void {
    if (this.disposed) return;
    if (vscode.window.terminals.length > 0) {
      void this.ensureStarted();
      return;
    }
    const sub = vscode.window.onDidOpenTerminal(() => {
      sub.dispose();
      void this.ensureStarted();
    });
    this.subs.push(sub);
  }

  /** The running server, started if need be; undefined in Restricted Mode or when it failed to start. */
  ensureStarted(): Promise<IdeServer | undefined> {
    if (!vscode.workspace.isTrusted || this.disposed) return Promise.resolve(undefined);
    this.starting ??= this.start().catch((err: Error) => {
      this.log.error(`could not start the IDE server: ${err.message}`);
      this.starting = undefined;
      return undefined;
    });
    return this.starting;
  }

  /**
   * The editor's read-only tools for one ACP agent session (src/ide/agentServer.ts): a route and
   * token of their own on the window's agent tool server, started with the IDE server on first
   * need. Undefined in Restricted Mode or when either failed to start.
   */
  async agentGrant(): Promise<McpServerGrant | undefined> {
    if (!(await this.ensureStarted())) return undefined;
    const editor = this.editor;
    if (!editor || this.disposed) return undefined;
    this.agentTools ??= (async () => {
      const { AgentToolServer } = await import('../ide');
      const server = await AgentToolServer.start(editor, this.log);
      if (this.disposed) {
        await server.dispose();
        return undefined;
      }
      return server;
    })().catch((err: Error) => {
      this.log.error(`could not start the agents' editor tools: ${err.message}`);
      this.agentTools = undefined;
      return undefined;
    });
    return (await this.agentTools)?.grant();
  }

  private async start(): Promise<IdeServer | undefined> {
    const { IdeServer } = await import('../ide');
    const storage = this.context.storageUri ?? this.context.globalStorageUri;
    const editor = new VscodeEditorPort(storage);
    const server = await IdeServer.start({ editor, ideName: vscode.env.appName, log: this.log });
    if (this.disposed) {
      editor.dispose();
      await server.dispose();
      return undefined;
    }
    this.editor = editor;
    this.server = server;
    const env = this.context.environmentVariableCollection;
    env.description = vscode.l10n.t('Lets `claude` in this terminal connect to this window (diagnostics, selection, diffs).');
    env.replace(SSE_PORT_VAR, String(server.port));
    this.subs.push(
      editor,
      vscode.window.onDidChangeTextEditorSelection(() => server.selectionChanged(editor.currentSelection())),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void server.updateWorkspaceFolders()),
      server.onDidChangeConnections((n) => this.render(n)),
    );
    this.render(server.sessionCount);
    return server;
  }

  /** The port new integrated terminals get in CLAUDE_CODE_SSE_PORT; undefined while they get none. */
  get terminalPort(): string | undefined {
    return this.context.environmentVariableCollection.get(SSE_PORT_VAR)?.value;
  }

  /** Interactive `claude` sessions connected now (a terminal's; a chat's process is not one). */
  get terminalSessions(): number {
    return this.server?.sessionCount ?? 0;
  }

  /** "Add Selection to Claude" into every terminal session's prompt (0-based lines); how many got it. */
  mentionInTerminals(filePath: string, lineStart: number, lineEnd: number): number {
    return this.server?.atMentioned(filePath, lineStart, lineEnd) ?? 0;
  }

  private render(count: number): void {
    if (count === 0) {
      this.item.hide();
      return;
    }
    const label = count === 1 ? vscode.l10n.t('Claude: 1 terminal session') : vscode.l10n.t('Claude: {0} terminal sessions', count);
    this.item.text = `$(terminal) ${label}`;
    this.item.accessibilityInformation = { label, role: 'button' };
    this.item.tooltip = vscode.l10n.t('Claude Code sessions connected to this window: they see its diagnostics and selection.');
    this.item.show();
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subs) s.dispose();
    this.item.dispose();
    this.context.environmentVariableCollection.clear();
    void this.server?.dispose();
    this.server = undefined;
    void this.agentTools?.then((s) => s?.dispose());
  }

  /** For deactivate: waits for the lock file to be gone and the agents' tool server closed. */
  async shutdown(): Promise<void> {
    const server = this.server;
    const agentTools = this.agentTools;
    this.dispose();
    await Promise.all([server?.dispose(), agentTools?.then((s) => s?.dispose())]);
  }
}
