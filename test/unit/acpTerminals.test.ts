import assert from 'node:assert/strict';
import { NodeTerminals, type TerminalWatcher } from '../../src/acp/terminals';

describe('ACP terminals the user can watch', () => {
  it('tells the watcher about creation, output, exit and release, in order', async () => {
    const seen: string[] = [];
    const watcher: TerminalWatcher = {
      created: (id, title) => seen.push(`created ${id} ${title}`),
      output: (_id, text) => seen.push(`output ${text.trim()}`),
      exited: (_id, exit) => seen.push(`exited ${exit.exitCode}`),
      released: (id) => seen.push(`released ${id}`),
    };
    const terms = new NodeTerminals(undefined, watcher);
    const id = await terms.create({ sessionId: 's', command: 'sh', args: ['-c', 'echo watched; exit 3'], env: {}, cwd: process.cwd() });
    const exit = await terms.waitForExit(id);
    assert.equal(exit.exitCode, 3);
    assert.equal((await terms.output(id)).output.trim(), 'watched');
    await terms.release(id);
    assert.deepEqual(seen, [`created ${id} sh -c echo watched; exit 3`, 'output watched', 'exited 3', `released ${id}`]);
  });
});
