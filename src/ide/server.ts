import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../core/logger';
import { refusal } from './auth';
import type { EditorPort, SelectionInfo } from './editorPort';
import { IdeError } from './errors';
import { ideLockDir, removeLockFile, sweepStaleLocks, writeLockFile } from './lockFile';
import { callTool, isToolName, toolList } from './tools';
import { isChatError } from '../core/errors';

export interface IdeServerOptions {
  editor: EditorPort;
  /** Shown by the CLI's `/ide` ("VS Code", "Cursor", …). */
  ideName: string;
  log: Logger;
  /** Where the lock file goes; default `ideLockDir()` (the CLI's config dir). */
  lockDir?: string;
  /** Written into the lock file; the CLI drops locks whose pid is dead. Default: this process. */
  pid?: number;
  /** Delay before a selection change is sent (the user is still dragging). */
  selectionDebounceMs?: number;
}

/** MCP versions we answer with; the CLI's own if we know it, else the newest we speak. */
const PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];

interface RpcMessage {
  jsonrpc?: string;
  id?: string | number | null;
  method?: string;
  params?: Record<string, unknown>;
}

/**
 * The IDE side of Claude Code for one window: a WebSocket MCP server on loopback that the CLI
 * finds through the lock file (docs/protocol.md, "The IDE integration"). Tools go to the
 * EditorPort; selection changes and "Add Selection" go out as notifications to every session.
 */
export class IdeServer {
  readonly authToken = randomBytes(32).toString('hex');
  private wss: WebSocketServer | undefined;
  private lockFile: string | undefined;
  private readonly sockets = new Map<WebSocket, { aborts: Set<AbortController>; session: boolean }>();
  private readonly listeners = new Set<(count: number) => void>();
  private selectionTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private disposing: Promise<void> | undefined;
  port = 0;

  private constructor(private readonly opts: IdeServerOptions) {}

  static async start(opts: IdeServerOptions): Promise<IdeServer> {
    const server = new IdeServer(opts);
    await server.listen();
    return server;
  }

  get lockPath(): string | undefined {
    return this.lockFile;
  }

  /** Open connections: interactive sessions and any other authenticated client (a chat's `claude -p`). */
  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Interactive sessions: connections that sent `ide_connected` (the CLI's TUI does; `claude -p` does not). */
  get sessionCount(): number {
    let n = 0;
    for (const s of this.sockets.values()) if (s.session) n++;
    return n;
  }

  /** Called with `sessionCount` whenever a connection opens, says `ide_connected`, or closes. */
  onDidChangeConnections(listener: (sessions: number) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private async listen(): Promise<void> {
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      // The CLI offers the `mcp` subprotocol and fails the handshake unless we pick it.
      handleProtocols: (offered) => (offered.has('mcp') ? 'mcp' : false),
      verifyClient: (info, done) => {
        const why = refusal(info.req, this.authToken);
        if (why) this.opts.log.warn(`refused a connection (${why})`);
        done(why === undefined, why === undefined ? undefined : 401, why === undefined ? undefined : 'Unauthorized');
      },
      maxPayload: 64 * 1024 * 1024,
    });
    this.wss = wss;
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    wss.on('error', (err) => this.opts.log.error(`server error: ${err.message}`));
    this.port = (wss.address() as AddressInfo).port;
    wss.on('connection', (ws) => this.accept(ws));
    const dir = this.opts.lockDir ?? ideLockDir();
    const swept = await sweepStaleLocks(dir);
    if (swept.length > 0) this.opts.log.info(`removed ${swept.length} stale lock file(s)`);
    this.lockFile = await writeLockFile(dir, this.port, {
      pid: this.opts.pid ?? process.pid,
      workspaceFolders: this.opts.editor.workspaceFolders().map((f) => f.path),
      ideName: this.opts.ideName,
      transport: 'ws',
      authToken: this.authToken,
      runningInWindows: process.platform === 'win32',
    });
    if (this.disposed) await removeLockFile(this.lockFile);
    this.opts.log.info(`listening on 127.0.0.1:${this.port}`);
  }

  /** Rewrites the lock file when the window's folders change (the CLI matches its cwd against them). */
  async updateWorkspaceFolders(): Promise<void> {
    if (!this.lockFile || this.disposed) return;
    this.lockFile = await writeLockFile(this.opts.lockDir ?? ideLockDir(), this.port, {
      pid: this.opts.pid ?? process.pid,
      workspaceFolders: this.opts.editor.workspaceFolders().map((f) => f.path),
      ideName: this.opts.ideName,
      transport: 'ws',
      authToken: this.authToken,
      runningInWindows: process.platform === 'win32',
    });
  }

  private accept(ws: WebSocket): void {
    const state = { aborts: new Set<AbortController>(), session: false };
    this.sockets.set(ws, state);
    this.changed();
    ws.on('message', (data) => void this.onMessage(ws, state, String(data)));
    ws.on('close', () => {
      for (const a of state.aborts) a.abort();
      this.sockets.delete(ws);
      this.changed();
    });
    ws.on('error', (err) => this.opts.log.warn(`connection error: ${err.message}`));
  }

  private changed(): void {
    const n = this.sessionCount;
    for (const l of this.listeners) l(n);
  }

  private async onMessage(ws: WebSocket, state: { aborts: Set<AbortController>; session: boolean }, raw: string): Promise<void> {
    let msg: RpcMessage;
    try {
      msg = JSON.parse(raw) as RpcMessage;
    } catch {
      this.send(ws, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    const id = msg.id;
    const isRequest = id !== undefined && id !== null;
    if (typeof msg.method !== 'string') return; // a response to nothing we asked
    if (!isRequest) {
      // Notifications: notifications/initialized, ide_connected {pid}, log_event; none needs an answer.
      if (msg.method === 'ide_connected' && !state.session) {
        state.session = true;
        this.changed();
      }
      return;
    }
    const reply = (result: unknown) => this.send(ws, { jsonrpc: '2.0', id, result });
    const fail = (code: number, message: string) => this.send(ws, { jsonrpc: '2.0', id, error: { code, message } });
    switch (msg.method) {
      case 'initialize': {
        const asked = typeof msg.params?.protocolVersion === 'string' ? msg.params.protocolVersion : '';
        reply({ protocolVersion: PROTOCOL_VERSIONS.includes(asked) ? asked : PROTOCOL_VERSIONS[0], capabilities: { tools: { listChanged: false } }, serverInfo: { name: 'claude-chat-ide', version: '1.0.0' } });
        return;
      }
      case 'ping':
        reply({});
        return;
      case 'tools/list':
        reply({ tools: toolList() });
        return;
      case 'tools/call': {
        const name = typeof msg.params?.name === 'string' ? msg.params.name : '';
        if (!isToolName(name)) {
          fail(-32602, `Unknown tool: ${name}`);
          return;
        }
        const abort = new AbortController();
        state.aborts.add(abort);
        try {
          reply(await callTool(this.opts.editor, name, msg.params?.arguments, abort.signal));
        } catch (err) {
          const message = isChatError(err) ? err.message : `${name} failed: ${(err as Error).message}`;
          if (!isChatError(err)) this.opts.log.warn(message);
          reply({ content: [{ type: 'text', text: message }], isError: true });
        } finally {
          state.aborts.delete(abort);
        }
        return;
      }
      default:
        fail(-32601, `Method not found: ${msg.method}`);
    }
  }

  private send(ws: WebSocket, message: unknown): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  }

  /**
   * Tells every connection (`sessionsOnly`: every interactive session) and returns how many were
   * told; the CLI shows the selection and sends it with the next prompt.
   */
  notify(method: 'selection_changed' | 'at_mentioned', params: Record<string, unknown>, sessionsOnly = false): number {
    const text = JSON.stringify({ jsonrpc: '2.0', method, params });
    let told = 0;
    for (const [ws, state] of this.sockets) {
      if (ws.readyState !== ws.OPEN || (sessionsOnly && !state.session)) continue;
      ws.send(text);
      told++;
    }
    return told;
  }

  /** Debounced: a drag sends one notification with where it ended, not one per step. */
  selectionChanged(selection: SelectionInfo | undefined): void {
    clearTimeout(this.selectionTimer);
    this.selectionTimer = setTimeout(() => {
      this.selectionTimer = undefined;
      if (this.disposed) return;
      this.notify('selection_changed', selection ? { ...selection } : { text: '', filePath: '', fileUrl: '', selection: null });
    }, this.opts.selectionDebounceMs ?? 150);
  }

  /**
   * "Add Selection to Claude": each terminal session inserts `@file#Lx-y` into its prompt
   * (0-based lines here). Only interactive sessions: a chat's `claude -p` has no prompt to insert
   * into (the panel gets the selection itself). Returns how many sessions were told.
   */
  atMentioned(filePath: string, lineStart?: number, lineEnd?: number): number {
    return this.notify('at_mentioned', { filePath, lineStart, lineEnd }, true);
  }

  /** Idempotent; every caller waits for the same teardown (the lock file is gone when it resolves). */
  dispose(): Promise<void> {
    this.disposing ??= this.teardown();
    return this.disposing;
  }

  private async teardown(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.selectionTimer);
    if (this.lockFile) await removeLockFile(this.lockFile);
    for (const [ws, state] of this.sockets) {
      for (const a of state.aborts) a.abort();
      ws.terminate();
    }
    this.sockets.clear();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    this.changed();
  }
}

export { IdeError };
