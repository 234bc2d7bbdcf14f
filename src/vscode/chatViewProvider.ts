import type * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import type { Disposable } from '../core/emitter';
import type { Logger } from '../core/logger';
import type { ChatHub } from './chatHub';
import type { PermissionPrompts } from './permissionPrompts';
import type { DiffPreview } from './diffPreview';
import type { FileMentions } from './mentions';
import { ChatSurface } from './chatSurface';
import type { ChatListIntent } from './intents';

/**
 * The sidebar chat: shows the focused chat of the panel's folder, with the chat list in its
 * header. Works wherever the user drags the view (activity bar, secondary sidebar, panel):
 * nothing here depends on the container. The webview plumbing is `ChatSurface`'s.
 */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private surface: ChatSurface | undefined;
  private readonly subs: vscode.Disposable[] = [];
  private viewSubs: vscode.Disposable[] = [];
  private badgeValue: vscode.ViewBadge | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly hub: ChatHub,
    private readonly prompts: PermissionPrompts,
    private readonly log: Logger,
    private readonly services: { diff: DiffPreview; mentions: FileMentions },
    private readonly onChatIntent: (intent: ChatListIntent) => Promise<void> = () => Promise.resolve(),
  ) {
    this.subs.push(toVs(hub.onDidChangeActive(() => this.surface?.show(hub.active()))));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    for (const s of this.viewSubs.splice(0)) s.dispose();
    this.surface?.dispose();
    this.view = view;
    const surface = new ChatSurface(view.webview, this.extensionUri, () => this.view === view && view.visible, false, {
      hub: this.hub,
      prompts: this.prompts,
      log: this.log,
      services: this.services,
      onChatIntent: (intent) => this.onChatIntent(intent),
    });
    this.surface = surface;
    view.badge = this.badgeValue;
    this.viewSubs.push(
      surface,
      view.onDidChangeVisibility(() => surface.visibilityChanged()),
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
    ChatSurface.markFocused(this.surface);
    this.surface?.post({ type: 'focusInput' });
  }

  /**
   * A deep link's prompt: the sidebar becomes where commands act, the text fills the box and
   * takes the focus quietly (the panel does not count it as the user composing: no pre-warm).
   */
  fillFromLink(text: string): void {
    ChatSurface.markFocused(this.surface);
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

  /** True once the webview has said `ready` and is showing. */
  get isLive(): boolean {
    return this.surface?.isLive ?? false;
  }

  dispose(): void {
    for (const s of this.viewSubs.splice(0)) s.dispose();
    for (const s of this.subs.splice(0)) s.dispose();
  }
}

function toVs(d: Disposable): vscode.Disposable {
  return { dispose: () => d.dispose() };
}
