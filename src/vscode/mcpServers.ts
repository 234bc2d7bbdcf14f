import * as vscode from 'vscode';
import { plainText } from './plainText';
import type { Chat, McpServerEntry } from '../chat/chat';
import type { Logger } from '../core/logger';
import { readProjectConfig } from '../claude/projectTrust';

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
    void vscode.window.showInformationMessage('MCP servers are listed for Claude (CLI) chats.');
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
    detail: s.error ? plainText(`Error: ${s.error}`) : s.status === 'needs-auth' ? 'Needs sign-in: run "claude" in a terminal and use /mcp to authenticate it.' : undefined,
    server: s,
  }));
  if (folder) {
    const config = readProjectConfig(folder);
    const blocked = chat.status.projectSettingsBlocked === true;
    for (const name of config.projectMcpServers) {
      if (servers.some((s) => s.name === name)) continue;
      items.push(
        blocked
          ? { label: `$(shield) ${plainText(name)}`, description: 'waiting for approval · .mcp.json', detail: "Not loaded until you trust this folder's Claude settings. Pick to review them.", review: true }
          : {
              label: `$(circle-slash) ${plainText(name)}`,
              description: live ? 'not loaded · .mcp.json' : '.mcp.json',
              detail: live ? 'Claude Code did not load it: disabledMcpjsonServers or enabledMcpjsonServers in your settings exclude it.' : 'Loads with the next message.',
            },
      );
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(live ? 'No MCP servers are configured besides the extension\'s own.' : 'Send a first message: the MCP servers are listed once Claude runs.');
    return;
  }
  const pick = await vscode.window.showQuickPick(items, { title: 'MCP servers', placeHolder: live ? 'Pick a server to enable, disable or reconnect it' : 'Send a message to manage servers' });
  if (!pick) return;
  if (pick.review) return review();
  const server = pick.server;
  if (!server || !live) return;
  // mcp_toggle is remembered by the CLI for this folder, like /mcp in the terminal.
  const actions = (server.status === 'disabled' ? ['Enable'] : ['Reconnect', 'Disable']).map((label) => ({
    label,
    description: label === 'Reconnect' ? 'restart or reconnect it now' : 'for this folder, in the terminal too',
  }));
  const picked = await vscode.window.showQuickPick(actions, { title: plainText(`MCP server ${server.name}`) });
  if (!picked) return;
  const action = picked.label;
  try {
    await mcp.act(server.name, action === 'Reconnect' ? 'reconnect' : action === 'Enable' ? 'enable' : 'disable');
    log.info(`[mcp] ${action.toLowerCase()} ${server.name}: done`);
  } catch (err) {
    // The CLI's error text names a command from the user's config: plain text.
    void vscode.window.showErrorMessage(plainText(`Could not ${action.toLowerCase()} the MCP server ${server.name}: ${(err as Error).message}`));
  }
}
/** "Log In": the CLI's own login flow in a terminal. Only in a trusted workspace (it runs the CLI there). */
export function openLoginTerminal(command: string, cwd: string | undefined, env: Record<string, string> | undefined): void {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Logging in runs Claude Code in this folder: trust the workspace first (Manage Workspace Trust).');
    return;
  }
  const terminal = vscode.window.createTerminal({ name: 'Claude Code login', cwd, env });
  terminal.show();
  terminal.sendText(`${shellQuote(command)} /login`);
}

function shellQuote(s: string): string {
  if (process.platform === 'win32') return `& "${s.replace(/"/g, '`"')}"`;
  return /^[A-Za-z0-9_./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
