import { readFile, stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Chat } from '../../chat/chat';
import { CommandChanges } from '../../chat/review/commandChanges';
import { minimalEdit, ReviewModel, ReviewState, type LocatedHunk, type RecordedChange, type ReviewOrigin } from '../../chat/review/reviewModel';
import { DisposableStore } from '../../core/disposableStore';
import type { Logger } from '../../core/logger';
import type { ChatEvent } from '../../shared/contract';
import type { ChatHub } from '../chatHub';
import { CONTEXT } from '../constants';

const STATE_KEY = 'claudeChat.review';
/** workspaceState is one SQLite row per key: past this, the largest files are not kept over a reload. */
const MAX_SAVED_CHARS = 8_000_000;

/**
 * Claude's changes, pending review, in the window: fed by each chat's "turn changed files"
 * event (the same record restore and the turn footer use), kept in workspaceState, and
 * applied to documents (Undo) here. The editor decorations, CodeLens, tree and commands read it.
 */
export class ReviewController implements vscode.Disposable {
  readonly model = new ReviewModel();
  private readonly subs = new DisposableStore();
  private readonly chatSubs = new Map<Chat, vscode.Disposable>();
  private readonly commandChanges: CommandChanges;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private pendingWatcher: vscode.FileSystemWatcher | undefined;
  /** Located hunks per open document version: decorations, lenses and the tree share one diff. */
  private readonly located = new Map<string, { version: number; hunks: LocatedHunk[] }>();
  /** Settles once the saved list was checked against the files (tests wait for it). */
  readonly ready: Promise<void>;

  constructor(
    private readonly hub: ChatHub,
    private readonly state: vscode.Memento,
    private readonly log: Logger,
  ) {
    this.commandChanges = new CommandChanges({
      // Only files still there: the CLI's own writes go through a temporary file renamed into
      // place, and its creation can reach the watcher while a later Bash tool runs.
      report: (chatId, turnId, path) => void stat(path).then((s) => s.isFile() && this.model.addCommandFile(path, this.originFor(chatId, turnId)), () => undefined),
      recorded: (chatId, turnId) => this.recordedFor(chatId, turnId).map((c) => c.filePath),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      watching: (on) => this.watchFiles(on),
    });
    this.subs.add(this.model);
    this.subs.add(this.commandChanges);
    this.subs.add(this.model.onDidChange(() => this.changed()));
    this.subs.add(hub.onDidChangeChats(() => this.followChats()));
    this.followChats();
    this.subs.add(vscode.workspace.onDidSaveTextDocument((d) => this.commandChanges.savedFromEditor(d.uri.fsPath)));
    this.subs.add({ dispose: () => this.watchFiles(false) });
    this.subs.add({ dispose: () => this.watchPending(false) });
    this.subs.add({ dispose: () => this.chatSubs.forEach((s) => s.dispose()) });
    this.subs.add({ dispose: () => this.saveTimer !== undefined && clearTimeout(this.saveTimer) });
    this.ready = this.restore();
  }

  /** The workspace's file watcher, only while a turn that ran Bash is open (activation and idle chats watch nothing). */
  private watchFiles(on: boolean): void {
    if (!on) {
      this.watcher?.dispose();
      this.watcher = undefined;
      return;
    }
    if (this.watcher) return;
    const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, false, true);
    const onFile = (uri: vscode.Uri) => uri.scheme === 'file' && this.commandChanges.fileChanged(uri.fsPath);
    watcher.onDidCreate(onFile);
    watcher.onDidChange(onFile);
    this.watcher = watcher;
  }

  /**
   * While files are pending, changes on disk to one that is not open (the footer's revert, a
   * restore, git) are checked at once: hunks undone that way leave the list, a deleted file too.
   */
  private watchPending(on: boolean): void {
    if (!on) {
      this.pendingWatcher?.dispose();
      this.pendingWatcher = undefined;
      return;
    }
    if (this.pendingWatcher) return;
    const watcher = vscode.workspace.createFileSystemWatcher('**/*', true, false, false);
    const check = (uri: vscode.Uri) => {
      const path = uri.fsPath;
      if (uri.scheme !== 'file' || this.model.hunks(path).length === 0) return;
      if (vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && d.uri.fsPath === path)) return;
      void readFile(path, 'utf8').then(
        (text) => this.model.reconcile(path, text, false),
        () => this.model.reconcile(path, undefined, false),
      );
    };
    watcher.onDidChange(check);
    watcher.onDidDelete(check);
    this.pendingWatcher = watcher;
  }

  /** Back from workspaceState after a reload; each file is checked against what it holds now. */
  private async restore(): Promise<void> {
    const raw = this.state.get<unknown>(STATE_KEY);
    if (raw === undefined) return;
    const parsed = ReviewState.safeParse(raw);
    if (!parsed.success) {
      this.log.warn(`[review] the saved review list is not readable, so it starts empty: ${parsed.error.message.slice(0, 200)}`);
      return;
    }
    this.model.load(parsed.data);
    for (const path of this.model.paths()) this.model.reconcile(path, await this.currentText(path), true);
  }

  private changed(): void {
    this.located.clear();
    this.watchPending(this.model.paths().length > 0);
    void vscode.commands.executeCommand('setContext', CONTEXT.reviewPending, this.model.count + this.model.commandFiles().length > 0);
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.save(), 300);
  }

  /** Writes the list now (tests, deactivation); otherwise a moment after each change. */
  async save(): Promise<void> {
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const state = this.model.toJSON();
    let size = state.files.reduce((n, f) => n + f.base.length + f.target.length, 0);
    if (size > MAX_SAVED_CHARS) {
      const bySize = [...state.files].sort((a, b) => b.base.length + b.target.length - (a.base.length + a.target.length));
      const left = new Set(state.files);
      for (const f of bySize) {
        if (size <= MAX_SAVED_CHARS) break;
        left.delete(f);
        size -= f.base.length + f.target.length;
        this.log.info(`[review] ${f.path} is too large to keep in the review list over a reload`);
      }
      state.files = state.files.filter((f) => left.has(f));
    }
    await this.state.update(STATE_KEY, state.files.length + state.commands.length > 0 ? state : undefined);
  }

  /** Subscribes to chats that opened; drops those that closed. */
  private followChats(): void {
    const open = new Set(this.hub.all());
    for (const [chat, sub] of this.chatSubs) {
      if (open.has(chat)) continue;
      sub.dispose();
      this.chatSubs.delete(chat);
    }
    for (const chat of open) {
      if (this.chatSubs.has(chat)) continue;
      this.chatSubs.set(chat, chat.onEvents((events) => this.onChatEvents(chat, events)));
    }
  }

  private onChatEvents(chat: Chat, events: ChatEvent[]): void {
    const chatId = this.chatId(chat);
    if (!chatId) return;
    this.commandChanges.onEvents(chatId, events);
    for (const e of events) {
      if (e.type === 'turnFiles') {
        const changes = this.recordedFor(chatId, e.turnId, chat);
        if (changes.length > 0) this.model.addChanges(this.originFor(chatId, e.turnId, chat), changes);
      } else if (e.type === 'mark' && e.kind === 'restored') {
        // A restore put files back: hunks whose original lines are back leave the list.
        for (const path of e.files) void this.currentText(path).then((text) => this.model.reconcile(path, text, false));
      }
    }
  }

  /** A chat's id: its folder and its id in the folder's set (stable over a reload). */
  private chatId(chat: Chat): string | undefined {
    const at = this.hub.locate(chat);
    return at ? `${at.folder}\0${at.id}` : undefined;
  }

  private chatById(chatId: string): Chat | undefined {
    const [folder, id] = chatId.split('\0');
    return this.hub.find(folder, id);
  }

  private recordedFor(chatId: string, turnId: string, chat = this.chatById(chatId)): RecordedChange[] {
    const changes = chat?.checkpoints?.turnChanges(turnId) ?? chat?.changes?.forTurn(turnId) ?? [];
    return changes.filter((c) => !c.dropped);
  }

  private originFor(chatId: string, turnId: string, chat = this.chatById(chatId)): ReviewOrigin {
    const at = chat ? this.hub.locate(chat) : undefined;
    const title = (at && at.set.titleOf(at.id)) ?? vscode.l10n.t('Chat');
    return { chatId, chat: title, turnId, prompt: chat?.checkpoints?.promptText(turnId) };
  }

  /** The open document's text, else the file's on disk; undefined when it does not exist. */
  async currentText(path: string): Promise<string | undefined> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path);
    if (doc) return doc.getText();
    return readFile(path, 'utf8').catch(() => undefined);
  }

  /** The hunks of an open document where they are now (cached per version). */
  locateIn(doc: vscode.TextDocument): LocatedHunk[] {
    const path = doc.uri.fsPath;
    if (doc.uri.scheme !== 'file' || this.model.hunks(path).length === 0) return [];
    const cached = this.located.get(path);
    if (cached && cached.version === doc.version) return cached.hunks;
    const hunks = this.model.locate(path, doc.getText());
    this.located.set(path, { version: doc.version, hunks });
    return hunks;
  }

  /** The hunks of any file where they are now. */
  async locate(path: string): Promise<LocatedHunk[]> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path);
    if (doc) return this.locateIn(doc);
    const text = await this.currentText(path);
    return text === undefined ? [] : this.model.locate(path, text);
  }

  /** A document changed: hunks whose original lines are back leave (typed back by hand, undo in the editor). */
  documentChanged(doc: vscode.TextDocument): void {
    if (doc.uri.scheme === 'file' && this.model.hunks(doc.uri.fsPath).length > 0) this.model.reconcile(doc.uri.fsPath, doc.getText(), false);
  }

  /**
   * Puts `text` in the file through its document (so the editor's own undo can take it back),
   * and saves it when the document had no unsaved changes of the user's; or deletes the file.
   */
  async writeText(path: string, text: string, deleteFile: boolean): Promise<boolean> {
    const uri = vscode.Uri.file(path);
    const edit = new vscode.WorkspaceEdit();
    if (deleteFile) {
      edit.deleteFile(uri, { ignoreIfNotExists: true });
      return vscode.workspace.applyEdit(edit);
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const wasDirty = doc.isDirty;
    const change = minimalEdit(doc.getText(), text);
    edit.replace(uri, new vscode.Range(doc.positionAt(change.start), doc.positionAt(change.end)), change.text);
    if (!(await vscode.workspace.applyEdit(edit))) return false;
    if (!wasDirty) await doc.save();
    return true;
  }

  dispose(): void {
    if (this.saveTimer !== undefined) void this.save();
    this.subs.dispose();
  }
}
