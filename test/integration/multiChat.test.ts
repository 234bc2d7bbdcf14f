import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClaudeChat } from '../../src/chat/claude/claudeChat';
import { ChatSet } from '../../src/chat/chatSet';
import { ProcessLimiter } from '../../src/chat/processLimiter';
import { nullLogger } from '../../src/core/logger';
import { PermissionQueue } from '../../src/core/permissionQueue';
import type { PermissionRequest } from '../../src/core/permissions';
import type { ChatEvent } from '../../src/shared/contract';
import { claudePids } from '../support/cliEnv';
import { useControllerRig } from '../support/controllerRig';
import { cliProcesses } from '../support/processes';
import { messageText } from '../support/modelServer';

/** Every live process whose parent chain reaches `root` (by /proc ppid), `root` included. */
function processTree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue;
      parent.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  return [...parent.keys()].filter((pid) => {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  });
}

async function until(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const texts = (events: ChatEvent[]) => events.filter((e) => e.type === 'text').length;

describe('several chats in one folder (real CLI, real permission server)', function () {
  this.timeout(180_000);
  let asked: PermissionRequest[];
  let queue: PermissionQueue;
  let set: ChatSet<ClaudeChat>;
  let max: number;

  // Defined before the rig's hooks so the set closes before the rig checks for processes.
  afterEach(async () => {
    await set.dispose();
    queue.dispose();
  });
  const rig = useControllerRig();

  beforeEach(() => {
    asked = [];
    // The adapter's shape: one queue for every chat; the UI answers later by prompt id.
    queue = new PermissionQueue((req) => void asked.push(req));
    max = 4;
    set = new ChatSet<ClaudeChat>({
      create: (slot) => rig.open({ deps: { broker: queue, beforeSpawn: slot.beforeSpawn } }),
      maxLiveProcesses: () => max,
      waitingForPermission: (c) => queue.pending().some((p) => p.sessionKey === c.status.sessionId),
      logger: nullLogger,
    });
  });

  const record = (c: ClaudeChat) => {
    const events: ChatEvent[] = [];
    c.onEvents((e) => events.push(...e));
    return events;
  };

  it('two chats run turns at the same time, each in its own process; stopping one leaves the other streaming', async () => {
    const a = set.add();
    const b = set.add();
    const ea = record(a);
    const eb = record(b);
    const ta = a.send('first SCENARIO:slow:10');
    const tb = b.send('second SCENARIO:slow:10');
    // Both stream before either ends: they really run side by side.
    await until('both chats streaming', () => texts(ea) > 0 && texts(eb) > 0);
    assert.equal(a.status.state, 'running');
    assert.equal(b.status.state, 'running');
    assert.ok(a.pid && b.pid && a.pid !== b.pid, 'one process per chat');
    assert.notEqual(a.sessionId, b.sessionId);

    await a.stop();
    const ra = await ta;
    assert.equal(ra?.outcome, 'interrupted');
    const bAtStop = texts(eb);
    assert.equal(b.status.state, 'running', 'the other chat is still working');
    await until('chat B streaming on after A stopped', () => texts(eb) > bAtStop);
    const rb = await tb;
    assert.equal(rb?.outcome, 'success', rb?.error?.message);
    assert.ok(a.pid, 'Stop interrupts; the process stays for the next prompt');
  });

  it('a permission prompt answered for chat B never reaches chat A', async () => {
    const a = set.add();
    const b = set.add();
    const fileA = join(rig.sb.workspace, 'from-a.txt');
    const fileB = join(rig.sb.workspace, 'from-b.txt');
    const ta = a.send(`SCENARIO:tool-bash:touch ${fileA}`);
    const tb = b.send(`SCENARIO:tool-bash:touch ${fileB}`);
    await until('both prompts shown', () => asked.length === 2);
    const forA = asked.find((r) => r.sessionKey === a.sessionId);
    const forB = asked.find((r) => r.sessionKey === b.sessionId);
    assert.ok(forA && forB, 'each prompt carries its own chat session');
    assert.match(forB.summary, /from-b\.txt/);
    assert.match(forA.summary, /from-a\.txt/);

    assert.equal(queue.answer(forB.id, { kind: 'allow' }), true);
    const rb = await tb;
    assert.equal(rb?.outcome, 'success', rb?.error?.message);
    assert.ok(existsSync(fileB), "B's command ran");
    assert.equal(existsSync(fileA), false, "A's command did not run on B's answer");
    assert.deepEqual(queue.pending().map((p) => p.id), [forA.id], "A's prompt is still waiting");
    assert.equal(a.status.state, 'running');

    assert.equal(queue.answer(forA.id, { kind: 'deny' }), true);
    const ra = await ta;
    assert.equal(ra?.outcome, 'success', ra?.error?.message);
    assert.equal(existsSync(fileA), false, 'A was denied');
    assert.equal(asked.length, 2, 'no prompt was asked twice or crossed over');
  });

  it('closing a chat kills its process tree and leaves the other chat running', async () => {
    const a = set.add();
    const b = set.add();
    assert.equal((await a.send('hi SCENARIO:text'))?.outcome, 'success');
    assert.equal((await b.send('hi SCENARIO:text'))?.outcome, 'success');
    const pidA = a.pid!;
    const pidB = b.pid!;
    assert.ok(processTree(pidA).includes(pidA));
    await set.close(set.idOf(a)!);
    assert.deepEqual(processTree(pidA), [], "nothing of A's process tree is left");
    assert.deepEqual(claudePids(rig.sb.root), [pidB], 'only the open chat keeps a process');
    assert.equal(set.size, 1);
  });

  it('the process cap shuts down the idle chat, whose next prompt resumes it with its context', async () => {
    max = 1;
    const a = set.add();
    const b = set.add();
    assert.equal((await a.send('remember MARKER-CAP-A SCENARIO:text'))?.outcome, 'success');
    const pidA = a.pid!;
    const idA = a.sessionId;
    const shownBefore = a.snapshot().length;
    assert.equal((await b.send('other chat SCENARIO:text'))?.outcome, 'success');
    assert.equal(a.pid, undefined, 'A was shut down to make room for B');
    assert.deepEqual(processTree(pidA), []);
    assert.deepEqual(claudePids(rig.sb.root), [b.pid], 'one live process under a cap of 1');
    assert.equal(a.snapshot().length, shownBefore, "A's transcript stays on screen");

    const before = rig.server.mainRequests().length;
    const r = await a.send('what did I say? SCENARIO:echo');
    assert.equal(r?.outcome, 'success', r?.error?.message);
    assert.equal(a.sessionId, idA, 'A continues the same session (--resume)');
    assert.equal(b.pid, undefined, 'now B, the least recently used idle chat, was shut down');
    assert.deepEqual(claudePids(rig.sb.root), [a.pid]);
    const sent = rig.server.mainRequests().slice(before).map((q) => q.body.messages.map((m: { content: unknown }) => messageText(m.content)).join('\n'));
    assert.ok(sent.some((s) => /MARKER-CAP-A/.test(s)), 'the model request carries the earlier turn');
  });

  // Room-making once suspended a chat whose session existed but whose prompt was not
  // written yet ("This chat was closed."). A chat with a prompt on its way is busy.
  for (const [chats, cap] of [
    [2, 1],
    [3, 2],
  ] as const) {
    it(`${chats} new chats sending at once under a cap of ${cap} all get their answers, then the cap holds again`, async () => {
      max = cap;
      const all = Array.from({ length: chats }, () => set.add());
      const results = await Promise.all(all.map((c, i) => c.send(`chat ${i} SCENARIO:text`)));
      for (const r of results) assert.equal(r?.outcome, 'success', r?.error?.message);
      await until(`at most ${cap} live processes once the chats are idle`, () => cliProcesses(rig.sb.root).length <= cap);
      assert.equal(all.filter((c) => c.pid !== undefined).length, cap, 'the most recently used chats keep theirs');
    });
  }

  it('after a burst of prompts over the cap, the chats are trimmed to the cap once they go idle', async () => {
    max = 2;
    const all = Array.from({ length: 5 }, () => set.add());
    const results = await Promise.all(all.map((c, i) => c.send(`burst ${i} SCENARIO:text`)));
    for (const r of results) assert.equal(r?.outcome, 'success', r?.error?.message);
    await until('at most 2 live processes once the burst is over', () => cliProcesses(rig.sb.root).length <= 2);
    // Every chat still answers: the trimmed ones resume.
    const again = await all[0].send('again SCENARIO:text');
    assert.equal(again?.outcome, 'success', again?.error?.message);
    await until('the cap holds after the resume', () => cliProcesses(rig.sb.root).length <= 2);
  });
});

describe('the process cap across the folders of a window (real CLI)', function () {
  this.timeout(180_000);
  let queue: PermissionQueue;
  let sets: ChatSet<ClaudeChat>[];

  // Defined before the rig's hooks so the sets close before the rig checks for processes.
  afterEach(async () => {
    await Promise.all(sets.map((s) => s.dispose()));
    queue.dispose();
  });
  const rig = useControllerRig();

  beforeEach(() => {
    queue = new PermissionQueue(() => undefined);
    sets = [];
  });

  it('two folders share a cap of 2: the least recently used idle chat of either is shut down and resumes with its context', async () => {
    // The adapter's shape: one limiter for the window, one chat set per folder.
    const limiter = new ProcessLimiter({ max: () => 2, logger: nullLogger });
    const folderSet = (folder: string) => {
      mkdirSync(folder, { recursive: true });
      const set = new ChatSet<ClaudeChat>({
        create: (slot) => rig.open({ deps: { folder, broker: queue, beforeSpawn: slot.beforeSpawn } }),
        limiter,
        waitingForPermission: (c) => queue.pending().some((p) => p.sessionKey === c.status.sessionId),
        logger: nullLogger,
      });
      sets.push(set);
      return set;
    };
    const left = folderSet(join(rig.sb.root, 'left'));
    const right = folderSet(join(rig.sb.root, 'right'));
    const a = left.add();
    const b = right.add();
    const c = left.add();

    assert.equal((await a.send('remember MARKER-WINDOW-A SCENARIO:text'))?.outcome, 'success');
    const pidA = a.pid!;
    const idA = a.sessionId;
    assert.equal((await b.send('right folder SCENARIO:text'))?.outcome, 'success');
    assert.equal(claudePids(rig.sb.root).length, 2, 'one process per chat so far');
    // A third chat, in the first folder: the oldest idle chat (A) goes, though each folder has room of its own.
    assert.equal((await c.send('third chat SCENARIO:text'))?.outcome, 'success');
    assert.equal(a.pid, undefined, 'A was shut down to make room');
    assert.deepEqual(processTree(pidA), [], "nothing of A's process tree is left");
    assert.deepEqual(claudePids(rig.sb.root).sort(), [b.pid!, c.pid!].sort(), 'two live processes in the window, not two per folder');

    // A's next prompt resumes it, and now B (the other folder's, least recently used) goes.
    const before = rig.server.mainRequests().length;
    const r = await a.send('what did I say? SCENARIO:echo');
    assert.equal(r?.outcome, 'success', r?.error?.message);
    assert.equal(a.sessionId, idA, 'A continues the same session (--resume)');
    assert.equal(b.pid, undefined, "B, the other folder's least recently used idle chat, was shut down");
    assert.deepEqual(claudePids(rig.sb.root).sort(), [a.pid!, c.pid!].sort());
    const sent = rig.server.mainRequests().slice(before).map((q) => q.body.messages.map((m: { content: unknown }) => messageText(m.content)).join('\n'));
    assert.ok(sent.some((s) => /MARKER-WINDOW-A/.test(s)), 'the model request carries the earlier turn');
  });
});
