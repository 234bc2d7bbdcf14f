import type * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import { DisposableStore } from '../core/disposableStore';
import type { Logger } from '../core/logger';
import type { ChatHub } from './chatHub';
import type { ChatSurface } from './chatSurface';
import type { ChatSurfaces } from './chatSurfaces';
import type { ChatListIntent } from './intents';

/**
 * The sidebar chat: shows the focused chat of the panel's folder, with the chat list in its
 * header. Works wherever the user drags the view (activity bar, secondary sidebar, panel):
 * nothing here depends on the container. The webview plumbing is `ChatSurface`'s.
 */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private surface: ChatSurface | undefined;
  private readonly subs = new DisposableStore();
  /** The current webview's: replaced when VS Code resolves the view again. */
  private readonly viewSubs = new DisposableStore();
  private badgeValue: vscode.ViewBadge | undefined;

  constructor(
    private readonly surfaces: ChatSurfaces,
    private readonly hub: ChatHub,
    private readonly log: Logger,
    private readonly onChatIntent: (intent: ChatListIntent) => Promise<void> = () => Promise.resolve(),
  ) {
    this.subs.add(hub.onDidChangeActive(() => this.surface?.show(hub.active())));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.viewSubs.clear();
    this.surface?.dispose();
    this.view = view;
    const surface = this.surfaces.create(view.webview, {
      isVisible: () => this.view === view && view.visible,
      fixed: false,
      log: this.log,
      onChatIntent: (intent) => this.onChatIntent(intent),
    });
    this.surface = surface;
    view.badge = this.badgeValue;
    this.viewSubs.add(surface);
    this.viewSubs.add(view.onDidChangeVisibility(() => surface.visibilityChanged()));
    this.viewSubs.add(
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
        surface.reset();
      }),
    );
    surface.show(this.hub.active());
  }

  /** What waits for the user in chats they are not looking at (src/vscode/attention.ts). */
  set badge(badge: vscode.ViewBadge | undefined) {
    this.badgeValue = badge;
    if (this.view) this.view.badge = badge;
  }

  /** The chat the panel currently shows. */
  current(): Chat | undefined {
    return this.surface?.chat ?? this.hub.active();
  }

  focusInput(): void {
    // A command brought the user here (Focus Chat, New Chat): the sidebar is where they work.
    this.surfaces.focus.mark(this.surface);
    this.surface?.post({ type: 'focusInput' });
  }

  /**
   * A deep link's prompt: the sidebar becomes where commands act, the text fills the box and
   * takes the focus quietly (the panel does not count it as the user composing: no pre-warm).
   */
  fillFromLink(text: string): void {
    this.surfaces.focus.mark(this.surface);
    this.surface?.post({ type: 'setInput', text });
  }

  /** Whether the sidebar's prompt box holds text the user wrote (as the panel last said). */
  get hasDraft(): boolean {
    return this.surface?.hasDraft ?? false;
  }

  openFind(): void {
    this.surface?.post({ type: 'openFind' });
  }

  insertInput(text: string): void {
    this.surface?.post({ type: 'insertInput', text });
  }

  /** The sidebar chat is on screen (its view is open and not collapsed or behind another). */
  get isVisible(): boolean {
    return this.view?.visible ?? false;
  }

  /** True once the webview has said `ready` and is showing. */
  get isLive(): boolean {
    return this.surface?.isLive ?? false;
  }

  dispose(): void {
    this.viewSubs.dispose();
    this.subs.dispose();
  }
}
