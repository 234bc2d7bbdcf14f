import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CliProcess } from '../../src/claude/cliProcess';
import { nullLogger } from '../../src/core/logger';
import { descendantPids } from '../../src/core/processTree';

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
});
