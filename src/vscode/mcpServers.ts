import * as vscode from 'vscode';
import { plainText } from './plainText';
import type { Chat } from '../chat/chat';
import { ChatController } from '../chat/chatController';
import type { Logger } from '../core/logger';
import { readProjectConfig } from '../claude/projectTrust';

/** One entry of the CLI's `mcp_status` answer (docs/protocol.md, "The user's setup"). */
interface McpStatusEntry {
  name: string;
  status: string;
  scope?: string;
  error?: string;
}

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
export async function pickMcpServers(chat: Chat | undefined, folder: string | undefined, log: Logger, review: () => Promise<void>, ownServer: string | undefined): Promise<void> {
  const controller = chat instanceof ChatController ? chat : undefined;
  if (!controller) {
    void vscode.window.showInformationMessage('MCP servers are listed for Claude (CLI) chats.');
    return;
  }
  const session = controller.currentSession;
  let servers: McpStatusEntry[] = controller.status.mcpServers ?? [];
  const live = session?.pid !== undefined;
  if (live) {
    try {
      const r = (await session!.request({ subtype: 'mcp_status' }, 5000)) as { mcpServers?: McpStatusEntry[] };
      servers = (r?.mcpServers ?? []).filter((s) => typeof s?.name === 'string' && s.name !== ownServer);
    } catch (err) {
      log.warn(`[mcp] mcp_status failed: ${(err as Error).message}`);
    }
  }
  type Item = vscode.QuickPickItem & { server?: McpStatusEntry; review?: boolean };
  // Server names, scopes and errors come from the user's or the folder's config: plain text.
  const items: Item[] = servers.map((s) => ({
    label: `${STATUS_ICON[s.status] ?? '$(question)'} ${plainText(s.name)}`,
    description: plainText([s.status, s.scope].filter(Boolean).join(' · ')),
    detail: s.error ? plainText(`Error: ${s.error}`) : s.status === 'needs-auth' ? 'Needs sign-in: run "claude" in a terminal and use /mcp to authenticate it.' : undefined,
    server: s,
  }));
  if (folder) {
    const config = readProjectConfig(folder);
    const blocked = controller.status.projectSettingsBlocked === true;
    for (const name of config.projectMcpServers) {
      if (servers.some((s) => s.name === name)) continue;
      items.push(
        blocked
          ? { label: `$(shield) ${name}`, description: 'waiting for approval · .mcp.json', detail: "Not loaded until you trust this folder's Claude settings. Pick to review them.", review: true }
          : {
              label: `$(circle-slash) ${name}`,
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
  if (!server || !live || !session) return;
  // mcp_toggle is remembered by the CLI for this folder (disabledMcpServers in ~/.claude.json), like /mcp in the terminal.
  const actions = (server.status === 'disabled' ? ['Enable'] : ['Reconnect', 'Disable']).map((label) => ({
    label,
    description: label === 'Reconnect' ? 'restart or reconnect it now' : 'for this folder, in the terminal too',
  }));
  const picked = await vscode.window.showQuickPick(actions, { title: `MCP server ${server.name}` });
  if (!picked) return;
  const action = picked.label;
  const request =
    action === 'Reconnect' ? { subtype: 'mcp_reconnect', serverName: server.name } : { subtype: 'mcp_toggle', serverName: server.name, enabled: action === 'Enable' };
  try {
    await session.request(request, 30_000);
    log.info(`[mcp] ${action.toLowerCase()} ${server.name}: done`);
    const after = (await session.request({ subtype: 'mcp_status' }, 5000)) as { mcpServers?: McpStatusEntry[] };
    controller.setMcpServers((after?.mcpServers ?? []).filter((s) => s.name !== ownServer).map((s) => ({ name: s.name, status: s.status })));
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
