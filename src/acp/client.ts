import {
  client as clientApp,
  ndJsonStream,
  PROTOCOL_VERSION,
  RequestError,
  type AgentCapabilities,
  type AuthMethod,
  type ClientConnection,
  type Implementation,
  type McpServer,
  type SessionUpdate,
} from '@agentclientprotocol/sdk';
import type { Logger } from '../core/logger';
import type { McpServerSpec } from '../core/mcpServerSpec';
import { delay } from '../core/delay';
import { nullLogger, tagged } from '../core/logger';
import type { PermissionBroker } from '../core/permissions';
import { AgentProcess, type AcpAgentSpec } from './agentProcess';
import { AcpError, agentExited, RPC, rpcCode, rpcMessage } from './errors';
import { nodeFileSystem, type AcpFileSystem } from './fileSystem';
import { AcpSession, type SessionHost } from './session';
import { NodeTerminals, type AcpTerminals } from './terminals';

export interface AcpClientOptions {
  agent: AcpAgentSpec;
  broker: PermissionBroker;
  /** Where `fs/*` requests go; plain disk when omitted. */
  fileSystem?: AcpFileSystem;
  /** Where `terminal/*` requests go; child processes when omitted. */
  terminals?: AcpTerminals;
  logger?: Logger;
  clientInfo?: Implementation;
  /** How long `initialize` may take, ms. */
  initializeTimeoutMs?: number;
}

const MAX_EARLY_UPDATES = 200;

/**
 * A client for one ACP agent process over stdio, on the official SDK: spawns the agent,
 * initializes it, creates sessions and serves the agent's requests (permissions, files,
 * terminals). When the agent exits every open session reports an `agentExited` error.
 */
export class AcpClient {
  private readonly sessions = new Map<string, AcpSession>();
  /** Updates for a session id we haven't registered yet (they can race the session/new reply). */
  private readonly early = new Map<string, SessionUpdate[]>();
  private exitError: AcpError | undefined;
  private disposed = false;
  private init: { protocolVersion: number; agentCapabilities: AgentCapabilities; authMethods: AuthMethod[]; agentInfo?: Implementation } | undefined;
  readonly fileSystem: AcpFileSystem;
  readonly terminals: AcpTerminals;
  private readonly log: Logger;
  private readonly connection: ClientConnection;
  private readonly host: SessionHost;

  private constructor(
    private readonly options: AcpClientOptions,
    readonly process: AgentProcess,
  ) {
    this.log = options.logger ?? nullLogger;
    this.fileSystem = options.fileSystem ?? nodeFileSystem;
    this.terminals = options.terminals ?? new NodeTerminals(tagged(this.log, 'terminal'));
    const { output, input } = process.streams();
    this.connection = this.buildApp().connect(ndJsonStream(output, input));
    const connection = this.connection;
    this.host = {
      agent: connection.agent,
      get closed() {
        return connection.signal.aborted;
      },
      broker: options.broker,
      log: this.log,
      translate: (err, what) => this.translate(err, what),
      releaseSession: (id) => {
        this.sessions.delete(id);
        this.terminals.disposeAll(id);
      },
    };
    void process.exited.then((exit) => {
      this.exitError = this.disposed
        ? new AcpError('disposed', `The agent "${options.agent.name}" was stopped.`, [])
        : process.startError() ?? agentExited(options.agent.name, exit.code, exit.signal, process.stderr);
      this.connection.close(this.exitError);
      this.terminals.disposeAll();
      for (const s of this.sessions.values()) s.fail(this.exitError);
    });
  }

  /** Spawns the agent and runs `initialize`; refuses agents older than protocol version 1. */
  static async start(options: AcpClientOptions): Promise<AcpClient> {
    const log = options.logger ?? nullLogger;
    const client = new AcpClient(options, new AgentProcess(options.agent, log));
    try {
      await client.initialize(options.initializeTimeoutMs ?? 60_000);
      return client;
    } catch (err) {
      await client.dispose();
      throw err;
    }
  }

  get protocolVersion(): number | undefined {
    return this.init?.protocolVersion;
  }

  get agentCapabilities(): AgentCapabilities | undefined {
    return this.init?.agentCapabilities;
  }

  get agentInfo(): Implementation | undefined {
    return this.init?.agentInfo;
  }

  /** The ways the agent can authenticate; call `authenticate(id)` after an `authRequired` error. */
  get authMethods(): AuthMethod[] {
    return this.init?.authMethods ?? [];
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Set once the agent is gone. */
  get error(): AcpError | undefined {
    return this.exitError;
  }

  async authenticate(methodId: string): Promise<void> {
    try {
      await this.connection.agent.request('authenticate', { methodId });
    } catch (err) {
      throw await this.translate(err, `Authentication with "${methodId}" failed`);
    }
  }

  /** Whether the agent takes MCP servers over Streamable HTTP in `session/new` (its `mcpCapabilities.http`). */
  get acceptsHttpMcp(): boolean {
    return this.init?.agentCapabilities.mcpCapabilities?.http === true;
  }

  /**
   * `session/new` in `cwd` (absolute), with our MCP servers the agent can reach (HTTP ones, when
   * it says it takes them). Throws `AcpError('authRequired')` with `authMethods` when the agent
   * wants a login first.
   */
  async newSession(cwd: string, servers: readonly McpServerSpec[] = []): Promise<AcpSession> {
    if (this.exitError) throw this.exitError;
    const mcpServers: McpServer[] = servers
      .filter((s) => s.type === 'http' && this.acceptsHttpMcp)
      .map((s) => ({ type: 'http', name: s.name, url: s.url, headers: Object.entries(s.headers).map(([name, value]) => ({ name, value })) }));
    let res;
    try {
      res = await this.connection.agent.request('session/new', { cwd, mcpServers });
    } catch (err) {
      throw await this.translate(err, 'Could not start a session');
    }
    const session = new AcpSession(res.sessionId, cwd, res, this.host);
    this.sessions.set(res.sessionId, session);
    for (const u of this.early.get(res.sessionId) ?? []) session.handleUpdate(u);
    this.early.delete(res.sessionId);
    return session;
  }

  /** Kills the agent's whole process tree and every terminal; open sessions report `disposed`. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.connection.close(new AcpError('disposed', 'The agent was stopped.', []));
    this.terminals.disposeAll();
    await this.process.kill();
  }

  private async initialize(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const res = await Promise.race([
        this.connection.agent.request('initialize', {
          protocolVersion: PROTOCOL_VERSION,
          clientCapabilities: { fs: { readTextFile: true, writeTextFile: true }, terminal: true },
          clientInfo: this.options.clientInfo ?? { name: 'claude-chat', version: '0.1.0' },
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new AcpError('startFailed', `The agent "${this.options.agent.name}" did not answer initialize within ${Math.round(timeoutMs / 1000)} s.`, ['showLogs', 'retry'])), timeoutMs);
        }),
      ]);
      if (typeof res.protocolVersion !== 'number' || res.protocolVersion < 1) {
        throw new AcpError(
          'unsupportedVersion',
          `The agent "${this.options.agent.name}" speaks ACP protocol version ${String(res.protocolVersion)}, an unsupported version; version 1 or newer is required. Update the agent.`,
          ['openSettings', 'showLogs'],
        );
      }
      this.init = {
        protocolVersion: res.protocolVersion,
        agentCapabilities: res.agentCapabilities ?? {},
        authMethods: res.authMethods ?? [],
        agentInfo: res.agentInfo ?? undefined,
      };
      this.log.info(`initialized ${res.agentInfo?.name ?? this.options.agent.name} ${res.agentInfo?.version ?? ''} (protocol ${res.protocolVersion})`);
    } catch (err) {
      if (err instanceof AcpError) throw err;
      throw await this.translate(err, 'initialize failed');
    } finally {
      clearTimeout(timer);
    }
  }

  /** A failed request as a typed error. A closed connection means the agent is (about to be) gone: wait briefly for its exit status. */
  private async translate(err: unknown, what: string): Promise<AcpError> {
    if (err instanceof AcpError) return err;
    if (this.exitError) return this.exitError;
    if (this.connection.signal.aborted || this.process.exit) {
      const exit = await Promise.race([this.process.exited, delay(2000)]);
      if (this.exitError) return this.exitError;
      if (exit) return this.process.startError() ?? agentExited(this.options.agent.name, exit.code, exit.signal, this.process.stderr);
    }
    if (rpcCode(err) === RPC.authRequired) {
      return new AcpError('authRequired', `The agent "${this.options.agent.name}" needs you to sign in: ${rpcMessage(err)}`, ['showLogs'], undefined, this.authMethods);
    }
    return new AcpError('agent', `${what}: ${rpcMessage(err)}`, ['showLogs', 'retry']);
  }

  private buildApp() {
    return clientApp({ name: 'claude-chat' })
      .onNotification('session/update', ({ params }) => {
        const session = this.sessions.get(params.sessionId);
        if (session) return session.handleUpdate(params.update);
        const queue = this.early.get(params.sessionId) ?? [];
        if (queue.length < MAX_EARLY_UPDATES) queue.push(params.update);
        this.early.set(params.sessionId, queue);
      })
      .onRequest('session/request_permission', ({ params, signal }) => {
        const session = this.sessions.get(params.sessionId);
        if (!session) return { outcome: { outcome: 'cancelled' as const } };
        return session.requestPermission(params, signal);
      })
      .onRequest('fs/read_text_file', async ({ params }) => {
        this.sessionOrThrow(params.sessionId);
        const content = await fsCall(() => this.fileSystem.readTextFile({ sessionId: params.sessionId, path: params.path, line: params.line ?? undefined, limit: params.limit ?? undefined }), params.path);
        return { content };
      })
      .onRequest('fs/write_text_file', async ({ params }) => {
        this.sessionOrThrow(params.sessionId);
        await fsCall(() => this.fileSystem.writeTextFile({ sessionId: params.sessionId, path: params.path, content: params.content }), params.path);
        return {};
      })
      .onRequest('terminal/create', async ({ params }) => {
        const session = this.sessionOrThrow(params.sessionId);
        const env: Record<string, string> = {};
        for (const v of params.env ?? []) env[v.name] = v.value;
        const terminalId = await this.terminals.create({
          sessionId: params.sessionId,
          command: params.command,
          args: params.args ?? [],
          env,
          cwd: params.cwd ?? session.cwd,
          outputByteLimit: params.outputByteLimit ?? undefined,
        });
        return { terminalId };
      })
      .onRequest('terminal/output', async ({ params }) => {
        const o = await this.terminals.output(params.terminalId);
        return { output: o.output, truncated: o.truncated, exitStatus: o.exitStatus ?? null };
      })
      .onRequest('terminal/wait_for_exit', async ({ params }) => {
        const e = await this.terminals.waitForExit(params.terminalId);
        return { exitCode: e.exitCode, signal: e.signal };
      })
      .onRequest('terminal/kill', async ({ params }) => {
        await this.terminals.kill(params.terminalId);
        return {};
      })
      .onRequest('terminal/release', async ({ params }) => {
        await this.terminals.release(params.terminalId);
        return {};
      });
  }

  private sessionOrThrow(sessionId: string): AcpSession {
    const s = this.sessions.get(sessionId);
    if (!s) throw RequestError.sessionNotFound(sessionId);
    return s;
  }
}

async function fsCall<T>(fn: () => Promise<T>, path: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if ((err as NodeJS.ErrnoException)?.code === 'ENOENT') throw RequestError.resourceNotFound(path);
    throw RequestError.internalError(undefined, err instanceof Error ? err.message : String(err));
  }
}
