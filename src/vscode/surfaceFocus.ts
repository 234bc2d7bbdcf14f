import { Emitter, type Disposable } from '../core/emitter';

/** What the focus needs of a chat webview (src/vscode/chatSurface.ts). */
export interface FocusableSurface {
  readonly isDisposed: boolean;
}

/**
 * The chat webview the user worked in last. An editor-tab chat stays the active editor while
 * the user works in the sidebar, so this tells which of the two a command comes from. Set by
 * what the user does (a key or pointer press in the panel, a command that focuses a chat,
 * switching to a chat's editor tab), never by window focus alone: VS Code hands the focus to
 * the active editor's webview by itself, e.g. when the command palette closes, right before
 * the command runs.
 */
export class SurfaceFocus<S extends FocusableSurface> implements Disposable {
  private lastValue: S | undefined;
  private readonly moved = new Emitter<void>();
  /** `last` moved to another surface (the chat that commands act on may have changed). */
  readonly onDidMove = this.moved.event;

  get last(): S | undefined {
    return this.lastValue;
  }

  /** The user works in this surface now. */
  mark(surface: S | undefined): void {
    if (!surface || surface.isDisposed || this.lastValue === surface) return;
    this.lastValue = surface;
    this.moved.fire();
  }

  /** A closed surface is no longer where the user works. */
  forget(surface: S): void {
    if (this.lastValue === surface) this.lastValue = undefined;
  }

  dispose(): void {
    this.lastValue = undefined;
    this.moved.dispose();
  }
}

