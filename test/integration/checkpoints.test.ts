import { listHistory } from '../../src/claude/history';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ClaudeChat } from '../../src/chat/claude/claudeChat';
import { CheckpointError } from '../../src/claude/checkpoints';
import { transcriptPath } from '../../src/claude/paths';
import type { ChatEvent } from '../../src/shared/contract';
import { useControllerRig } from '../support/controllerRig';
import { messageText } from '../support/modelServer';

/** Checkpoints, rewind and forks against the real CLI (docs/protocol.md "Checkpoints, rewind and forks"). */
describe('Checkpoints, rewind and forks (real CLI)', function () {
  this.timeout(120_000);
  const rig = useControllerRig();
  const open = () => rig.open();
  const record = (c: ClaudeChat) => {
    const events: ChatEvent[] = [];
    c.onEvents((e) => events.push(...e));
    return events;
  };
  const userTurns = (c: ClaudeChat) => c.snapshot().filter((e): e is Extract<ChatEvent, { type: 'user' }> => e.type === 'user').map((e) => e.turnId);
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);

  it('restores a file to before turn 2 (turn 1 content), then to before turn 1 (gone), with a dry-run plan first', async () => {
    const file = join(rig.sb.workspace, 'a.txt');
    const c = open();
    const events = record(c);
    assert.equal((await c.send(`write SCENARIO:tool-write:${file}`))?.outcome, 'success');
    assert.equal((await c.send(`edit SCENARIO:tool-edit:${file}`))?.outcome, 'success');
    assert.equal(read(file), 'goodbye from the scripted model\n');
    const [t1, t2] = userTurns(c);
    assert.deepEqual(events.filter((e) => e.type === 'checkpoint').map((e) => (e as { turnId: string }).turnId), [t1, t2]);
    assert.deepEqual(events.filter((e) => e.type === 'turnFiles').map((e) => (e as { files: string[] }).files), [[file], [file]]);
    assert.equal(c.checkpoints.turnChanges(t2)[0].before, 'hello from the scripted model\n');

    const plan = await c.checkpoints.plan(t2);
    assert.deepEqual(plan.files, [{ path: file, current: 'goodbye from the scripted model\n', target: 'hello from the scripted model\n', targetKnown: true, changedSinceClaude: false }]);
    assert.equal(read(file), 'goodbye from the scripted model\n', 'a dry run changed the file');

    assert.deepEqual(await c.checkpoints.restore(t2), [file]);
    assert.equal(read(file), 'hello from the scripted model\n');
    // The restore left turn 1's content: that is not a change by someone else.
    const plan1 = await c.checkpoints.plan(t1);
    assert.deepEqual(plan1.files.map((f) => [f.target, f.changedSinceClaude]), [[undefined, false]]);
    assert.deepEqual(await c.checkpoints.restore(t1), [file]);
    assert.equal(existsSync(file), false, 'a file Write created in turn 1 must be gone');
    const marks = c.snapshot().filter((e) => e.type === 'mark');
    assert.deepEqual(marks, [
      { type: 'mark', turnId: t2, kind: 'restored', files: [file] },
      { type: 'mark', turnId: t1, kind: 'restored', files: [file] },
    ]);
  });

  it('Bash changes: a file Claude tracks is reverted even where Bash changed it; a file only Bash made is left alone', async () => {
    const tracked = join(rig.sb.workspace, 'tracked.txt');
    const bashOnly = join(rig.sb.workspace, 'bash-only.txt');
    const c = open();
    await c.send(`write SCENARIO:tool-write:${tracked}`);
    await c.send(`bash SCENARIO:tool-bash:echo appended >> ${tracked} && echo made-by-bash > ${bashOnly}`);
    assert.equal(read(tracked), 'hello from the scripted model\nappended\n');
    assert.equal(read(bashOnly), 'made-by-bash\n');
    const [, t2] = userTurns(c);
    const plan = await c.checkpoints.plan(t2);
    // Only the tracked file is listed, and it is flagged: Claude's last Write did not leave it like this.
    assert.deepEqual(plan.files.map((f) => [f.path, f.target, f.changedSinceClaude]), [[tracked, 'hello from the scripted model\n', true]]);
    await c.checkpoints.restore(t2);
    assert.equal(read(tracked), 'hello from the scripted model\n');
    assert.equal(read(bashOnly), 'made-by-bash\n');
  });

  it('calls out a user edit made after the prompt, and the restore overwrites it', async () => {
    const file = join(rig.sb.workspace, 'u.txt');
    const c = open();
    await c.send(`write SCENARIO:tool-write:${file}`);
    await c.send(`edit SCENARIO:tool-edit:${file}`);
    writeFileSync(file, 'USER EDIT\n');
    const [, t2] = userTurns(c);
    const plan = await c.checkpoints.plan(t2);
    assert.deepEqual(plan.files.map((f) => [f.current, f.target, f.changedSinceClaude]), [['USER EDIT\n', 'hello from the scripted model\n', true]]);
    await c.checkpoints.restore(t2);
    assert.equal(read(file), 'hello from the scripted model\n');
  });

  it('refuses to restore while a turn runs, with a message', async () => {
    const file = join(rig.sb.workspace, 'b.txt');
    const c = open();
    await c.send(`write SCENARIO:tool-write:${file}`);
    const [t1] = userTurns(c);
    const running = c.send('SCENARIO:slow:4');
    await new Promise<void>((resolve) => {
      const sub = c.onStatus((s) => s.state === 'running' && (sub.dispose(), resolve()));
    });
    await assert.rejects(c.checkpoints.restore(t1), (err: unknown) => err instanceof CheckpointError && err.code === 'busy' && /Stop it first/.test(err.message));
    await assert.rejects(c.checkpoints.fork(t1, 'x', { restoreFiles: false }), (err: unknown) => err instanceof CheckpointError && err.code === 'busy');
    assert.equal(read(file), 'hello from the scripted model\n');
    await c.stop();
    await running;
  });

  it('edit and resend forks at the prompt: the model sees turn 1 and the new prompt; the original stays resumable', async () => {
    const c = open();
    await c.send('first ONE SCENARIO:echo');
    await c.send('second TWO SCENARIO:echo');
    await c.send('third THREE SCENARIO:echo');
    const original = c.sessionId!;
    const originalPath = transcriptPath(rig.sb.workspace, original, rig.sb.env);
    // The conversation itself (closing the process appends bookkeeping lines, not messages).
    const messages = () => readFileSync(originalPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'user' || l.type === 'assistant').map((l) => JSON.stringify([l.uuid, l.parentUuid, l.message]));
    // The CLI writes its transcript a little after the result line: wait for turn 3 on disk.
    for (let i = 0; i < 100 && messages().length < 6; i++) await new Promise((r) => setTimeout(r, 50));
    const before = messages();
    assert.equal(before.length, 6);
    const [, t2] = userTurns(c);
    assert.equal(c.checkpoints.promptText(t2), 'second TWO SCENARIO:echo');

    const requestsBefore = rig.server.mainRequests().length;
    const r = await c.checkpoints.fork(t2, 'second EDITED SCENARIO:echo', { restoreFiles: false });
    assert.equal((r as { outcome?: string } | undefined)?.outcome, 'success');
    const forkRequest = rig.server.mainRequests()[requestsBefore];
    const users = forkRequest.body.messages.filter((m: { role: string }) => m.role === 'user').map((m: { content: unknown }) => messageText(m.content));
    assert.deepEqual(users, ['first ONE SCENARIO:echo', 'second EDITED SCENARIO:echo']);
    const fork = c.sessionId!;
    assert.notEqual(fork, original);
    assert.equal(c.status.sessionId, fork);
    assert.deepEqual(messages(), before, 'the original conversation changed');
    assert.ok(c.snapshot().some((e) => e.type === 'mark' && e.kind === 'forked' && e.turnId === t2));

    // A reload shows the fork, with checkpoints, and resumes as the fork.
    await c.dispose();
    // History tells the fork from its original, which starts with the same prompt.
    const rows = (await listHistory(rig.sb.workspace, rig.sb.env)).entries;
    assert.deepEqual(rows.map((e) => [e.sessionId, e.fork]).sort(), [[original, false], [fork, true]].sort());
    const again = open();
    await again.openConversation(fork);
    assert.deepEqual(again.snapshot().filter((e) => e.type === 'user').map((e) => (e as { text: string }).text), ['first ONE SCENARIO:echo', 'second EDITED SCENARIO:echo']);
    assert.equal(again.snapshot().filter((e) => e.type === 'checkpoint').length, 2);
    const r2 = await again.send('after reload SCENARIO:echo');
    assert.match(r2?.text ?? '', /user texts=\["first ONE SCENARIO:echo","second EDITED SCENARIO:echo","after reload SCENARIO:echo"\]/);
    assert.equal(again.sessionId, fork);

    // The original is still there and resumes with all three turns.
    const orig = open();
    await orig.openConversation(original);
    const r3 = await orig.send('original again SCENARIO:echo');
    assert.match(r3?.text ?? '', /"first ONE SCENARIO:echo","second TWO SCENARIO:echo","third THREE SCENARIO:echo","original again SCENARIO:echo"/);
  });

  it('after a reload, restores from the transcript record (no prompt sent) and forks with the files rewound', async () => {
    const file = join(rig.sb.workspace, 'r.txt');
    const c = open();
    await c.send(`write SCENARIO:tool-write:${file}`);
    await c.send(`edit SCENARIO:tool-edit:${file}`);
    const id = c.sessionId!;
    await c.dispose();

    const again = open();
    await again.openConversation(id);
    const [h1, h2] = userTurns(again);
    const snap = again.snapshot();
    assert.deepEqual(snap.filter((e) => e.type === 'turnFiles').map((e) => (e as { turnId: string }).turnId), [h1, h2]);
    const plan = await again.checkpoints.plan(h2);
    assert.deepEqual(plan.files.map((f) => [f.target, f.changedSinceClaude]), [['hello from the scripted model\n', false]]);
    const r = await again.checkpoints.fork(h2, 'instead SCENARIO:text', { restoreFiles: true });
    assert.equal((r as { outcome?: string } | undefined)?.outcome, 'success');
    assert.equal(read(file), 'hello from the scripted model\n');
    assert.notEqual(again.sessionId, id);
  });
});
