import assert from 'node:assert/strict';
import { ClaudeSession } from '../../src/claude/session';
import { consoleLogger } from '../../src/core/logger';
import { CLAUDE_BIN, claudePids, makeSandbox, type Sandbox } from './cliEnv';
import { ModelServer } from './modelServer';

/**
 * A sandbox and a scripted model for tests of what the CLI makes of a prompt's text (mentions):
 * `sent(prompt)` runs the prompt in a fresh session and returns everything the model received
 * for it (attachments included), as JSON. Registers the suite's before/after hooks; after the
 * suite no claude process is left.
 */
export function useSentPrompts(prefix: string): { readonly sandbox: Sandbox; sent(prompt: string): Promise<string> } {
  const logger = consoleLogger('warn');
  let model: ModelServer;
  let sandbox: Sandbox;
  const sessions: ClaudeSession[] = [];

  before(async () => {
    model = new ModelServer();
    await model.start();
    sandbox = makeSandbox(model.url, prefix);
  });
  after(async () => {
    for (const s of sessions) await s.dispose();
    await model?.stop();
    assert.deepEqual(claudePids(sandbox.root), []);
    sandbox?.cleanup();
  });

  return {
    get sandbox() {
      return sandbox;
    },
    async sent(prompt: string): Promise<string> {
      const session = new ClaudeSession({ cwd: sandbox.workspace, logger, cliPath: CLAUDE_BIN, env: sandbox.env });
      sessions.push(session);
      const before = model.mainRequests().length;
      const r = await session.send(`${prompt}\nSCENARIO:text:ok`);
      assert.equal(r.outcome, 'success', r.error?.message);
      return JSON.stringify(model.mainRequests().slice(before).at(-1)?.body.messages ?? []);
    },
  };
}
