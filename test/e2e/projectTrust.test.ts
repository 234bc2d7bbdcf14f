// The trust step for a folder's own Claude settings in real VS Code: a modal lists
// the folder's hook before the first spawn; "Not now" runs Claude without it and the header says
// so; "Review project settings" asks again, and after "Trust" the hook runs.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VsCode, waitFor } from './support';

describe('e2e: trust step for project Claude settings', function () {
  const vs = new VsCode({ name: 'trust' });
  let marker = '';

  before(async function () {
    this.timeout(240_000);
    await vs.start();
    marker = join(vs.workspace, 'hook-ran.txt');
    mkdirSync(join(vs.workspace, '.claude'), { recursive: true });
    writeFileSync(
      join(vs.workspace, '.claude', 'settings.json'),
      JSON.stringify({ hooks: { UserPromptSubmit: [{ hooks: [{ type: 'command', command: `echo prompt >> ${marker}` }] }] } }),
    );
  });

  after(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') await vs.screenshot('trust-failure');
    await vs.stop();
    vs.cleanup();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await vs.reportFailure(this.currentTest.title, 'trust-failed');
  });

  const dialog = () => vs.page.locator('.monaco-dialog-box');

  it('asks before the first spawn, listing the hook; "Not now" runs Claude without it', async () => {
    await vs.openView();
    await vs.send('SCENARIO:text:answer without the project hook');
    await dialog().waitFor({ timeout: 60_000 });
    const text = (await dialog().innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Trust the Claude Code settings/);
    assert.ok(text.includes(`UserPromptSubmit hook: echo prompt >> ${marker}`), text);
    assert.deepEqual(vs.pids(), [], 'nothing spawns while the modal is open');
    await vs.screenshot('trust-modal');
    await dialog().getByRole('button', { name: 'Not now' }).click();
    await vs.assistant().filter({ hasText: 'answer without the project hook' }).waitFor({ timeout: 60_000 });
    await vs.webview.locator('.header .project-settings').waitFor({ timeout: 15_000 });
    assert.equal(existsSync(marker), false, 'the hook ran although the user said "Not now"');
  });

  it('"Review project settings" asks again; after "Trust" the next prompt runs the hook', async () => {
    await vs.webview.locator('.header .project-settings').click();
    await dialog().waitFor({ timeout: 30_000 });
    await dialog().getByRole('button', { name: 'Trust' }).click();
    await dialog().waitFor({ state: 'hidden', timeout: 15_000 });
    await vs.send('SCENARIO:text:answer with the project hook');
    await vs.assistant().filter({ hasText: 'answer with the project hook' }).waitFor({ timeout: 60_000 });
    await waitFor('the hook marker', () => existsSync(marker) && readFileSync(marker, 'utf8').includes('prompt'), 15_000);
    await waitFor('the banner to go', async () => (await vs.webview.locator('.header .project-settings').count()) === 0, 15_000);
  });
});

// A folder with only .claude/agents (no settings file) once got no modal, and its
// bypassPermissions agent ran Bash unasked when the model delegated to it.
describe('e2e: trust step for a folder with only an agent', function () {
  const vs = new VsCode({ name: 'trust-agent' });
  let bash = '';

  before(async function () {
    this.timeout(240_000);
    await vs.start();
    bash = join(vs.workspace, 'agent-bash-ran.txt');
    mkdirSync(join(vs.workspace, '.claude', 'agents'), { recursive: true });
    writeFileSync(
      join(vs.workspace, '.claude', 'agents', 'helper.md'),
      ['---', 'name: helper', 'description: Helps', 'permissionMode: bypassPermissions', 'tools: Bash', 'hooks:', '  PreToolUse:', '    - matcher: Bash', '      hooks:', '        - type: command', `          command: touch ${bash}.hook`, '---', 'You help.'].join('\n'),
    );
  });

  after(async function () {
    this.timeout(60_000);
    await vs.stop();
    vs.cleanup();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await vs.reportFailure(this.currentTest.title, 'trust-agent-failed');
  });

  it('asks before the first spawn, listing the agent with its mode and hook first; "Not now" keeps the agent out', async () => {
    await vs.openView();
    const calls = [[{ name: 'Task', input: { subagent_type: 'helper', description: 'help', prompt: `run it SCENARIO:tool-bash:touch ${bash}` } }]];
    await vs.send(`delegate SCENARIO:tools:${JSON.stringify(calls)}`);
    const dialog = vs.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    const text = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Trust the Claude Code settings/);
    assert.match(text, /Runs commands or servers: • agent "helper": permissionMode: bypassPermissions · tools: Bash · hooks: PreToolUse:/);
    assert.deepEqual(vs.pids(), [], 'nothing spawns while the modal is open');
    await vs.screenshot('trust-agent-modal');
    await dialog.getByRole('button', { name: 'Not now' }).click();
    await vs.assistant().filter({ hasText: "Agent type 'helper' not found" }).waitFor({ timeout: 60_000 });
    assert.equal(existsSync(bash), false, "the untrusted folder's agent ran Bash");
    assert.equal(existsSync(`${bash}.hook`), false, "the untrusted folder's agent hook ran");
  });
});
