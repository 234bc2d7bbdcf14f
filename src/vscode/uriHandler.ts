import * as vscode from 'vscode';
import { waitUntil } from '../core/delay';
import type { Logger } from '../core/logger';
import type { ChatViewProvider } from './chatViewProvider';
import { CHAT_VIEW } from './constants';
import { promptFromLink, type LinkPrompt } from './linkPrompt';

export { MAX_LINK_PROMPT } from './linkPrompt';

export type UriOutcome = { filled: string } | { ignored: string };

/** Asks whether a link's prompt may replace the user's draft; the modal by default, a stand-in in tests. */
export type AskReplaceDraft = (p: LinkPrompt) => Promise<boolean>;

/**
 * `vscode://claude-chat-dev.claude-chat/open?prompt=…`: focuses the chat and puts the prompt
 * in the prompt box. It NEVER sends it: a link can come from any web page, so the user reads
 * it and presses Enter themselves (in an untrusted workspace too; sending is refused there
 * anyway). What it puts there is one line of plain text (src/vscode/linkPrompt.ts), after a
 * notification says it came from a link and how long it was; a draft the user is writing is
 * replaced only when they say so. Filling the box starts no process (no pre-warm): the user
 * has not started to write.
 */
export class PromptUriHandler implements vscode.UriHandler {
  constructor(
    private readonly view: ChatViewProvider,
    private readonly log: Logger,
    private readonly askReplaceDraft: AskReplaceDraft = askReplaceDraftModal,
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
    await vscode.commands.executeCommand(`${CHAT_VIEW}.focus`);
    await waitUntil(() => this.view.isLive, 5_000);
    if (prompt.text === '') return { filled: '' };
    if (this.view.hasDraft && !(await this.askReplaceDraft(prompt))) {
      this.log.info('[uri] kept the draft: the link\'s prompt was not filled');
      return { ignored: 'draft kept' };
    }
    this.log.info(`[uri] filling a ${prompt.text.length}-character prompt from a link of ${prompt.lines} lines (trusted workspace: ${vscode.workspace.isTrusted}); not sending it`);
    void vscode.window.showInformationMessage(fromLinkText(prompt));
    this.view.fillFromLink(prompt.text);
    return { filled: prompt.text };
  }
}

function fromLinkText(p: LinkPrompt): string {
  return vscode.l10n.t('The Claude prompt was filled from a link: {0} lines, {1} characters, put on one line. Read it before you send it.', p.lines, p.chars);
}

async function askReplaceDraftModal(p: LinkPrompt): Promise<boolean> {
  const replace = vscode.l10n.t('Replace Draft');
  const picked = await vscode.window.showWarningMessage(
    vscode.l10n.t('A link wants to replace the prompt you are writing.'),
    { modal: true, detail: vscode.l10n.t('From a link: {0} lines, {1} characters. Your draft is lost if you replace it.', p.lines, p.chars) },
    replace,
  );
  return picked === replace;
}
