import assert from 'node:assert/strict';
import { ClaudeChat, type ClaudeChatDeps, type ChatSettings } from '../../src/chat/claude/claudeChat';
import { PermissionServer } from '../../src/claude/permissionServer';
import { nullLogger } from '../../src/core/logger';
import type { PermissionBroker } from '../../src/core/permissions';
import { CLAUDE_BIN, claudePids, makeSandbox, type Sandbox } from './cliEnv';
import { ModelServer } from './modelServer';

/** Allows every tool: these tests are about the chat, not about permission prompts. */
export const allowAll: PermissionBroker = { request: async () => ({ kind: 'allow' }) };

/**
 * What the ClaudeChat integration tests share, set up fresh for every test: the scripted
 * model, an isolated sandbox (HOME, workspace), the real permission server, and controllers on
 * the real CLI. Teardown disposes the controllers and fails the test if any `claude` process of
 * the sandbox is still alive.
 */
export interface ControllerRig {
  readonly server: ModelServer;
  readonly sb: Sandbox;
  readonly perms: PermissionServer;
  /** A controller on this sandbox; settings and deps override the defaults (allow-all, sandbox env). */
  open(o?: { settings?: Partial<ChatSettings>; deps?: Partial<ClaudeChatDeps> }): ClaudeChat;
}

/** Registers beforeEach/afterEach in the calling `describe` and returns the rig they fill. */
export function useControllerRig(sandboxPrefix?: string): ControllerRig {
  let state: { server: ModelServer; sb: Sandbox; perms: PermissionServer } | undefined;
  const controllers: ClaudeChat[] = [];
  const live = () => {
    if (!state) throw new Error('the controller rig is used outside a test');
    return state;
  };

  beforeEach(async () => {
    const server = new ModelServer();
    await server.start();
    const sb = makeSandbox(server.url, sandboxPrefix);
    const perms = new PermissionServer({ logger: nullLogger });
    await perms.start();
    state = { server, sb, perms };
  });

  afterEach(async () => {
    const s = state;
    state = undefined;
    if (!s) return;
    await Promise.all(controllers.splice(0).map((c) => c.dispose()));
    await s.perms.dispose();
    await s.server.stop();
    try {
      assert.deepEqual(claudePids(s.sb.root), [], 'no claude process outlives its controller');
    } finally {
      s.sb.cleanup();
    }
  });

  return {
    get server() {
      return live().server;
    },
    get sb() {
      return live().sb;
    },
    get perms() {
      return live().perms;
    },
    open(o = {}) {
      const { sb, perms } = live();
      const c = new ClaudeChat({
        folder: sb.workspace,
        logger: nullLogger,
        settings: () => ({ cliPath: CLAUDE_BIN, env: sb.env, ...o.settings }),
        permissionServer: async () => perms,
        broker: allowAll,
        ...o.deps,
      });
      controllers.push(c);
      return c;
    },
  };
}
