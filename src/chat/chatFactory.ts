import type { AgentFileSystem, AgentSpec, TerminalWatcher } from '../core/agentWorkspace';
import type { Logger } from '../core/logger';
import type { McpServerGrant, McpServerSpec } from '../core/mcpServerSpec';
import { tagged } from '../core/logger';
import type { PermissionBroker } from '../core/permissions';
import { NodeTerminals } from '../acp/terminals';
import { ClaudeError } from '../claude/errors';
import type { PermissionServer } from '../claude/permissionServer';
import { AcpChat } from './acp/acpChat';
import type { Chat } from './chat';
import type { ChatSettings, ProjectTrustGate } from './chatSettings';
import type { ChatSlot } from './chatSet';
import { ClaudeChat } from './claude/claudeChat';
import type { DiagnosticsSource } from './turnProblems';

/**
 * Builds a folder's chats: a Claude CLI chat, or an ACP agent's when the slot asks for one, and
 * the one permission server every Claude chat of the window shares (started on first use). The
 * one place above the backends that imports them: the editor (src/vscode) passes in what only it
 * can do (settings, prompts, trust, terminals) and gets back a `Chat`.
 */
export interface ChatFactoryDeps {
  logger: Logger;
  broker: PermissionBroker;
  scripted: boolean;
  /** The folder's settings, read afresh at every spawn. */
  settings: (folder: string) => ChatSettings;
  permissionTimeoutSeconds: () => number;
  /** Our MCP servers besides the permission server for a chat's process: the window's IDE server when it runs (src/vscode/ideServer.ts). */
  mcpServers?: () => Promise<readonly McpServerSpec[]>;
  /** The editor's read-only tools for one ACP agent session (src/ide/agentServer.ts); undefined when there are none. */
  agentEditorTools?: () => Promise<McpServerGrant | undefined>;
  /** The editor's diagnostics, for the problems a turn's edits brought (src/chat/turnProblems.ts). */
  diagnostics?: DiagnosticsSource;
  /** The message that refuses to start a chat (Restricted Mode), or undefined when it may start. */
  refusal: () => string | undefined;
  trust: (folder: string) => ProjectTrustGate;
  /** A running turn sent nothing for a while (`stalled`), or sent again after such a report: the user may stop or retry it. */
  onStall: (chat: StalledChat, stalled: boolean, silentMs: number) => void;
  agents: {
    fileSystem: AgentFileSystem;
    terminalView: (agent: AgentSpec) => TerminalWatcher;
    chooseAuthMethod: (agent: AgentSpec, methods: { id: string; name: string; description?: string | null }[]) => Promise<string | undefined>;
  };
}

/** What a stall notice can do with the chat whose turn went quiet. */
export interface StalledChat {
  readonly isBusy: boolean;
  stop(): Promise<void>;
  retry(): Promise<unknown>;
}

export class ChatFactory {
  private server: Promise<PermissionServer> | undefined;

  constructor(private readonly deps: ChatFactoryDeps) {}

  /** A chat of `folder` in `slot`: run by `agent` when given, else by the Claude CLI. */
  create(folder: string, slot: ChatSlot, agent: AgentSpec | undefined): Chat {
    const { deps } = this;
    const guard = () => {
      const refusal = deps.refusal();
      return refusal === undefined ? undefined : new ClaudeError('untrustedWorkspace', refusal, ['openSettings']);
    };
    if (agent) {
      return new AcpChat({
        folder,
        agent,
        logger: tagged(deps.logger, `acp ${agent.name}`),
        broker: deps.broker,
        fileSystem: deps.agents.fileSystem,
        terminals: new NodeTerminals(tagged(deps.logger, `acp ${agent.name} terminal`), deps.agents.terminalView(agent)),
        guard,
        chooseAuthMethod: (methods) => deps.agents.chooseAuthMethod(agent, methods),
        editorTools: deps.agentEditorTools,
      });
    }
    const chat = new ClaudeChat({
      folder,
      logger: deps.logger,
      settings: () => deps.settings(folder),
      permissionServer: () => this.permissionServer(),
      mcpServers: deps.mcpServers,
      broker: deps.broker,
      scripted: deps.scripted,
      guard,
      beforeSpawn: slot.beforeSpawn,
      trust: deps.trust(folder),
      diagnostics: deps.diagnostics,
    });
    chat.onStall(({ stalled, silentMs }) => deps.onStall(chat, stalled, silentMs));
    return chat;
  }

  /** Stops the permission server (the chats are disposed by their sets). */
  async dispose(): Promise<void> {
    const server = await this.server?.catch(() => undefined);
    await server?.dispose();
  }

  private permissionServer(): Promise<PermissionServer> {
    this.server ??= (async () => {
      // Loaded on first use: the MCP SDK is most of the bundle and activation needs none of it.
      const { PermissionServer } = await import('../claude/permissionServer');
      const server = new PermissionServer({ logger: this.deps.logger, timeoutSeconds: this.deps.permissionTimeoutSeconds });
      await server.start();
      return server;
    })();
    this.server.catch(() => (this.server = undefined));
    return this.server;
  }
}

/*
 * What the editor asks the Claude backend outside a chat: the folder's own settings and their
 * trust (the trust modal, the MCP list), the CLI for "Log In", and the permission config files of
 * hosts that died. Passed through here so that src/vscode imports no backend.
 */
export { resolveCliPath } from '../claude/resolveCli';
export { sweepStaleMcpConfigs } from '../claude/mcpConfigFile';
export { isTrusted, readProjectConfig, settingSourcesFor, type ProjectConfig, type TrustMemory } from '../claude/projectTrust';
export { describeConfig } from '../claude/trustDetail';
export { editRules, readRules, settingsPath } from '../claude/settingsFiles';
