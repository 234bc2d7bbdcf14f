/**
 * Probe: what our per-chat CLI flags cost a warm turn outside VS Code. Two raw
 * drivers of the same binary, one with the product's permission wiring (--mcp-config of our
 * permission server + --permission-prompt-tool), one with that and the window's IDE server (a ws
 * MCP server 'ide', as every chat's wiring has since the IDE integration) and one without, all
 * with the checkpoint flag and variable; turns interleaved, order rotated. Prints write → API request and
 * write → first text_delta medians.  Run: npx tsx bench/mcpProbe.ts [turns]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKPOINT_ARGS, CHECKPOINT_ENV } from '../src/claude/checkpoints';
import { writeMcpConfigFile, removeMcpConfigFile } from '../src/claude/mcpConfigFile';
import { PermissionServer } from '../src/claude/permissionServer';
import { IdeServer, type EditorPort } from '../src/ide';
import { nullLogger } from '../src/core/logger';
import { makeSandbox } from '../test/support/cliEnv';
import { allowAll } from '../test/support/controllerRig';
import { ModelServer } from '../test/support/modelServer';
import { RawCli, timedTurn } from './cli';
import { median, round } from './lib';

async function main(): Promise<void> {
  const turns = Number(process.argv[2] ?? 30);
  const server = new ModelServer();
  const sb = makeSandbox(await server.start(), 'cc-mcpprobe');
  const perms = new PermissionServer({ logger: nullLogger });
  await perms.start();
  perms.registerSession('probe', allowAll, { cwd: sb.workspace });
  const w = perms.wiringFor('probe')!;
  const file = writeMcpConfigFile(w.mcpConfigJson);
  // The window's IDE server too, as a chat's wiring adds it (src/vscode/ideServer.ts withIdeServer):
  // an editor with no folders, files or diagnostics.
  const editor = new Proxy({}, { get: (_t, key) => (key === 'workspaceFolders' ? () => [{ path: sb.workspace, name: 'ws' }] : () => undefined) }) as EditorPort;
  const ide = await IdeServer.start({ editor, ideName: 'probe', log: nullLogger, lockDir: mkdtempSync(join(tmpdir(), 'cc-probe-ide-')) });
  const withIdeConfig = JSON.parse(w.mcpConfigJson) as { mcpServers: Record<string, unknown> };
  withIdeConfig.mcpServers.ide = { type: 'ws', url: `ws://127.0.0.1:${ide.port}`, headers: { 'X-Claude-Code-Ide-Authorization': ide.authToken } };
  const ideFile = writeMcpConfigFile(JSON.stringify(withIdeConfig));
  const withMcp = new RawCli(sb, randomUUID());
  const withIde = new RawCli(sb, randomUUID());
  const without = new RawCli(sb, randomUUID());
  withMcp.spawn(false, { args: [...CHECKPOINT_ARGS, `--mcp-config=${file}`, '--permission-prompt-tool', w.promptTool], env: CHECKPOINT_ENV });
  withIde.spawn(false, { args: [...CHECKPOINT_ARGS, `--mcp-config=${ideFile}`, '--permission-prompt-tool', w.promptTool, '--allowedTools=mcp__ide__getDiagnostics'], env: CHECKPOINT_ENV });
  without.spawn(false, { args: [...CHECKPOINT_ARGS], env: CHECKPOINT_ENV });
  type Acc = { req: number[]; first: number[] };
  const drivers: [string, RawCli, Acc][] = [
    ['withMcp', withMcp, { req: [], first: [] }],
    ['withMcpAndIde', withIde, { req: [], first: [] }],
    ['without', without, { req: [], first: [] }],
  ];
  for (let i = 0; i < 3; i++) for (const [, raw] of drivers) await timedTurn(raw, server, 'warm SCENARIO:text');
  for (let i = 0; i < turns; i++) {
    // Rotated, so each driver goes first, second and third equally often.
    for (let k = 0; k < drivers.length; k++) {
      const [, raw, into] = drivers[(i + k) % drivers.length];
      const t = await timedTurn(raw, server, `probe ${i} SCENARIO:text`);
      into.req.push(t.req);
      into.first.push(t.first);
    }
  }
  console.log(JSON.stringify({ turns, ...Object.fromEntries(drivers.map(([name, , a]) => [name, { writeToRequestMs: round(median(a.req), 1), writeToFirstDeltaMs: round(median(a.first), 1) }])) }));
  await Promise.all(drivers.map(([, raw]) => raw.close()));
  removeMcpConfigFile(ideFile);
  await ide.dispose();
  removeMcpConfigFile(file);
  await perms.dispose?.();
  await server.stop?.();
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
