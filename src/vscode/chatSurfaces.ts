import type * as vscode from 'vscode';
import { Emitter, type Disposable } from '../core/emitter';
import type { Logger } from '../core/logger';
import type { ChatHub } from './chatHub';
import { ChatSurface, type SurfaceDeps } from './chatSurface';
import type { DiffPreview } from './diffPreview';
import type { FileMentions } from './mentions';
import type { PermissionPrompts } from './permissionPrompts';

/**
 * The chat webview the user worked in last. An editor-tab chat stays the active editor while
 * the user works in the sidebar, so this tells which of the two a command comes from. Set by
 * what the user does (a key or pointer press in the panel, a command that focuses a chat,
 * switching to a chat's editor tab), never by window focus alone: VS Code hands the focus to
 * the active editor's webview by itself, e.g. when the command palette closes, right before
 * the command runs.
 */
export class SurfaceFocus implements Disposable {
  private lastValue: ChatSurface | undefined;
  private readonly moved = new Emitter<void>();
  /** `last` moved to another surface (the chat that commands act on may have changed). */
  readonly onDidMove = this.moved.event;

  get last(): ChatSurface | undefined {
    return this.lastValue;
  }

  /** The user works in this surface now. */
  mark(surface: ChatSurface | undefined): void {
    if (!surface || surface.isDisposed || this.lastValue === surface) return;
    this.lastValue = surface;
    this.moved.fire();
  }

  /** A closed surface is no longer where the user works. */
  forget(surface: ChatSurface): void {
    if (this.lastValue === surface) this.lastValue = undefined;
  }

  dispose(): void {
    this.lastValue = undefined;
    this.moved.dispose();
  }
}

/**
 * Makes the chat webviews, the sidebar's and the editor tabs', with what they all share; owns
 * which of them the user worked in last.
 */
export class ChatSurfaces implements vscode.Disposable {
  readonly focus = new SurfaceFocus();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly shared: { hub: ChatHub; prompts: PermissionPrompts; services: { diff: DiffPreview; mentions: FileMentions } },
  ) {}

  /** A surface in `webview`; `fixed`: an editor tab, which shows one chat and no tab list. */
  create(webview: vscode.Webview, o: { isVisible: () => boolean; fixed: boolean; log: Logger; onChatIntent: SurfaceDeps['onChatIntent'] }): ChatSurface {
    return new ChatSurface(webview, this.extensionUri, o.isVisible, o.fixed, { ...this.shared, focus: this.focus, log: o.log, onChatIntent: o.onChatIntent });
  }

  dispose(): void {
    this.focus.dispose();
  }
}
