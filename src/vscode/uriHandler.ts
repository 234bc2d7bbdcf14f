import * as vscode from 'vscode';
import { waitUntil } from '../core/delay';
import type { Logger } from '../core/logger';
import type { ChatViewProvider } from './chatViewProvider';
import { CHAT_VIEW } from './constants';

/** Longest prompt a link may fill; a link is someone else's text, so it stays short. */
export const MAX_LINK_PROMPT = 8_000;

export type UriOutcome = { filled: string } | { ignored: string };

/**
 * `vscode://claude-chat-dev.claude-chat/open?prompt=…`: focuses the chat and puts the prompt
 * in the prompt box. It NEVER sends it: a link can come from any web page, so the user reads
 * it and presses Enter themselves (in an untrusted workspace too; sending is refused there
 * anyway). The text is plain text: control characters dropped, length capped; the panel
 * sets it as a textarea value, never as markup.
 */
export class PromptUriHandler implements vscode.UriHandler {
  constructor(
    private readonly view: ChatViewProvider,
    private readonly log: Logger,
  ) {}

  handleUri(uri: vscode.Uri): void {
    void this.open(uri);
  }

  /** What `handleUri` does, awaitable (in-host tests call it). */
  async open(uri: vscode.Uri): Promise<UriOutcome> {
    const prompt = promptFromLink(uri.path, uri.query);
    if (prompt === undefined) {
      this.log.info(`[uri] ignored a link to ${JSON.stringify(uri.path.slice(0, 100))}`);
      return { ignored: uri.path };
    }
    this.log.info(`[uri] filling a ${prompt.length}-character prompt from a link (trusted workspace: ${vscode.workspace.isTrusted}); not sending it`);
    await vscode.commands.executeCommand(`${CHAT_VIEW}.focus`);
    await waitUntil(() => this.view.isLive, 5_000);
    this.view.setInput(prompt);
    this.view.focusInput();
    return { filled: prompt };
  }
}

/** The prompt a `/open?prompt=…` link carries, as plain text; undefined for any other link. */
export function promptFromLink(path: string, query: string): string | undefined {
  if (path.replace(/\/+$/, '') !== '/open') return undefined;
  let raw: string | null;
  try {
    raw = new URLSearchParams(query).get('prompt');
  } catch {
    return undefined;
  }
  if (raw === null) return '';
  const text = raw
    .replace(/\r\n?/g, '\n')
    // Control and bidi-override characters could hide what the prompt says.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
  return Array.from(text).slice(0, MAX_LINK_PROMPT).join('');
}
