import assert from 'node:assert/strict';
import { launchArgs, launchEnv, mcpConfig } from '../../src/claude/launchArgs';
import { ideMcpServer } from '../../src/ide/chatWiring';

/** The stream-json flags every process gets, first, whatever the settings. */
const BASE = ['-p', '--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose', '--include-partial-messages'];
const ID = '0b9c5f1e-3c1a-4c55-9f8e-2a7d6f1b0c11';

describe('launch arguments of a session process', () => {
  it('a new conversation: the stream-json flags and --session-id, nothing else', () => {
    assert.deepEqual(launchArgs({ sessionId: ID, resume: false }), [...BASE, '--session-id', ID]);
  });

  it('an existing transcript: --resume instead of --session-id', () => {
    assert.deepEqual(launchArgs({ sessionId: ID, resume: true }), [...BASE, '--resume', ID]);
  });

  it('model and permission mode as flags; without them the user’s own defaults apply', () => {
    const args = launchArgs({ sessionId: ID, resume: false, model: 'claude-opus-4-1', permissionMode: 'plan' });
    assert.deepEqual(args, [...BASE, '--session-id', ID, '--model', 'claude-opus-4-1', '--permission-mode', 'plan']);
    const bare = launchArgs({ sessionId: ID, resume: false });
    assert.ok(!bare.includes('--model') && !bare.includes('--permission-mode'));
  });

  it('an untrusted folder: --setting-sources names only the sources still read', () => {
    assert.deepEqual(launchArgs({ sessionId: ID, resume: false, settingSources: ['user'] }).slice(-2), ['--setting-sources', 'user']);
    assert.deepEqual(launchArgs({ sessionId: ID, resume: false, settingSources: ['user', 'local'] }).slice(-2), ['--setting-sources', 'user,local']);
    assert.ok(!launchArgs({ sessionId: ID, resume: false }).includes('--setting-sources'), 'undefined loads every source');
  });

  it('the permission server: the config file joined with =, then the prompt tool; no --strict-mcp-config', () => {
    const args = launchArgs({ sessionId: ID, resume: false, mcp: { configFile: '/tmp/cc-mcp/a b.json', promptTool: 'mcp__cc_x__approve' } });
    assert.deepEqual(args, [...BASE, '--session-id', ID, '--mcp-config=/tmp/cc-mcp/a b.json', '--permission-prompt-tool', 'mcp__cc_x__approve']);
    assert.ok(!args.some((a) => a.includes('{')), 'the config (with its token) is never on the command line');
    assert.ok(!args.includes('--strict-mcp-config'), "the user's own MCP servers still load");
  });

  it('our other servers without the permission server: --mcp-config and their read-only tools, no prompt tool', () => {
    const args = launchArgs({ sessionId: ID, resume: false, mcp: { configFile: '/tmp/m.json', allowedTools: ['mcp__ide__getDiagnostics'] } });
    assert.deepEqual(args, [...BASE, '--session-id', ID, '--mcp-config=/tmp/m.json', '--allowedTools=mcp__ide__getDiagnostics']);
  });

  it('a fork not yet started resumes the original at the cut, under its own new id', () => {
    const fork = { fromSessionId: 'aaaaaaaa-0000-4000-8000-000000000001', atMessageUuid: 'bbbbbbbb-0000-4000-8000-000000000002' };
    assert.deepEqual(launchArgs({ sessionId: ID, resume: false, fork }), [...BASE, '--resume', fork.fromSessionId, '--resume-session-at', fork.atMessageUuid, '--fork-session', '--session-id', ID]);
    // Once the fork has its own transcript, a respawn resumes the fork, not the original.
    assert.deepEqual(launchArgs({ sessionId: ID, resume: true, fork }), [...BASE, '--resume', ID]);
  });

  it('checkpoints: prompts are echoed back (--replay-user-messages)', () => {
    assert.deepEqual(launchArgs({ sessionId: ID, resume: false, checkpoints: true }), [...BASE, '--session-id', ID, '--replay-user-messages']);
  });

  it("the user's extra arguments come last, after everything of ours", () => {
    const args = launchArgs({
      sessionId: ID,
      resume: true,
      checkpoints: true,
      model: 'sonnet',
      permissionMode: 'acceptEdits',
      settingSources: ['user'],
      mcp: { configFile: '/tmp/m.json', promptTool: 'mcp__s__t', allowedTools: ['mcp__ide__getDiagnostics'] },
      extraArgs: ['--add-dir', '/data', '--no-session-persistence'],
    });
    assert.deepEqual(args, [
      ...BASE,
      '--resume', ID,
      '--replay-user-messages',
      '--model', 'sonnet',
      '--permission-mode', 'acceptEdits',
      '--setting-sources', 'user',
      '--mcp-config=/tmp/m.json', '--permission-prompt-tool', 'mcp__s__t', '--allowedTools=mcp__ide__getDiagnostics',
      '--add-dir', '/data', '--no-session-persistence',
    ]);
  });
});

describe('the --mcp-config of a session process', () => {
  const permissions = JSON.stringify({ mcpServers: { claude_chat_ab: { type: 'http', url: 'http://127.0.0.1:1/mcp/k', headers: { Authorization: 'Bearer t' } } } });

  it('the permission server alone: its config as given, no allowed tools', () => {
    assert.deepEqual(mcpConfig(permissions, []), { json: permissions, allowedTools: [] });
  });

  it("the window's IDE server beside it: a ws server named ide with the window's token, and getDiagnostics allowed", () => {
    const c = mcpConfig(permissions, [ideMcpServer({ port: 4242, authToken: 'tok' })])!;
    assert.deepEqual(JSON.parse(c.json), {
      mcpServers: {
        ide: { type: 'ws', url: 'ws://127.0.0.1:4242', headers: { 'X-Claude-Code-Ide-Authorization': 'tok' } },
        claude_chat_ab: { type: 'http', url: 'http://127.0.0.1:1/mcp/k', headers: { Authorization: 'Bearer t' } },
      },
    });
    assert.deepEqual(c.allowedTools, ['mcp__ide__getDiagnostics']);
  });

  it('no server may take the permission server\'s name; nothing at all gives no config', () => {
    const c = mcpConfig(permissions, [{ name: 'claude_chat_ab', type: 'http', url: 'http://evil', headers: {} }])!;
    assert.equal(JSON.parse(c.json).mcpServers.claude_chat_ab.url, 'http://127.0.0.1:1/mcp/k');
    assert.equal(mcpConfig(undefined, []), undefined);
    assert.deepEqual(JSON.parse(mcpConfig(undefined, [ideMcpServer({ port: 1, authToken: 'x' })])!.json).mcpServers.ide.type, 'ws');
  });
});

describe('launch environment of a session process', () => {
  const host = { PATH: '/usr/bin', HOME: '/home/u', VSCODE_PID: '42', ELECTRON_RUN_AS_NODE: '1' };

  it("drops VS Code's own variables, adds the user's extra ones", () => {
    const env = launchEnv(host, { ANTHROPIC_API_KEY: 'sk-x' }, false);
    assert.deepEqual(Object.keys(env).sort(), ['ANTHROPIC_API_KEY', 'HOME', 'PATH']);
    assert.equal(env.CLAUDE_CODE_ENABLE_SDK_FILE_CHECKPOINTING, undefined);
  });

  it('checkpoints turn on the CLI’s file checkpointing', () => {
    assert.equal(launchEnv(host, undefined, true).CLAUDE_CODE_ENABLE_SDK_FILE_CHECKPOINTING, '1');
  });
});
