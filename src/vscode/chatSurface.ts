import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import { DisposableStore } from '../core/disposableStore';
import type { Logger } from '../core/logger';
import { EventBatcher } from '../shared/batcher';
import { type HostMessage, type StatusInfo, WebviewIntent } from '../shared/contract';
import { webviewHtml } from '../shared/webviewHtml';
import type { ChatHub } from './chatHub';
import type { DiffPreview } from './diffPreview';
import { CONTEXT } from './constants';
import { handleIntent, type ChatListIntent } from './intents';
import type { FileMentions } from './mentions';
import type { ContextSources } from './contextSources';
import { chipMention, type EditorContext } from './editorContext';
import type { PermissionPrompts } from './permissionPrompts';
import type { SurfaceFocus } from './surfaceFocus';
import { backIntoBox, queueFor } from './promptQueues';

/** What every surface shares: the diff view, the `@` menu's sources, the selection chip's editor. */
export interface SurfaceServices {
  diff: DiffPreview;
  mentions: FileMentions;
  context: ContextSources;
  editor: EditorContext;
}

export interface SurfaceDeps {
  hub: ChatHub;
  /** Which surface the user worked in last (owned by src/vscode/chatSurfaces.ts). */
  focus: SurfaceFocus<ChatSurface>;
  prompts: PermissionPrompts;
  log: Logger;
  services: SurfaceServices;
  /** Runs the chat list's intents (switch, rename, close, …) for this surface. */
  onChatIntent: (intent: ChatListIntent, surface: ChatSurface) => Promise<void>;
}

/**
 * One webview (the sidebar view or an editor tab) showing one chat. Nothing is posted before
 * the webview says `ready`; while hidden, events are held back and a snapshot is sent when it
 * shows again, so nothing is lost or duplicated. Switching chats sends a fresh snapshot, so a
 * background chat's output that streamed meanwhile is all there.
 */
export class ChatSurface implements vscode.Disposable {
  private ready = false;
  /** The prompt box holds text (the panel says so when that changes): a deep link asks before replacing it. */
  hasDraft = false;
  private chatValue: Chat | undefined;
  /** The shown chat's subscriptions, replaced when another chat is shown. */
  private readonly chatSubs = new DisposableStore();
  private readonly subs = new DisposableStore();
  private readonly batcher = new EventBatcher({ post: (events) => this.post({ type: 'events', events }) });
  private disposed = false;
  /** The status the webview has (JSON): a turn repeats the same one several times (its init, its queue count). */
  private statusShown: string | undefined;
  /** The selection chip the webview has (JSON): selections change often, the chip less. */
  private editorShown: string | undefined;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly extensionUri: vscode.Uri,
    private readonly isVisible: () => boolean,
    /** An editor tab shows one chat and no tab list. */
    readonly fixed: boolean,
    private readonly deps: SurfaceDeps,
  ) {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    webview.options = { enableScripts: true, localResourceRoots: [dist] };
    webview.html = this.html(dist);
    this.subs.add(webview.onDidReceiveMessage((raw) => this.receive(raw)));
    this.subs.add(deps.prompts.onDidChange((pending) => this.post({ type: 'permissions', pending })));
    this.subs.add(
      deps.hub.onDidChangeChats(() => {
        this.postChats();
        this.postEditorContext();
      }),
    );
    this.subs.add(deps.services.editor.onDidChange(() => this.postEditorContext()));
    // The eye toggle's default follows workspace trust.
    this.subs.add(vscode.workspace.onDidGrantWorkspaceTrust(() => this.postEditorContext()));
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  get chat(): Chat | undefined {
    return this.chatValue;
  }

  /** True once the webview has said `ready` and is showing. */
  get isLive(): boolean {
    return this.ready && this.isVisible();
  }

  /** Shows this chat (undefined: no folder open). */
  show(chat: Chat | undefined): void {
    if (this.disposed) return;
    if (chat === this.chatValue) return;
    this.chatSubs.clear();
    this.chatValue = chat;
    if (chat) {
      const where = this.deps.hub.locate(chat);
      this.chatSubs.add(chat.onEvents((events) => this.batcher.pushAll(events)));
      this.chatSubs.add(chat.onStatus((status) => this.postStatus(status)));
      this.chatSubs.add(chat.onError((error) => this.post({ type: 'error', error })));
      this.chatSubs.add(chat.onReset(() => this.sendSnapshot()));
      if (chat.onCommands) this.chatSubs.add(chat.onCommands((commands) => this.post({ type: 'commands', commands })));
      const queue = queueFor(chat);
      if (queue) this.chatSubs.add(queue.onDidChange((items) => this.post({ type: 'queue', items })));
      if (chat.tasks) this.chatSubs.add(chat.tasks.onChange((tasks) => this.post({ type: 'tasks', tasks })));
      if (where && this.isVisible()) this.chatSubs.add(where.set.watch(where.id));
    }
    this.sendSnapshot();
  }

  /** The view was shown or hidden. */
  visibilityChanged(): void {
    // Re-showing re-subscribes (counting as read only while visible) and sends a snapshot.
    if (!this.isVisible()) this.batcher.pause();
    this.rewatch();
  }

  /** The webview went away (the view was collapsed or closed); a new one starts over at `ready`. */
  reset(): void {
    this.ready = false;
    this.batcher.pause();
  }

  post(message: HostMessage): void {
    // Hidden: nothing is posted; the snapshot on becoming visible carries it all.
    if (this.disposed || !this.ready || !this.isVisible()) return;
    void this.webview.postMessage(message);
  }

  dispose(): void {
    this.disposed = true;
    this.deps.focus.forget(this);
    this.batcher.dispose();
    this.chatSubs.dispose();
    this.subs.dispose();
  }

  /** Output counts as read only while the surface is visible. */
  private rewatch(): void {
    const chat = this.chatValue;
    this.chatValue = undefined;
    this.show(chat);
  }

  /** Posts a status unless the webview has exactly that one (each post re-renders its header). */
  private postStatus(status: StatusInfo): void {
    const json = JSON.stringify(status);
    if (json === this.statusShown && this.isLive) return;
    this.statusShown = json;
    this.post({ type: 'status', status });
  }

  private sendSnapshot(): void {
    // The snapshot carries the status; a post it did not reach (hidden) is not shown either.
    this.statusShown = undefined;
    if (!this.ready || !this.isVisible()) return;
    const c = this.chatValue;
    // The snapshot already holds whatever the batcher was waiting to send.
    this.batcher.clear();
    this.post({
      type: 'snapshot',
      events: c?.snapshot() ?? [],
      status: c?.status ?? { state: 'none', queued: 0, scripted: this.deps.hub.scripted },
      permissions: this.deps.prompts.pending(),
      ...(vscode.l10n.bundle ? { l10n: vscode.l10n.bundle } : {}),
    });
    if (c?.error) this.post({ type: 'error', error: c.error });
    this.post({ type: 'commands', commands: c?.commands ?? [] });
    this.post({ type: 'queue', items: queueFor(c)?.view() ?? [] });
    this.post({ type: 'tasks', tasks: c?.tasks?.list() ?? [] });
    this.postChats();
    this.editorShown = undefined;
    this.postEditorContext();
    this.batcher.resume();
  }

  private postChats(): void {
    const c = this.chatValue;
    const where = c ? this.deps.hub.locate(c) : undefined;
    if (!where) {
      this.post({ type: 'chats', chats: [], fixed: this.fixed });
      return;
    }
    const tabs = where.set.tabs();
    this.post({
      type: 'chats',
      chats: this.fixed ? tabs.filter((t) => t.id === where.id) : tabs,
      shown: where.id,
      fixed: this.fixed,
      ref: { folder: where.folder, id: where.id },
    });
  }

  /**
   * The selection chip for the shown chat: off by the chat's eye toggle (off by default in
   * Restricted Mode, where the panel runs no CLI anyway); a file outside the chat's folder is
   * not offered.
   */
  private postEditorContext(): void {
    const c = this.chatValue;
    const where = c ? this.deps.hub.locate(c) : undefined;
    const enabled = where ? (where.set.offerEditor(where.id) ?? vscode.workspace.isTrusted) : false;
    const mention = enabled ? chipMention(this.deps.services.editor.spot, c?.status.folder ?? where?.folder) : undefined;
    const message: HostMessage = { type: 'editorContext', enabled, ...(mention ? { mention } : {}) };
    const json = JSON.stringify(message);
    if (json === this.editorShown && this.isLive) return;
    this.editorShown = json;
    this.post(message);
  }

  private receive(raw: unknown): void {
    const parsed = WebviewIntent.safeParse(raw);
    if (!parsed.success) {
      this.deps.log.warn(`dropped an invalid message from the webview: ${parsed.error.issues[0]?.message ?? ''}`);
      return;
    }
    const intent = parsed.data;
    if (intent.type === 'ready') {
      this.ready = true;
      this.sendSnapshot();
      return;
    }
    if (intent.type === 'panelActive') {
      this.deps.focus.mark(this);
      return;
    }
    if (intent.type === 'draft') {
      this.hasDraft = !intent.empty;
      return;
    }
    if (intent.type === 'editorContextToggle') {
      const where = this.chatValue ? this.deps.hub.locate(this.chatValue) : undefined;
      // Saved with the chat (savedChats.ts); the set's change reposts the chip to every surface.
      where?.set.setOfferEditor(where.id, intent.on);
      this.postEditorContext();
      return;
    }
    const controller = this.chatValue;
    if (intent.type === 'newChat' && this.fixed) {
      // An editor-tab chat's New Chat opens the new chat in a tab beside it, not in the sidebar.
      void this.deps.onChatIntent({ type: 'openChat' }, this).catch((err: Error) => this.deps.log.error(`new chat failed: ${err.message}`));
      return;
    }
    if (intent.type === 'stop') {
      // This surface's Stop stops the chat it shows, never another one in focus elsewhere.
      if (controller?.isBusy) {
        // Escape or Stop: the prompts queued behind the turn go back into the box, not after it.
        for (const m of backIntoBox(queueFor(controller)?.takeAll() ?? [])) this.post(m);
        void vscode.commands.executeCommand('setContext', CONTEXT.stoppedATurn, true);
        void controller.stop().catch((err: Error) => this.deps.log.error(`stop failed: ${err.message}`));
      }
      return;
    }
    const ctx = {
      controller,
      log: this.deps.log,
      folder: controller?.status.folder,
      ...this.deps.services,
      reply: (m: HostMessage) => this.post(m),
      chats: (i: ChatListIntent) => this.deps.onChatIntent(i, this),
    };
    void handleIntent(intent, ctx).catch((err: Error) => this.deps.log.error(`intent ${intent.type} failed: ${err.message}`));
  }

  private html(dist: vscode.Uri): string {
    return webviewHtml({
      cspSource: this.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      styleUri: this.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      scriptUri: this.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
    });
  }
}
