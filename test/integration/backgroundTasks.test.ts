import assert from 'node:assert/strict';
import type { ClaudeChat } from '../../src/chat/claude/claudeChat';
import type { BackgroundTaskInfo } from '../../src/shared/contract';
import { useControllerRig } from '../support/controllerRig';
import { poll, processesWithArgv } from '../support/processes';

const tools = (steps: unknown) => `SCENARIO:tools:${JSON.stringify(steps)}`;
const bash = (command: string, description: string) => ({ name: 'Bash', input: { command, description, run_in_background: true } });

/** The chat's background tasks as the panel gets them, by description. */
function watch(c: ClaudeChat): { byName: (d: string) => BackgroundTaskInfo | undefined } {
  let last: BackgroundTaskInfo[] = [];
  c.tasks.onChange((tasks) => (last = tasks));
  return { byName: (d) => last.find((t) => t.description === d) };
}

/**
 * The "Background tasks" list on the real CLI (docs/protocol.md, "Background tasks"): a
 * `run_in_background` command is listed with its command and the tail of its output, Stop goes
 * through the CLI's `stop_task` and ends the process, and no task outlives its chat.
 */
describe('background tasks (real CLI): start, tail, stop, none left', function () {
  this.timeout(180_000);
  const rig = useControllerRig('claude-chat-bgtasks');
  const sleepers = () => processesWithArgv(['sleep', '300'], rig.sb.root);

  it('lists a background command with its output as it comes; Stop ends it through the CLI; one that fails says so', async () => {
    const c = rig.open();
    const tasks = watch(c);
    const first = await c.send(
      tools([[bash('for i in 1 2 3; do echo line$i; sleep 0.3; done; sleep 300', 'ticker'), bash('echo about to fail; sleep 1; exit 3', 'failer')]]),
    );
    assert.equal(first?.outcome, 'success', first?.error?.message);
    const ticker = await poll('the ticker listed', () => tasks.byName('ticker'));
    assert.equal(ticker.status, 'running');
    assert.match(ticker.command ?? '', /sleep 300/);
    await poll('the sleep of the ticker', () => sleepers().length === 1);
    // The chat counts what runs (its tab and header show it).
    await poll('the count', () => c.status.backgroundTasks === 1);
    // The tail comes from the output file the CLI named, read in the host while the task runs.
    await poll('the ticker\'s output', () => tasks.byName('ticker')?.tail === 'line1\nline2\nline3');
    const failer = await poll('the failing task to end', () => (tasks.byName('failer')?.status === 'failed' ? tasks.byName('failer') : undefined));
    // The CLI may add its own exit line to the file as the task ends; the last read can see it or not.
    assert.match(failer.tail ?? '', /^about to fail(\n+\[exited with code 3\])?$/);
    // Its end makes the CLI answer on its own (a turn of its own); Stop works between turns either way.
    await poll("the CLI's own turn", () => c.snapshot().some((e) => e.type === 'notice' && /Claude continues on its own/.test(e.text)));
    await poll('that turn to end', () => !c.isBusy, 60_000);

    await c.tasks.stop(ticker.id);
    await poll('the ticker stopped', () => tasks.byName('ticker')?.status === 'stopped');
    await poll('the sleep to be gone', () => sleepers().length === 0);
    assert.equal(tasks.byName('ticker')?.stopping, undefined);
    assert.equal(c.status.backgroundTasks, undefined, 'nothing runs');
    assert.equal(c.isBusy, false, 'a stop opens no turn');
    const after = await c.send('SCENARIO:text:after the stop');
    assert.equal(after?.text, 'after the stop', 'the next prompt gets its own answer');
  });

  it('a running task ends with its chat: closing the chat, or a new conversation in it, leaves no process behind', async () => {
    for (const end of ['dispose', 'newChat'] as const) {
      const c = rig.open();
      const tasks = watch(c);
      const r = await c.send(tools([[bash('sleep 300', `sleeper ${end}`)]]));
      assert.equal(r?.outcome, 'success', r?.error?.message);
      await poll('the sleeper', () => sleepers().length === 1);
      assert.equal(tasks.byName(`sleeper ${end}`)?.status, 'running');
      const cli = c.pid;
      assert.ok(cli);
      if (end === 'dispose') await c.dispose();
      else await c.newChat();
      // No wait: when the chat says it is closed, the task is gone.
      assert.deepEqual(sleepers(), [], `no sleep 300 left after ${end}`);
      if (end === 'newChat') assert.deepEqual(c.tasks.list(), [], 'a new conversation starts with no tasks');
    }
  });
});
