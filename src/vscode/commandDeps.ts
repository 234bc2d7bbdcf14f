import type * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import type { Logger } from '../core/logger';
import type { ChatEditors } from './chatEditors';
import type { ChatHub } from './chatHub';
import type { ChatViewProvider } from './chatViewProvider';
import type { DiffPreview } from './diffPreview';
import type { PermissionPrompts } from './permissionPrompts';
import type { Choices } from './pickers';

/** What the command modules (commands.ts, chatCommands.ts, export.ts) are built from. */
export interface CommandDeps {
  hub: ChatHub;
  view: ChatViewProvider;
  editors: ChatEditors;
  prompts: PermissionPrompts;
  diff: DiffPreview;
  choices: Choices;
  channel: vscode.LogOutputChannel;
  log: Logger;
  /** The window's IDE server, for "Add Selection to Claude" into a terminal session; set once it is wired. */
  ide?: { readonly terminalSessions: number; mentionInTerminals(filePath: string, lineStart: number, lineEnd: number): number };
}

/**
 * The chat a palette command or keybinding acts on: the editor-tab chat the user works in, else
 * the sidebar's. The one answer to "which chat" for anything not clicked inside a panel.
 */
export function focusedChat(d: Pick<CommandDeps, 'view' | 'editors'>): Chat | undefined {
  return d.editors.activeChat() ?? d.view.current();
}

/**
 * The chat a command is for. A panel passes the chat it shows (its header's pickers, its cards):
 * that chat, wherever the focus is. Anything else (a palette run, a menu's own argument) gets the
 * focused chat.
 */
export function targetChat(d: Pick<CommandDeps, 'hub' | 'view' | 'editors'>, arg: unknown): Chat | undefined {
  const passed = arg !== null && typeof arg === 'object' ? d.hub.all().find((c) => c === arg) : undefined;
  return passed ?? focusedChat(d);
}
