import assert from 'node:assert/strict';
import { fixtureEvents } from './fromCli';
import { useHarness, type WebviewPage } from './harness';

/** Cards rendered from recorded CLI stdout (test/fixtures/cli/*.jsonl), streamed through the batcher. */
describe('webview: tool cards from real CLI lines', () => {
  const harness = useHarness();
  let wp: WebviewPage;

  async function load(fixture: string): Promise<void> {
    wp = await harness.open();
    await wp.snapshot([]);
    await wp.push(fixtureEvents(fixture));
  }

  afterEach(() => wp.closeClean());

  it('Bash: command, output, done', async () => {
    await load('tool-bash.jsonl');
    const card = wp.page.locator('.card.tool-bash');
    assert.equal(await card.count(), 1);
    assert.equal(await card.locator('.command').textContent(), '$ echo hello-from-bash');
    assert.equal(await card.locator('.card-title').textContent(), 'Scripted bash call');
    assert.equal(await card.locator('.output').textContent(), 'hello-from-bash');
    assert.match((await card.getAttribute('class'))!, /state-done/);
    assert.equal(await card.locator('.state-label').textContent(), 'Done');
    // Per turn a result line: duration, tokens, cost.
    assert.equal(await wp.page.locator('.turn-end').textContent(), 'Done · 142 ms · 50 in · 6 out tokens · $0.0004');
  });

  it('Read + Edit: file links, line range, unified diff from structuredPatch', async () => {
    await load('tool-edit.jsonl');
    const read = wp.page.locator('.card.tool-read');
    assert.equal(await read.locator('.file-link').textContent(), 'greet.txt');
    assert.match((await read.locator('.card-title').textContent())!, /lines 1–3 of 3/);
    const edit = wp.page.locator('.card.tool-edit');
    assert.equal(await edit.locator('.file-link').getAttribute('data-path'), '/ws/greet.txt');
    assert.deepEqual(await edit.locator('.diff-line.del .code').allTextContents(), ['hello world']);
    assert.deepEqual(await edit.locator('.diff-line.add .code').allTextContents(), ['goodbye world']);
    assert.deepEqual(await edit.locator('.diff-line.ctx .code').allTextContents(), ['second line']);
    assert.equal(await edit.locator('.diff-line.hunk').textContent(), '@@ -1,2 +1,2 @@');

    // A path click asks the host to open the file, at the hunk's line.
    await wp.clearPosted();
    await edit.locator('.file-link').click();
    assert.deepEqual(await wp.posted(), [{ type: 'openFile', path: '/ws/greet.txt', line: 1 }]);
  });

  it('Write: file, size, first lines', async () => {
    await load('tool-write.jsonl');
    const card = wp.page.locator('.card.tool-write');
    assert.equal(await card.locator('.file-link').getAttribute('data-path'), '/ws/hello.txt');
    assert.equal(await card.locator('.card-body .muted').textContent(), '1 line · 30 B · created');
    assert.equal(await card.locator('.card-body pre').textContent(), 'hello from the scripted model');
  });

  it('Read alone: file + line range', async () => {
    await load('tool-read.jsonl');
    const card = wp.page.locator('.card.tool-read');
    assert.equal(await card.locator('.file-link').getAttribute('data-path'), '/ws/notes.txt');
    assert.match((await card.locator('.card-title').textContent())!, /lines 1–3 of 3/);
  });

  it('TodoWrite (real, tool not enabled): checklist and error state', async () => {
    await load('todo.jsonl');
    const card = wp.page.locator('.card.tool-todowrite');
    assert.deepEqual(await card.locator('li').allTextContents(), ['Read the code', 'Writing the fix', 'Run the tests']);
    assert.equal(await card.locator('li.todo-completed').count(), 1);
    assert.match((await card.getAttribute('class'))!, /state-error/);
    assert.match((await card.locator('.card-error').textContent())!, /No such tool available/);
  });

  it('hand-made fixture: todo list, long Bash output folded, generic tool JSON, failed command', async () => {
    await load('handmade-sample-tools.jsonl');
    const todo = wp.page.locator('.card.tool-todowrite');
    assert.equal(await todo.locator('.card-title').textContent(), '1/3 done');
    assert.equal(await todo.locator('li.todo-in_progress').textContent(), 'Writing the tests');

    const bash = wp.page.locator('.card.tool-bash').first();
    const out = bash.locator('.output');
    assert.equal((await out.textContent())!.split('\n').length, 20);
    await bash.locator('[data-action="expand"]').click();
    assert.equal((await out.textContent())!.split('\n').length, 45);

    const grep = wp.page.locator('.card.tool-grep');
    assert.equal(await grep.locator('.tool-name').textContent(), 'Grep');
    assert.equal(await grep.locator('details.json pre').first().textContent(), JSON.stringify({ pattern: 'TODO', path: '/ws/src', output_mode: 'files_with_matches' }, null, 2));

    const failed = wp.page.locator('.card.tool-bash').nth(1);
    assert.match((await failed.getAttribute('class'))!, /state-error/);
    assert.equal(await failed.locator('.state-label').textContent(), 'Exit code 1');
    assert.match((await wp.page.locator('.turn-end').textContent())!, /^Done · 4\.3 s · 16k in · 340 out tokens · \$0\.01$/);
  });

  it('a denied tool shows Denied, and states move permission → running → done', async () => {
    await load('protocol-sample.jsonl');
    // What the host adds for the recorded denial.
    await wp.push([{ type: 'toolState', toolUseId: 'toolu_scripted_0008', state: 'denied' }]);
    const denied = wp.page.locator('[data-tool-use-id="toolu_scripted_0008"]');
    assert.equal(await denied.locator('.state-label').textContent(), 'Denied');
    assert.match((await denied.locator('.card-error').textContent())!, /Denied while recording/);

    await wp.push([{ type: 'tool', messageId: 'mx', index: 0, toolUseId: 'u-live', name: 'Bash', input: { command: 'ls' } }, { type: 'toolState', toolUseId: 'u-live', state: 'permission' }]);
    const live = wp.page.locator('[data-tool-use-id="u-live"]');
    assert.equal(await live.locator('.state-label').textContent(), 'Waiting for permission');
    await wp.push([{ type: 'toolState', toolUseId: 'u-live', state: 'running' }]);
    assert.equal(await live.locator('.state-label').textContent(), 'Running');
    await wp.push([{ type: 'toolResult', toolUseId: 'u-live', isError: false, text: 'a\nb', structured: { stdout: 'a\nb', stderr: '', interrupted: false, isImage: false } }]);
    assert.equal(await live.locator('.state-label').textContent(), 'Done');
    // A late state never moves a finished tool back.
    await wp.push([{ type: 'toolState', toolUseId: 'u-live', state: 'running' }]);
    assert.equal(await live.locator('.state-label').textContent(), 'Done');
  });

  it('the newer tools (Monitor, TaskStop, Cron*, worktrees, SendMessage, ToolSearch) read as a sentence, not key/value pairs', async () => {
    wp = await harness.open();
    await wp.snapshot([]);
    const calls: [string, Record<string, unknown>, string][] = [
      ['Monitor', { description: 'build errors', timeout_ms: 300000, command: 'tail -f build.log' }, 'Watch "build errors" for up to 5 min: run tail -f build.log'],
      ['TaskStop', { task_id: 'bash_3' }, 'Stop the background task bash_3'],
      ['CronCreate', { cron: '*/5 * * * *', prompt: 'check the build' }, 'Schedule a prompt on the schedule "*/5 * * * *": check the build'],
      ['CronList', {}, 'List the scheduled prompts'],
      ['ExitWorktree', { action: 'keep' }, 'Leave the git worktree (it stays on disk)'],
      ['SendMessage', { to: 'tester', message: 'All   tests\npass.' }, 'Send a message to tester: All tests pass.'],
      ['ToolSearch', { query: 'select:Monitor,TaskStop' }, 'Load the tools Monitor, TaskStop'],
    ];
    await wp.push(calls.map(([name, input], i) => ({ type: 'tool', messageId: 'mn', index: i, toolUseId: `u-new-${i}`, name, input })));
    for (const [i, [, , title]] of calls.entries()) {
      assert.equal(await wp.page.locator(`[data-tool-use-id="u-new-${i}"] .card-title`).textContent(), title);
    }
  });

  it('thinking and markdown fixtures', async () => {
    await load('thinking.jsonl');
    assert.equal(await wp.page.locator('details.thinking .thinking-body').textContent(), 'Let me think about this carefully.');
    assert.equal((await wp.page.locator('.entry.assistant').textContent())!.trim(), 'Thought it through: the answer is 42.');
    await wp.close();
    await load('markdown.jsonl');
    const md = wp.page.locator('.entry.assistant');
    assert.equal(await md.locator('h2').textContent(), 'Plan');
    assert.equal(await md.locator('a').getAttribute('href'), 'https://example.com');
    assert.equal(await md.locator('.code-lang').textContent(), 'ts');
    assert.ok((await md.locator('code .hljs-keyword').count()) > 0);
    await wp.clearPosted();
    await md.locator('.code-copy').click();
    const posted = await wp.posted();
    assert.equal(posted[0].type, 'copy');
    assert.match(String(posted[0].text), /^export function add/);
  });
});
