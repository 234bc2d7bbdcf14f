import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCommandFiles } from '../../src/claude/commandFiles';
import { checkPath, digestGuardedFile, guardHooks, readGuardedFile } from '../../src/claude/guardedFile';

// Files a folder brings are read like transcripts: regular files only, capped, and
// never through a link out of the folder. `a.md → /dev/zero` once cost 2.7 s and ~800 MB per chat.
describe('the guarded reader for folder files', () => {
  let root: string;
  let ws: string;
  let outside: string;
  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'guarded-')));
    ws = join(root, 'ws');
    outside = join(root, 'outside');
    mkdirSync(join(ws, '.claude', 'commands'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.md'), '---\ndescription: from outside\n---\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a symlink to /dev/zero without reading it', () => {
    symlinkSync('/dev/zero', join(ws, 'zero.md'));
    assert.deepEqual(readGuardedFile(join(ws, 'zero.md')), { kind: 'refused', reason: 'not a regular file' });
    assert.equal(readGuardedFile(join(ws, 'zero.md'), { within: ws }).kind, 'refused');
  });

  it('refuses a FIFO without blocking', () => {
    execFileSync('mkfifo', [join(ws, 'fifo.md')]);
    assert.deepEqual(readGuardedFile(join(ws, 'fifo.md'), { within: ws }), { kind: 'refused', reason: 'not a regular file' });
  });

  it('refuses a file over the cap and reads one under it', () => {
    writeFileSync(join(ws, 'big.md'), 'x'.repeat(2048));
    assert.match(String((readGuardedFile(join(ws, 'big.md'), { maxBytes: 1024 }) as { reason?: string }).reason), /larger than 1 KB/);
    assert.deepEqual(readGuardedFile(join(ws, 'big.md'), { maxBytes: 4096 }), { kind: 'ok', text: 'x'.repeat(2048), linked: false });
  });

  it('refuses a symlink out of the folder, directly or through a linked folder on the way', () => {
    symlinkSync(join(outside, 'secret.md'), join(ws, 'link.md'));
    symlinkSync(outside, join(ws, 'linked-dir'));
    assert.match(String((readGuardedFile(join(ws, 'link.md'), { within: ws }) as { reason?: string }).reason), /symbolic link out of the folder/);
    assert.equal(readGuardedFile(join(ws, 'linked-dir', 'secret.md'), { within: ws }).kind, 'refused');
    assert.equal(checkPath(join(ws, 'linked-dir'), ws).kind, 'refused');
    // Without a folder to stay in (the user's own config dir), a link to a regular file is read.
    assert.equal(readGuardedFile(join(ws, 'link.md')).kind, 'ok');
  });

  it('follows a symlink inside the folder and says it is one', () => {
    writeFileSync(join(ws, 'real.md'), 'hello');
    symlinkSync(join(ws, 'real.md'), join(ws, 'alias.md'));
    assert.deepEqual(readGuardedFile(join(ws, 'alias.md'), { within: ws }), { kind: 'ok', text: 'hello', linked: true });
    assert.deepEqual(readGuardedFile(join(ws, 'real.md'), { within: ws }), { kind: 'ok', text: 'hello', linked: false });
    assert.deepEqual(readGuardedFile(join(ws, 'nope.md'), { within: ws }), { kind: 'missing' });
  });

  // O_NOFOLLOW guards only the last component: a folder on the checked real path swapped for
  // a link to outside between the check and the open led the read out of the folder.
  it('refuses a file whose folder was swapped for a link out of the folder after the check', () => {
    mkdirSync(join(ws, 'agents'));
    writeFileSync(join(ws, 'agents', 'secret.md'), 'inside');
    writeFileSync(join(outside, 'secret.md'), 'OUTSIDE');
    const restore = () => {
      rmSync(join(ws, 'agents'));
      renameSync(join(ws, 'agents.old'), join(ws, 'agents'));
    };
    guardHooks.beforeOpen = () => {
      renameSync(join(ws, 'agents'), join(ws, 'agents.old'));
      symlinkSync(outside, join(ws, 'agents'));
    };
    try {
      assert.deepEqual(readGuardedFile(join(ws, 'agents', 'secret.md'), { within: ws }), { kind: 'refused', reason: 'a folder on the way changed while it was read' });
      restore();
      assert.equal(digestGuardedFile(join(ws, 'agents', 'secret.md'), { within: ws, maxBytes: 1024 }).kind, 'refused');
      restore();
    } finally {
      guardHooks.beforeOpen = undefined;
    }
    assert.deepEqual(readGuardedFile(join(ws, 'agents', 'secret.md'), { within: ws }), { kind: 'ok', text: 'inside', linked: false });
  });

  it('digests a file past the read cap by streaming it, and refuses one past its own cap', () => {
    const big = 'y'.repeat(300 * 1024);
    writeFileSync(join(ws, 'big.md'), big);
    assert.deepEqual(digestGuardedFile(join(ws, 'big.md'), { within: ws, maxBytes: 1024 * 1024 }), { kind: 'ok', sha256: createHash('sha256').update(big).digest('hex'), bytes: big.length });
    assert.deepEqual(digestGuardedFile(join(ws, 'big.md'), { within: ws, maxBytes: 1024 }), { kind: 'refused', reason: 'larger than 1 KB, not read', size: big.length });
  });

  describe('the / menu before the first process (src/claude/commandFiles.ts)', () => {
    const home = () => join(root, 'home');
    const env = () => ({ CLAUDE_CONFIG_DIR: join(home(), '.claude'), HOME: home() });
    const names = async (opts?: { project?: boolean }) => (await readCommandFiles(ws, env(), opts)).filter((c) => /\((project|user)\)$/.test(c.description ?? '')).map((c) => c.name);

    it('lists a regular command file, and not one linked to /dev/zero, a FIFO, an oversized one or one linked out of the folder', async () => {
      const dir = join(ws, '.claude', 'commands');
      writeFileSync(join(dir, 'ok.md'), '---\ndescription: fine\n---\nbody');
      symlinkSync('/dev/zero', join(dir, 'zero.md'));
      execFileSync('mkfifo', [join(dir, 'fifo.md')]);
      writeFileSync(join(dir, 'huge.md'), `---\ndescription: huge\n---\n${'x'.repeat(1024 * 1024)}`);
      symlinkSync(join(outside, 'secret.md'), join(dir, 'secret.md'));
      mkdirSync(join(ws, '.claude', 'skills'));
      symlinkSync(outside, join(ws, '.claude', 'skills', 'outer'));
      assert.deepEqual(await names(), ['ok']);
    });

    it('does not list a commands folder that links out of the folder', async () => {
      rmSync(join(ws, '.claude', 'commands'), { recursive: true });
      symlinkSync(outside, join(ws, '.claude', 'commands'));
      assert.deepEqual(await names(), []);
    });

    it("lists the user's commands only while the folder's Claude config is not trusted", async () => {
      writeFileSync(join(ws, '.claude', 'commands', 'proj.md'), '---\ndescription: p\n---\n');
      mkdirSync(join(home(), '.claude', 'commands'), { recursive: true });
      writeFileSync(join(home(), '.claude', 'commands', 'mine.md'), '---\ndescription: m\n---\n');
      assert.deepEqual(await names(), ['proj', 'mine']);
      assert.deepEqual(await names({ project: false }), ['mine']);
    });
  });
});
