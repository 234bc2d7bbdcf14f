import { v4 as uuidv4 } from 'uuid';
import type { Disposable } from '../core/emitter';
import { ClaudeError } from '../claude/errors';
import type { SessionEvent, TurnResult } from '../claude/events';
import type { Logger } from '../core/logger';
import type { PermissionBroker } from '../core/permissions';
import type { PermissionServer } from '../claude/permissionServer';
import type { PermissionMode } from '../claude/protocol';
import { ClaudeSession } from '../claude/session';
import { loadConversation } from '../claude/history';
import type { Chat } from './chat';
import { ChatBase } from './chatBase';
import { errorInfo, toChatEvents } from './toChatEvents';
import { changeFromResult, FileChanges } from './fileChanges';
import { IdleShutdown } from './idleShutdown';

export interface ChatSettings {
  cliPath?: string;
  env?: Record<string, string>;
  model?: string;
  permissionMode?: PermissionMode;
  extraArgs?: string[];
  /** Send mid-turn prompts at once (the CLI merges them) instead of queueing them. */
  steer?: boolean;
  /** How long a pre-warmed process waits for its first prompt; 0 turns the pre-warm off. */
  prewarmIdleMs?: number;
}

/** `claudeChat.prewarmIdleSeconds`' default. */
export const DEFAULT_PREWARM_IDLE_MS = 60_000;

export interface ChatControllerDeps {
  folder: string;
  logger: Logger;
  settings: () => ChatSettings;
  /** Started on first use: nothing listens or spawns before the first prompt. */
  permissionServer: () => Promise<PermissionServer>;
  broker: PermissionBroker;
  scripted?: boolean;
  /** Refuses to start Claude, e.g. in an untrusted workspace. */
  guard?: () => ClaudeError | undefined;
}

/**
 * One workspace folder's chat: the current Claude session, the transcript the panel shows,
 * and the header status. Has no `vscode` import, so it runs in plain mocha.
 */
export class ChatController extends ChatBase implements Disposable, Chat {
  readonly backend = 'Claude (CLI)';
  private session: ClaudeSession | undefined;
  private sessionSubs: Disposable[] = [];
  private cost = { value: 0 };
  private sessionCost = 0;
  private turnCounter = 0;
  private disposed = false;
  /** For Retry. */
  lastPrompt: string | undefined;
  readonly changes = new FileChanges();
  private toolNames = new Map<string, string>();
  private currentTurnId: string | undefined;
  /** The last turn that changed files, for "Review changes". */
  lastChangedTurn: string | undefined;
  /** A past conversation shown in the panel, continued with --resume on the next prompt. */
  private resumeId: string | undefined;
  /** A session started by prewarm() that has not had a prompt yet. */
  private prewarmed: ClaudeSession | undefined;
  private readonly idle = new IdleShutdown(() => void this.shutDownPrewarm());
  private promptsSent = 0;
  /** The session being created: a pre-warm and the first prompt may both ask for it. */
  private creating: Promise<ClaudeSession> | undefined;

  constructor(private readonly deps: ChatControllerDeps) {
    super({ state: 'none', folder: deps.folder, queued: 0, scripted: deps.scripted ?? false, agent: 'Claude (CLI)' });
    if (deps.scripted) {
      this.transcript.append({ type: 'notice', level: 'warning', text: 'No Claude credentials were found, so answers come from the scripted test model, not from Claude.' });
    }
  }

  get pid(): number | undefined {
    return this.session?.pid;
  }

  get currentSession(): ClaudeSession | undefined {
    return this.session;
  }

  get isBusy(): boolean {
    return this.session?.isBusy ?? false;
  }

  /** Sends a prompt; it queues behind a running turn. Resolves when its turn ends. */
  async send(text: string): Promise<TurnResult | undefined> {
    if (this.disposed) return undefined;
    const refused = this.deps.guard?.();
    if (refused) {
      this.setError(errorInfo(refused));
      return undefined;
    }
    this.setError(null);
    this.lastPrompt = text;
    // The prompt came: a pre-warmed process is now this chat's process and stays.
    this.idle.cancel();
    this.prewarmed = undefined;
    this.promptsSent++;
    let session: ClaudeSession;
    try {
      session = await this.ensureSession();
    } catch (err) {
      const e = err instanceof ClaudeError ? err : new ClaudeError('permissionServer', `Could not start the permission server: ${(err as Error).message}`);
      this.setError(errorInfo(e));
      return undefined;
    }
    const queued = session.isBusy;
    const steer = this.deps.settings().steer === true;
    this.emit([{ type: 'user', turnId: `u${++this.turnCounter}`, text, queued: queued || undefined }]);
    if (queued) {
      this.emit([{ type: 'notice', level: 'info', text: steer ? 'Sent now: Claude takes it up right after the current turn, merged with anything else sent meanwhile.' : 'Queued: it will be sent when the current turn ends.' }]);
    }
    return session.send(text, { steer });
  }

  /** The in-band interrupt; a no-op when idle. */
  async stop(): Promise<void> {
    await this.session?.interrupt();
  }

  /** Closes the current conversation cleanly and starts an empty one. */
  async newChat(): Promise<void> {
    await this.closeSession();
    this.resumeId = undefined;
    this.transcript.clear();
    this.changes.clear();
    this.lastChangedTurn = undefined;
    this.cost = { value: 0 };
    this.sessionCost = 0;
    this.setError(null);
    this.updateStatus({ state: 'none', sessionId: undefined, model: undefined, queued: 0, costUsd: undefined });
    this.fireReset();
  }

  /**
   * Shows a past conversation (the CLI's own transcript) and continues it on the next prompt.
   * The current process is closed first. Throws a `history` ClaudeError for a bad id or file.
   */
  async openConversation(sessionId: string): Promise<void> {
    const events = await loadConversation(this.deps.folder, sessionId, { ...process.env, ...this.deps.settings().env });
    await this.newChat();
    this.resumeId = sessionId;
    this.transcript.appendAll(events);
    this.updateStatus({ sessionId });
    this.fireReset();
  }

  /** The CLI environment from the settings, for reading its transcripts. */
  get env(): Record<string, string> | undefined {
    return this.deps.settings().env;
  }

  /** The session id to remember across window reloads. */
  get sessionId(): string | undefined {
    return this.session?.sessionId ?? this.resumeId;
  }

  async setModel(model: string | undefined): Promise<void> {
    await this.session?.setModel(model);
    this.updateStatus({ model });
  }

  async setPermissionMode(mode: PermissionMode): Promise<void> {
    await this.session?.setPermissionMode(mode);
    this.updateStatus({ permissionMode: mode });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.idle.cancel();
    await this.closeSession();
    this.disposeEmitters();
  }

  /**
   * The user is composing the first prompt of this chat (the panel's prompt box got focus or
   * input): start the process now so the CLI's start-up overlaps the typing. Only for a chat
   * without a session yet (a new chat, or a past conversation shown but not continued), never
   * at activation, and the process goes away after `prewarmIdleMs` without a prompt.
   * Resolves with the pre-warmed pid, or undefined when nothing was started.
   */
  async prewarm(): Promise<number | undefined> {
    const idleMs = this.deps.settings().prewarmIdleMs ?? DEFAULT_PREWARM_IDLE_MS;
    if (this.disposed || idleMs <= 0 || this.deps.guard?.()) return undefined;
    // A chat under way already has its process (or respawns it with --resume on the prompt).
    if ((this.session && this.session !== this.prewarmed) || (this.creating && !this.prewarmed)) return undefined;
    const prompts = this.promptsSent;
    let session: ClaudeSession;
    try {
      session = await this.ensureSession();
    } catch (err) {
      this.deps.logger.info(`pre-warm skipped: ${(err as Error).message}`);
      return undefined;
    }
    // A prompt may have arrived meanwhile: then the session is no longer a pre-warm's.
    if (this.disposed || session !== this.session || session.isBusy || this.promptsSent !== prompts) return undefined;
    this.prewarmed = session;
    this.idle.arm(idleMs);
    return session.prewarm();
  }

  /** The idle timer fired: nobody sent a prompt, so the pre-warmed process goes. */
  private async shutDownPrewarm(): Promise<void> {
    const session = this.prewarmed;
    this.prewarmed = undefined;
    if (!session || session !== this.session || session.isBusy || this.disposed) return;
    this.deps.logger.info('pre-warmed Claude process got no prompt: shutting it down');
    await this.closeSession();
    this.updateStatus({ state: 'none', sessionId: this.resumeId, queued: 0 });
  }

  private ensureSession(): Promise<ClaudeSession> {
    if (this.session) return Promise.resolve(this.session);
    this.creating ??= this.createSession().finally(() => (this.creating = undefined));
    return this.creating;
  }

  private async createSession(): Promise<ClaudeSession> {
    if (this.session) return this.session;
    const server = await this.deps.permissionServer();
    const settings = this.deps.settings();
    const resumeId = this.resumeId;
    const sessionId = resumeId ?? uuidv4();
    const session = new ClaudeSession({
      sessionId: resumeId ? undefined : sessionId,
      resumeSessionId: resumeId,
      cwd: this.deps.folder,
      logger: this.deps.logger,
      cliPath: settings.cliPath,
      env: settings.env,
      model: settings.model,
      permissionMode: settings.permissionMode,
      extraArgs: settings.extraArgs,
      permissions: () => server.wiringFor(sessionId),
      onPermissionServerFailed: () => this.deps.logger.warn('the CLI could not reach the permission server'),
    });
    // The panel's card follows its permission prompt: waiting for an answer, then denied or running.
    const broker: PermissionBroker = {
      request: async (req) => {
        const mark = (state: 'permission' | 'running' | 'denied') => {
          if (req.toolUseId && session === this.session) this.emit([{ type: 'toolState', toolUseId: req.toolUseId, state }]);
        };
        mark('permission');
        const decision = await this.deps.broker.request(req);
        mark(decision.kind === 'deny' || decision.kind === 'denyAndStop' ? 'denied' : 'running');
        return decision;
      },
    };
    const registration = server.registerSession(session.sessionId, broker, { cwd: this.deps.folder });
    this.session = session;
    this.sessionSubs = [
      registration,
      session.onEvent((e) => this.onSessionEvent(server, session, e)),
    ];
    this.updateStatus({ sessionId: session.sessionId, model: settings.model, permissionMode: settings.permissionMode ?? 'default' });
    return session;
  }

  private onSessionEvent(server: PermissionServer, session: ClaudeSession, e: SessionEvent): void {
    if (session !== this.session) return;
    const events = toChatEvents(e, this.cost);
    if (events.length > 0) this.emit(events);
    this.trackChanges(e);
    switch (e.type) {
      case 'state':
        this.updateStatus({ state: e.state, queued: session.queuedCount });
        return;
      case 'queued':
        this.updateStatus({ queued: session.queuedCount });
        return;
      case 'sessionBound':
        this.updateStatus({ model: e.info.model, permissionMode: e.info.permissionMode, sessionId: e.info.sessionId });
        return;
      case 'status':
        if (e.permissionMode) this.updateStatus({ permissionMode: e.permissionMode });
        return;
      case 'turnResult':
        // A prompt the CLI gave up on (its idle watchdog) must not linger in our UI.
        server.settleAll(session.sessionId, 'The turn ended.');
        this.sessionCost = this.cost.value;
        this.updateStatus({ costUsd: this.sessionCost, queued: session.queuedCount });
        if (e.result.error) this.setError(errorInfo(e.result.error));
        return;
      case 'exit':
        server.settleAll(session.sessionId, 'The Claude process ended.');
        // A new process reports cost from zero again.
        this.cost = { value: 0 };
        if (e.error) this.setError(errorInfo(e.error));
        return;
      case 'error':
        this.setError(errorInfo(e.error));
        return;
      default:
        return;
    }
  }

  private trackChanges(e: SessionEvent): void {
    if (e.type === 'turnStarted') this.currentTurnId = e.turnId;
    else if (e.type === 'toolUseComplete') this.toolNames.set(e.toolUseId, e.name);
    else if (e.type === 'toolResult' && !e.isError && this.currentTurnId) {
      const tool = this.toolNames.get(e.toolUseId);
      const change = tool ? changeFromResult(e.toolUseId, this.currentTurnId, tool, e.structured) : undefined;
      if (change) {
        this.changes.add(change);
        this.lastChangedTurn = change.turnId;
      }
      this.toolNames.delete(e.toolUseId);
    }
  }

  private async closeSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    for (const s of this.sessionSubs.splice(0)) s.dispose();
    await session?.dispose();
  }
}
