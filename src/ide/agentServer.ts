import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isChatError } from '../core/errors';
import type { Logger } from '../core/logger';
import { bearerMatches, hostRefusal, plain, readJson, tokenDigest } from '../core/loopbackHttp';
import type { McpServerGrant } from '../core/mcpServerSpec';
import type { EditorPort } from './editorPort';
import { callTool, READ_ONLY_TOOLS, toolList, type ToolName } from './tools';

/** MCP versions we answer with; the client's own if we know it, else the newest we speak. */
const PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];

/** The name agents see the server by (`mcp__vscode__getDiagnostics` in a Claude-based agent). */
export const AGENT_SERVER_NAME = 'vscode';

interface RpcRequest {
  jsonrpc?: unknown;
  id?: string | number | null;
  method?: unknown;
  params?: { name?: unknown; arguments?: unknown; protocolVersion?: unknown };
}

/** One agent session's access: its route and token, revoked on dispose. */
export type AgentGrant = McpServerGrant;

/**
 * The editor's read-only tools (diagnostics, selection, open editors, workspace folders) for ACP
 * agents, which reach MCP servers by URL only (docs/protocol.md, "Editor tools for ACP agents"):
 * Streamable HTTP on 127.0.0.1, one route and bearer token per agent session, the same Host,
 * Origin and token rules as the permission server (src/core/loopbackHttp.ts). Stateless JSON
 * answers to POST (no SSE stream: none of these tools notifies), so there is no MCP session to
 * keep. Nothing here writes, opens or asks the user anything.
 */
export class AgentToolServer {
  private readonly http: Server;
  private readonly grants = new Map<string, Buffer>();
  private readonly inFlight = new Set<AbortController>();
  private portValue = 0;
  private disposing: Promise<void> | undefined;

  private constructor(
    private readonly editor: EditorPort,
    private readonly log: Logger,
  ) {
    this.http = createServer((req, res) => void this.onHttp(req, res));
  }

  static async start(editor: EditorPort, log: Logger): Promise<AgentToolServer> {
    const server = new AgentToolServer(editor, log);
    await new Promise<void>((resolve, reject) => {
      server.http.once('error', reject);
      server.http.listen(0, '127.0.0.1', () => {
        server.http.off('error', reject);
        resolve();
      });
    });
    server.portValue = (server.http.address() as AddressInfo).port;
    log.info(`agent tools listening on 127.0.0.1:${server.portValue}`);
    return server;
  }

  get port(): number {
    return this.portValue;
  }

  /** A route and token for one agent session: what its `session/new` names. */
  grant(): AgentGrant {
    if (this.disposing) throw new Error('The editor tool server is shut down.');
    const key = randomBytes(12).toString('base64url');
    const token = randomBytes(32).toString('base64url');
    this.grants.set(key, tokenDigest(token));
    return {
      server: { name: AGENT_SERVER_NAME, type: 'http', url: `http://127.0.0.1:${this.portValue}/mcp/${key}`, headers: { Authorization: `Bearer ${token}` } },
      dispose: () => void this.grants.delete(key),
    };
  }

  get grantCount(): number {
    return this.grants.size;
  }

  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      this.grants.clear();
      for (const a of this.inFlight) a.abort();
      this.http.closeAllConnections();
      await new Promise<void>((resolve) => this.http.close(() => resolve()));
    })();
    return this.disposing;
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const refused = hostRefusal(req, this.portValue);
      if (refused) return plain(res, 403, refused);
      const key = /^\/mcp\/([A-Za-z0-9_-]{1,64})$/.exec((req.url ?? '').split('?')[0])?.[1];
      const expected = key === undefined ? undefined : this.grants.get(key);
      // An unknown route and a wrong token look the same: routes cannot be probed.
      if (!expected || !bearerMatches(req, expected)) return plain(res, 401, 'Unauthorized');
      // Streamable HTTP without a server-to-client stream: GET (SSE) and DELETE (session end) are not offered.
      if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('Method not allowed');
      const body = await readJson(req);
      if (!body.ok) return plain(res, body.status, body.message);
      const batch = Array.isArray(body.value);
      const messages = (batch ? body.value : [body.value]) as RpcRequest[];
      const abort = new AbortController();
      this.inFlight.add(abort);
      res.on('close', () => abort.abort());
      try {
        const replies = (await Promise.all(messages.map((m) => this.answer(m, abort.signal)))).filter((r) => r !== undefined);
        // Only notifications (or responses): accepted, nothing to answer.
        if (replies.length === 0) return void res.writeHead(202).end();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(batch ? replies : replies[0]));
      } finally {
        this.inFlight.delete(abort);
      }
    } catch (err) {
      this.log.error(`agent tools request failed: ${(err as Error).message}`);
      if (!res.headersSent) plain(res, 500, 'Internal error');
      else res.end();
    }
  }

  /** One JSON-RPC message's answer; undefined for a notification or a response. */
  private async answer(msg: RpcRequest, signal: AbortSignal): Promise<unknown> {
    if (typeof msg !== 'object' || msg === null || typeof msg.method !== 'string') return msg && typeof msg === 'object' && 'id' in msg && !('result' in msg || 'error' in msg) ? invalid(msg.id ?? null) : undefined;
    const id = msg.id;
    if (id === undefined || id === null) return undefined;
    const reply = (result: unknown) => ({ jsonrpc: '2.0', id, result });
    switch (msg.method) {
      case 'initialize': {
        const asked = typeof msg.params?.protocolVersion === 'string' ? msg.params.protocolVersion : '';
        return reply({ protocolVersion: PROTOCOL_VERSIONS.includes(asked) ? asked : PROTOCOL_VERSIONS[0], capabilities: { tools: { listChanged: false } }, serverInfo: { name: 'claude-chat-editor', version: '1.0.0' } });
      }
      case 'ping':
        return reply({});
      case 'tools/list':
        return reply({ tools: toolList(READ_ONLY_TOOLS) });
      case 'tools/call': {
        const name = typeof msg.params?.name === 'string' ? msg.params.name : '';
        if (!isReadOnlyTool(name)) return { jsonrpc: '2.0', id, error: { code: -32602, message: `Unknown tool: ${name}` } };
        try {
          return reply(await callTool(this.editor, name, msg.params?.arguments, signal));
        } catch (err) {
          const message = isChatError(err) ? err.message : `${name} failed: ${(err as Error).message}`;
          if (!isChatError(err)) this.log.warn(message);
          return reply({ content: [{ type: 'text', text: message }], isError: true });
        }
      }
      default:
        return { jsonrpc: '2.0', id, error: { code: -32601, message: `Method not found: ${msg.method}` } };
    }
  }
}

function isReadOnlyTool(name: string): name is ToolName {
  return (READ_ONLY_TOOLS as readonly string[]).includes(name);
}

function invalid(id: unknown): unknown {
  return { jsonrpc: '2.0', id, error: { code: -32600, message: 'Invalid request' } };
}
