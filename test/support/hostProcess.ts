// Plays "extension host" for the lifetime tests: the real ClaudeSession, permission server and
// process guard in a Node process of its own, which the test can SIGKILL or make exit.
// argv: <cwd> <prompt>. env: the sandbox's. stdout: one JSON object a line.
// stdin commands: "exit" (process.exit(0) with no dispose, like a reload that never finished
// deactivate), "exit-without-guard" (the same, after SIGKILLing the guard: only the exit path acts).
import { ClaudeSession } from '../../src/claude/session';
import { PermissionServer } from '../../src/claude/permissionServer';
import { nullLogger } from '../../src/core/logger';
import { guardPid } from '../../src/core/processGuard';
import { CLAUDE_BIN } from './cliEnv';

const [cwd, prompt] = process.argv.slice(2);
const say = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');

async function main(): Promise<void> {
  const server = new PermissionServer({ logger: nullLogger });
  await server.start();
  server.registerSession('host', { request: async () => ({ kind: 'allow' }) }, { cwd });
  const session = new ClaudeSession({ cwd, logger: nullLogger, cliPath: CLAUDE_BIN, permissions: () => server.wiringFor('host') });
  session.onEvent((e) => {
    if (e.type === 'sessionBound') say({ event: 'bound', pid: e.info.pid, guard: guardPid() });
    if (e.type === 'textDelta') say({ event: 'text' });
    if (e.type === 'turnResult') say({ event: 'result', outcome: e.result.outcome });
  });
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (cmd: string) => {
    if (cmd.includes('exit-without-guard')) {
      const g = guardPid();
      if (g) process.kill(g, 'SIGKILL');
      process.exit(0);
    }
    if (cmd.includes('exit')) process.exit(0);
  });
  void session.send(prompt);
}

void main();
