import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import type { ContextBreakdown } from '../core/contextBreakdown';
import type { Logger } from '../core/logger';
import { plainText } from './plainText';

function tokens(n: number): string {
  return n.toLocaleString(vscode.env.language);
}

function share(n: number, of: number): string {
  const pct = (n / of) * 100;
  return pct > 0 && pct < 1 ? '<1%' : `${Math.round(pct)}%`;
}

/** The quick pick's rows: categories, then the memory files and MCP tools that make up theirs. */
export function breakdownItems(b: ContextBreakdown): vscode.QuickPickItem[] {
  const row = (name: string, n: number, detail?: string): vscode.QuickPickItem => ({
    label: plainText(name),
    description: vscode.l10n.t('{0} tokens · {1}', tokens(n), share(n, b.maxTokens)),
    ...(detail ? { detail: plainText(detail) } : {}),
  });
  const items: vscode.QuickPickItem[] = b.categories.map((c) =>
    row(c.name, c.tokens, c.kind === 'buffer' ? vscode.l10n.t('Kept free so that Claude Code can compact the conversation in time') : undefined),
  );
  if (b.memoryFiles.length > 0) {
    items.push({ label: vscode.l10n.t('Memory files'), kind: vscode.QuickPickItemKind.Separator });
    items.push(...b.memoryFiles.map((m) => row(m.path, m.tokens)));
  }
  if (b.mcpTools.length > 0) {
    items.push({ label: vscode.l10n.t('MCP tools'), kind: vscode.QuickPickItemKind.Separator });
    items.push(...b.mcpTools.map((m) => row(m.server ? `${m.server} · ${m.name}` : m.name, m.tokens)));
  }
  return items;
}

/** Claude: Show Context Usage. A native quick pick of what fills the chat's context window. */
export async function showContextUsage(chat: Chat | undefined, log: Logger): Promise<void> {
  if (!chat?.contextBreakdown) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Context usage is available in a Claude Code chat.'));
    return;
  }
  let b: ContextBreakdown | undefined;
  try {
    b = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Asking Claude Code what fills the context…') }, () => chat.contextBreakdown!());
  } catch (err) {
    log.warn(`get_context_usage failed: ${(err as Error).message}`);
    void vscode.window.showWarningMessage(vscode.l10n.t('Claude Code did not report its context usage: {0}', plainText((err as Error).message)));
    return;
  }
  if (!b) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Claude is not running in this chat: send a message first, then ask again.'));
    return;
  }
  const pick = vscode.window.createQuickPick();
  pick.title = vscode.l10n.t('Context: {0} of {1} tokens ({2})', tokens(b.totalTokens), tokens(b.maxTokens), share(b.totalTokens, b.maxTokens));
  pick.placeholder = vscode.l10n.t('What fills the context window, as Claude Code counts it');
  pick.items = breakdownItems(b);
  pick.matchOnDescription = true;
  pick.onDidAccept(() => pick.hide());
  pick.onDidHide(() => pick.dispose());
  pick.show();
}
