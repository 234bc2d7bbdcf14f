/** What fills a chat's context window, by category (the CLI's `get_context_usage`). */
export interface ContextBreakdown {
  totalTokens: number;
  maxTokens: number;
  /** In the CLI's order: system prompt, tools, MCP tools, memory files, messages, …, free space. */
  categories: { name: string; tokens: number; kind: 'used' | 'buffer' | 'free' }[];
  memoryFiles: { path: string; tokens: number }[];
  mcpTools: { name: string; server?: string; tokens: number }[];
}
