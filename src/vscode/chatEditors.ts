import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import { waitUntil } from '../core/delay';
import { DisposableStore } from '../core/disposableStore';
import { Emitter } from '../core/emitter';
import type { Logger } from '../core/logger';
import type { ChatHub } from './chatHub';
import type { ChatSurface } from './chatSurface';
import type { ChatSurfaces } from './chatSurfaces';
import { CHAT_EDITOR } from './constants';
import type { ChatListIntent } from './intents';

interface EditorChat {
  panel: vscode.WebviewPanel;
  surface: ChatSurface;
}

/** What the webview keeps in its state (see `chats.ref` in the contract). */
interface SavedState {
  chatRef?: { folder?: unknown; id?: unknown };
}

/**
 * Chats in editor tabs ("Claude: Open Chat in Editor"): the same webview and contract as the
 * sidebar, one chat per tab. A window reload brings the tabs back through this serializer; the
 * chat itself was restored by the hub (its CLI transcript), so the tab finds it by folder and id.
 */
export class ChatEditors implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly open = new Set<EditorChat>();
  private readonly subs = new DisposableStore();
  private readonly activeChanged = this.subs.add(new Emitter<void>());
  /** An editor-tab chat gained or lost the focus (the chat in focus may have changed). */
  readonly onDidChangeActive = this.activeChanged.event;
  /** Adds what waits in the chat to its tab's title (src/vscode/attention.ts; panels have no badge). */
  titleDecorator: ((chat: Chat, title: string) => string) | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly surfaces: ChatSurfaces,
    private readonly hub: ChatHub,
    private readonly log: Logger,
    private readonly onChatIntent: (intent: ChatListIntent, chat: Chat | undefined) => Promise<void>,
  ) {
    this.subs.add(hub.onDidChangeChats(() => this.follow()));
    this.subs.add(surfaces.focus.onDidMove(() => this.activeChanged.fire()));
  }

  /** Shows the chat in an editor tab, revealing the tab that already shows it. */
  show(chat: Chat, column = vscode.ViewColumn.Active): EditorChat {
    const existing = [...this.open].find((e) => e.surface.chat === chat);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(CHAT_EDITOR, this.titleOf(chat), column, { enableScripts: true, retainContextWhenHidden: false });
    return this.adopt(panel, chat);
  }

  /**
   * "New Chat" while the user works in an editor-tab chat: the new chat (same folder) opens in
   * a tab beside it. False when no editor-tab chat has the focus (the sidebar takes it).
   */
  async newChatFromFocused(): Promise<boolean> {
    const active = this.workedIn();
    if (!active) return false;
    await this.openNew(active);
    return true;
  }

  /**
   * Puts the keyboard focus in the prompt box of the editor tab showing the chat whose session
   * is `sessionKey` (after a native prompt of that chat was answered). False when no tab shows it.
   */
  async focusInputOf(sessionKey: string): Promise<boolean> {
    const shown = [...this.open].find((e) => e.surface.chat?.status.sessionId === sessionKey);
    if (!shown) return false;
    shown.panel.reveal(shown.panel.viewColumn, false);
    await waitUntil(() => shown.surface.isLive, 5000);
    this.surfaces.focus.mark(shown.surface);
    shown.surface.post({ type: 'focusInput' });
    return true;
  }

  /** Opens the find bar of the editor-tab chat the user works in; false when there is none (the sidebar's then). */
  openFind(): boolean {
    const shown = this.workedIn();
    shown?.surface.post({ type: 'openFind' });
    return shown !== undefined;
  }

  /** The chat of the editor tab the user works in, if any (see workedIn). */
  activeChat(): Chat | undefined {
    return this.workedIn()?.surface.chat;
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const ref = (state as SavedState | undefined)?.chatRef;
    const chat =
      typeof ref?.folder === 'string' && typeof ref.id === 'string' ? this.hub.find(ref.folder, ref.id) : undefined;
    if (!chat) this.log.info('[editor] the restored tab\'s chat is gone; showing the focused chat');
    const shown = chat ?? this.hub.active();
    if (!shown) {
      panel.dispose();
      return Promise.resolve();
    }
    this.adopt(panel, shown);
    return Promise.resolve();
  }

  dispose(): void {
    for (const e of [...this.open]) e.panel.dispose();
    this.subs.dispose();
  }

  /**
   * The active chat editor tab, unless the user works in the sidebar's chat: the tab stays the
   * active editor meanwhile, so New Chat, Stop, Rename, Close and the status bar would act on a
   * chat the user is not looking at.
   */
  private workedIn(): EditorChat | undefined {
    if (this.surfaces.focus.last?.fixed === false) return undefined;
    return [...this.open].find((e) => e.panel.active);
  }

  /** A new chat of `from`'s folder in a tab of its own next to `from`; the sidebar's chat stays. */
  private async openNew(from: EditorChat): Promise<void> {
    const where = from.surface.chat ? this.hub.locate(from.surface.chat) : undefined;
    const set = where?.set ?? this.hub.activeSet();
    if (!set) return;
    const shown = this.show(set.add(undefined, { focus: false }), from.panel.viewColumn ?? vscode.ViewColumn.Active);
    await waitUntil(() => shown.surface.isLive, 5000);
    shown.surface.post({ type: 'focusInput' });
  }

  private adopt(panel: vscode.WebviewPanel, chat: Chat): EditorChat {
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'claude.svg');
    panel.title = this.titleOf(chat);
    const surface = this.surfaces.create(panel.webview, {
      isVisible: () => panel.visible,
      fixed: true,
      log: this.log,
      onChatIntent: (intent, s) => (intent.type === 'openChat' ? this.openNew(entry) : this.onChatIntent(intent, s.chat)),
    });
    const entry: EditorChat = { panel, surface };
    this.open.add(entry);
    const subs = new DisposableStore();
    subs.add(
      panel.onDidChangeViewState((e) => {
        surface.visibilityChanged();
        // Switching to this tab (its title, a keybinding) is working in it, pointer or not.
        if (e.webviewPanel.active) this.surfaces.focus.mark(surface);
        this.activeChanged.fire();
      }),
    );
    subs.add(surface);
    panel.onDidDispose(() => {
      this.open.delete(entry);
      this.activeChanged.fire();
      subs.dispose();
    });
    surface.show(chat);
    return entry;
  }

  /** Titles again (what the title decorator adds changed). */
  retitle(): void {
    this.follow();
  }

  /** Titles follow renames; a closed chat closes its tab. */
  private follow(): void {
    for (const e of [...this.open]) {
      const chat = e.surface.chat;
      if (!chat || !this.hub.locate(chat)) {
        e.panel.dispose();
        continue;
      }
      const title = this.titleOf(chat);
      if (e.panel.title !== title) e.panel.title = title;
    }
  }

  private titleOf(chat: Chat): string {
    const where = this.hub.locate(chat);
    const title = vscode.l10n.t('Claude: {0}', where ? (where.set.titleOf(where.id) ?? vscode.l10n.t('Chat')) : vscode.l10n.t('Chat'));
    return this.titleDecorator ? this.titleDecorator(chat, title) : title;
  }
}
