import assert from 'node:assert/strict';
import { ChatFactory, type ChatFactoryDeps } from '../../src/chat/chatFactory';
import { nullLogger } from '../../src/core/logger';
import { PermissionQueue } from '../../src/core/permissionQueue';
import { nodeFileSystem } from '../../src/acp/fileSystem';

/** The factory without an editor: what src/vscode/chatFactoryDeps.ts gives it, as plain functions. */
function factory(over: Partial<ChatFactoryDeps> = {}): ChatFactory {
  return new ChatFactory({
    logger: nullLogger,
    broker: new PermissionQueue(() => undefined),
    scripted: false,
    settings: () => ({}),
    permissionTimeoutSeconds: () => 0,
    refusal: () => undefined,
    trust: () => ({ confirm: () => Promise.resolve(), settingSources: () => undefined }),
    onStall: () => undefined,
    agents: {
      fileSystem: nodeFileSystem,
      terminalView: () => ({ created: () => undefined, output: () => undefined, exited: () => undefined, released: () => undefined }),
      chooseAuthMethod: () => Promise.resolve(undefined),
    },
    ...over,
  });
}

const slot = { id: 'chat-1', beforeSpawn: () => Promise.resolve() };

describe('ChatFactory', () => {
  it('builds a Claude chat without an agent, and the agent\'s chat with one; neither spawns on creation', async () => {
    const f = factory();
    const claude = f.create('/tmp', slot, undefined);
    const agent = f.create('/tmp', slot, { name: 'Echo agent', command: 'node', args: ['-e', ''] });
    try {
      assert.equal(claude.backend, 'Claude (CLI)');
      assert.equal(agent.backend, 'Echo agent');
      assert.equal(claude.pid, undefined);
      assert.equal(agent.pid, undefined);
    } finally {
      await Promise.all([claude.dispose(), agent.dispose(), f.dispose()]);
    }
  });

  it('the editor\'s refusal (Restricted Mode) refuses both backends with untrustedWorkspace and its message, spawning nothing', async () => {
    const f = factory({ refusal: () => 'Trust this folder to chat.' });
    for (const agent of [undefined, { name: 'Echo agent', command: 'node', args: ['-e', ''] }]) {
      const chat = f.create('/tmp', slot, agent);
      const errors: { code: string; message: string; actions: string[] }[] = [];
      chat.onError((e) => e && errors.push(e));
      try {
        await chat.send('hi').catch(() => undefined);
        assert.equal(errors[0]?.code, 'untrustedWorkspace', `${chat.backend}: ${JSON.stringify(errors)}`);
        assert.equal(errors[0]?.message, 'Trust this folder to chat.');
        assert.deepEqual(errors[0]?.actions, ['openSettings']);
        assert.equal(chat.pid, undefined);
      } finally {
        await chat.dispose();
      }
    }
    await f.dispose();
  });
});
