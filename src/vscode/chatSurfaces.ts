import type * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { ChatHub } from './chatHub';
import { ChatSurface, type SurfaceDeps, type SurfaceServices } from './chatSurface';
import type { PermissionPrompts } from './permissionPrompts';
import { SurfaceFocus } from './surfaceFocus';

/**
 * Makes the chat webviews, the sidebar's and the editor tabs', with what they all share; owns
 * which of them the user worked in last.
 */
export class ChatSurfaces implements vscode.Disposable {
  readonly focus = new SurfaceFocus<ChatSurface>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly shared: { hub: ChatHub; prompts: PermissionPrompts; services: SurfaceServices },
  ) {}

  /** A surface in `webview`; `fixed`: an editor tab, which shows one chat and no tab list. */
  create(webview: vscode.Webview, o: { isVisible: () => boolean; fixed: boolean; log: Logger; onChatIntent: SurfaceDeps['onChatIntent'] }): ChatSurface {
    return new ChatSurface(webview, this.extensionUri, o.isVisible, o.fixed, { ...this.shared, focus: this.focus, log: o.log, onChatIntent: o.onChatIntent });
  }

  dispose(): void {
    this.focus.dispose();
  }
}
