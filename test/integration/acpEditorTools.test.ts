import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AcpChat } from '../../src/chat/acp/acpChat';
import { nullLogger } from '../../src/core/logger';
import type { McpServerGrant } from '../../src/core/mcpServerSpec';
import type { PermissionRequest } from '../../src/core/permissions';
import { AgentToolServer } from '../../src/ide/agentServer';
import { claudePids, makeSandbox, REPO_ROOT, type Sandbox } from '../support/cliEnv';
import { FakeEditor } from '../support/fakeEditor';
import { ModelServer } from '../support/modelServer';

const AGENT_BIN = join(REPO_ROOT, 'node_modules', '.bin', 'claude-agent-acp');

/**
 * The editor's read-only tools for an ACP agent (docs/protocol.md, "Editor tools for ACP
 * agents"): the real claude-agent-acp advertises mcpCapabilities.http, gets our server in
 * session/new, and its model's tool call reaches the editor port through it.
 */
describe('ACP agents get the editor tools (real claude-agent-acp, scripted model)', function () {
  this.timeout(120_000);
  let model: ModelServer;
  let sb: Sandbox;
  let tools: AgentToolServer;
  let editor: FakeEditor;
  let chat: AcpChat | undefined;

  beforeEach(async () => {
    model = new ModelServer();
    await model.start();
    sb = makeSandbox(model.url, 'claude-chat-acptools');
    editor = new FakeEditor([sb.workspace]);
    tools = await AgentToolServer.start(editor, nullLogger);
  });

  afterEach(async () => {
    await chat?.dispose();
    chat = undefined;
    await tools.dispose();
    await model.stop();
    assert.deepEqual(claudePids(sb.root), [], 'an agent process was left behind');
    sb.cleanup();
  });

  it("the agent's getDiagnostics call reaches the editor and the model gets its answer; the grant is revoked with the chat", async () => {
    const file = join(sb.workspace, 'broken.json');
    writeFileSync(file, '{\n  "a": 1\n  "b": 2\n}\n');
    editor.diagnosticsByFile.set(file, [{ message: 'Expected comma', severity: 'Error', source: 'json', range: { start: { line: 2, character: 2 }, end: { line: 2, character: 5 } } }]);
    const grants: McpServerGrant[] = [];
    const asked: PermissionRequest[] = [];
    const env = { ...sb.env, MCP_CONNECTION_NONBLOCKING: '0', ...(process.getuid?.() === 0 ? { IS_SANDBOX: '1' } : {}) };
    chat = new AcpChat({
      folder: sb.workspace,
      agent: { name: 'claude-agent-acp', command: AGENT_BIN, args: [], env },
      logger: nullLogger,
      broker: { request: async (req) => (asked.push(req), { kind: 'allow' }) },
      editorTools: async () => {
        const g = tools.grant();
        grants.push(g);
        return g;
      },
    });
    const call = [[{ name: 'mcp__vscode__getDiagnostics', input: { uri: `file://${file}` } }]];
    await chat.send(`check SCENARIO:tools:${JSON.stringify(call)}`);
    assert.equal(grants.length, 1, 'one grant for the session');
    assert.deepEqual(editor.calls.filter((c) => c.name === 'diagnostics').map((c) => c.arg), [file], 'the call reached the editor');
    // The model's next request carries the tool's answer.
    const sent = JSON.stringify(model.mainRequests().at(-1)?.body?.messages ?? []);
    assert.match(sent, /Expected comma/);
    assert.equal(tools.grantCount, 1);
    await chat.dispose();
    chat = undefined;
    assert.equal(tools.grantCount, 0, 'the session\'s token is revoked with it');
  });
});
