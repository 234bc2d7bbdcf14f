import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, win32 } from 'node:path';
import { resolveInFolder, type PathApi } from '../../src/vscode/pathCheck';

describe('openFile path check', () => {
  describe('real paths on this machine', () => {
    let root: string;
    let ws: string;
    before(() => {
      root = realpathSync(mkdtempSync(join(tmpdir(), 'open-')));
      ws = join(root, 'ws');
      mkdirSync(join(ws, 'src'), { recursive: true });
      writeFileSync(join(ws, 'src', 'a.ts'), '');
      symlinkSync('/etc', join(ws, 'etc-link'));
      symlinkSync(join(ws, 'src'), join(root, 'ws-link'));
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it('a symlink in the workspace that leads to /etc is outside', () => {
      assert.deepEqual(resolveInFolder('etc-link/passwd', ws), { full: join(ws, 'etc-link/passwd'), inside: false });
      assert.equal(resolveInFolder(join(ws, 'etc-link', 'hostname'), ws)?.inside, false);
      assert.equal(resolveInFolder('etc-link/not-there/x', ws)?.inside, false, 'a missing file under the link');
    });
    it('ordinary files inside are inside; ../ and absolute paths elsewhere are not', () => {
      assert.equal(resolveInFolder('src/a.ts', ws)?.inside, true);
      assert.equal(resolveInFolder('src/new-file.ts', ws)?.inside, true);
      assert.equal(resolveInFolder('../x', ws)?.inside, false);
      assert.equal(resolveInFolder('/etc/passwd', ws)?.inside, false);
      assert.equal(resolveInFolder('src/a.ts', undefined), undefined);
      assert.equal(resolveInFolder('/etc/passwd', undefined)?.inside, false);
    });
    it('a workspace opened through a symlink still contains its files', () => {
      assert.equal(resolveInFolder(join(ws, 'src', 'a.ts'), join(root, 'ws-link', '..', 'ws'))?.inside, true);
      assert.equal(resolveInFolder('a.ts', join(root, 'ws-link'))?.inside, true);
    });
  });

  describe('Windows rules (path.win32, injected)', () => {
    const win: PathApi = { path: win32, realpath: (p) => p };
    const ws = 'C:\\work\\proj';
    const table: [string, boolean][] = [
      ['src\\a.ts', true],
      ['C:\\work\\proj\\src\\a.ts', true],
      ['c:\\WORK\\proj\\a.ts', true],
      ['D:\\work\\proj\\a.ts', false],
      ['D:secret.txt', false],
      ['\\\\server\\share\\a.ts', false],
      ['\\\\?\\C:\\Windows\\system.ini', false],
      ['C:\\work\\proj2\\a.ts', false],
      ['..\\proj2\\a.ts', false],
      ['C:\\Windows\\win.ini', false],
    ];
    for (const [p, inside] of table) {
      it(`${p} → ${inside ? 'inside' : 'outside'}`, () => assert.equal(resolveInFolder(p, ws, win)?.inside, inside));
    }
    it('a symlink (junction) out of the workspace is outside', () => {
      const api: PathApi = { path: win32, realpath: (p) => p.replace(/^C:\\work\\proj\\link/i, 'E:\\elsewhere') };
      assert.equal(resolveInFolder('link\\x.txt', ws, api)?.inside, false);
    });
    it('posix rules through the same API', () => {
      const api: PathApi = { path: posix, realpath: (p) => p };
      assert.equal(resolveInFolder('/w/p/a', '/w/p', api)?.inside, true);
      assert.equal(resolveInFolder('/w/p2/a', '/w/p', api)?.inside, false);
    });
  });
});
