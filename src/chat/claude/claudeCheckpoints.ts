import { readFile } from 'node:fs/promises';
import type { SessionEvent } from '../../claude/events';
import { CheckpointError, readPromptPoints, rewindFiles, type ControlChannel, type ForkOrigin, type PromptPoint } from '../../claude/checkpoints';
import type { ChatEvent } from '../../shared/contract';
import { contentAt, lastAfter, perFile, type ChatCheckpoints, type RestoreFile, type RestorePlan } from '../checkpoints';
import { changeFromResult, contentSize, dropContent, type FileChange } from '../fileChanges';

/** What the checkpoints need from their `ClaudeChat`. */
export interface CheckpointHost {
  folder(): string;
  env(): Record<string, string> | undefined;
  isBusy(): boolean;
  /** The conversation's id, if it has one. */
  sessionId(): string | undefined;
  /** A running process of this conversation (spawned without a prompt if need be). */
  channel(): Promise<ControlChannel>;
  emit(events: ChatEvent[]): void;
  /** Closes the current process and sends `text` in a fork cut at `origin` (a fresh conversation without one). */
  forkAndSend(origin: ForkOrigin | undefined, text: string): Promise<unknown>;
}

interface Prompt {
  /** The panel's turn id of the `user` event. */
  turnId: string;
  text: string;
  /** The session's turn id while it runs (live prompts only). */
  sessionTurnId?: string;
  /** The CLI's message uuid: names the checkpoint. */
  uuid?: string;
  changes: FileChange[];
}

const BUSY = 'Claude is working on a turn. Stop it first, then restore.';

/**
 * The Claude CLI's checkpoints for one chat: prompts in order, their uuids (echoed by the
 * CLI) and the file changes of each turn (our record, also read back from the transcript).
 */
export class ClaudeCheckpoints implements ChatCheckpoints {
  private prompts: Prompt[] = [];
  private nextBind: Prompt | undefined;
  private runningTurn: string | undefined;
  /** What a restore left in each file it restored (absent = undefined), until Claude changes it again. */
  private restored = new Map<string, string | undefined>();
  /**
   * Changes in the order they were kept, with what each cost then: past `maxChars` the oldest
   * lose their contents (a restore then says "content not recorded here"; the CLI's own rewind
   * still restores the files). Unbounded, 100 edits of a 500 KB file kept 100 MB.
   */
  private kept: { change: FileChange; size: number }[] = [];
  private chars = 0;

  constructor(
    private readonly host: CheckpointHost,
    private readonly maxChars = 32_000_000,
  ) {}

  /** Contents kept, in UTF-16 code units. */
  get keptChars(): number {
    return this.chars;
  }

  private keep(prompt: Prompt, change: FileChange): void {
    prompt.changes.push(change);
    const size = contentSize(change);
    this.kept.push({ change, size });
    this.chars += size;
    let cut = 0;
    while (this.chars > this.maxChars && cut < this.kept.length - 1) {
      const old = this.kept[cut++];
      this.chars -= old.size;
      if (!old.change.dropped) dropContent(old.change);
    }
    if (cut > 0) this.kept = this.kept.slice(cut);
  }

  /** A prompt was shown in the panel and is about to be sent (its session turn follows). */
  addPrompt(turnId: string, text: string): void {
    const p: Prompt = { turnId, text, changes: [] };
    this.prompts.push(p);
    this.nextBind = p;
  }

  /** Drops everything (new chat). */
  clear(): void {
    this.prompts = [];
    this.restored.clear();
    this.nextBind = undefined;
    this.kept = [];
    this.chars = 0;
  }

  /**
   * A past conversation: its prompts from the transcript, aligned with the history's `user`
   * events. Returns the panel events with checkpoint markers and turn footers woven in.
   */
  load(events: ChatEvent[], points: PromptPoint[]): ChatEvent[] {
    this.clear();
    const out: ChatEvent[] = [];
    let i = 0;
    const footer = () => {
      const last = this.prompts[this.prompts.length - 1];
      if (last && last.changes.length > 0) out.push({ type: 'turnFiles', turnId: last.turnId, files: perFile(last.changes).map((c) => c.filePath) });
    };
    for (const e of events) {
      if (e.type === 'user') {
        footer();
        out.push(e);
        const point = points[i++];
        if (!point || point.text !== e.text) continue;
        const prompt: Prompt = { turnId: e.turnId, text: e.text, uuid: point.uuid, changes: [] };
        for (const r of point.results) {
          const change = changeFromResult(r.toolUseId, e.turnId, r.tool, r.structured);
          if (change) this.keep(prompt, change);
        }
        this.prompts.push(prompt);
        out.push({ type: 'checkpoint', turnId: e.turnId });
        continue;
      }
      out.push(e);
    }
    footer();
    return out;
  }

  /** Follows the session: binds turns to prompts, records uuids and changes, adds footers. */
  onSessionEvent(e: SessionEvent, change: FileChange | undefined): void {
    switch (e.type) {
      case 'turnStarted':
      case 'queued':
        // The CLI's own turn answers no prompt: a prompt waiting to be bound is not its.
        if (e.type === 'turnStarted' && e.byCli) {
          this.runningTurn = e.turnId;
          return;
        }
        if (this.nextBind && this.nextBind.sessionTurnId === undefined) this.nextBind.sessionTurnId = e.turnId;
        this.nextBind = undefined;
        if (e.type === 'turnStarted') this.runningTurn = e.turnId;
        return;
      case 'promptEchoed': {
        const p = this.prompts.find((x) => x.sessionTurnId === e.turnId);
        if (!p || p.uuid) return;
        p.uuid = e.uuid;
        this.host.emit([{ type: 'checkpoint', turnId: p.turnId }]);
        return;
      }
      case 'toolResult': {
        const p = this.prompts.find((x) => x.sessionTurnId !== undefined && x.sessionTurnId === this.runningTurn);
        if (p && change) {
          this.keep(p, change);
          this.restored.delete(change.filePath);
        }
        return;
      }
      case 'turnResult': {
        const p = this.prompts.find((x) => x.sessionTurnId === e.result.turnId);
        if (p && p.changes.length > 0) this.host.emit([{ type: 'turnFiles', turnId: p.turnId, files: perFile(p.changes).map((c) => c.filePath) }]);
        return;
      }
      default:
        return;
    }
  }

  promptText(turnId: string): string | undefined {
    return this.prompts.find((p) => p.turnId === turnId)?.text;
  }

  /** A file some of whose changes in the turn lost their contents is left out: no diff or revert from half a record. */
  turnChanges(turnId: string): FileChange[] {
    const changes = this.prompts.find((p) => p.turnId === turnId)?.changes ?? [];
    const partial = new Set(changes.filter((c) => c.dropped).map((c) => c.filePath));
    return perFile(changes).filter((c) => !partial.has(c.filePath));
  }

  async plan(turnId: string): Promise<RestorePlan> {
    const { prompt, index } = this.checkpoint(turnId);
    const answer = await rewindFiles(await this.host.channel(), prompt.uuid!, true);
    const perPrompt = this.prompts.map((p) => p.changes);
    const files: RestoreFile[] = [];
    for (const path of answer.filesChanged ?? []) {
      const current = await readFile(path, 'utf8').catch(() => undefined);
      const target = contentAt(perPrompt, index, path);
      // "Changed since Claude": the file is not what Claude's last change (or our last restore) left.
      const left = this.restored.has(path) ? { known: true, content: this.restored.get(path) } : lastAfterKnown(perPrompt, path);
      files.push({
        path,
        current,
        target: target.content,
        targetKnown: target.known,
        changedSinceClaude: left.known && left.content !== current,
      });
    }
    return { turnId, prompt: prompt.text, files, insertions: answer.insertions, deletions: answer.deletions };
  }

  async restore(turnId: string): Promise<string[]> {
    const { prompt, index } = this.checkpoint(turnId);
    const channel = await this.host.channel();
    // The real rewind answers only canRewind, so the files come from a dry run just before.
    const dry = await rewindFiles(channel, prompt.uuid!, true);
    if (this.host.isBusy()) throw new CheckpointError('busy', BUSY);
    await rewindFiles(channel, prompt.uuid!, false);
    const files = dry.filesChanged ?? [];
    const perPrompt = this.prompts.map((p) => p.changes);
    for (const path of files) {
      const at = contentAt(perPrompt, index, path);
      if (at.known) this.restored.set(path, at.content);
      else this.restored.delete(path);
    }
    this.host.emit([{ type: 'mark', turnId, kind: 'restored', files }]);
    return files;
  }

  async fork(turnId: string, text: string, options: { restoreFiles: boolean }): Promise<unknown> {
    const { prompt, index } = this.checkpoint(turnId);
    const sessionId = this.host.sessionId();
    if (!sessionId) throw new CheckpointError('noCheckpoint', 'This conversation has no session to fork.');
    if (options.restoreFiles) await this.restore(turnId);
    // The cut is the message before the prompt, as the transcript records it (parentUuid).
    const points = await readPromptPoints(this.host.folder(), sessionId, { ...process.env, ...this.host.env() });
    const point = points.find((p) => p.uuid === prompt.uuid);
    if (!point) throw new CheckpointError('noCheckpoint', 'The prompt is not in the conversation on disk.');
    if (this.host.isBusy()) throw new CheckpointError('busy', BUSY);
    this.host.emit([{ type: 'mark', turnId, kind: 'forked', files: [] }]);
    // Prompts from the fork point on belong to the original conversation only.
    this.prompts = this.prompts.slice(0, index);
    const still = new Set(this.prompts.flatMap((p) => p.changes));
    this.kept = this.kept.filter((k) => still.has(k.change));
    this.chars = this.kept.reduce((n, k) => n + k.size, 0);
    return this.host.forkAndSend(point.parentUuid ? { fromSessionId: sessionId, atMessageUuid: point.parentUuid } : undefined, text);
  }

  private checkpoint(turnId: string): { prompt: Prompt; index: number } {
    if (this.host.isBusy()) throw new CheckpointError('busy', BUSY);
    const index = this.prompts.findIndex((p) => p.turnId === turnId);
    const prompt = this.prompts[index];
    if (!prompt?.uuid) throw new CheckpointError('noCheckpoint', 'This prompt has no checkpoint (it is from before checkpoints were kept, or from another conversation).');
    return { prompt, index };
  }
}

function lastAfterKnown(perPrompt: readonly (readonly FileChange[])[], path: string): { known: boolean; content: string | undefined } {
  const content = lastAfter(perPrompt, path);
  return { known: content !== undefined, content };
}
