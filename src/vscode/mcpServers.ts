import * as vscode from 'vscode';
import { plainText } from './plainText';
import type { Chat, McpServerEntry } from '../chat/chat';
import type { Logger } from '../core/logger';
import { readProjectConfig } from '../chat/chatFactory';

const STATUS_ICON: Record<string, string> = {
  connected: '$(pass)',
  pending: '$(loading~spin)',
  disabled: '$(circle-slash)',
  failed: '$(error)',
  'needs-auth': '$(key)',
};

/**
 * "Claude: MCP Servers": the user's servers as the running CLI sees them, with enable, disable
 * and reconnect (the `mcp_toggle` / `mcp_reconnect` control requests), and the folder's
 * `.mcp.json` servers that are not loaded, with the reason.
 */
export async function pickMcpServers(chat: Chat | undefined, folder: string | undefined, log: Logger, review: () => Promise<void>): Promise<void> {
  const mcp = chat?.mcp;
  if (!chat || !mcp) {
    void vscode.window.showInformationMessage(vscode.l10n.t('MCP servers are listed for Claude (CLI) chats.'));
    return;
  }
  let servers: McpServerEntry[] = chat.status.mcpServers ?? [];
  let live = false;
  try {
    const now = await mcp.status();
    if (now) {
      servers = now;
      live = true;
    }
  } catch (err) {
    log.warn(`[mcp] mcp_status failed: ${(err as Error).message}`);
    live = true;
  }
  type Item = vscode.QuickPickItem & { server?: McpServerEntry; review?: boolean };
  // Server names, scopes and errors come from the user's or the folder's config: plain text.
  const items: Item[] = servers.map((s) => ({
    label: `${STATUS_ICON[s.status] ?? '$(question)'} ${plainText(s.name)}`,
    description: plainText([s.status, s.scope].filter(Boolean).join(' · ')),
    detail: s.error ? plainText(vscode.l10n.t('Error: {0}', s.error)) : s.status === 'needs-auth' ? vscode.l10n.t('Needs sign-in: run "claude" in a terminal and use /mcp to authenticate it.') : undefined,
    server: s,
  }));
  // Nothing is read from the folder in Restricted Mode.
  if (folder && vscode.workspace.isTrusted) {
    const config = readProjectConfig(folder);
    const blocked = chat.status.projectSettingsBlocked === true;
    for (const name of config.projectMcpServers) {
      if (servers.some((s) => s.name === name)) continue;
      items.push(
        blocked
          ? { label: `$(shield) ${plainText(name)}`, description: vscode.l10n.t('waiting for approval · .mcp.json'), detail: vscode.l10n.t("Not loaded until you trust this folder's Claude settings. Pick to review them."), review: true }
          : {
              label: `$(circle-slash) ${plainText(name)}`,
              description: live ? vscode.l10n.t('not loaded · .mcp.json') : '.mcp.json',
              detail: live ? vscode.l10n.t('Claude Code did not load it: disabledMcpjsonServers or enabledMcpjsonServers in your settings exclude it.') : vscode.l10n.t('Loads with the next message.'),
            },
      );
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(live ? vscode.l10n.t("No MCP servers are configured besides the extension's own.") : vscode.l10n.t('Send a first message: the MCP servers are listed once Claude runs.'));
    return;
  }
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('MCP servers'), placeHolder: live ? vscode.l10n.t('Pick a server to enable, disable or reconnect it') : vscode.l10n.t('Send a message to manage servers') });
  if (!pick) return;
  if (pick.review) return review();
  const server = pick.server;
  if (!server || !live) return;
  // mcp_toggle is remembered by the CLI for this folder, like /mcp in the terminal.
  const label = { enable: vscode.l10n.t('Enable'), reconnect: vscode.l10n.t('Reconnect'), disable: vscode.l10n.t('Disable') };
  const actions = (server.status === 'disabled' ? (['enable'] as const) : (['reconnect', 'disable'] as const)).map((action) => ({
    label: label[action],
    description: action === 'reconnect' ? vscode.l10n.t('restart or reconnect it now') : vscode.l10n.t('for this folder, in the terminal too'),
    action,
  }));
  const picked = await vscode.window.showQuickPick(actions, { title: plainText(vscode.l10n.t('MCP server {0}', server.name)) });
  if (!picked) return;
  const action = picked.action;
  try {
    await mcp.act(server.name, action);
    log.info(`[mcp] ${action} ${server.name}: done`);
  } catch (err) {
    // The CLI's error text names a command from the user's config: plain text.
    const why = (err as Error).message;
    const failed =
      action === 'enable'
        ? vscode.l10n.t('Could not enable the MCP server {0}: {1}', server.name, why)
        : action === 'reconnect'
          ? vscode.l10n.t('Could not reconnect the MCP server {0}: {1}', server.name, why)
          : vscode.l10n.t('Could not disable the MCP server {0}: {1}', server.name, why);
    void vscode.window.showErrorMessage(plainText(failed));
  }
}
/** "Log In": the CLI's own login flow in a terminal. Only in a trusted workspace (it runs the CLI there). */
export function openLoginTerminal(command: string, cwd: string | undefined, env: Record<string, string> | undefined): void {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Logging in runs Claude Code in this folder: trust the workspace first (Manage Workspace Trust).'));
    return;
  }
  const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('Claude Code login'), cwd, env });
  terminal.show();
  terminal.sendText(`${shellQuote(command)} /login`);
}

function shellQuote(s: string): string {
  if (process.platform === 'win32') return `& "${s.replace(/"/g, '`"')}"`;
  return /^[A-Za-z0-9_./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
