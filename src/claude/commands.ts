import type { CliCommand } from './events';

/** The `commands` of an `initialize` answer; malformed entries are skipped, not fatal. */
export function parseCommands(answer: unknown): CliCommand[] {
  const list = (answer as { commands?: unknown } | undefined)?.commands;
  if (!Array.isArray(list)) return [];
  const out: CliCommand[] = [];
  for (const c of list as Record<string, unknown>[]) {
    if (!c || typeof c.name !== 'string' || !c.name) continue;
    out.push({
      name: c.name,
      description: typeof c.description === 'string' && c.description ? c.description : undefined,
      argumentHint: typeof c.argumentHint === 'string' && c.argumentHint ? c.argumentHint : undefined,
      aliases: Array.isArray(c.aliases) ? c.aliases.filter((a): a is string => typeof a === 'string') : undefined,
    });
  }
  return out;
}

/**
 * Commands the CLI answers in stream-json mode with "/x isn't available in this environment"
 * (probed with 2.1.197), and what the panel offers instead. `/clear` (and its aliases) is
 * handled as the panel's New Chat: the CLI would clear its context while the panel still
 * showed the old conversation.
 */
export type LocalCommand = { kind: 'newChat' } | { kind: 'terminalOnly'; message: string };

const INSTEAD: Record<string, string> = {
  model: 'Pick the model from the panel header (or run "Claude: Select Model").',
  permissions: 'Pick the permission mode from the panel header; rules live in .claude/settings.json.',
  login: 'Run `claude` in a terminal and use /login there, or set ANTHROPIC_API_KEY; then send your message again.',
  logout: 'Run `claude` in a terminal and use /logout there.',
  resume: 'Open an earlier chat with "Claude: Show Chat History".',
  help: 'Type / in the prompt box to see the commands this chat offers.',
  exit: 'Close the panel, or start a New Chat.',
  status: 'The panel header shows the model, mode and context; the status bar shows the cost.',
  mcp: 'MCP servers are configured in ~/.claude.json or the project\'s .mcp.json.',
  memory: 'Open CLAUDE.md in the editor to change Claude\'s memory.',
  ide: 'This panel is already connected to VS Code.',
  vim: 'The prompt box uses VS Code\'s own editing keys.',
  theme: 'The panel follows your VS Code theme.',
};

const TERMINAL_ONLY = new Set([
  ...Object.keys(INSTEAD),
  'doctor', 'terminal-setup', 'agents', 'hooks', 'add-dir', 'export', 'bug', 'feedback', 'upgrade', 'release-notes',
  'statusline', 'output-style', 'privacy-settings', 'install-github-app', 'pr-comments', 'rewind', 'todos', 'plugin',
]);

/** `cliCommands`: names the CLI lists; a user's own command of the same name wins. */
export function localCommand(text: string, cliCommands: ReadonlySet<string> = new Set()): LocalCommand | undefined {
  const m = /^\/([a-z][\w:-]*)(?:\s|$)/i.exec(text.trim());
  if (!m) return undefined;
  const name = m[1].toLowerCase();
  if (name === 'clear' || name === 'reset' || name === 'new') return { kind: 'newChat' };
  if (!TERMINAL_ONLY.has(name) || cliCommands.has(name)) return undefined;
  const instead = INSTEAD[name] ?? `Run \`claude\` in a terminal to use /${name}.`;
  return { kind: 'terminalOnly', message: `/${name} only works in Claude's terminal interface, not in this panel. ${instead}` };
}
