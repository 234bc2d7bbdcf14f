import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import { exportMarkdown } from '../shared/exportMarkdown';
import { targetChat, type CommandDeps } from './commandDeps';
import { CHAT_VIEW, COMMANDS } from './constants';

type Target = 'untitled' | 'file';

/**
 * "Export Chat as Markdown" and "Copy Conversation": the chat passed, else the focused one
 * (commandDeps.ts), through the pure exporter (src/shared/exportMarkdown.ts). Both return the
 * Markdown, for tests.
 * "Find in Chat" opens the panel's find bar (webview-ui/src/findBar.ts).
 */
export function registerExportCommands(context: vscode.ExtensionContext, d: CommandDeps): void {
  const reg = (id: string, fn: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg(COMMANDS.exportMarkdown, async (target?: unknown, shown?: unknown) => {
    const chat = targetChat(d, shown);
    const md = markdownOf(chat);
    if (md === undefined) return undefined;
    const where = target === 'untitled' || target === 'file' ? target : await pickTarget();
    if (!where) return undefined;
    if (where === 'untitled') {
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: md });
      await vscode.window.showTextDocument(doc, { preview: false });
    } else {
      const folder = chat?.status.folder;
      const name = `claude-chat-${new Date().toISOString().slice(0, 10)}.md`;
      const uri = await vscode.window.showSaveDialog({
        title: vscode.l10n.t('Export Chat as Markdown'),
        defaultUri: folder ? vscode.Uri.joinPath(vscode.Uri.file(folder), name) : undefined,
        filters: { [vscode.l10n.t('Markdown')]: ['md'] },
      });
      if (!uri) return undefined;
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(md));
      d.log.info(`[export] wrote ${md.length} characters`);
      void vscode.window.showInformationMessage(vscode.l10n.t('Chat exported to {0}.', vscode.workspace.asRelativePath(uri)));
    }
    return md;
  });

  // Ctrl/Cmd+F in the panel: the webview forwards keys to VS Code, whose own Find would
  // otherwise take them (and the focus) whenever an editor is open.
  // In an editor-tab chat the user works in, its own find bar; the view's title bar, the view's.
  const findInView = async () => {
    await vscode.commands.executeCommand(`${CHAT_VIEW}.focus`);
    d.view.openFind();
  };
  reg(COMMANDS.findInChat, async () => {
    if (!d.editors.openFind()) await findInView();
  });
  reg(COMMANDS.findInChatInView, findInView);

  reg(COMMANDS.copyConversation, async (shown?: unknown) => {
    const md = markdownOf(targetChat(d, shown));
    if (md === undefined) return undefined;
    await vscode.env.clipboard.writeText(md);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Claude chat copied to the clipboard.'), 3000);
    return md;
  });
}

function markdownOf(chat: Chat | undefined): string | undefined {
  const events = chat?.snapshot() ?? [];
  if (!chat || events.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('This chat is empty: nothing to export yet.'));
    return undefined;
  }
  const folder = chat.status.folder;
  const subtitle = [folder ? vscode.workspace.asRelativePath(folder, true) || folder : undefined, new Date().toLocaleString(vscode.env.language)].filter(Boolean).join(' · ');
  return exportMarkdown(events, { title: vscode.l10n.t('Claude chat'), subtitle });
}

async function pickTarget(): Promise<Target | undefined> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Open as Untitled'), description: vscode.l10n.t('a new Markdown document'), target: 'untitled' as const },
      { label: vscode.l10n.t('Save to File…'), description: vscode.l10n.t('choose where to save it'), target: 'file' as const },
    ],
    { title: vscode.l10n.t('Export Chat as Markdown') },
  );
  return pick?.target;
}
