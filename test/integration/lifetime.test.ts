// No process outlives its owner: the CLI's Bash tools die with a crashed
// CLI, the CLI and its tools die with a host that is SIGKILLed or exits without deactivate, and
// the permission token file is gone once the CLI has connected. Real CLI, scripted model.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClaudeSession } from '../../src/claude/session';
import { PermissionServer } from '../../src/claude/permissionServer';
import { liveChildren } from '../../src/core/childProcess';
import { nullLogger } from '../../src/core/logger';
import { CLAUDE_BIN, makeSandbox, REPO_ROOT, transcriptAnswers, type Sandbox } from '../support/cliEnv';
import { ModelServer } from '../support/modelServer';
import { cliProcesses, pgidOf, poll, processesMarked, processesWithArgv, sleepers } from '../support/processes';

describe('process lifetime (real CLI)', function () {
  this.timeout(120_000);
  let model: ModelServer;
  let sb: Sandbox;
  let server: PermissionServer;
  const sessions: ClaudeSession[] = [];
  const hosts: ChildProcess[] = [];

  beforeEach(async () => {
    model = new ModelServer();
    await model.start();
    sb = makeSandbox(model.url, 'claude-chat-life');
    server = new PermissionServer({ logger: nullLogger });
    await server.start();
  });

  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.dispose();
    for (const h of hosts.splice(0)) if (h.exitCode === null) h.kill('SIGKILL');
    await server.dispose();
    await model.stop();
    // Never leave strays, but fail the test if there were any.
    const left = [...cliProcesses(sb.root), ...sleepers(sb.root)];
    for (const p of left) process.kill(p, 'SIGKILL');
    sb.cleanup();
    assert.deepEqual(left, [], 'processes left behind');
  });

  function open(): ClaudeSession {
    const key = `life${sessions.length}`;
    server.registerSession(key, { request: async () => ({ kind: 'allow' }) }, { cwd: sb.workspace });
    const s = new ClaudeSession({ cwd: sb.workspace, logger: nullLogger, cliPath: CLAUDE_BIN, env: sb.env, permissions: () => server.wiringFor(key) });
    sessions.push(s);
    return s;
  }

  const cmdline = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      return '';
    }
  };

  const gone = (what: string, fn: () => number[]) => poll(what, () => fn().length === 0, 5000);

  /** The `--mcp-config=` file a live CLI was started with. */
  function configFileOf(pid: number): string {
    const arg = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').find((a) => a.startsWith('--mcp-config='));
    assert.ok(arg, 'the CLI got a config file');
    return arg.slice('--mcp-config='.length);
  }

  it('a CLI killed during a Bash tool takes the tool with it (the group was recorded while the turn ran)', async () => {
    const s = open();
    const result = s.send('SCENARIO:slow-tool');
    const sleeper = await poll('sleep 30 to run', () => sleepers(sb.root)[0]);
    const cli = s.pid!;
    const group = pgidOf(sleeper)!;
    assert.notEqual(group, cli, 'the CLI starts Bash in a process group of its own');
    // The guard polls while a turn runs; wait until it has reported the tool's group.
    await poll('the tool group to be recorded', () => liveChildren().find((c) => c.pid === cli)?.recordedGroups.includes(group));
    process.kill(cli, 'SIGKILL');
    await gone('the orphaned sleep 30', () => sleepers(sb.root));
    const r = await result;
    assert.equal(r.outcome, 'error', 'the turn ends with the crash');
  });

  it('a CLI SIGKILLed 0–250 ms into a Bash tool leaves nothing behind, however the tool detached (the orphan window)', async () => {
    // Three ways out of the CLI's group: setsid, a subshell's setsid (re-parented to init at
    // once), and a plain background job; the foreground sleep keeps the tool running.
    const command = 'setsid sleep 301 & (setsid sleep 302 &); sleep 303 & sleep 300';
    const prompt = `SCENARIO:tools:${JSON.stringify([[{ name: 'Bash', input: { command, description: 'Detached sleepers' } }]])}`;
    const toolSleeps = () => ['301', '302', '303', '300'].flatMap((n) => processesWithArgv(['sleep', n], sb.root));
    for (const delay of [0, 5, 20, 50, 100, 150, 200, 250]) {
      const s = open();
      const result = s.send(prompt);
      // The tool's start: the first of its processes to show up (polled as fast as we can).
      await poll('the tool to start', () => toolSleeps().length > 0 || processesMarked(sb.root).some((p) => p !== s.pid && /sleep 30/.test(cmdline(p))), 60_000, 1);
      if (delay) await new Promise((r) => setTimeout(r, delay));
      const cli = s.pid!;
      process.kill(cli, 'SIGKILL');
      assert.equal((await result).outcome, 'error', 'the turn ends with the crash');
      // Everything the CLI started carries the sandbox's HOME: nothing of it may be left.
      await poll(`nothing left of a CLI killed ${delay} ms into its tool`, () => processesMarked(sb.root).length === 0, 5000).catch((err: Error) => {
        const left = processesMarked(sb.root).map((p) => `${p}: ${cmdline(p)}`);
        for (const p of processesMarked(sb.root)) process.kill(p, 'SIGKILL');
        throw new Error(`${err.message}\n${left.join('\n')}`);
      });
    }
  });

  for (const end of ['a clean chat close', 'a crash after the turn']) {
    it(`a daemon a tool detached well before ${end} lives on as before the mark; a tool group that was recorded dies`, async () => {
      // 311: a double-forked setsid daemon (like `tmux new -d`, an ssh ControlMaster): it leaves
      // the tree at once, so no poll records it. 312: setsid in a background job, still the
      // shell's child when the guard polls, so its own group is recorded.
      const command = '(setsid sleep 311 &); setsid sleep 312 & sleep 2';
      const s = open();
      const r = await s.send(`SCENARIO:tools:${JSON.stringify([[{ name: 'Bash', input: { command, description: 'A daemon' } }]])}`);
      assert.equal(r.outcome, 'success');
      const daemon = processesWithArgv(['sleep', '311'], sb.root);
      const job = processesWithArgv(['sleep', '312'], sb.root);
      try {
        assert.equal(daemon.length, 1, 'the daemon runs');
        assert.equal(job.length, 1, 'the job runs');
        const cli = s.pid!;
        await poll('the job\'s group to be recorded', () => liveChildren().find((c) => c.pid === cli)?.recordedGroups.includes(pgidOf(job[0])!));
        // Well after the daemon's start, and after the poll that follows the turn's end.
        await new Promise((res) => setTimeout(res, 1500));
        if (end === 'a clean chat close') await s.dispose();
        else process.kill(cli, 'SIGKILL');
        await gone('the CLI', () => cliProcesses(sb.root));
        await gone('the recorded job', () => processesWithArgv(['sleep', '312'], sb.root));
        // The guard acts on the host's `exit` line; give it the time a kill would take.
        await new Promise((res) => setTimeout(res, 1000));
        assert.deepEqual(processesWithArgv(['sleep', '311'], sb.root), daemon, 'the daemon outlived the chat, as it did before the mark');
      } finally {
        for (const p of [...processesWithArgv(['sleep', '311'], sb.root), ...processesWithArgv(['sleep', '312'], sb.root)]) process.kill(p, 'SIGKILL');
      }
    });
  }

  it('dispose during a Bash tool kills the CLI and the tool', async () => {
    const s = open();
    void s.send('SCENARIO:slow-tool');
    await poll('sleep 30 to run', () => sleepers(sb.root).length > 0);
    await s.dispose();
    assert.deepEqual(sleepers(sb.root), []);
    assert.deepEqual(cliProcesses(sb.root), []);
  });

  it('removes the token file once init reports the server, and a --resume respawn gets a fresh one', async () => {
    const s = open();
    const bound: string[] = [];
    s.onEvent((e) => {
      if (e.type === 'sessionBound') bound.push(e.info.mcpServers.map((m) => `${m.name}:${m.status}`).join(','));
    });
    assert.equal((await s.send('first SCENARIO:text')).outcome, 'success');
    const first = configFileOf(s.pid!);
    assert.equal(existsSync(first), false, 'the token file outlived init');
    assert.match(bound[0], /:connected/, 'init reported our server connected');
    await transcriptAnswers(sb.workspace, s.sessionId, sb.env);
    process.kill(s.pid!, 'SIGKILL');
    await poll('the CLI to exit', () => s.pid === undefined);
    const r = await s.send('second SCENARIO:echo');
    assert.equal(r.outcome, 'success');
    assert.match(r.text ?? '', /first SCENARIO:text/, 'the respawn resumed the conversation');
    const second = configFileOf(s.pid!);
    assert.notEqual(second, first, 'the respawn wrote a fresh file');
    assert.equal(existsSync(second), false, "the respawn's token file outlived init");
    // The permission tool still works after the file is gone: the CLI read it at start.
    const file = join(sb.workspace, 'after-removal.txt');
    assert.equal((await s.send(`SCENARIO:tool-write:${file}`)).outcome, 'success');
    assert.ok(existsSync(file), 'a Write allowed through the permission server');
  });

  describe('when the host dies', () => {
    /** A Node process that runs the real session code, like the extension host would. */
    function startHost(prompt: string): { host: ChildProcess; events: Record<string, unknown>[] } {
      const host = spawn(process.execPath, ['--import=tsx', join(REPO_ROOT, 'test', 'support', 'hostProcess.ts'), sb.workspace, prompt], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...sb.env },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      hosts.push(host);
      const events: Record<string, unknown>[] = [];
      let buf = '';
      host.stdout!.setEncoding('utf8');
      host.stdout!.on('data', (d: string) => {
        buf += d;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buf.slice(0, i)));
          buf = buf.slice(i + 1);
        }
      });
      return { host, events };
    }

    const cliOf = async (events: Record<string, unknown>[]) => (await poll('the CLI to start', () => events.find((e) => e.event === 'bound'), 60_000)).pid as number;

    it('SIGKILL mid-turn: the streaming CLI is gone within 5 s', async () => {
      const { host, events } = startHost('SCENARIO:slow:30');
      const cli = await cliOf(events);
      await poll('streaming text', () => events.some((e) => e.event === 'text'), 60_000);
      assert.deepEqual(cliProcesses(sb.root), [cli]);
      host.kill('SIGKILL');
      await gone('the CLI', () => cliProcesses(sb.root));
    });

    it('SIGKILL mid-tool: the CLI and its Bash tool are gone within 5 s', async () => {
      const { host, events } = startHost('SCENARIO:slow-tool');
      await cliOf(events);
      await poll('sleep 30 to run', () => sleepers(sb.root).length > 0, 60_000);
      host.kill('SIGKILL');
      await gone('the CLI and its tool', () => [...cliProcesses(sb.root), ...sleepers(sb.root)]);
    });

    it('SIGKILL as a tool detaches (double fork, setsid): the guard finds it by its mark, not its group', async () => {
      const command = '(setsid sleep 302 &); setsid sleep 301 & sleep 300';
      const { host, events } = startHost(`SCENARIO:tools:${JSON.stringify([[{ name: 'Bash', input: { command, description: 'Detached sleepers' } }]])}`);
      await cliOf(events);
      await poll('the detached sleep to run', () => processesWithArgv(['sleep', '302'], sb.root).length > 0, 60_000, 1);
      host.kill('SIGKILL');
      await poll('nothing left of the host\'s CLI and its tool', () => processesMarked(sb.root).length === 0, 5000).catch((err: Error) => {
        const left = processesMarked(sb.root).map((p) => `${p}: ${cmdline(p)}`);
        for (const p of processesMarked(sb.root)) process.kill(p, 'SIGKILL');
        throw new Error(`${err.message}\n${left.join('\n')}`);
      });
    });

    it('exit without deactivate (and without the guard) mid-tool: the exit path kills the CLI and its tool', async () => {
      const { host, events } = startHost('SCENARIO:slow-tool');
      await cliOf(events);
      await poll('sleep 30 to run', () => sleepers(sb.root).length > 0, 60_000);
      host.stdin!.write('exit-without-guard\n');
      await new Promise((r) => host.once('exit', r));
      await gone('the CLI and its tool', () => [...cliProcesses(sb.root), ...sleepers(sb.root)]);
    });
  });
});
