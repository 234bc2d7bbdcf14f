import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consoleLogger } from '../../src/core/logger';
import { suggestRules, formatRule } from '../../src/core/permissionRules';
import type { PermissionDecision, PermissionRequest } from '../../src/core/permissions';
import { PermissionServer } from '../../src/claude/permissionServer';
import { ClaudeSession } from '../../src/claude/session';
import { editRules, readRules, settingsPath } from '../../src/claude/settingsFiles';
import { CLAUDE_BIN, cliAtLeast, claudePids, isAlive, makeSandbox, type Sandbox } from '../support/cliEnv';
import { ModelServer } from '../support/modelServer';

const logger = consoleLogger(process.env.TEST_LOG === 'debug' ? 'debug' : 'warn');

/**
 * Issue 25 item 2: "don't ask again" writes a rule the CLI itself keeps in its settings files, so a
 * new process, and a `claude -p` in the same folder without our permission tool, honour it.
 */
describe('permission rules that last (real CLI)', function () {
  let model: ModelServer;
  let sandbox: Sandbox;
  let server: PermissionServer;
  const sessions: ClaudeSession[] = [];
  const pids = new Set<number>();
  let keyCounter = 0;

  before(async () => {
    model = new ModelServer();
    await model.start();
    sandbox = makeSandbox(model.url, 'claude-chat-rules');
    // `npm test` prints a marker; `npm publish` is never allowed to run (every answer to it is deny).
    writeFileSync(join(sandbox.workspace, 'package.json'), JSON.stringify({ name: 'rules-probe', private: true, scripts: { test: 'echo RAN-NPM-TEST' } }));
    server = new PermissionServer({ logger, progressIntervalMs: 1000 });
    await server.start();
  });

  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.dispose();
  });

  after(async () => {
    await server?.dispose();
    await model?.stop();
    for (const pid of pids) assert.equal(isAlive(pid), false, `claude ${pid} is still running`);
    assert.deepEqual(claudePids(sandbox.root), []);
    sandbox?.cleanup();
  });

  /** A fresh `claude` process whose prompts `answer` decides; returns the prompts it asked. */
  async function run(commands: string[], answer: (req: PermissionRequest) => PermissionDecision): Promise<{ asked: string[]; texts: string[] }> {
    const asked: string[] = [];
    const key = `r${++keyCounter}`;
    server.registerSession(key, { request: async (req) => (asked.push(String(req.input.command)), answer(req)) }, { cwd: sandbox.workspace });
    const session = new ClaudeSession({ cwd: sandbox.workspace, logger, cliPath: CLAUDE_BIN, env: sandbox.env, permissions: () => server.wiringFor(key) });
    session.onEvent((e) => {
      if (e.type === 'sessionBound' && e.info.pid) pids.add(e.info.pid);
    });
    sessions.push(session);
    const texts: string[] = [];
    for (const command of commands) {
      const r = await session.send(`SCENARIO:tool-bash:${command}`);
      assert.equal(r.outcome, 'success', r.error?.message);
      texts.push(r.text ?? '');
    }
    await session.dispose();
    return { asked, texts };
  }

  /** `claude -p` in the folder as a user would run it in a terminal: no permission tool of ours. */
  function print(command: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        CLAUDE_BIN,
        ['-p', `SCENARIO:tool-bash:${command}`, '--output-format', 'stream-json', '--verbose'],
        { cwd: sandbox.workspace, env: { ...process.env, ...sandbox.env }, encoding: 'utf8', timeout: 110_000 },
        (err, stdout) => {
          if (err && !stdout) return reject(err);
          const results: string[] = [];
          for (const line of stdout.split('\n')) {
            if (!line.includes('"tool_result"')) continue;
            const content = (JSON.parse(line) as { message?: { content?: { content?: unknown }[] } }).message?.content?.[0]?.content;
            results.push(typeof content === 'string' ? content : JSON.stringify(content));
          }
          resolve(results.join('\n'));
        },
      );
      if (child.pid) pids.add(child.pid);
      child.stdin?.end();
    });
  }

  /** The CLI's own record that the folder's trust dialog was accepted (what `claude` asks on first use). */
  function cliTrusts(trusted: boolean): void {
    const dir = sandbox.env.CLAUDE_CONFIG_DIR;
    mkdirSync(dir, { recursive: true });
    const file = join(dir, '.claude.json');
    const config = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { projects?: Record<string, Record<string, unknown>> }) : {};
    config.projects = { ...config.projects, [sandbox.workspace]: { ...config.projects?.[sandbox.workspace], hasTrustDialogAccepted: trusted } };
    writeFileSync(file, JSON.stringify(config, null, 2));
  }

  it("\"don't ask again in this project\" for `npm test`: the CLI writes the local rule; a new process and `claude -p` run `npm test` unasked, `npm publish` still asks; removing the rule asks again", async () => {
    cliTrusts(true);
    const [prefix] = suggestRules('Bash', { command: 'npm test' }, sandbox.workspace);
    assert.equal(formatRule(prefix.rule), 'Bash(npm test:*)');
    const first = await run(['npm test'], () => ({ kind: 'allowAlways', rule: prefix.rule, destination: 'localSettings' }));
    assert.deepEqual(first.asked, ['npm test']);
    assert.match(first.texts[0], /RAN-NPM-TEST/);
    const local = settingsPath('localSettings', sandbox.workspace, sandbox.env);
    assert.deepEqual(readRules(local).allow, ['Bash(npm test:*)'], 'the CLI wrote the rule into .claude/settings.local.json');

    const deny = () => ({ kind: 'deny' }) as const;
    const second = await run(['npm test', 'npm test -- --grep x', 'npm publish --dry-run'], deny);
    assert.deepEqual(second.asked, ['npm publish --dry-run'], 'only npm publish asks in a new process');
    assert.match(second.texts[0], /RAN-NPM-TEST/);
    assert.match(await print('npm test'), /RAN-NPM-TEST/, 'claude -p in the folder runs npm test without asking');
    assert.doesNotMatch(await print('npm publish --dry-run'), /npm (notice|warn)|Tarball/i, 'claude -p ran npm publish');

    editRules(local, { op: 'remove', behavior: 'allow', rule: 'Bash(npm test:*)' });
    assert.deepEqual(readRules(local).allow, []);
    const third = await run(['npm test'], deny);
    assert.deepEqual(third.asked, ['npm test'], 'with the rule removed, npm test asks again');
  });

  it('"never allow" in this project (a deny rule in the file format) refuses `npm publish` in a new process without asking', async () => {
    cliTrusts(true);
    const local = settingsPath('localSettings', sandbox.workspace, sandbox.env);
    const [prefix] = suggestRules('Bash', { command: 'npm publish --dry-run' }, sandbox.workspace);
    assert.equal(formatRule(prefix.rule), 'Bash(npm publish:*)');
    editRules(local, { op: 'add', behavior: 'deny', rule: formatRule(prefix.rule) });
    const r = await run(['npm publish --dry-run'], () => ({ kind: 'allow' }));
    assert.deepEqual(r.asked, [], 'a denied command is not asked about');
    assert.match(r.texts[0], /denied/i);
    editRules(local, { op: 'remove', behavior: 'deny', rule: formatRule(prefix.rule) });
  });

  // 2.1.197 applies them only once its trust dialog was accepted for the folder; 2.1.332 without.
  it(`the CLI ${cliAtLeast('2.1.332') ? 'applies' : 'does not apply'} a folder's rules before its own trust dialog was accepted for the folder`, async () => {
    const local = settingsPath('localSettings', sandbox.workspace, sandbox.env);
    editRules(local, { op: 'add', behavior: 'allow', rule: 'Bash(npm test:*)' });
    cliTrusts(false);
    const untrusted = await run(['npm test'], () => ({ kind: 'deny' }));
    assert.deepEqual(untrusted.asked, cliAtLeast('2.1.332') ? [] : ['npm test']);
    cliTrusts(true);
    const trusted = await run(['npm test'], () => ({ kind: 'deny' }));
    assert.deepEqual(trusted.asked, []);
    editRules(local, { op: 'remove', behavior: 'allow', rule: 'Bash(npm test:*)' });
  });
});
