import assert from 'node:assert/strict';
import type { Chat } from '../../src/chat/chat';
import { ChatSet, type ChatSlot } from '../../src/chat/chatSet';
import { ProcessLimiter } from '../../src/chat/processLimiter';
import { Emitter } from '../../src/core/emitter';
import { nullLogger } from '../../src/core/logger';
import type { ChatEvent, ErrorInfo, StatusInfo } from '../../src/shared/contract';

/** A chat without a backend: "spawning" sets a pid; the set only sees the Chat interface. */
class TestChat implements Chat {
  readonly backend = 'test';
  readonly events = new Emitter<ChatEvent[]>();
  readonly statusE = new Emitter<StatusInfo>();
  readonly errorE = new Emitter<ErrorInfo | null>();
  readonly resetE = new Emitter<void>();
  readonly onEvents = this.events.event;
  readonly onStatus = this.statusE.event;
  readonly onError = this.errorE.event;
  readonly onReset = this.resetE.event;
  status: StatusInfo = { state: 'none', queued: 0, scripted: false };
  error: ErrorInfo | null = null;
  pid: number | undefined;
  isBusy = false;
  lastPrompt: string | undefined;
  suspended = 0;
  disposed = false;
  static nextPid = 1000;
  constructor(readonly slot: ChatSlot) {}
  get resident(): boolean {
    return this.pid !== undefined;
  }
  snapshot(): ChatEvent[] {
    return [];
  }
  async send(): Promise<void> {
    if (this.pid === undefined) {
      await this.slot.beforeSpawn();
      this.pid = TestChat.nextPid++;
    }
    this.setState('idle');
  }
  async stop(): Promise<void> {
    this.isBusy = false;
  }
  async newChat(): Promise<void> {}
  async suspend(): Promise<boolean> {
    if (this.isBusy) return false;
    this.pid = undefined;
    this.suspended++;
    this.setState('none');
    return true;
  }
  async dispose(): Promise<void> {
    this.disposed = true;
    this.pid = undefined;
  }
  setState(state: StatusInfo['state']): void {
    this.status = { ...this.status, state };
    this.statusE.fire(this.status);
  }
}

describe('ChatSet: the open chats of a folder', () => {
  let max = 2;
  const make = () => new ChatSet<TestChat>({ create: (slot) => new TestChat(slot), maxLiveProcesses: () => max, logger: nullLogger });

  beforeEach(() => (max = 2));

  it('opens, focuses, renames and closes chats; the neighbour takes the focus', async () => {
    const set = make();
    const a = set.add();
    const b = set.add();
    assert.equal(set.focused(), b, 'a new chat has the focus');
    const [ta, tb] = set.tabs();
    assert.deepEqual([ta.title, tb.title], ['Chat 1', 'Chat 2']);
    set.rename(ta.id, '  refactor  ');
    assert.equal(set.tabs()[0].title, 'refactor');
    set.rename(ta.id, '   ');
    assert.equal(set.tabs()[0].title, 'refactor', 'an empty name is refused');
    await set.close(tb.id);
    assert.equal(b.disposed, true, 'closing disposes the chat (and so its process)');
    assert.equal(set.focused(), a);
    assert.equal(set.size, 1);
  });

  it('marks output unread while no surface shows the chat, and read once one does', () => {
    const set = make();
    const a = set.add();
    const id = set.idOf(a)!;
    a.events.fire([{ type: 'notice', level: 'info', text: 'x' }]);
    assert.equal(set.tabs()[0].unread, true);
    const watching = set.watch(id);
    assert.equal(set.tabs()[0].unread, false);
    a.events.fire([{ type: 'notice', level: 'info', text: 'y' }]);
    assert.equal(set.tabs()[0].unread, false, 'shown output is read');
    watching.dispose();
    a.events.fire([{ type: 'notice', level: 'info', text: 'z' }]);
    assert.equal(set.tabs()[0].unread, true);
  });

  it('says whether a visible surface shows a chat, and when that changes (attention: is the user looking?)', () => {
    const set = make();
    const a = set.add();
    const id = set.idOf(a)!;
    let changes = 0;
    set.onDidChangeViewers(() => changes++);
    assert.equal(set.isViewed(id), false);
    const one = set.watch(id);
    const two = set.watch(id);
    assert.equal(set.isViewed(id), true);
    one.dispose();
    one.dispose();
    assert.equal(set.isViewed(id), true, 'another surface still shows it; a second dispose counts once');
    two.dispose();
    assert.equal(set.isViewed(id), false);
    assert.equal(changes, 4);
  });

  it("counts a chat's running background tasks on its tab, and re-renders the tabs when the count changes", () => {
    const set = make();
    const a = set.add();
    let changes = 0;
    set.onDidChange(() => changes++);
    assert.equal(set.tabs()[0].tasks, undefined);
    a.status = { ...a.status, backgroundTasks: 2 };
    a.statusE.fire(a.status);
    assert.equal(set.tabs()[0].tasks, 2);
    assert.equal(changes, 1);
    a.status = { ...a.status, backgroundTasks: undefined };
    a.statusE.fire(a.status);
    assert.equal('tasks' in set.tabs()[0], false, 'none: no badge');
  });

  it('shows running, waiting-for-permission and error states on the tabs', () => {
    const waiting = new Set<Chat>();
    const set = new ChatSet<TestChat>({ create: (slot) => new TestChat(slot), maxLiveProcesses: () => 4, waitingForPermission: (c) => waiting.has(c), logger: nullLogger });
    const a = set.add();
    a.setState('running');
    assert.equal(set.tabs()[0].state, 'running');
    waiting.add(a);
    assert.equal(set.tabs()[0].state, 'permission');
    waiting.clear();
    a.setState('idle');
    a.error = { code: 'x', message: 'broke', actions: [] };
    assert.equal(set.tabs()[0].state, 'error');
  });

  it('keeps at most the cap of live processes by suspending the least recently used idle chat', async () => {
    const set = make();
    const [a, b, c] = [set.add(), set.add(), set.add()];
    await a.send();
    await b.send();
    assert.equal(set.liveCount(), 2);
    await c.send();
    assert.equal(set.liveCount(), 2, 'the cap holds');
    assert.equal(a.suspended, 1, 'the least recently used idle chat was shut down');
    assert.equal(a.pid, undefined);
    assert.equal(b.suspended, 0);
    // Its next prompt spawns again (the real chat resumes), and now b is the oldest.
    await a.send();
    assert.equal(b.suspended, 1);
    assert.equal(set.liveCount(), 2);
  });

  it('never shuts down a busy chat: the cap gives way instead', async () => {
    max = 1;
    const set = make();
    const [a, b] = [set.add(), set.add()];
    await a.send();
    a.isBusy = true;
    // b's turn runs: it is busy too.
    b.isBusy = true;
    await b.send();
    assert.equal(a.suspended, 0);
    assert.equal(set.liveCount(), 2);
    // Once the chats are idle again, the cap holds again (least recently used goes).
    a.isBusy = false;
    b.isBusy = false;
    b.setState('idle');
    await new Promise((r) => setImmediate(r));
    assert.equal(set.liveCount(), 1, 'trimmed to the cap once idle');
    assert.deepEqual([a.suspended, b.suspended], [1, 0]);
  });

  it('a chat that goes idle over the cap is trimmed only while nothing else is busy enough to keep it', async () => {
    max = 1;
    const set = make();
    const [a, b] = [set.add(), set.add()];
    await a.send();
    a.isBusy = true;
    b.isBusy = true;
    await b.send();
    // b ends its turn while a still runs: b, the only idle one, goes.
    b.isBusy = false;
    b.setState('idle');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual([a.suspended, b.suspended], [0, 1]);
    assert.equal(set.liveCount(), 1);
  });

  it('two chats spawning at once cannot both take the last slot', async () => {
    max = 2;
    const set = make();
    const [a, b, c] = [set.add(), set.add(), set.add()];
    await a.send();
    await Promise.all([b.send(), c.send()]);
    assert.equal(set.liveCount(), 2);
    assert.equal(a.suspended + b.suspended, 1);
  });

  it('numbers new chats past the highest one open', async () => {
    const set = make();
    set.add({ id: 'x', title: 'Chat 3' });
    set.add({ id: 'y', title: 'notes' });
    set.add();
    assert.deepEqual(set.tabs().map((t) => t.title), ['Chat 3', 'notes', 'Chat 4']);
    await set.close('x');
    set.add();
    assert.equal(set.tabs().at(-1)?.title, 'Chat 5');
  });

  it('remembers ids, titles and the focus for a window reload', () => {
    const set = make();
    set.add({ id: 'one', title: 'First' });
    set.add({ id: 'two', title: 'Second' });
    set.focus('one');
    assert.deepEqual(set.saved(), {
      chats: [
        { id: 'one', title: 'First', sessionId: undefined, backend: 'test' },
        { id: 'two', title: 'Second', sessionId: undefined, backend: 'test' },
      ],
      focused: 'one',
    });
  });

  it("keeps each chat's eye toggle once set, saves it, and restores it", () => {
    const set = make();
    set.add({ id: 'one', title: 'First' });
    set.add({ id: 'two', title: 'Second', offerEditor: true });
    let changes = 0;
    set.onDidChange(() => changes++);
    assert.equal(set.offerEditor('one'), undefined, 'never set: the caller decides (workspace trust)');
    set.setOfferEditor('one', false);
    set.setOfferEditor('one', false);
    assert.equal(changes, 1, 'a change saves once');
    assert.deepEqual(set.saved().chats.map((c) => c.offerEditor), [false, true]);
    const again = make();
    for (const c of set.saved().chats) again.add(c);
    assert.equal(again.offerEditor('one'), false);
    assert.equal(again.offerEditor('two'), true);
  });

  it('hands a restored chat its saved backend, and a new chat none', () => {
    const set = make();
    const restored = set.add({ id: 'one', title: 'First', backend: 'my-agent' });
    const fresh = set.add();
    assert.equal(restored.slot.backend, 'my-agent', 'the factory can rebuild an ACP chat with its agent');
    assert.equal(fresh.slot.backend, undefined, "a new chat gets the folder's current pick");
  });

  it('opens a chat without taking the focus when asked (an editor-tab chat leaves the sidebar as it is)', () => {
    const set = make();
    const a = set.add();
    const b = set.add(undefined, { focus: false });
    assert.equal(set.focused(), a);
    assert.equal(set.size, 2);
    assert.ok(set.idOf(b));
  });

  it('Stop All stops every busy chat and disposing ends them all', async () => {
    const set = make();
    const [a, b] = [set.add(), set.add()];
    a.isBusy = b.isBusy = true;
    await set.stopAll();
    assert.deepEqual([a.isBusy, b.isBusy], [false, false]);
    await set.dispose();
    assert.deepEqual([a.disposed, b.disposed], [true, true]);
  });
});

describe('ProcessLimiter: one cap for every folder of a window', () => {
  let max = 2;
  const waiting = new Set<Chat>();
  let limiter: ProcessLimiter;
  const make = () =>
    new ChatSet<TestChat>({ create: (slot) => new TestChat(slot), limiter, waitingForPermission: (c) => waiting.has(c), logger: nullLogger });

  beforeEach(() => {
    max = 2;
    waiting.clear();
    limiter = new ProcessLimiter({ max: () => max, logger: nullLogger });
  });

  it('counts the processes of every set against one cap and suspends the least recently used idle chat anywhere', async () => {
    const left = make();
    const right = make();
    const a = left.add();
    const b = right.add();
    const c = left.add();
    await a.send();
    await b.send();
    assert.equal(limiter.liveCount(), 2);
    await c.send();
    assert.equal(limiter.liveCount(), 2, 'two folders share the cap of 2');
    assert.deepEqual([a.suspended, b.suspended, c.suspended], [1, 0, 0], "the oldest idle chat, in the other chat's folder too");
    assert.equal(left.liveCount() + right.liveCount(), 2);
    // b (the other folder) is now the least recently used: a's next spawn shuts it down.
    await a.send();
    assert.deepEqual([a.suspended, b.suspended, c.suspended], [1, 1, 0]);
    assert.equal(b.pid, undefined);
  });

  it("focusing a chat in one folder makes it recent: the other folder's chat goes first", async () => {
    const left = make();
    const right = make();
    const a = left.add();
    const b = right.add();
    const c = right.add();
    await a.send();
    await b.send();
    left.focus(left.idOf(a)!);
    await c.send();
    assert.deepEqual([a.suspended, b.suspended], [0, 1]);
  });

  it('never suspends a busy chat or one waiting for permission, in any folder: the cap gives way', async () => {
    const left = make();
    const right = make();
    const a = left.add();
    const b = right.add();
    const c = right.add();
    await a.send();
    await b.send();
    a.isBusy = true;
    waiting.add(b);
    c.isBusy = true;
    await c.send();
    assert.deepEqual([a.suspended, b.suspended], [0, 0]);
    assert.equal(limiter.liveCount(), 3);
    // Once b's prompt is answered it is the idle one to go.
    waiting.clear();
    const d = left.add();
    await d.send();
    assert.equal(b.suspended, 1);
    assert.equal(a.suspended, 0);
  });

  it('a closed chat and a disposed set leave the cap', async () => {
    max = 1;
    const left = make();
    const right = make();
    const a = left.add();
    await a.send();
    await left.dispose();
    assert.equal(limiter.liveCount(), 0);
    const b = right.add();
    await b.send();
    assert.equal(a.suspended, 0, 'a disposed chat is not suspended again');
    await right.close(right.idOf(b)!);
    assert.equal(limiter.liveCount(), 0);
  });

  it('chats of two sets spawning at once cannot both take the last slot', async () => {
    const left = make();
    const right = make();
    const a = left.add();
    const b = left.add();
    const c = right.add();
    await a.send();
    await Promise.all([b.send(), c.send()]);
    assert.equal(limiter.liveCount(), 2);
    assert.equal(a.suspended + b.suspended + c.suspended, 1);
  });
});
