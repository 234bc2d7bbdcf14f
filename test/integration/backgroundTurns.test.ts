import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionEvent } from '../../src/claude/events';
import { PermissionServer } from '../../src/claude/permissionServer';
import { ClaudeSession } from '../../src/claude/session';
import { toChatEvents } from '../../src/chat/claude/toChatEvents';
import { consoleLogger } from '../../src/core/logger';
import { PermissionQueue } from '../../src/core/permissionQueue';
import { CLAUDE_BIN, claudePids, isAlive, makeSandbox, type Sandbox } from '../support/cliEnv';
import { ModelServer } from '../support/modelServer';
import { poll } from '../support/processes';

const logger = consoleLogger(process.env.TEST_LOG === 'debug' ? 'debug' : 'warn');
const tools = (steps: unknown) => `SCENARIO:tools:${JSON.stringify(steps)}`;

/** Live processes whose command line carries `marker`. */
function running(marker: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (/\) Z /.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes(marker) && !cmd.includes('SCENARIO')) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

/**
 * A background task's end makes the CLI start a turn by itself (docs/protocol.md, "Turns the CLI
 * starts by itself"): the session must show it as a turn of its own and never take its result
 * for the answer to the user's next prompt.
 */
describe('background tasks and the turns the CLI starts by itself (real CLI)', function () {
  let model: ModelServer;
  let sandbox: Sandbox;
  let server: PermissionServer;
  const sessions: ClaudeSession[] = [];
  const pids = new Set<number>();
  let keyCounter = 0;

  before(async () => {
    model = new ModelServer();
    await model.start();
    sandbox = makeSandbox(model.url, 'claude-chat-background');
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

  function open() {
    const key = `b${++keyCounter}`;
    const session = new ClaudeSession({ cwd: sandbox.workspace, logger, cliPath: CLAUDE_BIN, env: sandbox.env, permissions: () => server.wiringFor(key), checkpoints: true });
    server.registerSession(key, new PermissionQueue(async () => ({ kind: 'allow' }), logger), { cwd: sandbox.workspace });
    const events: SessionEvent[] = [];
    /** Whether the session was busy as each turn the CLI started by itself began. */
    const busyAtOwnTurn: boolean[] = [];
    session.onEvent((e) => {
      events.push(e);
      if (e.type === 'turnStarted' && e.byCli) busyAtOwnTurn.push(session.isBusy);
      if (e.type === 'sessionBound' && e.info.pid) pids.add(e.info.pid);
    });
    sessions.push(session);
    return { session, events, busyAtOwnTurn };
  }

  const background = (marker: string, seconds: number) =>
    tools([[{ name: 'Bash', input: { command: `echo started; sleep ${seconds}; touch ${marker}.done # ${marker}`, description: 'bg job', run_in_background: true } }]]);

  it("a background command's end opens a turn of Claude's own; the next prompt still gets its own answer", async () => {
    const { session, events, busyAtOwnTurn } = open();
    const marker = join(sandbox.workspace, `bg-${Date.now()}`);
    const first = await session.send(background(marker, 2));
    assert.equal(first.outcome, 'success', first.error?.message);
    // The command outlives its turn, and the session knows it runs.
    await poll('the background command', () => running(marker).length > 0);
    assert.equal(session.backgroundTasks, 1);
    assert.equal(session.isBusy, false);
    await poll("the CLI's own turn", () => events.some((e) => e.type === 'turnStarted' && e.byCli));
    const own = events.find((e): e is Extract<SessionEvent, { type: 'turnStarted' }> => e.type === 'turnStarted' && e.byCli !== undefined)!;
    assert.match(own.byCli!.join(' '), /bg job/);
    assert.deepEqual(busyAtOwnTurn, [true], "the CLI's own turn runs like any turn");
    // A prompt sent now waits behind it, and gets its own answer, not the CLI's turn's.
    const second = await session.send('SCENARIO:text:second answer');
    assert.equal(second.text, 'second answer');
    const ownResult = events.find((e) => e.type === 'turnResult' && e.result.turnId === own.turnId);
    assert.ok(ownResult, "the CLI's own turn ended with its own result");
    assert.equal(session.backgroundTasks, 0);
    assert.ok(existsSync(`${marker}.done`));
    // The panel says why Claude speaks unasked.
    const notice = events.flatMap((e) => toChatEvents(e, 0)).find((e) => e.type === 'notice' && /Claude continues on its own/.test(e.text));
    assert.ok(notice, 'a notice explains the turn');
  });

  it('a prompt written as the background command ends: every result lands on the right turn, nothing hangs', async () => {
    const { session, events } = open();
    const marker = join(sandbox.workspace, `race-${Date.now()}`);
    assert.equal((await session.send(background(marker, 2))).outcome, 'success');
    // Sent the moment the command is done: the CLI's notification and our prompt cross.
    await poll('the background command to finish', () => existsSync(`${marker}.done`));
    const second = await session.send('SCENARIO:text:raced answer');
    assert.equal(second.outcome, 'success', second.error?.message);
    // Whichever way the race went, the CLI's own turn (if it ran after our prompt was written,
    // its text is shown at the start of our turn) never ends our turn with its answer.
    assert.match(second.text ?? '', /raced answer/);
    const third = await session.send('SCENARIO:text:third answer');
    assert.equal(third.text, 'third answer');
    assert.equal(session.isBusy, false);
    void events;
  });

  it('closing the chat ends a background command still running: no process outlives its chat', async () => {
    const { session } = open();
    const marker = `bgkill-${Date.now()}`;
    assert.equal((await session.send(tools([[{ name: 'Bash', input: { command: `echo started; sleep 300 # ${marker}`, description: 'long bg job', run_in_background: true } }]]))).outcome, 'success');
    await poll('the background command', () => running(marker).length > 0);
    assert.equal(session.backgroundTasks, 1);
    await session.dispose();
    await poll('the background command to end with its chat', () => running(marker).length === 0, 10_000);
  });
});
