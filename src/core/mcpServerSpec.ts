/**
 * An MCP server the extension itself serves to an agent besides the permission tool, e.g. the
 * window's IDE server: where it listens and the header that admits the agent. Each backend writes
 * it in its own config format (the CLI's `--mcp-config`, ACP's `session/new` `mcpServers`).
 */
export interface McpServerSpec {
  /** The server's name in the agent's MCP list; its tools become `mcp__<name>__<tool>` in the CLI. */
  name: string;
  /** `ws`: a WebSocket MCP server (the CLI only); `http`: Streamable HTTP. */
  type: 'ws' | 'http';
  url: string;
  /** Sent with every request (the bearer token or the IDE's auth header). */
  headers: Record<string, string>;
  /** Its tools that only read what the editor shows, so they run without a permission prompt. */
  readOnlyTools?: readonly string[];
}

/** A server handed to one agent session: its address and token, revoked on dispose. */
export interface McpServerGrant {
  readonly server: McpServerSpec;
  dispose(): void;
}
