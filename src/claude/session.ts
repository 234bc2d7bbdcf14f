import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { v4 as uuidv4 } from 'uuid';
import { CliProcess, type ExitInfo } from './cliProcess';
import { Emitter } from '../core/emitter';
import { delay } from '../core/delay';
import { unreachable } from '../shared/unreachable';
import { mcpConfigDir, removeMcpConfigFile, writeMcpConfigFile } from './mcpConfigFile';
import { answerNotSaved, apiErrorFromResult, ClaudeError, cliNoAnswer, cliNotFound, cliStartFailed, interpreterMissing, notClaudeCli, processExited, tempFolderFailed, turnNotSaved } from './errors';
import type { SessionEvent, SessionInfo, SessionState, TurnResult } from './events';
import type { Logger } from '../core/logger';
import { redact, tagged } from '../core/logger';
import type { McpServerSpec } from '../core/mcpServerSpec';
import { RateLimitedLog } from '../core/rateLimitedLog';
import { PLAN_TOOL } from '../core/interactiveTools';
import { judgeVersion, NEWEST_TESTED } from './cliVersion';
import { isKnownSystemSubtype } from './systemSubtypes';
import { claudeConfigDir, transcriptPath } from './paths';
import { transcriptHasMessage } from './transcriptSaved';
import { isPermissionMode, parseCliLine, type CliMessage, type PermissionMode, type PromptImage, toolResultText, userLine } from './protocol';
import { ContextTracker } from './contextUsage';
import { usageLimit } from './rateLimit';
import { parseCommands } from './commands';
import { resolveCliPath } from './resolveCli';
import { StreamMapper } from './streamMapper';
import type { ForkOrigin } from './checkpoints';
import { ControlRequests, RequestTimeout } from './controlRequests';
import { launchArgs, launchEnv, mcpConfig } from './launchArgs';
import { StallWatch } from './stallWatch';
import { failedResult, TurnQueue, type Turn } from './turnQueue';
import { AutonomousTurns, type InitKind } from './autonomousTurns';
import { BackgroundTaskList, type BackgroundTask } from './backgroundTasks';

/** Versions newer than tested already named in the log (one quiet line each per extension host). */
const newerVersionsLogged = new Set<string>();

/** Idle time after a turn before the one get_context_usage of a process (see reportContext). */
const LIMITS_IDLE_MS = 1500;

/**
 * How long a new process may take to answer `initialize`, sent at spawn (the pinned CLI
 * answers before any prompt, in ~1 s, ~3 s on a loaded machine). A process that never answers
 * (a silent script, one printing garbage, or init lines only) would hang its turn forever.
 */
const INITIALIZE_TIMEOUT_MS = 30_000;

/** How a session reaches the extension's permission server. */
export interface PermissionWiring {
  /** Value for `--mcp-config=`. */
  mcpConfigJson: string;
  /** `mcp__<server>__<tool>`. */
  promptTool: string;
  serverName: string;
}

export interface ClaudeSessionOptions {
  cwd: string;
  logger: Logger;
  /** The `claudeChat.cliPath` setting; empty means PATH. */
  cliPath?: string;
  /** Extra environment for the CLI, on top of the host's. */
  env?: Record<string, string>;
  /**
   * Read at every spawn instead of `cliPath`/`env` when given: the user fixes a rejected API key
   * in the settings and the next process (auth errors replace it) must start with the fixed one.
   */
  launch?: () => { cliPath?: string; env?: Record<string, string> };
  model?: string;
  permissionMode?: PermissionMode;
  extraArgs?: string[];
  permissions?: PermissionWiring | (() => PermissionWiring | undefined);
  /** Read at every spawn: our MCP servers besides the permission server (the window's IDE server), in the same `--mcp-config`. */
  mcpServers?: () => readonly McpServerSpec[];
  /** Continue an existing conversation (validated id) instead of starting a new one. */
  resumeSessionId?: string;
  sessionId?: string;
  interruptTimeoutMs?: number;
  /** Called when init reports our permission server as failed. */
  onPermissionServerFailed?: () => void;
  /**
   * Read at every spawn: the CLI's `--setting-sources`, e.g. `['user']` while the folder's own
   * Claude settings are not trusted (projectTrust.ts); undefined loads every source, as the terminal does.
   */
  settingSources?: () => readonly string[] | undefined;
  /** Report a turn whose stream made no progress for this long (no tool running); 0 = never. */
  stallNoticeMs?: number;
  /** File checkpoints: prompts are echoed with their uuid (`promptEchoed`) for rewind_files. */
  checkpoints?: boolean;
  /** Start as a fork of another conversation, cut at a message; `sessionId` is the fork's id. */
  fork?: ForkOrigin;
  /** A process that has not answered `initialize` by then ends its turn with an error. */
  initializeTimeoutMs?: number;
}

/**
 * One Claude conversation backed by one long-lived `claude` process. Turns are written to
 * stdin as JSON lines; a turn ends at its `result`. The process is spawned on the first
 * prompt, kept across turns and respawned with `--resume` if it dies.
 */
export class ClaudeSession {
  private readonly emitter = new Emitter<SessionEvent>();
  readonly onEvent = this.emitter.event;
  readonly sessionId: string;
  private readonly log: Logger;
  private proc: CliProcess | undefined;
  private current: Turn | undefined;
  private readonly queue = new TurnQueue();
  private readonly control = new ControlRequests();
  private readonly stall: StallWatch;
  private readonly mapper: StreamMapper;
  private stateValue: SessionState = 'idle';
  private disposed = false;
  private resumeNext: boolean;
  private stopping: Promise<void> | undefined;
  private infoValue: SessionInfo | undefined;
  private model: string | undefined;
  private permissionMode: PermissionMode | undefined;
  /** Set by `setMaxThinkingTokens`; re-sent to every new process. */
  private thinkingTokens: number | undefined;
  /** The permission server this process was spawned with, checked at init. */
  private activeServerName: string | undefined;
  /** The MCP config file (holds a token): removed once the CLI has read it, at init. */
  private mcpConfigFile: string | undefined;
  /** Lines from the current process: none at exit means it failed to start. */
  private procLines = 0;
  /** The current process wrote a line of the protocol; if not, what it wrote instead (for the error). */
  private procSpoke = false;
  private procOutput = '';
  /** Processes being replaced (auth error, trust change): they get EOF and may not fail a turn. */
  private readonly retired = new Set<CliProcess>();
  /** Settles when every retired process has exited; the next spawn waits for it (transcript flush). */
  private retiring: Promise<void> | undefined;
  /** Replace the process once the running turn ends (restartProcess while busy). */
  private restartAfterTurn = false;
  /**
   * The CLI opened a turn (its `system/init` starts every turn) and has not yet ended it with
   * a `result`. A result that no open turn explains is stray (a duplicate) and is dropped, so
   * it can never become the next prompt's answer.
   */
  private cliTurnOpen = false;
  /** Background tasks, and the turns the CLI starts when one ends (autonomousTurns.ts). */
  private readonly autonomous: AutonomousTurns;
  /** The background tasks as the panel lists them (backgroundTasks.ts). */
  private readonly taskList = new BackgroundTaskList();
  /**
   * Results still to come of turns the CLI opened by itself while a prompt of ours was already
   * written: they belong to no turn of ours, so they must not end the prompt's turn.
   */
  private foreignResults = 0;
  /** The latest mark that made `foreignResults`: a prompt's echo may hand it back (autonomousTurns.ts). */
  private lastForeign: Extract<InitKind, { kind: 'autonomous' }> | undefined;
  private versionLoggedFor: CliProcess | undefined;
  /** `ExitPlanMode` calls as the model sent them, by tool_use id (planSource.ts reads their plan). */
  private readonly planCalls = new Map<string, Record<string, unknown>>();
  /** The main thread's last assistant message, and whether its turn's result has come. */
  private lastAnswer: { messageId: string; resulted: boolean } | undefined;
  /** Bad and unknown stdout lines: a few warnings a minute, then a count. */
  private lineWarnings: RateLimitedLog;
  /** Lines that threw in our own handling: a bug of ours, so counted apart from the CLI's. */
  private lineFailures: RateLimitedLog;
  private systemLines: RateLimitedLog;
  /** Turns whose prompt was written and not yet echoed back (checkpoints). */
  private unechoed: string[] = [];
  private readonly context = new ContextTracker();
  /** get_context_usage is asked once per process (and after a model change). */
  private limitsAsked = false;
  /** Pending get_context_usage, sent only once the process has been idle for LIMITS_IDLE_MS. */
  private limitsTimer: ReturnType<typeof setTimeout> | undefined;
  /** Looks for the last answer in the transcript after its result (watchSaved). */
  private savedTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last answer never reached the transcript: only this process remembers it. */
  private unsaved = false;
  /** A turn ended in a process run with --no-session-persistence: it is the conversation's only copy. */
  private unpersisted = false;

  constructor(private readonly opts: ClaudeSessionOptions) {
    this.sessionId = opts.resumeSessionId ?? opts.sessionId ?? uuidv4();
    this.resumeNext = opts.resumeSessionId !== undefined;
    this.log = tagged(opts.logger, `session ${this.sessionId.slice(0, 8)}`);
    this.lineWarnings = new RateLimitedLog((m) => this.log.warn(m));
    this.lineFailures = new RateLimitedLog((m) => this.log.warn(m));
    this.systemLines = new RateLimitedLog((m) => this.log.debug(m), 20);
    this.mapper = new StreamMapper((e) => this.emitter.fire(e));
    this.autonomous = new AutonomousTurns(opts.checkpoints === true);
    this.stall = new StallWatch(opts.stallNoticeMs ?? 0, (r) => {
      if (r.stalled) this.log.warn(`no output for ${Math.round(r.silentMs / 1000)} s in a turn with no tool running`);
      this.emitter.fire({ type: 'stall', ...r });
    });
    this.model = opts.model;
    this.permissionMode = opts.permissionMode;
  }

  get state(): SessionState {
    return this.stateValue;
  }

  get pid(): number | undefined {
    return this.proc?.isAlive ? this.proc.pid : undefined;
  }

  get info(): SessionInfo | undefined {
    return this.infoValue;
  }

  get isBusy(): boolean {
    return this.current !== undefined;
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  /** The CLI could not save its last answer (full disk, read-only folder): ending the process loses it. */
  get hasUnsavedTurns(): boolean {
    return this.unsaved || this.unpersisted;
  }

  /** The user's extra args turn the transcript off: nothing is saved, on purpose. */
  private get persistenceOff(): boolean {
    return this.opts.extraArgs?.includes('--no-session-persistence') === true;
  }

  /**
   * Sends a prompt. While a turn runs, the prompt waits its turn: it is never dropped silently.
   * With `steer`, it is written at once instead; the CLI merges every prompt written during a
   * turn into one next turn (docs/protocol.md, "Launch, stream-json and turns"), so those prompts share one result.
   */
  send(prompt: string, options: { steer?: boolean; images?: readonly PromptImage[] } = {}): Promise<TurnResult> {
    return new Promise<TurnResult>((resolve) => {
      const turn: Turn = { turnId: uuidv4(), prompt, images: options.images, resolve, interrupted: false };
      if (this.disposed) {
        resolve(this.failed(turn, new ClaudeError('disposed', 'This chat was closed.', [])));
        return;
      }
      if (this.current && options.steer && this.proc?.isAlive && this.stateValue !== 'stopping') {
        this.queue.steer(turn);
        this.proc.writeLine(userLine(prompt, options.images));
        this.unechoed.push(turn.turnId);
        this.emitter.fire({ type: 'queued', turnId: turn.turnId, prompt, position: 0 });
        return;
      }
      if (this.current) {
        const position = this.queue.enqueue(turn);
        this.emitter.fire({ type: 'queued', turnId: turn.turnId, prompt, position });
        return;
      }
      this.start(turn);
    });
  }

  /**
   * Stops the running turn with the in-band interrupt; the process stays alive. If the CLI
   * does not confirm in time, the process tree is killed and the next prompt resumes.
   */
  interrupt(): Promise<void> {
    if (!this.current) return Promise.resolve();
    if (this.stopping) return this.stopping;
    const turn = this.current;
    turn.interrupted = true;
    this.dropQueue();
    this.setState('stopping');
    const proc = this.proc;
    this.stopping = new Promise<void>((resolve) => {
      const timeoutMs = this.opts.interruptTimeoutMs ?? 3000;
      const timer = setTimeout(() => {
        if (this.current !== turn) return;
        this.log.warn(`interrupt not confirmed within ${timeoutMs} ms; killing the process tree`);
        void proc?.killTree();
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.stopping = undefined;
        resolve();
      };
      const sub = this.onEvent((e) => {
        if (e.type === 'turnResult' && e.result.turnId === turn.turnId) {
          sub.dispose();
          done();
        }
      });
      if (this.current !== turn) {
        sub.dispose();
        done();
        return;
      }
      this.request({ subtype: 'interrupt' }, timeoutMs).catch((err: Error) =>
        this.log.warn(`interrupt request: ${err.message}`),
      );
    });
    return this.stopping;
  }

  /**
   * Starts the process before any prompt (the user is composing the first one), so the CLI's
   * start-up (~0.6–3 s) overlaps the typing: it prints nothing until the first user line but
   * loads meanwhile. No-op while a process runs or a turn is pending. Returns the live pid.
   */
  prewarm(): number | undefined {
    if (this.disposed || this.current || this.proc?.isAlive) return this.pid;
    try {
      this.ensureProcess();
    } catch (err) {
      // The first prompt reports the same failure with its actions; nothing to show here.
      this.log.info(`pre-warm did not start: ${(err as Error).message}`);
    }
    return this.pid;
  }

  /** Sends a control request and resolves with its response payload. */
  request(request: { subtype: string } & Record<string, unknown>, timeoutMs = 10_000): Promise<unknown> {
    const proc = this.proc;
    if (!proc?.isAlive) return Promise.reject(new ClaudeError('protocol', 'Claude is not running.'));
    return this.control.send((line) => proc.writeLine(line), request, timeoutMs);
  }

  /** Applies a model now if the process runs, and on every later spawn. */
  async setModel(model: string | undefined): Promise<void> {
    this.model = model;
    // Another model may have another window: ask for the limits again after the next turn.
    this.limitsAsked = false;
    if (this.proc?.isAlive) await this.request({ subtype: 'set_model', model: model ?? 'default' });
  }

  async setPermissionMode(mode: PermissionMode): Promise<void> {
    this.permissionMode = mode;
    if (this.proc?.isAlive) await this.request({ subtype: 'set_permission_mode', mode });
  }

  /**
   * Extended thinking for the next API requests: 0 turns it off, a positive budget turns it on
   * (models with adaptive thinking ignore the size). docs/protocol.md, "Interactive tools".
   */
  async setMaxThinkingTokens(tokens: number): Promise<void> {
    this.thinkingTokens = tokens;
    if (this.proc?.isAlive) await this.request({ subtype: 'set_max_thinking_tokens', max_thinking_tokens: tokens });
  }

  /**
   * Replaces the process before the next prompt (it continues with --resume), e.g. once the
   * folder's settings are trusted. A running turn finishes first.
   */
  restartProcess(): void {
    if (this.current) this.restartAfterTurn = true;
    else if (this.proc?.isAlive) this.retire(this.proc, 'restart requested');
  }

  /** Ends the conversation: pending turns settle, the process tree is killed. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.cancelLimits();
    clearTimeout(this.savedTimer);
    this.dropQueue();
    this.queue.settleSteered();
    const turn = this.current;
    if (turn) this.finish(turn, this.failed(turn, new ClaudeError('disposed', 'This chat was closed.', [])));
    const proc = this.proc;
    if (proc?.isAlive) {
      // EOF lets an idle CLI exit cleanly and flush its transcript; the kill is the backstop.
      proc.closeStdin();
      const exited = await Promise.race([proc.exited.then(() => true), delay(500).then(() => false)]);
      if (!exited) this.log.info('CLI did not exit on EOF; killing its process tree');
      await proc.killTree();
    }
    await Promise.all([...this.retired].map((p) => p.killTree()));
    this.dropMcpConfig();
    this.emitter.dispose();
  }

  private start(turn: Turn): void {
    this.current = turn;
    this.watchStall();
    this.setState('starting');
    this.emitter.fire({ type: 'turnStarted', turnId: turn.turnId, prompt: turn.prompt });
    const retiring = this.retiring;
    if (retiring) {
      // The old process flushes its transcript on EOF; --resume must read the whole of it.
      void retiring.then(() => {
        if (this.current !== turn || this.disposed) return;
        if (turn.interrupted) this.finish(turn, { ...this.failed(turn, undefined), outcome: 'interrupted' });
        else this.spawnAndWrite(turn);
      });
      return;
    }
    this.spawnAndWrite(turn);
  }

  private spawnAndWrite(turn: Turn): void {
    try {
      this.ensureProcess();
    } catch (err) {
      const error = err instanceof ClaudeError ? err : new ClaudeError('cliStartFailed', String(err));
      this.finish(turn, this.failed(turn, error));
      return;
    }
    this.proc!.writeLine(userLine(turn.prompt, turn.images));
    this.unechoed.push(turn.turnId);
  }

  /** Spawns the process without a prompt, e.g. to answer a control request (rewind_files). */
  ensureStarted(): void {
    if (this.disposed) throw new ClaudeError('disposed', 'This chat was closed.', []);
    this.ensureProcess();
  }

  private ensureProcess(): void {
    if (this.proc?.isAlive) return;
    const launch = this.launchSettings();
    const env = launchEnv(process.env, launch.env, this.opts.checkpoints);
    const command = resolveCliPath(launch.cliPath, env, this.opts.cwd);
    const proc = new CliProcess({ command, args: this.buildArgs(), cwd: this.opts.cwd, env, logger: this.log });
    this.proc = proc;
    this.procLines = 0;
    this.procSpoke = false;
    this.procOutput = '';
    this.cliTurnOpen = false;
    this.autonomous.reset();
    this.foreignResults = 0;
    this.lastForeign = undefined;
    this.unechoed = [];
    this.mapper.reset();
    this.context.reset();
    this.limitsAsked = false;
    this.cancelLimits();
    proc.onLine((line) => this.onLine(line));
    proc.onStderr((text) => {
      this.log.debug(`stderr: ${text.trimEnd()}`);
      this.emitter.fire({ type: 'stderr', text });
    });
    void proc.exited.then((info) => this.onExit(proc, info, command));
    // Written before the first user message, so it applies to that turn already.
    if (this.thinkingTokens !== undefined) {
      this.request({ subtype: 'set_max_thinking_tokens', max_thinking_tokens: this.thinkingTokens }).catch((err: Error) => this.log.warn(`set_max_thinking_tokens: ${err.message}`));
    }
    // The answer lists the slash commands with descriptions (init only names them).
    const initializeMs = this.opts.initializeTimeoutMs ?? INITIALIZE_TIMEOUT_MS;
    this.request({ subtype: 'initialize' }, initializeMs).then(
      (answer) => this.emitter.fire({ type: 'commands', commands: parseCommands(answer) }),
      (err: Error) => {
        this.log.info(`initialize: ${err.message}`);
        if (err instanceof RequestTimeout && this.proc === proc && !this.disposed) this.noAnswer(proc, command, initializeMs);
      },
    );
  }

  /** The process never answered `initialize`: it is replaced, and the turn waiting on it ends with why. */
  private noAnswer(proc: CliProcess, command: string, ms: number): void {
    const error = cliNoAnswer(command, Math.round(ms / 1000), this.procOutput || proc.stderrTail().slice(-300));
    this.log.warn(`no answer to initialize within ${ms} ms: ending the process`);
    this.retire(proc, 'no answer to initialize');
    const turn = this.current;
    if (!turn) return;
    this.dropQueue();
    this.finish(turn, this.failed(turn, error));
  }

  /** The argv for a new process; writes the permission server's config file it names. */
  private buildArgs(): string[] {
    // The transcript on disk, not what we saw on stdout, decides between resume and a new id.
    const resume = this.resumeNext || this.transcriptExists();
    const settingSources = this.opts.settingSources?.();
    const wiring = typeof this.opts.permissions === 'function' ? this.opts.permissions() : this.opts.permissions;
    this.activeServerName = wiring?.serverName;
    const config = mcpConfig(wiring?.mcpConfigJson, this.opts.mcpServers?.() ?? []);
    return launchArgs({
      sessionId: this.sessionId,
      resume,
      fork: this.opts.fork,
      checkpoints: this.opts.checkpoints,
      model: this.model,
      permissionMode: this.permissionMode,
      settingSources,
      mcp: config && { configFile: this.writeMcpConfig(config.json), promptTool: wiring?.promptTool, allowedTools: config.allowedTools },
      extraArgs: this.opts.extraArgs,
    });
  }

  private writeMcpConfig(json: string): string {
    // A fresh file per spawn (a --resume respawn too): the last one was removed at its init.
    this.dropMcpConfig();
    try {
      this.mcpConfigFile = writeMcpConfigFile(json);
    } catch (err) {
      // A raw "ENOENT: mkdir …" says nothing about what to fix.
      throw tempFolderFailed(mcpConfigDir(), (err as Error).message);
    }
    return this.mcpConfigFile;
  }

  private dropMcpConfig(): void {
    removeMcpConfigFile(this.mcpConfigFile);
    this.mcpConfigFile = undefined;
  }

  private onLine(raw: string): void {
    this.procLines++;
    this.stall.heard();
    // One bad line must cost one warning, never the rest of its chunk or the turn.
    try {
      const msg = parseCliLine(raw);
      if (!this.procSpoke) this.heard(msg, raw);
      this.handle(msg);
    } catch (err) {
      this.lineFailures.log(`a stdout line failed (${(err as Error).message}): ${redact(raw.slice(0, 200))}`);
    }
  }

  private handle(msg: CliMessage): void {
    switch (msg.kind) {
      case 'systemInit': {
        const l = msg.line;
        // Ours always names this session (--session-id, --resume, or a fork's new id): another
        // id is stray and would take the session over, so that turn's result no longer matched
        // and the turn never ended.
        if (l.session_id !== this.sessionId) {
          this.lineWarnings.log(`ignored a system/init of another session (${l.session_id})`);
          return;
        }
        if (!this.cliTurnOpen) this.openedByCli();
        this.cliTurnOpen = true;
        this.infoValue = {
          sessionId: l.session_id,
          model: l.model,
          tools: l.tools,
          permissionMode: l.permissionMode,
          mcpServers: l.mcp_servers.map((s) => ({ name: s.name, status: s.status })),
          pid: this.proc?.pid,
          cliVersion: l.claude_code_version,
        };
        if (this.stateValue === 'starting') this.setState('running');
        this.logVersion(l.claude_code_version);
        this.emitter.fire({ type: 'sessionBound', info: this.infoValue });
        // Init comes after the CLI read its config and connected its servers: the token file can go.
        this.dropMcpConfig();
        this.checkPermissionServer();
        return;
      }
      case 'systemStatus':
        if (msg.line.permissionMode && this.infoValue) this.infoValue.permissionMode = msg.line.permissionMode;
        // The CLI changes mode by itself (an approved plan leaves `plan`); a respawn must keep the new mode.
        if (isPermissionMode(msg.line.permissionMode)) this.permissionMode = msg.line.permissionMode;
        this.emitter.fire({ type: 'status', permissionMode: msg.line.permissionMode, status: msg.line.status });
        return;
      case 'apiRetry':
        this.emitter.fire({
          type: 'apiRetry',
          attempt: msg.line.attempt,
          maxRetries: msg.line.max_retries,
          delayMs: msg.line.retry_delay_ms,
          errorStatus: msg.line.error_status,
        });
        return;
      case 'system':
        // Deliberately ignored or new since the tested range: a few debug lines a minute, no more.
        this.systemLines.log(`system/${msg.line.subtype}${isKnownSystemSubtype(msg.line.subtype) ? '' : ' (a subtype this extension does not know; ignored)'}`);
        if (msg.line.subtype === 'compact_boundary') this.onCompactBoundary(msg.line);
        this.autonomous.systemLine(msg.line, this.cliTurnOpen);
        if (this.taskList.systemLine(msg.line)) this.fireTasks();
        return;
      case 'streamEvent':
        if (this.stateValue === 'starting') this.setState('running');
        this.mapper.streamEvent(msg.line.event, msg.line.parent_tool_use_id ?? undefined, msg.line.abandoned_blocks ?? undefined);
        this.context.streamEvent(msg.line.event, msg.line.parent_tool_use_id ?? undefined);
        return;
      case 'assistant':
        if (!msg.line.parent_tool_use_id) this.lastAnswer = { messageId: msg.line.message.id, resulted: false };
        for (const b of msg.line.message.content) {
          if (b.type !== 'tool_use') continue;
          const use = b as { id: string; name?: string; input?: unknown };
          this.stall.toolStarted(use.id);
          this.autonomous.toolCall(use.id, use.input);
          this.taskList.toolCall(use.id, use.input);
          if (use.name === PLAN_TOOL && use.input && typeof use.input === 'object') this.rememberPlanCall(use.id, use.input as Record<string, unknown>);
        }
        this.mapper.assistant(msg.line);
        return;
      case 'user': {
        if (msg.line.isReplay === true) {
          this.onEcho(msg.line as { uuid?: unknown });
          return;
        }
        const c = msg.line.message.content;
        if (Array.isArray(c)) {
          for (const b of c) {
            if (b.type !== 'tool_result') continue;
            const r = b as { tool_use_id: string; content?: unknown };
            this.stall.toolEnded(r.tool_use_id);
            if (this.taskList.toolResult(r.tool_use_id, toolResultText(r.content))) this.fireTasks();
          }
        }
        this.mapper.user(msg.line);
        return;
      }
      case 'result':
        this.onResult(msg.line);
        return;
      case 'rateLimit':
        this.emitter.fire({ type: 'usageLimit', limit: usageLimit(msg.line.rate_limit_info) });
        return;
      case 'controlResponse':
        this.control.answer(msg.line.response);
        return;
      case 'controlRequest':
        // We never ask for stdio prompts, so refuse rather than leave the CLI waiting.
        this.lineWarnings.log(`unexpected control_request ${msg.line.request.subtype}`);
        this.proc?.writeLine(
          JSON.stringify({
            type: 'control_response',
            response: { subtype: 'error', request_id: msg.line.request_id, error: 'Not supported by this client' },
          }),
        );
        return;
      case 'controlCancel':
      case 'keepAlive':
        return;
      case 'unknown':
        this.lineWarnings.log(`passing on unknown line (${msg.reason})`);
        this.emitter.fire({ type: 'unknown', lineType: msg.type, value: msg.value });
        return;
      case 'malformed':
        this.lineWarnings.log(`skipped a malformed line (${msg.reason}): ${redact(msg.preview)}`);
        return;
      default:
        unreachable(msg, (m) => this.log.error(m));
    }
  }

  /** Until the process writes a protocol line: what it printed instead, for the error if it never does. */
  private heard(msg: CliMessage, raw: string): void {
    // A JSON line of a known type that fails its schema is still the CLI (a newer one, say).
    if (msg.kind !== 'malformed' || msg.reason.startsWith('schema mismatch')) this.procSpoke = true;
    else if (this.procOutput.length < 300) this.procOutput += `${raw.slice(0, 300)}\n`;
  }

  /**
   * An `init` with no CLI turn open. After a background task's notification it opens the CLI's
   * own turn: with no prompt of ours running, it gets a turn of its own (a prompt sent meanwhile
   * queues behind it); with a prompt already written, the CLI answers the notification first and
   * then the prompt, so the first result is not the prompt's.
   */
  private openedByCli(): void {
    const opened = this.autonomous.opened();
    if (opened.kind === 'prompt') return;
    if (this.current) {
      this.log.debug(`this turn may begin with Claude Code's own answer to: ${opened.reasons.join('; ')}`);
      this.foreignResults++;
      this.lastForeign = opened;
      return;
    }
    this.log.info(`Claude Code started a turn by itself: ${opened.reasons.join('; ')}`);
    const turn: Turn = { turnId: uuidv4(), prompt: '', resolve: () => undefined, interrupted: false };
    this.current = turn;
    this.watchStall();
    this.setState('running');
    this.emitter.fire({ type: 'turnStarted', turnId: turn.turnId, prompt: '', byCli: opened.reasons });
  }

  /** Background tasks the CLI runs now; ending the process would end them. */
  get backgroundTasks(): number {
    return this.autonomous.backgroundTasks;
  }

  /** The background tasks of this session, running and recently ended, newest first. */
  get taskListing(): BackgroundTask[] {
    return this.taskList.list();
  }

  /**
   * Stops a background task the CLI's own way (`stop_task`), so its state stays right: the CLI
   * ends the process group and reports the task stopped (docs/protocol.md, "Background tasks").
   */
  async stopTask(taskId: string): Promise<void> {
    if (!this.taskList.has(taskId)) throw new ClaudeError('protocol', 'This chat has no such background task.', []);
    await this.request({ subtype: 'stop_task', task_id: taskId });
  }

  private fireTasks(): void {
    this.emitter.fire({ type: 'backgroundTasks', tasks: this.taskList.list() });
  }

  /** A prompt echoed by --replay-user-messages: its uuid names its file checkpoint. */
  private onEcho(line: { uuid?: unknown }): void {
    // The prompt's own echo: the CLI folded the notification into the prompt's turn, so the
    // next result is the prompt's after all.
    if (this.foreignResults > 0) {
      this.foreignResults = 0;
      if (this.lastForeign) this.autonomous.echoCancelled(this.lastForeign);
    }
    this.lastForeign = undefined;
    const turnId = this.unechoed.shift();
    if (turnId && typeof line.uuid === 'string') this.emitter.fire({ type: 'promptEchoed', turnId, uuid: line.uuid });
  }

  private checkPermissionServer(): void {
    const name = this.activeServerName;
    if (!name || !this.infoValue) return;
    const server = this.infoValue.mcpServers.find((s) => s.name === name);
    // `pending` is not a failure: with the user's servers loading too, ours may still be connecting.
    if (server && server.status !== 'connected' && server.status !== 'pending') {
      // The CLI would otherwise die at the first tool call with no result
      // (docs/protocol.md, "Permission prompts through our MCP tool").
      const error = new ClaudeError(
        'permissionServer',
        `Claude could not reach the extension's permission server (status: ${server.status}). It has been restarted: send your message again.`,
        ['retry', 'showLogs'],
      );
      this.opts.onPermissionServerFailed?.();
      const turn = this.current;
      void this.proc?.killTree();
      if (turn) this.finish(turn, this.failed(turn, error));
    }
  }

  private onCompactBoundary(line: Record<string, unknown>): void {
    const meta = (line.compact_metadata ?? {}) as { trigger?: unknown; pre_tokens?: unknown; post_tokens?: unknown };
    const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
    const postTokens = num(meta.post_tokens);
    this.emitter.fire({ type: 'compacted', trigger: typeof meta.trigger === 'string' ? meta.trigger : 'auto', preTokens: num(meta.pre_tokens), postTokens });
    if (postTokens !== undefined) this.context.compacted(postTokens);
  }

  /** Emits the context meter; asks for the window limits once per process, once it is idle. */
  private reportContext(): void {
    const usage = this.context.usage;
    if (usage) this.emitter.fire({ type: 'context', usage });
    if (this.limitsAsked || this.limitsTimer || !this.proc?.isAlive) return;
    // The CLI answers get_context_usage with ~13 count_tokens API calls and reads the next user
    // line only after them (docs/protocol.md, "Slash commands, images and context usage"): asked right after a result, it
    // held up a prompt sent at once by ~150 ms on loopback, more against the real API. So it
    // waits until nobody has prompted for a moment; a turn that starts meanwhile postpones it
    // to that turn's end.
    this.limitsTimer = setTimeout(() => {
      this.limitsTimer = undefined;
      if (!this.current && !this.disposed) this.askLimits();
    }, LIMITS_IDLE_MS);
  }

  private cancelLimits(): void {
    if (this.limitsTimer) clearTimeout(this.limitsTimer);
    this.limitsTimer = undefined;
  }

  private askLimits(): void {
    if (this.limitsAsked || !this.proc?.isAlive) return;
    this.limitsAsked = true;
    this.request({ subtype: 'get_context_usage' }).then(
      (answer) => {
        this.context.setLimits(answer);
        const u = this.context.usage;
        if (u && !this.disposed) this.emitter.fire({ type: 'context', usage: u });
      },
      (err: Error) => this.log.info(`get_context_usage: ${err.message}`),
    );
  }

  private onResult(line: Extract<CliMessage, { kind: 'result' }>['line']): void {
    const sessionId = this.infoValue?.sessionId;
    if (!this.cliTurnOpen || (line.session_id && sessionId && line.session_id !== sessionId)) {
      this.lineWarnings.log(`dropped a result that matches no turn of this session (${line.subtype}, session ${line.session_id ?? 'none'})`);
      return;
    }
    this.cliTurnOpen = false;
    this.autonomous.turnEnded();
    if (this.foreignResults > 0) {
      // The CLI's own turn, run before the prompt we had written: that prompt's turn goes on.
      this.foreignResults--;
      this.mapper.endTurn();
      return;
    }
    if (this.lastAnswer) this.lastAnswer.resulted = true;
    this.mapper.endTurn();
    const turn = this.current;
    if (!turn) {
      this.log.warn(`result with no turn running: ${line.subtype}`);
      return;
    }
    // aborted_tools without our interrupt: a permission answer with interrupt:true ("Deny and stop").
    const interrupted = line.is_error && (turn.interrupted || line.terminal_reason === 'aborted_tools');
    const error = interrupted || !line.is_error ? undefined : apiErrorFromResult(line.api_error_status, line.result ?? line.errors?.join('; ') ?? '');
    // --no-session-persistence (the user's extra args) saves nothing on purpose: nothing to
    // watch, but the process now holds the only copy, so the process cap must not suspend it.
    if (this.persistenceOff) this.unpersisted ||= this.proc !== undefined;
    else if (this.lastAnswer && this.proc) this.watchSaved(this.proc, this.lastAnswer.messageId);
    this.finish(turn, {
      turnId: turn.turnId,
      prompt: turn.prompt,
      outcome: interrupted ? 'interrupted' : error ? 'error' : 'success',
      subtype: line.subtype,
      isError: line.is_error,
      text: line.result,
      usage: line.usage,
      totalCostUsd: line.total_cost_usd,
      durationMs: line.duration_ms,
      numTurns: line.num_turns,
      terminalReason: line.terminal_reason,
      error,
    });
    this.reportContext();
  }

  /**
   * The CLI saves an answer tens of ms after its result, and says nothing when it cannot (a
   * full disk, a read-only folder: the turn still reports success; measured with 2.1.197). So
   * the transcript is checked a few times over ~15 s; an answer still missing is reported
   * while the process, the only holder of it, still runs.
   */
  private watchSaved(proc: CliProcess, messageId: string): void {
    clearTimeout(this.savedTimer);
    let wait = 500;
    const check = (): void => {
      this.savedTimer = undefined;
      if (this.disposed || this.proc !== proc || !proc.isAlive) return;
      if (transcriptHasMessage(this.transcriptFile(), messageId)) {
        this.unsaved = false;
        return;
      }
      if (wait < 8000) {
        wait *= 2;
        this.savedTimer = setTimeout(check, wait);
        this.savedTimer.unref?.();
        return;
      }
      this.unsaved = true;
      this.log.warn(`the CLI did not save its answer to ${this.transcriptFile()}`);
      this.emitter.fire({ type: 'error', error: turnNotSaved(this.transcriptFile()) });
    };
    this.savedTimer = setTimeout(check, wait);
    this.savedTimer.unref?.();
  }

  private onExit(proc: CliProcess, info: ExitInfo, command: string): void {
    if (this.retired.delete(proc)) {
      // No error and no turn to fail; listeners still learn that this process (and its cost) ended.
      this.log.info(`replaced process ${proc.pid} exited (code ${info.code}, signal ${info.signal})`);
      if (!this.disposed) this.emitter.fire({ type: 'exit', code: info.code, signal: info.signal });
      return;
    }
    if (this.proc === proc) {
      this.proc = undefined;
      this.dropMcpConfig();
      // The process tree is gone, its background tasks with it.
      if (this.taskList.processEnded() && !this.disposed) this.fireTasks();
    }
    this.control.settleAll('Claude exited before answering.');
    this.lineWarnings.flush();
    this.lineFailures.flush();
    const tail = proc.stderrTail();
    let error: ClaudeError | undefined;
    if (info.spawnError) {
      const shebang = info.spawnError.code === 'ENOENT' ? shebangOf(command) : undefined;
      if (shebang) error = interpreterMissing(command, shebang);
      else error = info.spawnError.code === 'ENOENT' ? cliNotFound(command, false) : cliStartFailed(null, null, info.spawnError.message);
    } else if (this.current && this.procLines === 0) {
      error = cliStartFailed(info.code, info.signal, tail);
    } else if (this.current && !this.procSpoke && info.code === 0) {
      // Not one protocol line, then a clean exit: e.g. a help text.
      error = notClaudeCli(command, info.code, info.signal, this.procOutput);
    } else if (this.current && !this.procSpoke) {
      error = cliStartFailed(info.code, info.signal, tail || this.procOutput);
    } else if (this.current) {
      error = processExited(info.code, info.signal, tail, this.transcriptExists());
    } else if (this.lastAnswer?.resulted && !this.answerSaved()) {
      // Died between printing a result and saving it: a resume would not know that answer.
      error = answerNotSaved(info.code, info.signal, this.unsaved);
    }
    this.lastAnswer = undefined;
    this.unsaved = false;
    this.unpersisted = false;
    clearTimeout(this.savedTimer);
    this.log.info(`process ${proc.pid} exited (code ${info.code}, signal ${info.signal})`);
    if (this.disposed) return;
    this.emitter.fire({ type: 'exit', code: info.code, signal: info.signal, error });
    const turn = this.current;
    if (turn) {
      const result = turn.interrupted
        ? { ...this.failed(turn, undefined), outcome: 'interrupted' as const }
        : this.failed(turn, error!);
      this.dropQueue();
      this.finish(turn, result, 'exited');
    } else {
      this.setState('exited');
    }
  }

  /** EOF lets the idle CLI flush its transcript and exit; the kill is the backstop. */
  private retire(proc: CliProcess, why: string): void {
    this.log.info(`replacing process ${proc.pid}: ${why}`);
    this.retired.add(proc);
    if (this.proc === proc) {
      this.proc = undefined;
      // Its background tasks end with it (at EOF or the kill below).
      if (this.taskList.processEnded()) this.fireTasks();
    }
    this.control.settleAll('Claude was restarted before answering.');
    proc.closeStdin();
    const exited = Promise.race([proc.exited.then(() => true), delay(2000).then(() => false)]).then(async (ok) => {
      if (!ok) await proc.killTree();
    });
    const all = Promise.all([this.retiring, exited]).then(() => undefined);
    this.retiring = all;
    void all.then(() => {
      if (this.retiring === all) this.retiring = undefined;
    });
  }

  private transcriptFile(): string {
    return transcriptPath(this.opts.cwd, this.sessionId, { ...process.env, ...this.launchSettings().env });
  }

  /** Once per process: the version in the log; a newer one than tested, once per version (docs/compatibility.md). */
  private logVersion(version: string | undefined): void {
    if (!this.proc || this.versionLoggedFor === this.proc) return;
    this.versionLoggedFor = this.proc;
    this.log.info(`Claude Code ${version ?? '(version not reported)'} (pid ${this.proc.pid})`);
    if (judgeVersion(version) === 'newerThanTested' && version && !newerVersionsLogged.has(version)) {
      newerVersionsLogged.add(version);
      this.log.info(`Claude Code ${version} is newer than the newest version this extension was tested with (${NEWEST_TESTED}); it should work, and the log is the place to look if something does not.`);
    }
  }

  /** Where the CLI this session spawns keeps its plan files: `<config dir>/plans` (planSource.ts). */
  plansDir(): string {
    return join(claudeConfigDir({ ...process.env, ...this.launchSettings().env }), 'plans');
  }

  /** The input the model gave a tool call, if it was an `ExitPlanMode` this session saw. */
  toolInput(toolUseId: string): Record<string, unknown> | undefined {
    return this.planCalls.get(toolUseId);
  }

  private rememberPlanCall(id: string, input: Record<string, unknown>): void {
    this.planCalls.set(id, input);
    // A long chat plans many times; only the recent calls can still be waiting for an answer.
    if (this.planCalls.size > 8) this.planCalls.delete(this.planCalls.keys().next().value as string);
  }

  private launchSettings(): { cliPath?: string; env?: Record<string, string> } {
    return this.opts.launch?.() ?? { cliPath: this.opts.cliPath, env: this.opts.env };
  }

  private transcriptExists(): boolean {
    return existsSync(this.transcriptFile());
  }

  /** Whether the last answer is in the CLI's transcript, i.e. a resume will remember it. */
  private answerSaved(): boolean {
    return !this.lastAnswer || transcriptHasMessage(this.transcriptFile(), this.lastAnswer.messageId);
  }

  private failed(turn: Turn, error: ClaudeError | undefined): TurnResult {
    return failedResult(turn, error);
  }

  private finish(turn: Turn, result: TurnResult, next: SessionState = 'idle'): void {
    if (this.current !== turn) return;
    this.current = undefined;
    this.stall.unwatch();
    // After an auth failure the running CLI keeps its old credentials; a fresh process (with
    // --resume) reads the fixed key or login. Same when a restart waited for this turn.
    const replace = result.error?.code === 'auth' ? 'authentication failed' : this.restartAfterTurn ? 'restart requested' : undefined;
    this.restartAfterTurn = false;
    if (replace && this.proc?.isAlive && !this.queue.hasSteered) {
      this.retire(this.proc, replace);
      next = 'idle';
    }
    if (result.error) this.emitter.fire({ type: 'error', error: result.error });
    this.emitter.fire({ type: 'turnResult', result });
    turn.resolve(result);
    this.setState(this.proc?.isAlive || next === 'idle' ? next : 'exited');
    const merged = this.proc?.isAlive && !this.disposed ? this.queue.takeMerged() : undefined;
    if (merged) {
      this.startMerged(merged);
      return;
    }
    this.queue.settleSteered();
    const queued = this.queue.next();
    if (queued && !this.disposed) this.start(queued);
  }

  /** The CLI is already running the steered prompts as one turn; follow it without writing. */
  private startMerged(merged: Turn): void {
    this.current = merged;
    this.watchStall();
    this.setState('starting');
    this.emitter.fire({ type: 'turnStarted', turnId: merged.turnId, prompt: merged.prompt });
  }

  private dropQueue(): void {
    const dropped = this.queue.dropWaiting();
    if (dropped.length > 0) this.emitter.fire({ type: 'queueDropped', turns: dropped.map((t) => ({ turnId: t.turnId, prompt: t.prompt })) });
  }

  private watchStall(): void {
    const turn = this.current;
    if (turn) this.stall.watch(turn.turnId, () => this.current === turn);
  }

  private setState(state: SessionState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    // Tools start only while a turn runs: only then are the CLI's tool process groups looked for.
    this.proc?.setWatching(state === 'starting' || state === 'running' || state === 'stopping');
    this.emitter.fire({ type: 'state', state });
  }
}

/** The `#!` line of an existing file, e.g. to tell a missing interpreter from a missing CLI. */
function shebangOf(path: string): string | undefined {
  try {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(256);
      const n = readSync(fd, buf, 0, buf.length, 0);
      const first = buf.subarray(0, n).toString('utf8').split('\n')[0];
      return first.startsWith('#!') ? first.trim() : undefined;
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}
