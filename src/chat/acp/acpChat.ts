import type { AcpAgentSpec, AcpClient, AcpError, AcpFileSystem, AcpSession, AcpTerminals } from '../../acp';
import type { Disposable } from '../../core/emitter';
import { errorInfo, isChatError, type ChatError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { McpServerGrant } from '../../core/mcpServerSpec';
import type { PermissionBroker } from '../../core/permissions';
import type { ErrorInfo } from '../../shared/contract';
import { AcpChatMapper } from './acpToChatEvents';
import type { Chat, ChatSelector } from '../chat';
import { ChatBase } from '../chatBase';

export interface AcpChatDeps {
  folder: string;
  agent: AcpAgentSpec;
  logger: Logger;
  broker: PermissionBroker;
  fileSystem?: AcpFileSystem;
  terminals?: AcpTerminals;
  guard?: () => ChatError | undefined;
  /**
   * The editor's read-only tools as an MCP server for one agent session (src/ide/agentServer.ts),
   * asked only when the agent takes HTTP MCP servers; undefined when there is none (Restricted Mode).
   */
  editorTools?: () => Promise<McpServerGrant | undefined>;
  /** Asks the user how to sign in when the agent requires it; undefined means not now. */
  chooseAuthMethod?: (methods: { id: string; name: string; description?: string | null }[]) => Promise<string | undefined>;
}

/**
 * A folder's chat with an ACP agent. The agent starts on the first prompt; its updates go
 * through the same transcript and cards as Claude's. No `vscode` import.
 */
export class AcpChat extends ChatBase implements Chat {
  readonly backend: string;
  private client: AcpClient | undefined;
  private session: AcpSession | undefined;
  private sessionSub: Disposable | undefined;
  private mapper = new AcpChatMapper();
  private starting: Promise<AcpSession> | undefined;
  /** The current session's access to the editor tools; revoked with the session. */
  private editorGrant: McpServerGrant | undefined;

  constructor(private readonly deps: AcpChatDeps) {
    super({ state: 'none', folder: deps.folder, queued: 0, scripted: false, agent: deps.agent.name }, deps.logger);
    this.backend = deps.agent.name;
  }

  get pid(): number | undefined {
    return this.client?.pid;
  }

  get isBusy(): boolean {
    return this.session?.busy ?? false;
  }

  /** The agent's own modes and models; listed once it runs. */
  readonly modes = this.selector('mode');
  readonly models = this.selector('model');

  async send(text: string): Promise<unknown> {
    if (!this.admit(text, this.deps.guard)) return undefined;
    let session: AcpSession;
    try {
      session = await this.ensureSession();
    } catch (err) {
      this.setError(toInfo(err));
      this.updateStatus({ state: 'exited' });
      return undefined;
    }
    this.updateStatus({ state: 'running' });
    try {
      return await session.prompt(text);
    } catch (err) {
      this.setError(toInfo(err));
      return undefined;
    } finally {
      this.updateStatus({ state: session.error ? 'exited' : session.busy ? 'running' : 'idle' });
    }
  }

  async stop(): Promise<void> {
    if (!this.session?.busy) return;
    this.updateStatus({ state: 'stopping' });
    await this.session.cancel();
  }

  async newChat(): Promise<void> {
    await this.close();
    this.transcript.clear();
    this.mapper = new AcpChatMapper();
    this.setError(null);
    this.updateStatus({ state: 'none', sessionId: undefined, permissionMode: undefined });
    this.fireReset();
  }

  async dispose(): Promise<void> {
    await this.close();
    this.disposeEmitters();
  }

  private ensureSession(): Promise<AcpSession> {
    if (this.session && !this.session.error) return Promise.resolve(this.session);
    this.starting ??= (async () => {
      try {
        this.updateStatus({ state: 'starting' });
        if (!this.client || this.client.error) {
          await this.client?.dispose();
          // Loaded on first use, so activation does not pay for the ACP SDK.
          const { AcpClient } = await import('../../acp');
          this.client = await AcpClient.start({
            agent: { ...this.deps.agent, cwd: this.deps.agent.cwd ?? this.deps.folder },
            broker: this.deps.broker,
            fileSystem: this.deps.fileSystem,
            terminals: this.deps.terminals,
            logger: this.deps.logger,
          });
        }
        const session = await this.newSession(this.client);
        this.sessionSub?.dispose();
        this.sessionSub = session.onEvent((e) => {
          const events = this.mapper.map(e);
          if (events.length) this.emit(events);
          if (e.type === 'modeChanged') this.updateStatus({ permissionMode: e.modeId });
          if (e.type === 'error') {
            this.setError(toInfo(e.error));
            this.updateStatus({ state: 'exited' });
          }
          if (e.type === 'usage' && e.costUsd !== undefined) this.updateStatus({ costUsd: e.costUsd });
        });
        this.session = session;
        this.updateStatus({ permissionMode: session.modes?.currentId, model: session.models?.currentId });
        return session;
      } finally {
        this.starting = undefined;
      }
    })();
    return this.starting;
  }

  /** `session/new`; when the agent wants a sign-in first, offer its methods once and retry. */
  private async newSession(client: AcpClient): Promise<AcpSession> {
    this.editorGrant?.dispose();
    this.editorGrant = client.acceptsHttpMcp ? await this.deps.editorTools?.().catch(() => undefined) : undefined;
    const servers = this.editorGrant ? [this.editorGrant.server] : [];
    try {
      return await client.newSession(this.deps.folder, servers);
    } catch (err) {
      const methods = isChatError(err) && err.code === 'authRequired' ? (err as AcpError).authMethods : [];
      if (!methods.length || !this.deps.chooseAuthMethod) throw err;
      const method = await this.deps.chooseAuthMethod(methods);
      if (!method) throw err;
      await client.authenticate(method);
      return client.newSession(this.deps.folder, servers);
    }
  }

  private selector(what: 'mode' | 'model'): ChatSelector {
    return {
      remembered: false,
      list: () => {
        const list = what === 'mode' ? this.session?.modes : this.session?.models;
        if (!this.session) return Promise.resolve(undefined);
        return Promise.resolve({
          available: (list?.available ?? []).map((c) => ({ id: c.id, label: c.name, description: c.description ?? undefined })),
          currentId: list?.currentId,
        });
      },
      select: async (id) => {
        const session = this.session;
        if (!session) throw new Error(`${this.backend} is not running.`);
        if (what === 'mode') await session.setMode(id);
        else await session.setModel(id);
      },
    };
  }

  private async close(): Promise<void> {
    this.sessionSub?.dispose();
    this.sessionSub = undefined;
    this.session?.dispose();
    this.session = undefined;
    this.editorGrant?.dispose();
    this.editorGrant = undefined;
    const client = this.client;
    this.client = undefined;
    await client?.dispose();
  }
}

function toInfo(err: unknown): ErrorInfo {
  return errorInfo(err, 'agent');
}
