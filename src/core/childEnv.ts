/**
 * The environment a child (the `claude` CLI, an ACP agent, the process guard) inherits from the
 * extension host. The host's environment is the user's login environment plus what VS Code adds
 * for its own processes; the latter must not leak (docs/protocol.md, "Process lifetime and the
 * environment the CLI inherits"):
 * - `ELECTRON_RUN_AS_NODE` makes every Electron app a tool command starts (`code`, `cursor`,
 *   Slack, …) run as plain Node instead.
 * - `VSCODE_*` (IPC hooks, NLS, PID, entry points, crash reporter): `VSCODE_IPC_HOOK_CLI` makes a
 *   `code` run by a tool drive this very window; the rest describe this host process only.
 * - `NODE_OPTIONS`: the user's flags stay; a debugger hook that VS Code's JavaScript debugger
 *   injects (`--inspect*`, `--require …/js-debug/…bootloader.js`) would attach the CLI to it.
 * - `CLAUDE_CODE_SSE_PORT` / `ENABLE_IDE_INTEGRATION` / `CLAUDECODE`: set when VS Code was
 *   started from inside another Claude session or IDE integration; they point the CLI at
 *   that other session's IDE bridge.
 * Everything else (PATH, HOME, proxies, CA bundles, API keys, CLAUDE_*) is the user's and stays.
 */
const DROPPED_EXACT = new Set([
  'ELECTRON_RUN_AS_NODE',
  'ELECTRON_NO_ATTACH_CONSOLE',
  'ELECTRON_NO_ASAR',
  'APPLICATION_INSIGHTS_NO_DIAGNOSTIC_CHANNEL',
  'CLAUDE_CODE_SSE_PORT',
  'ENABLE_IDE_INTEGRATION',
  'CLAUDECODE',
]);
const DROPPED_PREFIX = ['VSCODE_'];

/** Host variables filtered as above, then `extra` (the user's explicit settings) on top, unfiltered. */
export function childEnvironment(host: NodeJS.ProcessEnv, extra?: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(host)) {
    if (v === undefined || droppedName(k)) continue;
    env[k] = v;
  }
  const nodeOptions = host.NODE_OPTIONS === undefined ? undefined : stripDebuggerHooks(host.NODE_OPTIONS);
  if (nodeOptions) env.NODE_OPTIONS = nodeOptions;
  else delete env.NODE_OPTIONS;
  for (const [k, v] of Object.entries(extra ?? {})) if (v !== undefined) env[k] = v;
  return env;
}

function droppedName(name: string): boolean {
  // Windows variable names are case-insensitive.
  const upper = name.toUpperCase();
  return DROPPED_EXACT.has(upper) || DROPPED_PREFIX.some((p) => upper.startsWith(p));
}

/** Drops `--inspect*` / `--debug*` and a `--require`/`-r`/`--import` of VS Code's debugger bootloader. */
export function stripDebuggerHooks(options: string): string {
  const words = options.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (/^--(inspect|debug)(-brk|-port|-publish-uid)?(=|$)/.test(w)) continue;
    const m = /^(--require|-r|--import)(?:=(.*))?$/.exec(w);
    if (m) {
      const value = m[2] ?? words[i + 1] ?? '';
      if (isDebuggerHook(value)) {
        if (m[2] === undefined) i++;
        continue;
      }
    }
    out.push(w);
  }
  return out.join(' ');
}

function isDebuggerHook(path: string): boolean {
  return /js-debug|ms-vscode\.js-debug|bootloader\.js|vscode-js-debug/i.test(path);
}
