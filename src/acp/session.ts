import type {
  ClientContext,
  ContentBlock,
  NewSessionResponse,
  RequestPermissionRequest,
  RequestPermissionResponse,
  SessionConfigOption,
  SessionUpdate,
  StopReason,
} from '@agentclientprotocol/sdk';
import { Emitter, type Disposable } from '../core/emitter';
import type { Logger } from '../core/logger';
import { decisionOutcome, PendingRequests } from '../core/pendingRequests';
import { isPermissionCancelled, PermissionCancelled, summarizeToolRequest, type PermissionBroker, type PermissionCancelReason } from '../core/permissions';
import { AcpError, RPC, rpcCode, rpcMessage } from './errors';
import { eventFromUpdate, type AcpSessionEvent } from './events';
import { pickPermissionOption } from './permissions';
import { describeToolCall, isRecord, mergeToolCall, type ToolCallState } from './toolCalls';

export interface AcpChoice {
  id: string;
  name: string;
  description?: string;
}

export interface AcpChoiceList {
  currentId: string;
  available: AcpChoice[];
}

export interface PromptResult {
  stopReason: StopReason;
  turnId: string;
}

/** What a session needs from the client that owns the connection. */
export interface SessionHost {
  readonly agent: ClientContext;
  readonly broker: PermissionBroker;
  readonly log: Logger;
  /** The connection is gone (the agent exited or was stopped). */
  readonly closed: boolean;
  /** Turns a failed request into a typed error (agent exit, auth, …). */
  translate(err: unknown, what: string): Promise<AcpError>;
  releaseSession(sessionId: string): void;
}

/**
 * One ACP session: prompts run one at a time (a prompt sent while busy waits its turn), updates
 * arrive as typed events, permission requests go to the broker.
 */
export class AcpSession implements Disposable {
  private readonly emitter = new Emitter<AcpSessionEvent>();
  readonly onEvent = this.emitter.event;
  private modeState: AcpChoiceList | undefined;
  private config: SessionConfigOption[];
  private legacyModels: AcpChoiceList | undefined;
  private readonly tools = new Map<string, ToolCallState>();
  private readonly pendingPermissions = new PendingRequests();
  private chain: Promise<unknown> = Promise.resolve();
  private turnSeq = 0;
  private current: { turnId: string; cancelRequested: boolean } | undefined;
  private permSeq = 0;
  private dead: AcpError | undefined;

  constructor(
    readonly sessionId: string,
    readonly cwd: string,
    response: NewSessionResponse,
    private readonly host: SessionHost,
  ) {
    const m = response.modes;
    this.modeState = m ? { currentId: m.currentModeId, available: m.availableModes.map((x) => ({ id: x.id, name: x.name, description: x.description ?? undefined })) } : undefined;
    this.config = response.configOptions ?? [];
    this.legacyModels = legacyModels((response as { models?: unknown }).models);
  }

  /** The agent's session modes (e.g. default, acceptEdits, plan), if it has any. */
  get modes(): AcpChoiceList | undefined {
    return this.modeState;
  }

  /** The agent's models: its `model` config option, else the older `models` field. */
  get models(): AcpChoiceList | undefined {
    const opt = this.modelOption();
    if (opt && opt.type === 'select') return { currentId: opt.currentValue, available: flattenSelect(opt.options) };
    return this.legacyModels;
  }

  get configOptions(): readonly SessionConfigOption[] {
    return this.config;
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  get error(): AcpError | undefined {
    return this.dead;
  }

  prompt(input: string | ContentBlock[]): Promise<PromptResult> {
    const run = this.chain.then(() => this.runPrompt(input));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Sends `session/cancel`; the running prompt then ends with `cancelled`. Pending permission prompts are withdrawn. */
  async cancel(): Promise<void> {
    if (this.current) this.current.cancelRequested = true;
    this.abortPermissions('interrupted', 'The turn was stopped.');
    if (this.dead) return;
    try {
      await this.host.agent.notify('session/cancel', { sessionId: this.sessionId });
    } catch (err) {
      this.host.log.warn(`session/cancel failed: ${rpcMessage(err)}`);
    }
  }

  /** Throws `AcpError('refused')` when the agent says no; the mode is then unchanged. */
  async setMode(modeId: string): Promise<void> {
    this.assertAlive();
    if (!this.modeState) throw new AcpError('refused', 'This agent has no session modes.', []);
    try {
      await this.host.agent.request('session/set_mode', { sessionId: this.sessionId, modeId });
    } catch (err) {
      throw await this.refusal(err, `mode "${modeId}"`);
    }
    this.applyMode(modeId);
  }

  /** Throws `AcpError('refused')` when the agent says no; the model is then unchanged. */
  async setModel(modelId: string): Promise<void> {
    this.assertAlive();
    const opt = this.modelOption();
    try {
      if (opt) {
        const res = await this.host.agent.request('session/set_config_option', { sessionId: this.sessionId, configId: opt.id, value: modelId });
        this.applyConfig(res.configOptions);
      } else if (this.legacyModels) {
        // Agents from before config options: the unstable `session/set_model`.
        await this.host.agent.request('session/set_model', { sessionId: this.sessionId, modelId });
        this.legacyModels = { ...this.legacyModels, currentId: modelId };
      } else {
        throw new AcpError('refused', 'This agent does not offer a model choice.', []);
      }
    } catch (err) {
      if (err instanceof AcpError) throw err;
      throw await this.refusal(err, `model "${modelId}"`);
    }
  }

  /** Stops routing events and withdraws pending prompts. The agent's session itself stays until the agent exits. */
  dispose(): void {
    this.abortPermissions('sessionEnded', 'The chat was closed.');
    this.dead ??= new AcpError('disposed', 'The session was closed.', []);
    this.host.releaseSession(this.sessionId);
    this.emitter.dispose();
  }

  // ---- called by the client ----

  handleUpdate(update: SessionUpdate): void {
    const event = eventFromUpdate(update);
    if (event.type === 'toolCall') this.tools.set(event.toolCall.toolCallId, mergeToolCall(undefined, event.toolCall));
    else if (event.type === 'toolCallUpdate') this.tools.set(event.update.toolCallId, mergeToolCall(this.tools.get(event.update.toolCallId), event.update));
    else if (event.type === 'modeChanged') {
      if (this.modeState) this.modeState = { ...this.modeState, currentId: event.modeId };
    } else if (event.type === 'configOptions') this.config = event.options;
    else if (event.type === 'other') this.host.log.debug(`session/update not modelled: ${update.sessionUpdate}`);
    this.emitter.fire(event);
  }

  async requestPermission(params: RequestPermissionRequest, requestSignal: AbortSignal): Promise<RequestPermissionResponse> {
    if (this.dead) return { outcome: { outcome: 'cancelled' } };
    const toolCallId = params.toolCall.toolCallId;
    const state = mergeToolCall(this.tools.get(toolCallId), params.toolCall);
    const { name, input } = describeToolCall(state);
    // Unique across sessions: every chat's prompts share the one queue.
    const requestId = `acp-perm-${this.sessionId}-${++this.permSeq}`;
    this.emitter.fire({ type: 'permissionAsked', toolCallId, requestId });
    try {
      const decision = await this.pendingPermissions.ask(
        this.host.broker,
        {
          id: requestId,
          sessionKey: this.sessionId,
          toolName: name,
          input,
          toolUseId: toolCallId,
          summary: summarizeToolRequest(name, input, this.cwd),
          agentOptions: params.options.map((o) => ({ optionId: o.optionId, kind: o.kind, name: o.name })),
          receivedAt: Date.now(),
        },
        { upstream: requestSignal, upstreamReason: () => new PermissionCancelled('interrupted', 'The agent withdrew the request.') },
      );
      const answer = pickPermissionOption(decision, params.options);
      const outcome = answer.outcome.outcome === 'cancelled' ? 'cancelled' : decisionOutcome(decision);
      this.emitter.fire({ type: 'permissionAnswered', toolCallId, requestId, outcome });
      // Answer first, then stop the turn.
      if (decision.kind === 'denyAndStop') setTimeout(() => void this.cancel(), 0);
      return answer;
    } catch (err) {
      if (!isPermissionCancelled(err)) this.host.log.warn(`permission broker failed: ${err instanceof Error ? err.message : String(err)}`);
      this.emitter.fire({ type: 'permissionAnswered', toolCallId, requestId, outcome: 'cancelled' });
      return { outcome: { outcome: 'cancelled' } };
    }
  }

  /** The agent is gone: report it once and refuse further prompts. */
  fail(error: AcpError): void {
    if (this.dead) return;
    this.dead = error;
    this.abortPermissions('disconnected', error.message);
    this.emitter.fire({ type: 'error', error });
  }

  // ---- internals ----

  private async runPrompt(input: string | ContentBlock[]): Promise<PromptResult> {
    this.assertAlive();
    const turnId = `${this.sessionId.slice(0, 8)}-t${++this.turnSeq}`;
    const prompt: ContentBlock[] = typeof input === 'string' ? [{ type: 'text', text: input }] : input;
    const text = prompt.map((b) => (b.type === 'text' ? b.text : '')).join('');
    const turn = { turnId, cancelRequested: false };
    this.current = turn;
    const started = Date.now();
    this.emitter.fire({ type: 'promptStarted', turnId, text });
    try {
      let stopReason: StopReason;
      try {
        const res = await this.host.agent.request('session/prompt', { sessionId: this.sessionId, prompt });
        stopReason = res.stopReason;
      } catch (err) {
        // Agents report a cancelled turn as an error ("aborted", -32800) as often as with stopReason.
        if (!this.dead && !this.host.closed && (rpcCode(err) === RPC.requestCancelled || turn.cancelRequested)) {
          this.host.log.debug(`prompt ended with an error after cancel, counted as cancelled: ${rpcMessage(err)}`);
          stopReason = 'cancelled';
        } else {
          throw this.dead ?? (await this.host.translate(err, 'The prompt failed'));
        }
      }
      this.emitter.fire({ type: 'promptEnded', turnId, durationMs: Date.now() - started, stopReason });
      return { stopReason, turnId };
    } catch (err) {
      const error = err instanceof AcpError ? err : await this.host.translate(err, 'The prompt failed');
      this.emitter.fire({ type: 'promptEnded', turnId, durationMs: Date.now() - started, error });
      throw error;
    } finally {
      this.current = undefined;
    }
  }

  private assertAlive(): void {
    if (this.dead) throw this.dead;
  }

  private async refusal(err: unknown, what: string): Promise<AcpError> {
    const e = await this.host.translate(err, `The agent refused ${what}`);
    if (e.code !== 'agent') return e;
    return new AcpError('refused', e.message, ['showLogs'], e.detail);
  }

  private applyMode(modeId: string): void {
    if (!this.modeState || this.modeState.currentId === modeId) return;
    this.modeState = { ...this.modeState, currentId: modeId };
    this.emitter.fire({ type: 'modeChanged', modeId });
  }

  private applyConfig(options: SessionConfigOption[] | undefined): void {
    if (!options) return;
    this.config = options;
    this.emitter.fire({ type: 'configOptions', options });
  }

  private modelOption(): SessionConfigOption | undefined {
    return this.config.find((o) => o.category === 'model') ?? this.config.find((o) => o.id === 'model');
  }

  private abortPermissions(reason: PermissionCancelReason, message: string): void {
    this.pendingPermissions.cancelAll(new PermissionCancelled(reason, message));
  }
}

function flattenSelect(options: unknown): AcpChoice[] {
  if (!Array.isArray(options)) return [];
  const out: AcpChoice[] = [];
  for (const o of options) {
    if (isRecord(o) && Array.isArray(o.options)) out.push(...flattenSelect(o.options));
    else if (isRecord(o) && typeof o.value === 'string') out.push({ id: o.value, name: typeof o.name === 'string' ? o.name : o.value, description: typeof o.description === 'string' ? o.description : undefined });
  }
  return out;
}

function legacyModels(models: unknown): AcpChoiceList | undefined {
  if (!isRecord(models) || typeof models.currentModelId !== 'string' || !Array.isArray(models.availableModels)) return undefined;
  const available = models.availableModels
    .filter(isRecord)
    .filter((m) => typeof m.modelId === 'string')
    .map((m) => ({ id: m.modelId as string, name: typeof m.name === 'string' ? m.name : (m.modelId as string), description: typeof m.description === 'string' ? m.description : undefined }));
  return { currentId: models.currentModelId, available };
}
