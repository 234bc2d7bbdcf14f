import { v4 as uuidv4 } from 'uuid';
import { DisposableStore } from '../../core/disposableStore';
import { Emitter } from '../../core/emitter';
import { ClaudeError } from '../../claude/errors';
import { errorInfo, isChatError, type ChatError } from '../../core/errors';
import type { SessionEvent, TurnResult } from '../../claude/events';
import type { Logger } from '../../core/logger';
import type { PermissionBroker } from '../../core/permissions';
import type { SessionPermissions } from '../../claude/permissionServer';
import type { McpServerSpec } from '../../core/mcpServerSpec';
import { isPermissionMode, type PermissionMode } from '../../claude/protocol';
import { ClaudeSession } from '../../claude/session';
import { listHistory, loadConversation } from '../../claude/history';
import { cliModels, cliPermissionModes } from '../../claude/choices';
import type { Chat, ChatHistory, ChatMcp, ChatSelector } from '../chat';
import { DEFAULT_PREWARM_IDLE_MS, type ChatSettings, type ProjectTrustGate } from '../chatSettings';
import { mcpAction, mcpStatus } from '../../claude/mcpControl';
import { ChatBase } from '../chatBase';
import { toChatEvents } from './toChatEvents';
import { permissionCardState } from '../permissionCards';
import { changeFromResult, FileChanges, type FileChange } from '../fileChanges';
import { TurnProblems, type DiagnosticsSource } from '../turnProblems';
import { ClaudeCheckpoints } from './claudeCheckpoints';
import { readPromptPoints, type ForkOrigin } from '../../claude/checkpoints';
import type { ImageAttachment, SlashCommand } from '../../shared/contract';
import { localCommand } from '../../claude/commands';
import { readCommandFiles } from '../../claude/commandFiles';
import { IdleShutdown } from '../idleShutdown';
import { TaskBoard } from '../backgroundTasks';
import { transcriptPath } from '../../claude/paths';
import { transcriptHasConversation } from '../../claude/transcriptSaved';
import { childEnvironment } from '../../core/childEnv';
import { resolveCliPath } from '../../claude/resolveCli';
import { cliTooOld, installedVersion, judgeVersion } from '../../claude/cliVersion';
import { readStatusLineSetting, statusLineInput } from '../../claude/statusLine';
import { StatusLine } from '../../claude/statusLineRunner';
import { parseContextBreakdown } from '../../claude/contextUsage';
import type { ContextBreakdown } from '../../core/contextBreakdown';

/** The CLI's own default budget for models that take one (docs/protocol.md, "Interactive tools"). */
const THINKING_BUDGET = 31_999;

export { DEFAULT_PREWARM_IDLE_MS, type ChatSettings, type ProjectTrustGate };

export interface ClaudeChatDeps {
  folder: string;
  logger: Logger;
  settings: () => ChatSettings;
  /** Started on first use: nothing listens or spawns before the first prompt. */
  permissionServer: () => Promise<SessionPermissions>;
  /** Our other MCP servers for its processes (the window's IDE server), asked when a session starts; none when it fails. */
  mcpServers?: () => Promise<readonly McpServerSpec[]>;
  broker: PermissionBroker;
  scripted?: boolean;
  /** Refuses to start Claude, e.g. in an untrusted workspace. */
  guard?: () => ChatError | undefined;
  /** Called right before a process is spawned: the chat set makes room under its cap. */
  beforeSpawn?: () => Promise<void>;
  /** The trust step for the folder's own Claude settings (src/claude/projectTrust.ts). */
  trust?: ProjectTrustGate;
  /** The editor's diagnostics: a turn's footer then shows the problems its edits brought. */
  diagnostics?: DiagnosticsSource;
  /** How long the user's statusLine command may run (src/claude/statusLine.ts's default otherwise). */
  statusLineTimeoutMs?: number;
}

/**
 * One workspace folder's chat: the current Claude session, the transcript the panel shows,
 * and the header status. Has no `vscode` import, so it runs in plain mocha.
 */
export class ClaudeChat extends ChatBase implements Chat {
  readonly backend = 'Claude (CLI)';
  readonly acceptsImages = true;
  private session: ClaudeSession | undefined;
  /** The chat said that the CLI kept thinking on after the user turned it off (once per toggle). */
  private thinkingKeptOnSaid = false;
  /** Extended thinking as the user last toggled it; undefined: the CLI's default (on). */
  private thinking: boolean | undefined;
  /** The current session's subscriptions and permission registration, replaced with the session. */
  private readonly sessionSubs = new DisposableStore();
  /** What the current process has reported so far (the CLI counts per process). */
  private processCost = 0;
  private sessionCost = 0;
  private turnCounter = 0;
  private disposed = false;
  readonly changes = new FileChanges();
  private toolNames = new Map<string, string>();
  private currentTurnId: string | undefined;
  /** Our servers besides the permission server in the current session's `--mcp-config`. */
  private extraMcpServers: readonly McpServerSpec[] = [];
  /** The last turn that changed files, for "Review changes". */
  lastChangedTurn: string | undefined;
  /** A past conversation shown in the panel, continued with --resume on the next prompt. */
  private resumeId: string | undefined;
  /** The CLI's models: its own list while it runs; 'default' is the CLI's choice. */
  readonly models: ChatSelector = {
    remembered: true,
    list: async () => ({ available: await cliModels(this.session, this.deps.logger), currentId: this.status.model }),
    select: (id) => this.setModel(id === 'default' ? undefined : id),
  };
  readonly modes: ChatSelector = {
    remembered: true,
    list: () => Promise.resolve({ available: cliPermissionModes(), currentId: this.status.permissionMode }),
    select: (id) => {
      // The CLI accepts any string and silently behaves like `default`.
      if (!isPermissionMode(id)) return Promise.reject(new ClaudeError('protocol', `"${id}" is not a permission mode.`, []));
      return this.setPermissionMode(id);
    },
  };
  /** The CLI's own transcripts of this folder. */
  readonly history: ChatHistory = {
    list: () => listHistory(this.deps.folder, { ...process.env, ...this.deps.settings().env }),
    open: (id) => this.openConversation(id),
  };
  private readonly stallEmitter = new Emitter<{ stalled: boolean; silentMs: number }>();
  /** The running turn went silent (stalled: true) or resumed: the adapter asks Stop / Retry natively. */
  readonly onStall = this.stallEmitter.event;
  /** Checkpoints, rewind and forks (src/chat/claude/claudeCheckpoints.ts). */
  readonly checkpoints: ClaudeCheckpoints = new ClaudeCheckpoints({
    folder: () => this.deps.folder,
    env: () => this.deps.settings().env,
    isBusy: () => this.isBusy,
    sessionId: () => this.sessionId,
    channel: async () => {
      // Restoring spawns the CLI too: the same refusal as a prompt (e.g. an untrusted workspace).
      const refused = this.deps.guard?.();
      if (refused) throw refused;
      const session = await this.ensureSession();
      session.ensureStarted();
      return session;
    },
    emit: (events) => this.emit(events),
    forkAndSend: (origin, text) => this.forkAndSend(origin, text),
  });
  /** Background tasks: listed from the session's events, stopped with the CLI's `stop_task`. */
  readonly tasks = new TaskBoard({
    stop: async (id) => {
      const session = this.session;
      if (session?.pid === undefined) throw new ClaudeError('protocol', 'Claude is not running, so neither is this task.', []);
      await session.stopTask(id);
    },
  });
  /** The next session starts as this fork (checkpoints). */
  private forkOrigin: ForkOrigin | undefined;
  /** The `/` menu: the CLI's own list once a process answered, the command files before. */
  private commandList: SlashCommand[] = [];
  private commandsFromCli = false;
  private readonly commandsEmitter = new Emitter<SlashCommand[]>();
  readonly onCommands = this.commandsEmitter.event;
  /** A session started by prewarm() that has not had a prompt yet. */
  private prewarmed: ClaudeSession | undefined;
  private readonly idle = new IdleShutdown(() => void this.shutDownPrewarm());
  private promptsSent = 0;
  /** The session being created: a pre-warm and the first prompt may both ask for it. */
  private creating: Promise<ClaudeSession> | undefined;
  /**
   * Prompts between send() and the session taking them (trust question, permission server,
   * room under the cap, spawn). The chat is busy meanwhile: the cap never shuts it down with
   * a prompt on its way, and Stop cancels them.
   */
  private onTheirWay = 0;
  /** Counts Stops pressed while a prompt was on its way: a send that sees it change is cancelled. */
  private stopsWhileSending = 0;
  /** The diagnostics loop (src/chat/turnProblems.ts), where the editor gives diagnostics. */
  readonly problems: TurnProblems | undefined;

  /**
   * The user's `statusLine` command, run as the CLI's terminal UI runs it (the CLI does not in
   * -p mode), refreshed after each turn. Never in Restricted Mode (the guard); the folder's own
   * settings only once its config is trusted.
   */
  private readonly statusLine = new StatusLine({
    setting: () => {
      if (this.deps.guard?.()) return undefined;
      const env = { ...process.env, ...this.deps.settings().env };
      return readStatusLineSetting(this.deps.folder, env, this.deps.trust ? this.deps.trust.settingSources() : ['user']);
    },
    input: () => {
      const env = { ...process.env, ...this.deps.settings().env };
      const id = this.sessionId;
      const s = this.status;
      return statusLineInput({
        sessionId: id,
        transcriptPath: id ? transcriptPath(this.deps.folder, id, env) : undefined,
        cwd: this.deps.folder,
        model: s.model,
        cliVersion: s.cliVersion,
        costUsd: this.sessionCost,
        context: s.context,
        limit: s.limit,
      });
    },
    options: () => ({ cwd: this.deps.folder, env: childEnvironment(process.env, this.deps.settings().env), logger: this.deps.logger, timeoutMs: this.deps.statusLineTimeoutMs }),
    show: (text) => {
      if (!this.disposed && text !== this.status.statusLine) this.updateStatus({ statusLine: text });
    },
  });

  constructor(private readonly deps: ClaudeChatDeps) {
    super({ state: 'none', folder: deps.folder, queued: 0, scripted: deps.scripted ?? false, agent: 'Claude (CLI)' }, deps.logger);
    this.readCommandMenu();
    const problems = deps.diagnostics && new TurnProblems(deps.diagnostics, deps.folder, (e) => this.emit([e]));
    this.problems = problems;
    if (problems) this.onEvents((events) => problems.observe(events));
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
    return (this.session?.isBusy ?? false) || this.onTheirWay > 0;
  }

  get commands(): SlashCommand[] {
    return this.commandList;
  }

  /** Sends a prompt; it queues behind a running turn. Resolves when its turn ends. */
  async send(text: string, images: ImageAttachment[] = []): Promise<TurnResult | undefined> {
    if (this.disposed) return undefined;
    if (!text.trim() && images.length === 0) return undefined;
    const local = images.length === 0 ? localCommand(text, new Set(this.commandsFromCli ? this.commandList.map((c) => c.name) : [])) : undefined;
    if (local?.kind === 'newChat') {
      await this.newChat();
      return undefined;
    }
    if (local?.kind === 'terminalOnly') {
      this.emit([
        { type: 'user', turnId: `u${++this.turnCounter}`, text },
        { type: 'notice', level: 'info', text: local.message },
      ]);
      return undefined;
    }
    if (!this.admit(text, this.deps.guard)) return undefined;
    this.onTheirWay++;
    try {
      return await this.deliver(text, images);
    } finally {
      this.onTheirWay--;
    }
  }

  /** send() past its checks: waits for a session and hands the prompt over, unless Stop came first. */
  private async deliver(text: string, images: ImageAttachment[]): Promise<TurnResult | undefined> {
    const stops = this.stopsWhileSending;
    // Only a spawn reads the folder's settings, so only then is there anything to ask (a
    // pre-warm never spawns while the gate would still ask: see prewarm()).
    if (!this.session?.pid) await this.deps.trust?.confirm();
    if (this.disposed) return undefined;
    // Stop pressed while the trust modal was open: no permission server, cap room or process for it.
    if (this.stopsWhileSending !== stops) return this.stoppedBeforeSent(text, images);
    // The prompt came: a pre-warmed process is now this chat's process and stays.
    this.idle.cancel();
    this.prewarmed = undefined;
    this.promptsSent++;
    let session: ClaudeSession;
    try {
      session = await this.ensureSession();
    } catch (err) {
      const e = isChatError(err) ? err : new ClaudeError('permissionServer', `Could not start the permission server: ${(err as Error).message}`);
      this.setError(errorInfo(e));
      return undefined;
    }
    // Stop pressed before the session had the prompt (e.g. in the same tick as Send): not sent.
    if (this.stopsWhileSending !== stops) return this.stoppedBeforeSent(text, images);
    const turnId = `u${++this.turnCounter}`;
    const queued = session.isBusy;
    const steer = this.deps.settings().steer === true;
    this.emit([{ type: 'user', turnId, text, queued: queued || undefined, images: images.length ? images : undefined }]);
    this.checkpoints.addPrompt(turnId, text);
    if (queued) {
      this.emit([{ type: 'notice', level: 'info', text: steer ? 'Sent now: Claude takes it up right after the current turn, merged with anything else sent meanwhile.' : 'Queued: it will be sent when the current turn ends.' }]);
    }
    return session.send(text, { steer, images });
  }

  private stoppedBeforeSent(text: string, images: ImageAttachment[]): TurnResult {
    const turnId = `u${++this.turnCounter}`;
    this.emit([
      { type: 'user', turnId, text, images: images.length ? images : undefined },
      { type: 'notice', level: 'info', text: 'Stopped before it was sent.' },
    ]);
    return { turnId, prompt: text, outcome: 'interrupted', isError: false };
  }

  /** The in-band interrupt; a no-op when idle. */
  async stop(): Promise<void> {
    if (this.onTheirWay > 0) this.stopsWhileSending++;
    await this.session?.interrupt();
  }

  /**
   * Asks the running CLI what fills the window (`get_context_usage`: ~13 count_tokens calls, so
   * only when the user asks). Undefined when no process runs; the CLI answers between turns.
   */
  async contextBreakdown(): Promise<ContextBreakdown | undefined> {
    const session = this.session;
    if (!session?.pid) return undefined;
    return parseContextBreakdown(await session.request({ subtype: 'get_context_usage' }, 60_000));
  }

  /** Closes the current conversation cleanly and starts an empty one. */
  async newChat(): Promise<void> {
    await this.closeSession();
    this.resumeId = undefined;
    this.forkOrigin = undefined;
    this.checkpoints.clear();
    this.tasks.update([]);
    this.problems?.clear();
    this.transcript.clear();
    this.changes.clear();
    this.lastChangedTurn = undefined;
    this.processCost = 0;
    this.sessionCost = 0;
    this.setError(null);
    this.updateStatus({ state: 'none', sessionId: undefined, model: undefined, queued: 0, costUsd: undefined, mcpServers: undefined, projectSettingsBlocked: undefined, context: undefined });
    this.fireReset();
  }

  /**
   * Shows a past conversation (the CLI's own transcript) and continues it on the next prompt.
   * The current process is closed first. Throws a `history` ClaudeError for a bad id or file.
   */
  async openConversation(sessionId: string): Promise<void> {
    const env = { ...process.env, ...this.deps.settings().env };
    const events = await loadConversation(this.deps.folder, sessionId, env);
    const points = await readPromptPoints(this.deps.folder, sessionId, env).catch(() => []);
    await this.newChat();
    this.resumeId = sessionId;
    this.keep(this.checkpoints.load(events, points));
    this.updateStatus({ sessionId });
    this.fireReset();
  }

  /** The session id to remember across window reloads. */
  get sessionId(): string | undefined {
    return this.session?.sessionId ?? this.resumeId;
  }

  async setModel(model: string | undefined): Promise<void> {
    await this.session?.setModel(model);
    this.updateStatus({ model });
  }

  get thinkingEnabled(): boolean | undefined {
    return this.thinking;
  }

  /** For the next turns of this chat, also after a respawn or a new session. */
  async setThinking(on: boolean): Promise<void> {
    this.thinking = on;
    this.thinkingKeptOnSaid = false;
    await this.session?.setMaxThinkingTokens(on ? THINKING_BUDGET : 0);
  }

  async setPermissionMode(mode: PermissionMode): Promise<void> {
    await this.session?.setPermissionMode(mode);
    this.updateStatus({ permissionMode: mode });
  }

  // --- several chats: the live-process cap ---
  /** True while a session (and so a process, or one about to start) exists. */
  get resident(): boolean {
    return this.session !== undefined;
  }

  /**
   * Ends the process but keeps the conversation on screen; the next prompt resumes it
   * (`--resume`). Refuses while a turn runs.
   */
  async suspend(): Promise<boolean> {
    const session = this.session;
    // Busy includes a prompt on its way: its session exists but has not taken the prompt yet.
    // A process holding turns the CLI could not save is the only copy of them: it stays.
    // Background tasks (a `run_in_background` command, a background agent) die with the process.
    if (!session || this.isBusy || this.disposed || session.hasUnsavedTurns || session.backgroundTasks > 0) return false;
    // Set before the process is gone, so a prompt sent meanwhile resumes this conversation.
    // Whether the CLI saved it is checked when the next session starts (savedResumeId).
    this.resumeId = session.sessionId;
    await this.closeSession();
    this.processCost = 0;
    this.updateStatus({ state: 'none', queued: 0 });
    return true;
  }
  // --- end several chats ---
  /** After enabling, disabling or reconnecting a server: the header shows what `mcp_status` says now. */
  setMcpServers(servers: { name: string; status: string }[]): void {
    this.updateStatus({ mcpServers: servers });
  }

  /** The user's MCP servers through the CLI's control requests; ours are left out. */
  readonly mcp: ChatMcp = {
    status: async () => {
      const session = this.session;
      if (session?.pid === undefined) return undefined;
      return mcpStatus(session, await this.ownMcpServers());
    },
    act: async (name, action) => {
      const session = this.session;
      if (session?.pid === undefined) throw new ClaudeError('protocol', 'Send a message first: Claude is not running.', []);
      await mcpAction(session, name, action);
      this.setMcpServers((await mcpStatus(session, await this.ownMcpServers())).map((s) => ({ name: s.name, status: s.status })));
    },
  };

  /** The servers the extension adds to the process (permissions, the IDE's): not the user's to list or toggle. */
  private async ownMcpServers(): Promise<ReadonlySet<string>> {
    return new Set([(await this.deps.permissionServer()).serverName, ...this.extraMcpServers.map((s) => s.name)]);
  }

  /** The next prompt starts a fresh process (after this turn), e.g. once the folder's settings are trusted. */
  restartProcess(): void {
    this.session?.restartProcess();
    // Called when the folder's trust answer changed: its own commands join or leave the menu.
    this.readCommandMenu();
  }

  /**
   * The `/` menu from the command files, until a CLI process answers with its own list. Nothing
   * is read from the folder in Restricted Mode, and the folder's own commands only
   * when the CLI will load them too (its Claude config is trusted).
   */
  private readCommandMenu(): void {
    if (this.commandsFromCli || this.deps.guard?.()) return;
    readCommandFiles(this.deps.folder, { ...process.env, ...this.deps.settings().env }, { project: this.deps.trust?.settingSources() === undefined }).then(
      (list) => {
        if (!this.commandsFromCli && !this.disposed) this.setCommands(list);
      },
      (err: Error) => this.deps.logger.info(`command files: ${err.message}`),
    );
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.idle.cancel();
    await Promise.all([this.closeSession(), this.statusLine.dispose()]);
    this.tasks.dispose();
    this.stallEmitter.dispose();
    this.problems?.dispose();
    this.disposeEmitters();
    this.commandsEmitter.dispose();
  }

  private setCommands(list: SlashCommand[]): void {
    // The contract caps sizes; the CLI's own descriptions can run long.
    this.commandList = list.slice(0, 500).map((c) => ({
      name: c.name,
      ...(c.description ? { description: c.description.slice(0, 2000) } : {}),
      ...(c.argumentHint ? { argumentHint: c.argumentHint.slice(0, 300) } : {}),
      ...(c.aliases?.length ? { aliases: c.aliases.slice(0, 20) } : {}),
    }));
    this.commandsEmitter.fire(this.commandList);
  }

  /** Stops the running turn and sends its prompt again (the stall notice's Retry). */
  async retry(): Promise<TurnResult | undefined> {
    const prompt = this.lastPrompt;
    await this.stop();
    return prompt === undefined ? undefined : this.send(prompt);
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
    // The folder's own settings wait for the trust question, which only a prompt asks: a
    // pre-warm now would start the CLI without them (or, once trusted, skip the question).
    if (this.deps.trust?.wouldAsk?.()) return undefined;
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
    const extraMcpServers = (await this.deps.mcpServers?.().catch(() => undefined)) ?? [];
    await this.checkCliVersion();
    await this.deps.beforeSpawn?.();
    // Another send may have started the session while the cap made room.
    if (this.session) return this.session;
    const settings = this.deps.settings();
    const resumeId = this.savedResumeId(settings.env);
    const sessionId = resumeId ?? uuidv4();
    const fork = resumeId ? undefined : this.forkOrigin;
    this.forkOrigin = undefined;
    const session = new ClaudeSession({
      sessionId: resumeId ? undefined : sessionId,
      resumeSessionId: resumeId,
      checkpoints: true,
      fork,
      cwd: this.deps.folder,
      logger: this.deps.logger,
      cliPath: settings.cliPath,
      env: settings.env,
      // A respawn (after an auth error, a crash, a trust change) starts with the settings of now.
      launch: () => {
        const now = this.deps.settings();
        return { cliPath: now.cliPath, env: now.env };
      },
      model: settings.model,
      permissionMode: settings.permissionMode,
      extraArgs: settings.extraArgs,
      permissions: () => server.wiringFor(sessionId),
      mcpServers: () => extraMcpServers,
      settingSources: () => {
        const sources = this.deps.trust?.settingSources();
        this.updateStatus({ projectSettingsBlocked: sources !== undefined });
        return sources;
      },
      onPermissionServerFailed: () => this.deps.logger.warn('the CLI could not reach the permission server'),
      stallNoticeMs: (settings.stallNoticeSeconds ?? 60) * 1000,
    });
    if (this.thinking !== undefined) void session.setMaxThinkingTokens(this.thinking ? THINKING_BUDGET : 0);
    const registration = server.registerSession(session.sessionId, this.deps.broker, {
      cwd: this.deps.folder,
      toolInput: (id) => session.toolInput(id),
      plansDir: () => session.plansDir(),
      // The panel's card follows its permission prompt, as for ACP agents.
      progress: (e) => {
        if (session === this.session) this.emit([permissionCardState(e)]);
      },
    });
    this.session = session;
    this.extraMcpServers = extraMcpServers;
    this.sessionSubs.add(registration);
    this.sessionSubs.add(session.onEvent((e) => this.onSessionEvent(server, session, e)));
    // No mode flag means the user's defaultMode; init reports the mode in effect.
    this.updateStatus({ sessionId: session.sessionId, model: settings.model, permissionMode: settings.permissionMode });
    return session;
  }

  /**
   * The conversation to resume, if the CLI saved one: a chat whose process never saved a turn
   * (bad cliPath, a crash during start-up) starts fresh, and says so, rather than fail every
   * later prompt with "No conversation found".
   */
  private savedResumeId(env: Record<string, string> | undefined): string | undefined {
    const id = this.resumeId;
    if (id === undefined || transcriptHasConversation(transcriptPath(this.deps.folder, id, { ...process.env, ...env }))) return id;
    this.deps.logger.info(`session ${id.slice(0, 8)} has no saved conversation to resume: starting a new one`);
    this.resumeId = undefined;
    if (this.transcript.snapshot().some((e) => e.type === 'user')) {
      this.emit([{ type: 'notice', level: 'warning', text: 'Claude had not saved this conversation, so this message starts a new one: Claude does not know the messages above.' }]);
    }
    return undefined;
  }

  /**
   * A CLI older than the supported range fails here, before the first turn, with the upgrade
   * command (docs/compatibility.md); a version it can't read, or a newer one, never blocks.
   */
  private async checkCliVersion(): Promise<void> {
    const settings = this.deps.settings();
    const env = childEnvironment(process.env, settings.env);
    let command: string;
    try {
      command = resolveCliPath(settings.cliPath, env, this.deps.folder);
    } catch {
      return; // the spawn reports a missing CLI with its own error and actions
    }
    const version = await installedVersion(command, env);
    if (version !== undefined && judgeVersion(version) === 'tooOld') throw cliTooOld(version, command);
  }

  private onSessionEvent(server: SessionPermissions, session: ClaudeSession, e: SessionEvent): void {
    if (session !== this.session) return;
    const events = toChatEvents(e, this.processCost);
    if (events.length > 0) this.emit(events);
    this.checkpoints.onSessionEvent(e, this.trackChanges(e));
    switch (e.type) {
      case 'state':
        this.updateStatus({ state: e.state, queued: session.queuedCount });
        return;
      case 'queued':
        this.updateStatus({ queued: session.queuedCount });
        return;
      case 'sessionBound':
        this.updateStatus({
          model: e.info.model,
          permissionMode: e.info.permissionMode,
          sessionId: e.info.sessionId,
          mcpServers: e.info.mcpServers.filter((s) => s.name !== server.serverName && !this.extraMcpServers.some((x) => x.name === s.name)),
          cliVersion: e.info.cliVersion,
        });
        this.statusLine.refresh();
        return;
      case 'status':
        if (e.permissionMode) this.updateStatus({ permissionMode: e.permissionMode });
        return;
      case 'commands':
        if (e.commands.length > 0) {
          this.commandsFromCli = true;
          this.setCommands(e.commands);
        }
        return;
      case 'backgroundTasks':
        this.tasks.update(e.tasks);
        this.countTasks();
        return;
      case 'context':
        this.updateStatus({ context: { usedTokens: e.usage.usedTokens, maxTokens: e.usage.maxTokens, autoCompactAt: e.usage.autoCompactAt } });
        return;
      case 'usageLimit':
        this.updateStatus({ limit: e.limit });
        return;
      case 'turnResult': {
        // A prompt the CLI gave up on (its idle watchdog) must not linger in our UI.
        server.settleAll(session.sessionId, 'The turn ended.');
        if (e.result.totalCostUsd !== undefined) this.processCost = e.result.totalCostUsd;
        this.sessionCost = this.processCost;
        // The limit banner is not cleared here: a local command (/cost) succeeds without asking
        // the API. An answer from the API after a refusal brings the CLI's own `allowed` event.
        this.updateStatus({ costUsd: this.sessionCost, queued: session.queuedCount });
        if (e.result.error) this.showError(e.result.error);
        this.statusLine.refresh();
        return;
      }
      case 'exit':
        server.settleAll(session.sessionId, 'The Claude process ended.');
        // A new process reports cost from zero again.
        this.processCost = 0;
        if (e.error) this.setError(errorInfo(e.error));
        return;
      case 'error':
        this.showError(e.error);
        return;
      case 'stall':
        this.stallEmitter.fire({ stalled: e.stalled, silentMs: e.silentMs });
        return;
      case 'thinkingDelta':
        // From 2.1.332 the CLI accepts `set_max_thinking_tokens 0` but keeps thinking on for the
        // newest models ("Thinking can't be turned off for Haiku 5.5": the request stays
        // adaptive). "Thinking is off" must not stand when the model visibly thinks: say so once.
        if (this.thinking === false && !this.thinkingKeptOnSaid && e.parentToolUseId === undefined) {
          this.thinkingKeptOnSaid = true;
          const model = this.status.model;
          this.emit([{ type: 'notice', level: 'info', text: `Claude Code keeps extended thinking on for ${model ? `this model (${model})` : 'this model'}: it can't be turned off here. Choose another model to turn it off.` }]);
        }
        return;
      default:
        return;
    }
  }

  /** A reached usage limit shows as the limit banner (with its reset time), not as an error. */
  private showError(error: ClaudeError): void {
    if (error.code === 'rateLimited' && this.status.limit?.level === 'reached') return;
    this.setError(errorInfo(error));
  }

  private trackChanges(e: SessionEvent): FileChange | undefined {
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
      return change;
    }
    return undefined;
  }

  /** Checkpoints: the conversation continues as a fork (new session id); the original stays on disk. */
  private async forkAndSend(origin: ForkOrigin | undefined, text: string): Promise<TurnResult | undefined> {
    await this.closeSession();
    this.resumeId = undefined;
    this.forkOrigin = origin;
    this.processCost = 0;
    return this.send(text);
  }

  private async closeSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.sessionSubs.clear();
    await session?.dispose();
    // Its process tree is gone: so are the tasks it ran.
    this.tasks.processEnded();
    if (!this.disposed) this.countTasks();
  }

  /** The header and the chat's tab count the running background tasks. */
  private countTasks(): void {
    const running = this.tasks.running || undefined;
    if (running !== this.status.backgroundTasks) this.updateStatus({ backgroundTasks: running });
  }
}
