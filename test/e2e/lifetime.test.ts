// No process outlives the extension host, in real VS Code (code-server): Developer: Reload
// Window during a streaming answer, and a SIGKILLed extension host mid-turn and mid-tool
//.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sleepers } from '../support/processes';
import { VsCode, waitFor } from './support';

/** The parent of a live process: for the CLI, the extension host that spawned it. */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

describe('e2e: no process outlives the extension host', function () {
  const vs = new VsCode({ name: 'lifetime' });
  const shot = (name: string) => vs.screenshot(name);

  before(async function () {
    this.timeout(240_000);
    await vs.start();
  });

  after(async function () {
    this.timeout(60_000);
    const left = await vs.stop();
    for (const p of sleepers(vs.sandbox.root)) process.kill(p, 'SIGKILL');
    vs.cleanup();
    assert.deepEqual(left, [], `claude processes left: ${left.join(', ')}`);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await vs.reportFailure(this.currentTest.title);
  });

  async function streaming(): Promise<number> {
    const before = await vs.assistant().count();
    await vs.send('SCENARIO:slow:30');
    // textContent: an entry restored after a reload may be out of view, with no innerText.
    await waitFor('streaming text', async () => (await vs.assistant().count()) > before && /tick3 /.test((await vs.assistant().last().textContent()) ?? ''), 60_000);
    const pids = vs.pids();
    assert.equal(pids.length, 1, `one claude process, got ${pids.join(',')}`);
    return pids[0];
  }

  it('Developer: Reload Window during a streaming answer: the old claude process is gone within 5 s', async () => {
    await vs.openView();
    const pid = await streaming();
    await shot('reload-streaming');
    await vs.palette('Developer: Reload Window');
    await waitFor('the old claude process to end', () => !vs.pids().includes(pid), 5000, 50);
  });

  it('SIGKILL of the extension host mid-turn: no claude process remains within 5 s', async () => {
    await vs.showView();
    const pid = await streaming();
    const host = parentOf(pid);
    assert.match(readFileSync(`/proc/${host}/cmdline`, 'utf8'), /extensionHost|bootstrap-fork|server-main|node/, 'the parent is the extension host');
    process.kill(host, 'SIGKILL');
    await waitFor('no claude process', () => vs.pids().length === 0, 5000, 50);
  });

  it('SIGKILL of the extension host mid-tool: neither claude nor its Bash tool remains within 5 s', async () => {
    // A fresh page brings up a new extension host.
    await vs.openView();
    await vs.send('SCENARIO:slow-tool');
    // The CLI may run `sleep` without asking (a read-only command); if it asks, allow it.
    const toast = vs.toast('Claude wants to use').last();
    await waitFor('sleep 30 to run', async () => {
      if (await toast.isVisible().catch(() => false)) await toast.getByRole('button', { name: 'Allow', exact: true }).click().catch(() => undefined);
      return sleepers(vs.sandbox.root).length > 0;
    }, 60_000, 200);
    await shot('tool-running');
    const [pid] = vs.pids();
    assert.ok(pid, 'the CLI runs');
    process.kill(parentOf(pid), 'SIGKILL');
    await waitFor('no claude and no tool process', () => vs.pids().length === 0 && sleepers(vs.sandbox.root).length === 0, 5000, 50);
  });
});
