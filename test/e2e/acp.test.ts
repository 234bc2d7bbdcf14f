// One chat with a real ACP agent (claude-agent-acp from npm) from the panel in real VS Code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { claudePids, REPO_ROOT } from '../support/cliEnv';
import { VsCode, waitFor } from './support';

const AGENT_BIN = join(REPO_ROOT, 'node_modules', '.bin', 'claude-agent-acp');
const AGENT_NAME = 'Claude via ACP';

/** The agent and the CLI it drives: node processes of the sandbox named after the agent SDK. */
function agentPids(marker: string): number[] {
  return claudePids(marker).filter((pid) => {
    try {
      return /claude-agent/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    } catch {
      return false;
    }
  });
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

describe('e2e: an ACP agent chats through the same panel', function () {
  const vs = new VsCode({
    name: 'acp',
    // The CLI under the agent refuses to run as root outside a sandbox (CI runs as root).
    machineSettings: { 'claudeChat.agents': [{ name: AGENT_NAME, command: AGENT_BIN, args: [], env: process.getuid?.() === 0 ? { IS_SANDBOX: '1' } : {} }] },
  });

  before(async function () {
    this.timeout(240_000);
    await vs.start();
  });

  after(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') await vs.screenshot('failure');
    await vs.stop();
    vs.cleanup();
  });

  it('picks the agent in the panel header, streams its answer into the same cards, and leaves no process', async () => {
    await vs.openView();
    await vs.webview.locator('.header .agent', { hasText: 'Claude (CLI)' }).click();
    const quickInput = vs.page.locator('.quick-input-widget');
    await quickInput.waitFor({ state: 'visible', timeout: 15_000 });
    await quickInput.locator('.monaco-list-row', { hasText: AGENT_NAME }).click();
    await vs.webview.locator('.header .agent', { hasText: AGENT_NAME }).waitFor({ timeout: 15_000 });
    assert.deepEqual(agentPids(vs.sandbox.root), [], 'the agent starts with the first prompt, not before');

    await vs.send('SCENARIO:text:Hello through the Agent Client Protocol.');
    await vs.assistant().filter({ hasText: 'Hello through the Agent Client Protocol.' }).waitFor({ timeout: 60_000 });
    await vs.webview.locator('.entry.turn-end.outcome-success').first().waitFor({ timeout: 30_000 });
    const agents = agentPids(vs.sandbox.root);
    assert.ok(agents.length > 0, 'the agent runs');
    // Any claude CLI running now is the agent's own child, not our stream-json backend.
    for (const pid of vs.pids()) assert.ok(agents.includes(parentOf(pid)), `claude ${pid} is not the agent's child`);
    await vs.screenshot('acp-answer');
  });

  it("a chat with the agent, in an editor tab, comes back with its agent after Developer: Reload Window", async function () {
    this.timeout(240_000);
    // Picking the agent opened "Chat 2" with it; that is the chat the editor tab shows.
    await vs.palette('Claude: Open Chat in Editor');
    const tab = () => vs.page.locator('.tabs-container .tab', { hasText: 'Claude: Chat 2' });
    await tab().waitFor({ timeout: 30_000 });
    await vs.palette('Developer: Reload Window');
    await vs.page.waitForLoadState('domcontentloaded');
    await tab().waitFor({ timeout: 90_000 });
    const frame = await vs.chatFrame('editor');
    await frame.locator('.header .agent', { hasText: AGENT_NAME }).waitFor({ timeout: 60_000 });
    const input = frame.locator('textarea.prompt-input');
    await input.fill('SCENARIO:text:The agent again after the reload.');
    await input.press('Enter');
    await frame.locator('.entry.assistant', { hasText: 'The agent again after the reload.' }).waitFor({ timeout: 60_000 });
    const agents = agentPids(vs.sandbox.root);
    assert.ok(agents.length > 0, 'the agent runs');
    // The agent answered, not our stream-json backend: every claude CLI is the agent's child.
    for (const pid of vs.pids()) assert.ok(agents.includes(parentOf(pid)), `claude ${pid} is not the agent's child`);
    await vs.screenshot('acp-after-reload');
  });

  it('leaves no agent process when VS Code stops', async () => {
    await vs.stop();
    await waitFor('no agent process', () => agentPids(vs.sandbox.root).length === 0, 10_000);
  });
});
