import type { ClaudeSession } from './session';

/** One entry of the CLI's `mcp_status` answer (docs/protocol.md, "The user's setup"). */
export interface McpStatusEntry {
  name: string;
  status: string;
  scope?: string;
  error?: string;
}

/** The CLI's MCP servers, without ours (`own`: the permission server, the IDE's). */
export async function mcpStatus(session: ClaudeSession, own: ReadonlySet<string>): Promise<McpStatusEntry[]> {
  const r = (await session.request({ subtype: 'mcp_status' }, 5000)) as { mcpServers?: McpStatusEntry[] };
  return (r?.mcpServers ?? []).filter((s) => typeof s?.name === 'string' && !own.has(s.name));
}

/** `mcp_toggle` is remembered by the CLI for the folder (disabledMcpServers in ~/.claude.json), like /mcp in the terminal. */
export async function mcpAction(session: ClaudeSession, name: string, action: 'reconnect' | 'enable' | 'disable'): Promise<void> {
  const request = action === 'reconnect' ? { subtype: 'mcp_reconnect', serverName: name } : { subtype: 'mcp_toggle', serverName: name, enabled: action === 'enable' };
  await session.request(request, 30_000);
}
