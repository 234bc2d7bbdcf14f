import assert from 'node:assert/strict';
import { diffLines } from '../../src/chat/review/lineDiff';
import { CommandChanges } from '../../src/chat/review/commandChanges';
import { minimalEdit, ReviewModel, ReviewState, type ReviewOrigin } from '../../src/chat/review/reviewModel';
import type { ChatEvent } from '../../src/shared/contract';

const origin = (turnId: string, chatId = 'c1', chat = 'Chat 1'): ReviewOrigin => ({ chatId, chat, turnId, prompt: `prompt ${turnId}` });
const lines = (...l: string[]) => `${l.join('\n')}\n`;

// Ten lines; Claude changes line 2 and line 8 (two hunks far apart).
const BEFORE = lines('l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8', 'l9', 'l10');
const AFTER = lines('l1', 'L2 by claude', 'l3', 'l4', 'l5', 'l6', 'l7', 'L8 by claude', 'extra by claude', 'l9', 'l10');

function twoHunks(): ReviewModel {
  const m = new ReviewModel();
  m.addChanges(origin('u1'), [{ filePath: '/w/a.txt', before: BEFORE, after: AFTER }]);
  return m;
}

describe('line diff for review hunks', () => {
  it('finds each changed region and nothing else', () => {
    assert.deepEqual(diffLines(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e']), [
      { a0: 1, a1: 2, b0: 1, b1: 2 },
      { a0: 4, a1: 4, b0: 4, b1: 5 },
    ]);
    assert.deepEqual(diffLines(['a'], ['a']), []);
  });

  it('past the edit bound it gives one region between the common head and tail', () => {
    const a = Array.from({ length: 50 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 50 }, (_, i) => (i % 2 ? `a${i}` : `b${i}`));
    assert.equal(diffLines(a, b).length, 25);
    assert.deepEqual(diffLines(a, b, 5), [{ a0: 0, a1: 49, b0: 0, b1: 49 }]);
  });
});

describe('review model: pending hunks of Claude\'s changes', () => {
  it('hunks a turn\'s change per file, each naming its chat and turn', () => {
    const m = twoHunks();
    const hunks = m.hunks('/w/a.txt');
    assert.equal(hunks.length, 2);
    assert.deepEqual(hunks.map((h) => [h.base, h.target]), [
      [['l2'], ['L2 by claude']],
      [['l8'], ['L8 by claude', 'extra by claude']],
    ]);
    assert.deepEqual(hunks.map((h) => h.origin.turnId), ['u1', 'u1']);
    assert.equal(m.count, 2);
    assert.deepEqual(m.locate('/w/a.txt', AFTER).map((l) => [l.start, l.end, l.edited]), [
      [1, 2, false],
      [7, 9, false],
    ]);
  });

  it('keep drops a hunk from the list and leaves the file as it is', () => {
    const m = twoHunks();
    const [first] = m.hunks('/w/a.txt');
    assert.equal(m.keep('/w/a.txt', first.id), true);
    assert.equal(m.count, 1);
    // The kept hunk is part of the reference now: the other still undoes to exactly its lines.
    const second = m.hunks('/w/a.txt')[0];
    assert.equal(m.planUndo('/w/a.txt', second.id, AFTER)?.text, lines('l1', 'L2 by claude', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8', 'l9', 'l10'));
    m.keep('/w/a.txt', second.id);
    assert.deepEqual(m.paths(), []);
  });

  it('undo of one of several hunks puts back only its lines and leaves the others pending', () => {
    const m = twoHunks();
    const [, second] = m.hunks('/w/a.txt');
    const plan = m.planUndo('/w/a.txt', second.id, AFTER);
    assert.deepEqual(plan, { text: lines('l1', 'L2 by claude', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8', 'l9', 'l10'), edited: false, deleteFile: false });
    m.undone('/w/a.txt', second.id);
    assert.equal(m.count, 1);
    const left = m.locate('/w/a.txt', plan!.text);
    assert.deepEqual(left.map((l) => [l.hunk.target, l.start, l.end, l.edited]), [[['L2 by claude'], 1, 2, false]]);
  });

  it('undo of a hunk the user edited since is flagged (the surface asks first); the other hunk is not', () => {
    const m = twoHunks();
    const typed = AFTER.replace('L8 by claude', 'L8 by claude, then the user');
    const [first, second] = m.hunks('/w/a.txt');
    assert.equal(m.planUndo('/w/a.txt', second.id, typed)?.edited, true);
    assert.equal(m.planUndo('/w/a.txt', first.id, typed)?.edited, false);
    // Undoing the untouched one keeps the user's text in the other.
    assert.match(m.planUndo('/w/a.txt', first.id, typed)!.text, /then the user/);
  });

  it('hunks follow edits above them: lines typed at the top move both down', () => {
    const m = twoHunks();
    const edited = `new 1\nnew 2\nnew 3\n${AFTER}`;
    assert.deepEqual(m.locate('/w/a.txt', edited).map((l) => [l.start, l.end, l.edited]), [
      [4, 5, false],
      [10, 12, false],
    ]);
    const [first] = m.hunks('/w/a.txt');
    assert.equal(m.planUndo('/w/a.txt', first.id, edited)?.text, `new 1\nnew 2\nnew 3\n${AFTER.replace('L2 by claude', 'l2')}`);
  });

  it('a second turn on the same file hunks against the text before the first pending change; unchanged hunks keep their turn', () => {
    const m = twoHunks();
    const later = AFTER.replace('l5', 'L5 by turn 2');
    m.addChanges(origin('u2', 'c2', 'Chat 2'), [{ filePath: '/w/a.txt', before: AFTER, after: later }]);
    const hunks = m.hunks('/w/a.txt');
    assert.deepEqual(hunks.map((h) => [h.target[0], h.origin.turnId, h.origin.chat]), [
      ['L2 by claude', 'u1', 'Chat 1'],
      ['L5 by turn 2', 'u2', 'Chat 2'],
      ['L8 by claude', 'u1', 'Chat 1'],
    ]);
    assert.deepEqual(m.turns().map((t) => t.turnId).sort(), ['u1', 'u2']);
    // Keep All for turn 2 keeps only its hunk.
    assert.equal(m.keepAll({ chatId: 'c2', turnId: 'u2' }), 1);
    assert.deepEqual(m.hunks('/w/a.txt').map((h) => h.origin.turnId), ['u1', 'u1']);
  });

  it('undo all of a turn plans every hunk at once, bottom up', () => {
    const m = twoHunks();
    const plan = m.planUndoAll('/w/a.txt', AFTER, { chatId: 'c1', turnId: 'u1' });
    assert.equal(plan?.text, BEFORE);
    assert.equal(plan?.ids.length, 2);
    assert.equal(m.planUndoAll('/w/a.txt', AFTER, { chatId: 'c1', turnId: 'other' }), undefined);
  });

  it('a file Claude created goes away when its only hunk is undone', () => {
    const m = new ReviewModel();
    m.addChanges(origin('u1'), [{ filePath: '/w/new.txt', before: '', after: 'hello\n', created: true }]);
    const [h] = m.hunks('/w/new.txt');
    assert.deepEqual(m.planUndo('/w/new.txt', h.id, 'hello\n'), { text: '', edited: false, deleteFile: true });
  });

  it('reconcile: a hunk whose original lines are back leaves; with strict (after a reload) so does one matching neither side', () => {
    const m = twoHunks();
    const [first, second] = m.hunks('/w/a.txt');
    const revertedFirst = AFTER.replace('L2 by claude', 'l2');
    m.reconcile('/w/a.txt', revertedFirst, false);
    assert.deepEqual(m.hunks('/w/a.txt').map((h) => h.id), [second.id]);
    assert.notEqual(first.id, second.id);
    const userText = revertedFirst.replace('L8 by claude', 'something else');
    m.reconcile('/w/a.txt', userText, false);
    assert.equal(m.count, 1, 'live, an edited hunk stays (undo asks)');
    m.reconcile('/w/a.txt', userText, true);
    assert.equal(m.count, 0);
    const gone = twoHunks();
    gone.reconcile('/w/a.txt', undefined, true);
    assert.deepEqual(gone.paths(), []);
  });

  it('files changed by a command are listed without hunks until kept; a recorded change replaces the entry', () => {
    const m = new ReviewModel();
    m.addCommandFile('/w/built.js', origin('u1'));
    assert.deepEqual(m.commandFiles().map((c) => c.path), ['/w/built.js']);
    assert.deepEqual(m.hunks('/w/built.js'), []);
    assert.equal(m.keepAll({ chatId: 'c1', turnId: 'u1' }), 0);
    assert.deepEqual(m.commandFiles(), []);
    m.addCommandFile('/w/built.js', origin('u2'));
    m.addChanges(origin('u3'), [{ filePath: '/w/built.js', before: 'a\n', after: 'b\n' }]);
    assert.deepEqual(m.commandFiles(), []);
    assert.equal(m.count, 1);
    // A file with hunks is not listed a second time as command-changed.
    m.addCommandFile('/w/built.js', origin('u4'));
    assert.deepEqual(m.commandFiles(), []);
  });

  it('round-trips through workspaceState\'s JSON, and a bad state is refused by the schema', () => {
    const m = twoHunks();
    m.keep('/w/a.txt', m.hunks('/w/a.txt')[0].id);
    m.addCommandFile('/w/out.bin', origin('u1'));
    const json = JSON.parse(JSON.stringify(m.toJSON())) as unknown;
    const back = new ReviewModel();
    back.load(ReviewState.parse(json));
    assert.equal(back.count, 1);
    assert.deepEqual(back.hunks('/w/a.txt').map((h) => [h.base, h.target, h.origin]), m.hunks('/w/a.txt').map((h) => [h.base, h.target, h.origin]));
    assert.deepEqual(back.commandFiles(), m.commandFiles());
    const [h] = back.hunks('/w/a.txt');
    assert.equal(back.planUndo('/w/a.txt', h.id, AFTER)?.text, AFTER.replace('L8 by claude\nextra by claude', 'l8'));
    assert.equal(ReviewState.safeParse({ version: 1, files: [{ path: 1 }], commands: [] }).success, false);
  });

  it('an undo is applied as the smallest replacement (the rest of the document, its cursor and undo stack stay)', () => {
    const m = twoHunks();
    const [first] = m.hunks('/w/a.txt');
    const plan = m.planUndo('/w/a.txt', first.id, AFTER)!;
    const edit = minimalEdit(AFTER, plan.text);
    assert.deepEqual(edit, { start: AFTER.indexOf('L2 by claude'), end: AFTER.indexOf('L2 by claude') + 'L2 by claude'.length, text: 'l2' });
    assert.equal(AFTER.slice(0, edit.start) + edit.text + AFTER.slice(edit.end), plan.text);
  });

  it('tells listeners about every change', () => {
    const m = new ReviewModel();
    let fired = 0;
    m.onDidChange(() => fired++);
    m.addChanges(origin('u1'), [{ filePath: '/w/a.txt', before: BEFORE, after: AFTER }]);
    m.keepAll();
    assert.equal(fired, 2);
    assert.equal(m.count, 0);
  });
});

describe('review: files changed by a command', () => {
  function setup() {
    const reported: string[] = [];
    const timers: (() => void)[] = [];
    const recorded = new Map<string, string[]>();
    const watching: boolean[] = [];
    const cc = new CommandChanges({
      watching: (on) => watching.push(on),
      report: (chatId, turnId, path) => reported.push(`${chatId}/${turnId}:${path}`),
      recorded: (chatId, turnId) => recorded.get(`${chatId}/${turnId}`) ?? [],
      setTimeout: (fn) => timers.push(fn),
      clearTimeout: () => {},
    });
    return { cc, reported, timers, recorded, watching };
  }
  const tool = (id: string, name: string): ChatEvent => ({ type: 'tool', messageId: 'm', index: 0, toolUseId: id, name, input: { command: 'make' } });
  const bash = (id: string) => tool(id, 'Bash');
  const end = (id: string): ChatEvent => ({ type: 'turnEnd', turnId: id, outcome: 'success' });

  it('lists what changed on disk while a turn ran Bash, up to the grace after its end, minus recorded edits and editor saves', () => {
    const { cc, reported, timers, recorded, watching } = setup();
    cc.fileChanged('/w/before.txt');
    assert.equal(cc.watching, false, 'nothing is watched before a command runs');
    cc.onEvents('c1', [{ type: 'user', turnId: 'u1', text: 'build it' }, bash('t1')]);
    assert.equal(cc.watching, true);
    cc.fileChanged('/w/out.js');
    cc.fileChanged('/w/edited.ts');
    cc.fileChanged('/w/.git/index');
    cc.fileChanged('/w/node_modules/x/index.js');
    cc.savedFromEditor('/w/mine.ts');
    cc.fileChanged('/w/mine.ts');
    cc.onEvents('c1', [end('s1')]);
    cc.fileChanged('/w/late.js');
    recorded.set('c1/u1', ['/w/edited.ts']);
    assert.deepEqual(reported, [], 'reported only once the grace is over');
    timers.forEach((t) => t());
    assert.deepEqual(reported, ['c1/u1:/w/out.js', 'c1/u1:/w/late.js']);
    assert.equal(cc.watching, false);
    // The file watcher runs only for that window.
    assert.deepEqual(watching, [true, false]);
  });

  it('a turn without Bash lists nothing, whatever changes on disk', () => {
    const { cc, reported, timers } = setup();
    cc.onEvents('c1', [{ type: 'user', turnId: 'u1', text: 'edit' }, tool('t1', 'Edit')]);
    cc.fileChanged('/w/a.txt');
    cc.onEvents('c1', [end('s1')]);
    timers.forEach((t) => t());
    assert.deepEqual(reported, []);
  });
});
