/**
 * Records raw stream-json stdout from the REAL claude CLI against the scripted model server,
 * into test/fixtures/cli/*.jsonl. Run: npx tsx test/support/recordFixtures.ts
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CliProcess } from '../../src/claude/cliProcess';
import { nullLogger } from '../../src/core/logger';
import { controlRequestLine, userLine } from '../../src/claude/protocol';
import { CLAUDE_BIN, makeSandbox, REPO_ROOT } from './cliEnv';
import { ModelServer } from './modelServer';

const OUT = join(REPO_ROOT, 'test', 'fixtures', 'cli');

interface Step {
  prompt?: string;
  /** Wait this long after writing, then send an interrupt. */
  interruptAfterMs?: number;
  /** Answer a stdio can_use_tool by interrupting instead. */
  interruptOnPrompt?: boolean;
}

async function record(name: string, steps: Step[], extraArgs: string[] = [], extraEnv: Record<string, string> = {}, workspaceFiles: Record<string, string> = {}): Promise<void> {
  const server = new ModelServer();
  await server.start();
  const sb = makeSandbox(server.url);
  for (const [f, c] of Object.entries(workspaceFiles)) writeFileSync(join(sb.workspace, f), c);
  const lines: string[] = [];
  const proc = new CliProcess({
    command: CLAUDE_BIN,
    args: ['-p', '--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose', '--include-partial-messages', ...extraArgs],
    cwd: sb.workspace,
    env: { ...process.env, ...sb.env, ...extraEnv },
    logger: nullLogger,
  });
  let onResult: () => void = () => {};
  let onPrompt: (id: string) => void = () => {};
  proc.onLine((l) => {
    lines.push(l);
    const v = JSON.parse(l);
    if (v.type === 'result') onResult();
    if (v.type === 'control_request' && v.request?.subtype === 'can_use_tool') onPrompt(v.request_id);
  });
  for (const step of steps) {
    const prompt = step.prompt!.replaceAll('$WS', sb.workspace);
    const done = new Promise<void>((r) => (onResult = r));
    onPrompt = (id) => {
      if (step.interruptOnPrompt) proc.writeLine(controlRequestLine('rec-int-prompt', { subtype: 'interrupt' }));
      else proc.writeLine(JSON.stringify({ type: 'control_response', response: { subtype: 'success', request_id: id, response: { behavior: 'deny', message: 'Denied while recording' } } }));
    };
    proc.writeLine(userLine(prompt));
    if (step.interruptAfterMs) {
      await new Promise((r) => setTimeout(r, step.interruptAfterMs));
      proc.writeLine(controlRequestLine('rec-int', { subtype: 'interrupt' }));
    }
    await done;
  }
  proc.closeStdin();
  await Promise.race([proc.exited, new Promise((r) => setTimeout(r, 3000))]);
  await proc.killTree();
  await server.stop();
  // Scratch paths differ per run; a stable placeholder keeps fixtures diffable.
  const text = lines.join('\n').replaceAll(sb.workspace, '/ws').replaceAll(sb.home, '/home') + '\n';
  writeFileSync(join(OUT, `${name}.jsonl`), text);
  sb.cleanup();
  console.log(`recorded ${name}: ${lines.length} lines`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const bypass = ['--permission-mode', 'bypassPermissions'];
  const sandboxEnv = { IS_SANDBOX: '1' };
  await record('text', [{ prompt: 'Say hello SCENARIO:text' }]);
  await record('thinking', [{ prompt: 'Think SCENARIO:thinking' }]);
  await record('markdown', [{ prompt: 'Show markdown SCENARIO:markdown' }]);
  await record('tool-write', [{ prompt: 'Write SCENARIO:tool-write:$WS/hello.txt' }], bypass, sandboxEnv);
  await record('tool-bash', [{ prompt: 'Run SCENARIO:tool-bash:echo hello-from-bash' }], bypass, sandboxEnv);
  await record('tool-read', [{ prompt: 'Read SCENARIO:tool-read:$WS/notes.txt' }], bypass, sandboxEnv, { 'notes.txt': 'line one\nline two\n' });
  await record('tool-edit', [{ prompt: 'Edit SCENARIO:tool-edit:$WS/greet.txt' }], bypass, sandboxEnv, { 'greet.txt': 'hello world\nsecond line\n' });
  await record('todo', [{ prompt: 'Plan SCENARIO:todo' }], bypass, sandboxEnv);
  await record('interrupt', [{ prompt: 'Slow SCENARIO:slow:5', interruptAfterMs: 1500 }, { prompt: 'After SCENARIO:echo' }]);
  // A sample with control traffic: a stdio prompt withdrawn by an interrupt, a retry, a mode change.
  await record(
    'protocol-sample',
    [
      { prompt: 'Write SCENARIO:tool-write:$WS/x.txt', interruptOnPrompt: true },
      { prompt: 'Retry SCENARIO:error-529-once' },
      { prompt: 'Think SCENARIO:thinking' },
      { prompt: 'Write again SCENARIO:tool-write:$WS/y.txt' },
    ],
    ['--permission-prompt-tool', 'stdio', '--permission-mode', 'plan'],
  );
  await recordInteractive(bypass, sandboxEnv);
}

/** A subagent (its steps carry parent_tool_use_id) and the task tools, for the nested card and the task list. */
async function recordInteractive(bypass: string[], sandboxEnv: Record<string, string>): Promise<void> {
  const tools = (steps: unknown) => `SCENARIO:tools:${JSON.stringify(steps)}`;
  const child = tools([[{ name: 'Bash', input: { command: 'echo child-step', description: 'Child step' } }], [{ name: 'Glob', input: { pattern: '*.md' } }]]);
  await record('subagent', [{ prompt: `Delegate ${tools([[{ name: 'Task', input: { description: 'Look around', subagent_type: 'general-purpose', prompt: child } }]])}` }], bypass, sandboxEnv);
  await record(
    'tasks',
    [
      {
        prompt: `Track ${tools([
          [{ name: 'TaskCreate', input: { subject: 'Write the parser', description: 'd1', activeForm: 'Writing the parser' } }],
          [{ name: 'TaskCreate', input: { subject: 'Test the parser', description: 'd2', activeForm: 'Testing the parser' } }],
          [{ name: 'TaskUpdate', input: { taskId: '1', status: 'in_progress' } }],
          [{ name: 'TaskUpdate', input: { taskId: '1', status: 'completed' } }],
          [{ name: 'TaskUpdate', input: { taskId: '2', status: 'in_progress' } }],
        ])}`,
      },
    ],
    bypass,
    sandboxEnv,
  );
}

void main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
