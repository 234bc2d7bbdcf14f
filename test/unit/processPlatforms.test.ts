// Descendant discovery and tree kill on macOS and Windows, behind an injected platform (CI is
// Linux), plus the process guard's bookkeeping.
import assert from 'node:assert/strict';
import { Guard } from '../../src/core/processGuardMain';
import { killMarked, killTargets, listProcesses, parsePsTable, parseWindowsTable, POWERSHELL_ARGS, PS_ARGS, statStartMs, treeTargets, type ProcessInfo, type ProcessOps } from '../../src/core/processTree';

/** A fake OS: a process table, what was run, and what was signalled. */
function fakeOps(platform: NodeJS.Platform, table: ProcessInfo[], output = ''): ProcessOps & { calls: string[]; killed: string[] } {
  const calls: string[] = [];
  const killed: string[] = [];
  const groups = () => new Set(table.map((p) => p.pgid));
  return {
    platform,
    calls,
    killed,
    kill(pid, signal) {
      const exists = pid < 0 ? groups().has(-pid) : table.some((p) => p.pid === pid);
      if (!exists) throw Object.assign(new Error('ESRCH'), { code: 'ESRCH' });
      if (signal !== 0) killed.push(`${pid}:${signal}`);
    },
    execSync: (c, a) => (calls.push(`sync ${c} ${a.join(' ')}`), output),
    exec: async (c, a) => (calls.push(`async ${c} ${a.join(' ')}`), output),
    spawnDetached: (c, a) => void calls.push(`spawn ${c} ${a.join(' ')}`),
    spawnSync: (c, a) => void calls.push(`spawnSync ${c} ${a.join(' ')}`),
  };
}

// host 100 → CLI 200 (group 200) → bash 300 (setsid: group 300) → sleep 301 (group 300)
const TABLE: ProcessInfo[] = [
  { pid: 1, ppid: 0, pgid: 1 },
  { pid: 100, ppid: 1, pgid: 100 },
  { pid: 200, ppid: 100, pgid: 200 },
  { pid: 210, ppid: 200, pgid: 200 },
  { pid: 300, ppid: 200, pgid: 300 },
  { pid: 301, ppid: 300, pgid: 300 },
  { pid: 400, ppid: 1, pgid: 400 },
];

describe('process trees on macOS and Windows (injected platform)', () => {
  it('macOS: reads the table from ps -axo pid=,ppid=,pgid= (no /proc)', () => {
    const ps = '    1     0     1\n  100     1   100\n  200   100   200\n  300   200   300\n  301   300   300\n';
    const ops = fakeOps('darwin', [], ps);
    const t = listProcesses(ops)!;
    assert.deepEqual(ops.calls, [`sync ps ${PS_ARGS.join(' ')}`]);
    assert.deepEqual(t, parsePsTable(ps));
    assert.deepEqual(treeTargets(t, 200, 'darwin').sort(), [200, 300], 'the CLI group and the setsid tool group');
  });

  it('Windows: reads pid/ppid through PowerShell CIM and targets pids (no process groups)', () => {
    const out = '4 0\r\n100 4\r\n200 100\r\n300 200\r\n301 300\r\n\r\n';
    const ops = fakeOps('win32', [], out);
    const t = listProcesses(ops)!;
    assert.deepEqual(ops.calls, [`sync powershell.exe ${POWERSHELL_ARGS.join(' ')}`]);
    assert.deepEqual(t, parseWindowsTable(out));
    assert.deepEqual(treeTargets(t, 200, 'win32').sort(), [200, 300, 301]);
  });

  it('POSIX kill: signals each group; a target that is no group is signalled as a pid', () => {
    const ops = fakeOps('darwin', TABLE);
    killTargets([200, 300, 210, 999], 'SIGKILL', ops);
    assert.deepEqual(ops.killed, ['-200:SIGKILL', '-300:SIGKILL', '210:SIGKILL']);
    assert.deepEqual(ops.calls, []);
  });

  it('Windows kill: taskkill /T /F per pid, synchronous on the exit path', () => {
    const ops = fakeOps('win32', TABLE);
    killTargets([200, 300], 'SIGKILL', ops);
    killTargets([200], 'SIGKILL', ops, true);
    assert.deepEqual(ops.calls, ['spawn taskkill /T /F /PID 200', 'spawn taskkill /T /F /PID 300', 'spawnSync taskkill /T /F /PID 200']);
    assert.deepEqual(ops.killed, [], 'no POSIX signals on Windows');
  });
});

describe('the process guard', () => {
  const platforms: NodeJS.Platform[] = ['linux', 'darwin', 'win32'];
  for (const platform of platforms) {
    it(`${platform}: records tool groups while watched, kills them when the CLI dies, and everything when the host goes`, async () => {
      const table = TABLE.map((p) => ({ ...p, pgid: platform === 'win32' ? p.pid : p.pgid }));
      const ops = fakeOps(platform, table);
      ops.readProc = () => table;
      const text = () => table.map((p) => (platform === 'win32' ? `${p.pid} ${p.ppid}` : `${p.pid} ${p.ppid} ${p.pgid}`)).join('\n');
      ops.exec = async () => text();
      ops.execSync = () => text();
      const seen: string[] = [];
      const g = new Guard(ops, (l) => seen.push(l), 60_000);
      g.command('root 200');
      await g.poll();
      assert.deepEqual(seen, [], 'nothing is looked for while no turn runs');
      g.command('watch 200 1');
      await g.poll();
      const tool = platform === 'win32' ? ['seen 200 210', 'seen 200 300', 'seen 200 301'] : ['seen 200 300'];
      assert.deepEqual(seen.sort(), tool);
      // The CLI dies (SIGKILL): its bash is re-parented to init and must still be killed.
      table.splice(table.findIndex((p) => p.pid === 200), 1);
      for (const p of table) if (p.ppid === 200) p.ppid = 1;
      await g.poll();
      if (platform === 'win32') assert.ok(ops.calls.includes('spawn taskkill /T /F /PID 300'), ops.calls.join('\n'));
      else assert.ok(ops.killed.includes('-300:SIGKILL'), ops.killed.join(','));
      // The host goes: a second CLI's whole tree, read at that moment, is killed synchronously.
      table.push({ pid: 500, ppid: 100, pgid: 500 }, { pid: 600, ppid: 500, pgid: platform === 'win32' ? 600 : 600 });
      g.command('root 500');
      ops.killed.length = 0;
      ops.calls.length = 0;
      g.hostGone();
      if (platform === 'win32') assert.deepEqual(ops.calls.filter((c) => c.startsWith('spawnSync')).sort(), ['spawnSync taskkill /T /F /PID 500', 'spawnSync taskkill /T /F /PID 600']);
      else assert.deepEqual(ops.killed.sort(), ['-500:SIGKILL', '-600:SIGKILL']);
    });
  }

  it('prunes a recorded group at the poll after it empties, so a reused number is never killed', async () => {
    const table = TABLE.map((p) => ({ ...p }));
    const ops = fakeOps('linux', table);
    ops.readProc = () => table;
    const seen: string[] = [];
    const g = new Guard(ops, (l) => seen.push(l), 60_000);
    g.command('root 200');
    g.command('watch 200 1');
    await g.poll();
    assert.deepEqual(seen, ['seen 200 300']);
    // The turn ends; the tool's group lives on a while (a background job), then empties.
    g.command('watch 200 0');
    await g.poll();
    assert.deepEqual(seen, ['seen 200 300'], 'a group with members stays recorded');
    table.splice(table.findIndex((p) => p.pid === 300), 2);
    await g.poll();
    assert.deepEqual(seen, ['seen 200 300', 'gone 200 300'], 'the host is told to forget it too');
    // An unrelated process now leads a group with the same number; the CLI dies.
    table.push({ pid: 300, ppid: 1, pgid: 300 });
    table.splice(table.findIndex((p) => p.pid === 200), 1);
    await g.poll();
    assert.ok(ops.killed.length === 0 || ops.killed.every((k) => k.startsWith('-200:')), ops.killed.join(','));
    assert.ok(!ops.killed.some((k) => k.startsWith('-300:') || k.startsWith('300:')), `the reused group was killed: ${ops.killed.join(',')}`);
    g.hostGone();
    assert.ok(!ops.killed.some((k) => k.startsWith('-300:') || k.startsWith('300:')), `the reused group was killed at the end: ${ops.killed.join(',')}`);
  });

  it('Linux: a root that dies unexpectedly takes every recent process carrying its mark, found in rounds until none is new', async () => {
    const ops = fakeOps('linux', TABLE);
    ops.readProc = () => TABLE;
    // Each scan finds what the last kill could not stop: a child forked just before it.
    const at = (...pids: number[]) => pids.map((pid) => ({ pid, startMs: 5000 }));
    const scans = [at(700, 701), at(700, 701, 702), at(701, 702), []];
    const entries: string[] = [];
    ops.readMarked = (entry) => (entries.push(entry), scans.shift() ?? []);
    ops.kill = (pid, signal) => void ops.killed.push(`${pid}:${signal}`);
    const g = new Guard(ops, () => undefined, 60_000);
    g.command('root 200 0f1e2d3c-aaaa-bbbb');
    g.command('root 201 not/a;mark');
    // A turn runs (tools start only then).
    g.command('watch 200 1');
    g.command('watch 201 1');
    g.command('exit 201 1');
    assert.deepEqual(entries, [], 'a malformed mark is not scanned for');
    ops.killed.length = 0;
    g.command('exit 200 1');
    assert.deepEqual(ops.killed, ['-200:SIGKILL', '700:SIGKILL', '701:SIGKILL', '702:SIGKILL']);
    assert.deepEqual([...new Set(entries)], ['CLAUDE_CHAT_PROCESS_MARK=0f1e2d3c-aaaa-bbbb']);
    assert.equal(entries.length, 3, 'scanned until a scan found nothing new');
    assert.deepEqual(killMarked('0f1e2d3c-aaaa-bbbb', 0, { ...ops, platform: 'darwin' }), [], 'no /proc environ elsewhere');
    g.hostGone();
  });

  it('Linux: a clean exit or our own shutdown leaves the mark alone; a crash kills only what started since one poll interval before the last poll', async () => {
    const table = TABLE.map((p) => ({ ...p }));
    const ops = fakeOps('linux', table);
    ops.readProc = () => table;
    let now = 100_000;
    ops.uptimeMs = () => now;
    // Marked, all re-parented to init (setsid + double fork): a daemon a tool started 10 s into
    // the turn (a tmux server), and a tool started 300 ms before the crash.
    const marked = [
      { pid: 800, startMs: 90_000 },
      { pid: 801, startMs: 0 },
    ];
    const scans: string[] = [];
    ops.readMarked = (entry) => (scans.push(entry), marked.filter((m) => m.startMs > 0));
    ops.kill = (pid, signal) => void ops.killed.push(`${pid}:${signal}`);
    const g = new Guard(ops, () => undefined, 500);
    try {
      // Clean exit / our shutdown of a CLI that ran a turn: recorded groups only, no scan.
      g.command('root 200 aaaaaaaa-1111');
      g.command('watch 200 1');
      await g.poll();
      g.command('watch 200 0');
      g.command('exit 200');
      assert.deepEqual(scans, [], 'a clean exit never reads any environ');
      assert.deepEqual(ops.killed, ['-200:SIGKILL', '-300:SIGKILL']);

      // A crash: the poll at 100 s learnt the tree; the daemon started long before it (90 s),
      // the fresh tool 300 ms before the death, after that poll.
      ops.killed.length = 0;
      g.command('root 210 bbbbbbbb-2222');
      g.command('watch 210 1');
      await g.poll();
      now = 101_000;
      marked[1].startMs = 100_700;
      g.command('exit 210 1');
      assert.equal(scans.length, 2, 'the crash scans once more after its kills');
      assert.deepEqual(ops.killed, ['-210:SIGKILL', '801:SIGKILL'], 'the fresh tool dies, the old daemon lives');

      // A tool that detached at once 300 ms before a poll is seen by no poll: still in the window.
      ops.killed.length = 0;
      table.push({ pid: 220, ppid: 100, pgid: 220 });
      g.command('root 220 cccccccc-3333');
      g.command('watch 220 1');
      now = 102_000;
      marked[1].startMs = 101_700;
      await g.poll();
      now = 102_200;
      table.splice(table.findIndex((p) => p.pid === 220), 1);
      await g.poll();
      assert.deepEqual(ops.killed, ['-220:SIGKILL', '801:SIGKILL'], 'a root the poll finds dead is a crash');

      const root = (r: Partial<Parameters<Guard['markSince']>[0]>) => g.markSince({ watched: false, finalPoll: false, targets: new Set(), strays: 0, ...r });
      assert.equal(root({ watched: true, turnAt: 100_000, learntAt: 102_000 }), 102_000 - 500 - 20);
      assert.equal(root({ watched: true, turnAt: 101_900, learntAt: 102_000 }), 101_900, 'nothing from before the turn');
      assert.equal(root({ watched: true, turnAt: 101_900 }), 101_900, 'no poll yet: all the turn started');
      assert.equal(root({ finalPoll: true, turnAt: 100_000, learntAt: 102_000 }), 102_000 - 500 - 20, 'until the poll after the turn');
      assert.equal(root({ turnAt: 100_000, learntAt: 102_000 }), Infinity, 'between turns the mark is not used');

      // Between turns (a crash hours later) nothing is killed by the mark: a shell the user
      // opened in a tmux server a turn started carries the mark too.
      ops.killed.length = 0;
      table.push({ pid: 230, ppid: 100, pgid: 230 });
      g.command('root 230 eeeeeeee-5555');
      g.command('watch 230 1');
      await g.poll();
      g.command('watch 230 0');
      await g.poll();
      marked[1].startMs = now + 5000;
      now += 6000;
      g.command('exit 230 1');
      assert.deepEqual(ops.killed, ['-230:SIGKILL']);
    } finally {
      g.hostGone();
    }
  });

  it('Linux: killMarked skips marked processes that started before the given time', () => {
    const ops = fakeOps('linux', TABLE);
    ops.readMarked = () => [
      { pid: 900, startMs: 1000 },
      { pid: 901, startMs: 2000 },
      { pid: 902, startMs: 2500 },
    ];
    ops.kill = (pid, signal) => void ops.killed.push(`${pid}:${signal}`);
    assert.deepEqual(killMarked('dddddddd-4444', 2000, ops), [901, 902]);
    assert.deepEqual(ops.killed, ['901:SIGKILL', '902:SIGKILL']);
    // The start time is field 22 of /proc/<pid>/stat, in clock ticks (1/100 s); a command may hold spaces and parentheses.
    const stat = '4242 (a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 123456 1000 100 18446744073709551615';
    assert.equal(statStartMs(stat), 1_234_560);
  });

  it('Windows: stops polling after a turn once its recorded pids are all still under the root, and keeps pruning only strays', async () => {
    const table = TABLE.map((p) => ({ ...p }));
    const ops = fakeOps('win32', table);
    let lists = 0;
    ops.exec = async () => (lists++, table.map((p) => `${p.pid} ${p.ppid}`).join('\n'));
    const seen: string[] = [];
    const g = new Guard(ops, (l) => seen.push(l), 1);
    const settle = async () => {
      for (let i = 0; i < 500 && !g.idle; i++) await new Promise((r) => setTimeout(r, 5));
    };
    try {
      g.command('root 200');
      g.command('watch 200 1');
      for (let i = 0; i < 500 && seen.length < 3; i++) await new Promise((r) => setTimeout(r, 5));
      assert.deepEqual(seen.sort(), ['seen 200 210', 'seen 200 300', 'seen 200 301']);
      // The turn ends; node.exe, an MCP server and the tool's shell live on under the CLI.
      g.command('watch 200 0');
      await settle();
      assert.ok(g.idle, 'PowerShell is not started again and again for live descendants');
      const before = lists;
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(lists, before);
      // A tool's process whose parent exited is no longer under the root: watched until it goes.
      table.splice(table.findIndex((p) => p.pid === 300), 1);
      g.command('watch 200 1');
      g.command('watch 200 0');
      for (let i = 0; i < 500 && lists < before + 2; i++) await new Promise((r) => setTimeout(r, 5));
      assert.ok(!g.idle, 'a stray recorded pid keeps the pruning going');
      table.splice(table.findIndex((p) => p.pid === 301), 1);
      await settle();
      assert.ok(g.idle);
      assert.ok(seen.includes('gone 200 301') && seen.includes('gone 200 300'), seen.join(','));
    } finally {
      g.hostGone();
    }
  });

  it('ignores malformed commands', () => {
    const ops = fakeOps('linux', TABLE);
    const g = new Guard(ops, () => undefined, 60_000);
    for (const l of ['', 'root', 'root -1', 'root abc', 'kill 1', 'watch x 1']) g.command(l);
    g.hostGone();
    assert.deepEqual(ops.killed, []);
  });
});
