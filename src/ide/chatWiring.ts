import type { McpServerSpec } from '../core/mcpServerSpec';

/** Where a chat's process reaches the window's IDE server. */
export interface IdeEndpoint {
  port: number;
  authToken: string;
}

/**
 * The IDE server as one of a chat's MCP servers: `claude -p` never looks for lock files
 * (docs/protocol.md, "The IDE integration"), so a chat's process reaches the window's server as
 * a WebSocket MCP server named `ide` with the window's token in its `--mcp-config` (a private,
 * short-lived file: src/claude/mcpConfigFile.ts), and its model sees the same
 * `mcp__ide__getDiagnostics` as the terminal's. That tool only reads what the editor shows, so it
 * runs without a prompt. A leaf with no imports of the server: the host bundles it, not dist/ide.js.
 */
export function ideMcpServer(ide: IdeEndpoint): McpServerSpec {
  return {
    name: 'ide',
    type: 'ws',
    url: `ws://127.0.0.1:${ide.port}`,
    headers: { 'X-Claude-Code-Ide-Authorization': ide.authToken },
    readOnlyTools: ['getDiagnostics'],
  };
}
