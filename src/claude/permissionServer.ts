import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import * as z from 'zod';
import type { Disposable } from '../core/emitter';
import type { Logger } from '../core/logger';
import { bearerMatches, hostRefusal, plain, readJson, tokenDigest } from '../core/loopbackHttp';
import { redact, tagged } from '../core/logger';
import { PendingRequests, type PermissionProgress } from '../core/pendingRequests';
import { isPermissionCancelled, PermissionCancelled, summarizeToolRequest, type PermissionBroker } from '../core/permissions';
import { buildReply, toolResultFor, type PermissionReply } from './permissionReply';
import { claudeConfigDir } from './paths';
import { withPlanText } from './planSource';
import type { PermissionWiring } from './session';

export const PROMPT_TOOL = 'approve';

export interface PermissionServerOptions {
  logger: Logger;
  /** MCP server name in the CLI's config (default: random per instance); the prompt tool becomes `mcp__<name>__approve`. */
  serverName?: string;
  /** How often a pending prompt sends `notifications/progress` (the CLI's idle watchdog allows 300 s). */
  progressIntervalMs?: number;
  /** Deny a prompt nobody answers after this long; 0 waits forever. Read per prompt, so a setting can change it. */
  timeoutSeconds?: number | (() => number);
}

interface Registration {
  sessionKey: string;
  token: string;
  tokenDigest: Buffer;
  broker: PermissionBroker;
  cwd: string;
  progress?: (e: PermissionProgress) => void;
  toolInput?: (toolUseId: string) => Record<string, unknown> | undefined;
  plansDir?: () => string;
}

/** What a chat registers with the permission server besides its broker. */
export interface RegistrationOptions {
  cwd: string;
  progress?: (e: PermissionProgress) => void;
  /** The tool call's input as the model sent it (the session saw it on the stream): a plan's last source. */
  toolInput?: (toolUseId: string) => Record<string, unknown> | undefined;
  /** The CLI's plans folder for this chat's environment: the only place a plan file is read from. */
  plansDir?: () => string;
}

interface McpConnection {
  sessionKey: string;
  transport: StreamableHTTPServerTransport;
  mcp: McpServer;
}

/** What a chat needs from the permission server; narrow, so a test or the bench can stand in for it. */
export interface SessionPermissions {
  /** Our server's name in the CLI's MCP list (so the panel can list only the user's servers). */
  readonly serverName: string;
  registerSession(sessionKey: string, broker: PermissionBroker, opts: RegistrationOptions): Disposable;
  /** What the CLI is started with; undefined runs it without our permission tool. */
  wiringFor(sessionKey: string): PermissionWiring | undefined;
  settleAll(sessionKey: string, reason?: string): void;
}

/**
 * The permission prompt tool, served to each `claude` process over Streamable HTTP on
 * 127.0.0.1. Each chat session gets its own route `/mcp/<sessionKey>` and its own bearer
 * token. Requests are checked in this order: Host/Origin (403), then the token for that
 * route (401; an unknown key also gets 401, so keys can't be probed), and only then the MCP layer.
 */
export class PermissionServer implements SessionPermissions {
  readonly serverName: string;
  private readonly log: Logger;
  private readonly http: Server;
  private readonly sessions = new Map<string, Registration>();
  private readonly connections = new Map<string, McpConnection>();
  /** Every prompt in flight; they settle only through here. */
  private readonly pending = new PendingRequests();
  /** The prompt of each tools/call in flight, by MCP session + JSON-RPC id. */
  private readonly calls = new Map<string, string>();
  private portValue = 0;
  private disposed = false;

  constructor(private readonly opts: PermissionServerOptions) {
    // Random per extension host: the user's own MCP servers now load next to ours (no
    // --strict-mcp-config), and none of them may be able to answer our permission prompts.
    this.serverName = opts.serverName ?? `claude_chat_${randomBytes(6).toString('hex')}`;
    this.log = tagged(opts.logger, 'permissions');
    this.http = createServer((req, res) => void this.onHttp(req, res));
  }

  /** Listens on 127.0.0.1 on an ephemeral port. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(0, '127.0.0.1', () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.portValue = (this.http.address() as AddressInfo).port;
    this.log.info(`listening on 127.0.0.1:${this.portValue}`);
  }

  get address(): AddressInfo | undefined {
    const a = this.http.address();
    return a && typeof a === 'object' ? a : undefined;
  }

  get port(): number {
    return this.portValue;
  }

  get isListening(): boolean {
    return this.http.listening && !this.disposed;
  }

  /** Routes prompts for `sessionKey` to `broker`, under a fresh token; `progress` follows them for the tool cards. Disposing unregisters. */
  registerSession(sessionKey: string, broker: PermissionBroker, opts: RegistrationOptions): Disposable {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(sessionKey)) throw new Error(`Invalid permission session key "${sessionKey}".`);
    if (this.sessions.has(sessionKey)) this.unregister(sessionKey);
    const token = randomBytes(32).toString('base64url');
    const reg: Registration = { sessionKey, token, tokenDigest: tokenDigest(token), broker, cwd: opts.cwd, progress: opts.progress, toolInput: opts.toolInput, plansDir: opts.plansDir };
    this.sessions.set(sessionKey, reg);
    return { dispose: () => this.sessions.get(sessionKey) === reg && this.unregister(sessionKey) };
  }

  /** What `ClaudeSession` passes to the CLI. Throws if the session isn't registered or the server isn't up. */
  wiringFor(sessionKey: string): PermissionWiring {
    const reg = this.sessions.get(sessionKey);
    if (!reg) throw new Error(`No permission session "${sessionKey}" is registered.`);
    if (!this.isListening) throw new Error('The permission server is not running.');
    const config = {
      mcpServers: {
        [this.serverName]: {
          type: 'http',
          url: `http://127.0.0.1:${this.portValue}/mcp/${sessionKey}`,
          headers: { Authorization: `Bearer ${reg.token}` },
        },
      },
    };
    return { mcpConfigJson: JSON.stringify(config), promptTool: `mcp__${this.serverName}__${PROMPT_TOOL}`, serverName: this.serverName };
  }

  /** Settles the session's pending prompts as deny, closes its MCP connections and revokes its token. */
  unregister(sessionKey: string, reason = 'The chat session ended.'): void {
    const reg = this.sessions.get(sessionKey);
    if (!reg) return;
    this.settle(reg, new PermissionCancelled('sessionEnded', reason));
    this.sessions.delete(sessionKey);
    for (const [id, c] of this.connections) {
      if (c.sessionKey !== sessionKey) continue;
      this.connections.delete(id);
      void c.mcp.close().catch(() => undefined);
    }
  }

  /** Settles every pending prompt of a session as deny, e.g. when its process exits. */
  settleAll(sessionKey: string, reason = 'The Claude process ended.'): void {
    const reg = this.sessions.get(sessionKey);
    if (reg) this.settle(reg, new PermissionCancelled('sessionEnded', reason));
  }

  pendingCount(sessionKey?: string): number {
    return this.pending.count(sessionKey);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const reg of this.sessions.values()) this.settle(reg, new PermissionCancelled('serverDisposed', 'The extension is shutting down.'));
    this.sessions.clear();
    await Promise.all([...this.connections.values()].map((c) => c.mcp.close().catch(() => undefined)));
    this.connections.clear();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private settle(reg: Registration, reason: PermissionCancelled): void {
    this.pending.cancelSession(reg.sessionKey, reason);
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const reg = this.admit(req, res);
      if (!reg) return;
      await this.route(reg, req, res);
    } catch (err) {
      this.log.error(`request failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      if (!res.headersSent) plain(res, 500, 'Internal error');
      else res.end();
    }
  }

  /** Host, Origin and token checks; answers and returns undefined when the request is refused. */
  private admit(req: IncomingMessage, res: ServerResponse): Registration | undefined {
    // A page that rebinds DNS to 127.0.0.1 still sends its own Host / Origin.
    const refused = hostRefusal(req, this.portValue);
    if (refused) return void plain(res, 403, refused);
    const key = /^\/mcp\/([A-Za-z0-9_-]{1,128})$/.exec((req.url ?? '').split('?')[0])?.[1];
    const reg = key === undefined ? undefined : this.sessions.get(key);
    if (!reg || !bearerMatches(req, reg.tokenDigest)) {
      this.log.debug(`refused ${req.method} ${key ? '/mcp/<key>' : req.url}: ${reg ? 'bad token' : 'unknown route'}`);
      return void plain(res, 401, 'Unauthorized');
    }
    return reg;
  }

  private async route(reg: Registration, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const mcpSessionId = header(req, 'mcp-session-id');
    let body: unknown;
    if (req.method === 'POST') {
      const parsed = await readJson(req);
      if (!parsed.ok) return plain(res, parsed.status, parsed.message);
      body = parsed.value;
    }
    let conn: McpConnection | undefined;
    if (mcpSessionId !== undefined) {
      conn = this.connections.get(mcpSessionId);
      if (!conn || conn.sessionKey !== reg.sessionKey) return jsonRpcError(res, 404, 'Session not found');
    } else if (req.method === 'POST') {
      conn = await this.connect(reg);
    } else {
      return jsonRpcError(res, 400, 'Missing mcp-session-id');
    }
    this.watchDisconnect(res, conn, body);
    await conn.transport.handleRequest(req, res, body);
  }

  /** A new MCP session (one per `claude` process connection). The transport rejects non-initialize requests. */
  private async connect(reg: Registration): Promise<McpConnection> {
    const mcp = this.createMcp(reg.sessionKey);
    const conn: McpConnection = {
      sessionKey: reg.sessionKey,
      mcp,
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void this.connections.set(id, conn),
        onsessionclosed: (id) => void this.connections.delete(id),
      }),
    };
    conn.transport.onclose = () => {
      const id = conn.transport.sessionId;
      if (id && this.connections.get(id) === conn) this.connections.delete(id);
    };
    await mcp.connect(conn.transport);
    return conn;
  }

  /**
   * The SDK doesn't abort a handler when its SSE response drops (e.g. the CLI was killed),
   * so a dropped tools/call response withdraws its prompt here.
   */
  private watchDisconnect(res: ServerResponse, conn: McpConnection, body: unknown): void {
    const ids = (Array.isArray(body) ? body : [body])
      .filter((m): m is { id: string | number; method: string } => !!m && typeof m === 'object' && 'id' in m && (m as { method?: unknown }).method === 'tools/call')
      .map((m) => m.id);
    if (ids.length === 0) return;
    res.on('close', () => {
      if (res.writableFinished) return;
      const reason = new PermissionCancelled('disconnected', 'Claude disconnected before the permission prompt was answered.');
      for (const id of ids) {
        const prompt = this.calls.get(callKey(conn, id));
        if (prompt) this.pending.cancel(prompt, reason);
      }
    });
  }

  private createMcp(sessionKey: string): McpServer {
    const mcp = new McpServer({ name: 'claude-chat-permissions', version: '1.0.0' }, { capabilities: { tools: {} } });
    mcp.registerTool(
      PROMPT_TOOL,
      {
        description: 'Asks the user in VS Code whether Claude may use a tool.',
        inputSchema: { tool_name: z.string(), input: z.record(z.string(), z.unknown()), tool_use_id: z.string().optional() },
      },
      async (args, extra) => {
        const reply = await this.ask(sessionKey, args, {
          signal: extra.signal,
          progressToken: extra._meta?.progressToken,
          sendProgress: (n, token) =>
            extra.sendNotification({
              method: 'notifications/progress',
              params: { progressToken: token, progress: n, message: 'Waiting for the user to answer the permission prompt' },
            }),
          callKey: extra.sessionId === undefined ? undefined : `${extra.sessionId}\u0000${String(extra.requestId)}`,
        });
        return toolResultFor(reply);
      },
    );
    return mcp;
  }

  private async ask(
    sessionKey: string,
    args: { tool_name: string; input: Record<string, unknown>; tool_use_id?: string },
    call: {
      signal: AbortSignal;
      progressToken?: string | number;
      sendProgress: (n: number, token: string | number) => Promise<void>;
      callKey?: string;
    },
  ): Promise<PermissionReply> {
    const reg = this.sessions.get(sessionKey);
    if (!reg) return { behavior: 'deny', message: 'This chat no longer accepts permission requests, so the tool was not run.' };
    const id = randomUUID();
    // The UI sees the plan wherever the CLI left it; the reply carries what the user approved.
    const plansDir = reg.plansDir?.() ?? join(claudeConfigDir(), 'plans');
    const input = withPlanText(args.tool_name, args.input, args.tool_use_id ? reg.toolInput?.(args.tool_use_id) : undefined, plansDir);
    const summary = summarizeToolRequest(args.tool_name, input, reg.cwd);
    // The tool name is enough at info; commands and paths can hold secrets, so only at debug.
    this.log.info(`prompt ${id.slice(0, 8)} (${sessionKey}): ${args.tool_name}`);
    this.log.debug(`prompt ${id.slice(0, 8)} summary: ${redact(summary)}`);

    let progressTimer: NodeJS.Timeout | undefined;
    if (call.progressToken !== undefined) {
      const token = call.progressToken;
      let n = 0;
      // Progress resets the CLI's idle watchdog (docs/protocol.md, "Permission prompts through our
      // MCP tool"), so a slow answer isn't aborted.
      progressTimer = setInterval(() => void call.sendProgress(++n, token).catch(() => undefined), this.opts.progressIntervalMs ?? 10_000);
    }
    const timeout = typeof this.opts.timeoutSeconds === 'function' ? this.opts.timeoutSeconds() : this.opts.timeoutSeconds ?? 0;
    if (call.callKey) this.calls.set(call.callKey, id);

    try {
      const decision = await this.pending.ask(
        reg.broker,
        { id, sessionKey, toolName: args.tool_name, input, toolUseId: args.tool_use_id, summary, cwd: reg.cwd, receivedAt: Date.now() },
        {
          upstream: call.signal,
          upstreamReason: () => new PermissionCancelled('interrupted', 'Claude withdrew the permission request (the turn was stopped).'),
          timeoutSeconds: timeout,
          progress: reg.progress,
        },
      );
      this.log.info(`prompt ${id.slice(0, 8)}: ${decision.kind}`);
      return buildReply(decision, args.tool_name, input, reg.cwd);
    } catch (err) {
      const message =
        isPermissionCancelled(err) ? err.message : `The permission prompt failed (${err instanceof Error ? err.message : String(err)}), so the tool was not run.`;
      this.log.info(`prompt ${id.slice(0, 8)}: denied (${isPermissionCancelled(err) ? err.reason : 'error'})`);
      return { behavior: 'deny', message };
    } finally {
      clearInterval(progressTimer);
      if (call.callKey) this.calls.delete(call.callKey);
    }
  }
}

function callKey(conn: McpConnection, id: string | number): string {
  return `${conn.transport.sessionId}\u0000${String(id)}`;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function jsonRpcError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}
