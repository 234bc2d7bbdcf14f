import assert from 'node:assert/strict';
import { appeared, capProblems, fixPrompt, type Problem } from '../../src/chat/problems';
import { TurnProblems, type DiagnosticsSource } from '../../src/chat/turnProblems';
import type { ChatEvent } from '../../src/shared/contract';

const W = '/w';
const p = (path: string, line: number, message: string, severity: Problem['severity'] = 'error', extra: Partial<Problem> = {}): Problem => ({ path, line, column: 1, severity, message, source: 'json', ...extra });

/** The editor's diagnostics as a test sets them; which files a tab shows, and which exist. */
class FakeDiagnostics implements DiagnosticsSource {
  readonly files = new Map<string, Problem[]>();
  readonly shown = new Set<string>();
  readonly existing = new Set<string>();
  private readonly listeners = new Set<(paths: readonly string[]) => void>();
  read(path: string): Problem[] {
    return this.files.get(path) ?? [];
  }
  async status(path: string): Promise<'shown' | 'hidden' | 'missing'> {
    if (this.shown.has(path)) return 'shown';
    return this.existing.has(path) ? 'hidden' : 'missing';
  }
  onDidChange(listener: (paths: readonly string[]) => void) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  get listening(): number {
    return this.listeners.size;
  }
  /** A language server published the file's diagnostics. */
  publish(path: string, problems: Problem[]): void {
    this.files.set(path, problems);
    for (const l of [...this.listeners]) l([path]);
  }
}

const tick = () => new Promise((r) => setImmediate(r));

function rig(options = {}) {
  const source = new FakeDiagnostics();
  const emitted: ChatEvent[] = [];
  const tracker = new TurnProblems(source, W, (e) => emitted.push(e), { quietMs: 5, settleCapMs: 10_000, ...options });
  let n = 0;
  /** Claude's edit of `path`: the tool call (before it runs), then `land` (the file on disk), then its result. */
  const edit = async (path: string, land: () => void, tool = 'Edit') => {
    const toolUseId = `t${++n}`;
    tracker.observe([{ type: 'tool', messageId: 'm', index: 0, toolUseId, name: tool, input: { file_path: path } }]);
    await tick();
    land();
    tracker.observe([{ type: 'toolResult', toolUseId, isError: false, text: 'ok' }]);
  };
  const endTurn = (turnId: string, files: string[]) => tracker.observe([
    { type: 'turnEnd', turnId: 's1', outcome: 'success' },
    { type: 'turnFiles', turnId, files },
  ]);
  return { source, emitted, tracker, edit, endTurn };
}

describe('diagnostics loop: which problems are new', () => {
  it('a problem that only moved is not new; a second copy of one is', () => {
    const before = [p('/w/a.json', 3, 'Expected comma'), p('/w/a.json', 9, 'Trailing comma', 'warning')];
    const after = [p('/w/a.json', 5, 'Expected comma'), p('/w/a.json', 6, 'Expected comma'), p('/w/a.json', 11, 'Trailing comma', 'warning')];
    assert.deepEqual(appeared(before, after), [p('/w/a.json', 6, 'Expected comma')]);
  });

  it('the same message with another severity, source or code is another problem', () => {
    const before = [p('/w/a.ts', 1, 'x', 'warning', { source: 'ts', code: '1' })];
    const after = [p('/w/a.ts', 1, 'x', 'error', { source: 'ts', code: '1' }), p('/w/a.ts', 1, 'x', 'warning', { source: 'eslint', code: '1' }), p('/w/a.ts', 1, 'x', 'warning', { source: 'ts', code: '2' })];
    assert.equal(appeared(before, after).length, 3);
  });

  it('errors first, then by file and position, capped with a count of the rest', () => {
    const list = [p('/w/b', 2, 'w1', 'warning'), p('/w/a', 9, 'e2'), p('/w/b', 1, 'e1'), p('/w/a', 1, 'e0')];
    assert.deepEqual(capProblems(list, 3), { shown: [p('/w/b', 1, 'e1'), p('/w/a', 1, 'e0'), p('/w/a', 9, 'e2')], more: 1 });
  });
});

describe('diagnostics loop: "Ask Claude to fix" prompt', () => {
  it('mentions each file inside the folder at its line, with severity, message, source and code', () => {
    const text = fixPrompt([p('/w/src/a.json', 3, 'Expected comma', 'error', { code: '514' })], W);
    assert.equal(text, 'The editor reports a new problem in a file you changed. Fix it:\n- @src/a.json#L3: error: Expected comma (json 514)');
  });

  it('never mentions a file outside the folder, nor lets a message mention one', () => {
    const text = fixPrompt([p('/etc/x.json', 2, 'bad'), p('/w/a.ts', 1, 'Cannot find @/etc/passwd\nnext line')], W);
    assert.doesNotMatch(text, /(^|\s)@\//m, 'no @ mention of an absolute path');
    assert.match(text, /the file "\/etc\/x\.json", line 2: error: bad/);
    assert.match(text, /@a\.ts#L1: error: Cannot find \u200B@\/etc\/passwd next line/);
  });

  it('a path a bare mention cannot carry is quoted with its line inside the quotes; one no mention can carry is named', () => {
    assert.match(fixPrompt([p('/w/my dir/a.json', 4, 'x')], W), /- @"my dir\/a\.json#L4": error: x/);
    assert.match(fixPrompt([p('/w/x @/a.json', 2, 'y')], W), /- the file "x \u200B@\/a\.json", line 2: error: y/);
  });

  it('is capped: twenty problems, long messages cut, the rest counted', () => {
    const many = Array.from({ length: 25 }, (_, i) => p('/w/a.json', i + 1, `problem ${i} ${'x'.repeat(1000)}`));
    const text = fixPrompt(many, W);
    const lines = text.split('\n');
    assert.equal(lines[0], 'The editor reports 25 new problems in the files you changed. Fix them:');
    assert.equal(lines.filter((l) => l.startsWith('- ')).length, 20);
    assert.equal(lines[lines.length - 1], '(and 5 more, not listed)');
    assert.ok(text.length < 20 * 400, `the prompt stays short: ${text.length}`);
  });
});

describe('diagnostics loop: a turn that changed files', () => {
  it('the footer lists the errors that appeared in an open file, not the ones it had', async () => {
    const r = rig();
    r.source.shown.add('/w/a.json');
    r.source.files.set('/w/a.json', [p('/w/a.json', 2, 'Old problem')]);
    await r.edit('/w/a.json', () => undefined);
    // The server checks the new text after the edit: the old problem moved down a line.
    r.source.publish('/w/a.json', [p('/w/a.json', 3, 'Old problem'), p('/w/a.json', 1, 'Expected comma', 'error', { code: '514' })]);
    r.endTurn('u1', ['/w/a.json']);
    await r.tracker.settled();
    assert.deepEqual(r.emitted, [{ type: 'turnProblems', turnId: 'u1', problems: [p('/w/a.json', 1, 'Expected comma', 'error', { code: '514' })] }]);
    assert.equal(r.tracker.fixPrompt('u1'), 'The editor reports a new problem in a file you changed. Fix it:\n- @a.json#L1: error: Expected comma (json 514)');
    assert.deepEqual(r.tracker.problems('u1'), [p('/w/a.json', 1, 'Expected comma', 'error', { code: '514' })]);
  });

  it('waits for a language server that reports after the turn ended', async () => {
    const r = rig();
    r.source.shown.add('/w/a.json');
    await r.edit('/w/a.json', () => undefined);
    r.endTurn('u1', ['/w/a.json']);
    setTimeout(() => r.source.publish('/w/a.json', [p('/w/a.json', 1, 'Late')]), 30);
    await r.tracker.settled();
    assert.deepEqual(r.emitted.map((e) => e.type === 'turnProblems' && e.problems.map((x) => x.message)), [['Late']]);
  });

  it('a file no tab showed before the edit is left out: what it had is unknown', async () => {
    const r = rig({ settleCapMs: 50 });
    r.source.existing.add('/w/b.json');
    r.source.files.set('/w/b.json', [p('/w/b.json', 4, 'Was there')]);
    await r.edit('/w/b.json', () => r.source.shown.add('/w/b.json'));
    r.source.publish('/w/b.json', [p('/w/b.json', 4, 'Was there'), p('/w/b.json', 5, 'New')]);
    r.endTurn('u1', ['/w/b.json']);
    await r.tracker.settled();
    assert.equal(r.emitted.length, 0);
  });

  it('a file the turn created had no problems: all it has after are new', async () => {
    const r = rig();
    await r.edit('/w/new.json', () => r.source.existing.add('/w/new.json'), 'Write');
    r.source.publish('/w/new.json', [p('/w/new.json', 1, 'Broken')]);
    r.endTurn('u1', ['/w/new.json']);
    await r.tracker.settled();
    assert.deepEqual(r.emitted.map((e) => e.type === 'turnProblems' && e.problems.map((x) => x.message)), [['Broken']]);
  });

  it('nothing when no problem appeared, and nothing for a file no server checks (after the cap)', async () => {
    const r = rig({ settleCapMs: 50 });
    r.source.shown.add('/w/a.json');
    r.source.shown.add('/w/notes.txt');
    r.source.files.set('/w/a.json', [p('/w/a.json', 1, 'Old')]);
    await r.edit('/w/a.json', () => undefined);
    await r.edit('/w/notes.txt', () => undefined);
    r.source.publish('/w/a.json', [p('/w/a.json', 2, 'Old')]);
    r.endTurn('u1', ['/w/a.json', '/w/notes.txt']);
    await r.tracker.settled();
    assert.deepEqual(r.emitted, []);
    assert.equal(r.tracker.fixPrompt('u1'), undefined);
  });

  it('edits of a turn count toward that turn only, and a new chat drops a footer on its way', async () => {
    const r = rig();
    r.source.shown.add('/w/a.json');
    await r.edit('/w/a.json', () => undefined);
    r.endTurn('u1', ['/w/a.json']);
    r.tracker.clear();
    r.source.publish('/w/a.json', [p('/w/a.json', 1, 'Broken')]);
    await r.tracker.settled();
    assert.equal(r.emitted.length, 0);
    // The next turn's snapshot is taken afresh: the problem it starts with is not new.
    await r.edit('/w/a.json', () => undefined);
    r.source.publish('/w/a.json', [p('/w/a.json', 1, 'Broken'), p('/w/a.json', 2, 'Another')]);
    r.endTurn('u2', ['/w/a.json']);
    await r.tracker.settled();
    assert.deepEqual(r.emitted.map((e) => e.type === 'turnProblems' && [e.turnId, e.problems.map((x) => x.message)]), [['u2', ['Another']]]);
  });

  it('listens to the editor only once Claude edits, and not after dispose', async () => {
    const r = rig();
    r.tracker.observe([{ type: 'tool', messageId: 'm', index: 0, toolUseId: 'r', name: 'Read', input: { file_path: '/w/a.json' } }]);
    assert.equal(r.source.listening, 0);
    await r.edit('/w/a.json', () => undefined);
    assert.equal(r.source.listening, 1);
    r.tracker.dispose();
    assert.equal(r.source.listening, 0);
  });

  it('the footer shows at most twenty, messages cut to the panel\'s limit', async () => {
    const r = rig();
    r.source.shown.add('/w/a.json');
    await r.edit('/w/a.json', () => undefined);
    r.source.publish('/w/a.json', Array.from({ length: 30 }, (_, i) => p('/w/a.json', i + 1, `m${i} ${'y'.repeat(3000)}`)));
    r.endTurn('u1', ['/w/a.json']);
    await r.tracker.settled();
    const e = r.emitted[0] as Extract<ChatEvent, { type: 'turnProblems' }>;
    assert.equal(e.problems.length, 20);
    assert.equal(e.more, 10);
    assert.ok(e.problems.every((x) => x.message.length <= 2000));
    assert.equal(r.tracker.problems('u1')?.length, 30, 'the fix prompt counts them all');
  });
});
