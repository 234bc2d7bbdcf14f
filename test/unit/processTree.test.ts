import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CliProcess } from '../../src/claude/cliProcess';
import { nullLogger } from '../../src/core/logger';
import { ManagedChild } from '../../src/core/childProcess';
import { descendantPids, MARK_VAR } from '../../src/core/processTree';

/** Running, not a zombie waiting for init to reap it. */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

describe('process trees', function () {
  this.timeout(10_000);

  it('killTree also kills a grandchild that left the process group (setsid)', async () => {
    // The child prints the escaped grandchild's pid, then waits.
    const proc = new CliProcess({ command: 'sh', args: ['-c', 'setsid sleep 60 & echo "{\\"pid\\":$!}"; sleep 60'], cwd: process.cwd(), env: process.env, logger: nullLogger });
    const escaped = await new Promise<number>((resolve) => proc.onLine((l) => resolve(JSON.parse(l).pid)));
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(descendantPids(proc.pid!).includes(escaped), 'the escaped grandchild is found through /proc');
    assert.ok(alive(escaped));
    await proc.killTree();
    for (let i = 0; i < 50 && alive(escaped); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(alive(escaped), false, 'the setsid grandchild outlived killTree');
  });

  it('a child carries a mark of its own that its descendants inherit, and forgets a group the guard says has emptied', async () => {
    const links: string[] = [];
    const link = { root: (pid: number, mark?: string) => void links.push(`root ${pid} ${mark}`), watch: () => undefined, exited: () => undefined };
    const child = new ManagedChild({ command: 'sh', args: ['-c', 'sleep 60 & wait'], env: process.env, logger: nullLogger }, undefined, link);
    try {
      assert.deepEqual(links, [`root ${child.pid} ${child.mark}`], 'the guard learns the mark with the root');
      let grandchild: number | undefined;
      for (let i = 0; i < 100 && grandchild === undefined; i++) {
        grandchild = descendantPids(child.pid!)[0];
        if (grandchild === undefined) await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(grandchild, 'the background sleep runs');
      assert.ok(readFileSync(`/proc/${grandchild}/environ`, 'utf8').split('\0').includes(`${MARK_VAR}=${child.mark}`), 'the grandchild inherited the mark');
      child.record(4242);
      child.record(4343);
      child.record(4242, true);
      assert.deepEqual(child.recordedGroups, [4343]);
    } finally {
      await child.killTree();
    }
  });
});
