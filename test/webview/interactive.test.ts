import assert from 'node:assert/strict';
import type { ChatEvent } from '../../src/shared/contract';
import { fixtureEvents } from './fromCli';
import { idleStatus, useHarness, type WebviewPage } from './harness';

/**
 * Subagents, the task list, questions and plans in the panel. Subagent and task events come
 * from real CLI output (test/fixtures/cli/subagent.jsonl, tasks.jsonl); question and plan
 * results use the strings the real CLI sent (docs/protocol.md, "Interactive tools").
 */
describe('webview: subagents, task list, questions, plans', () => {
  const harness = useHarness();
  let wp: WebviewPage;

  afterEach(() => wp.closeClean());

  const running = { ...idleStatus, state: 'running' as const };

  it('a subagent turn renders nested in its Task card, collapsed, with a live step count', async () => {
    wp = await harness.open();
    await wp.snapshot([], running);
    const events = fixtureEvents('subagent.jsonl');
    const children = events.filter((e) => e.type === 'tool' && e.parentToolUseId).map((e) => (e.type === 'tool' ? e.toolUseId : ''));
    assert.equal(new Set(children).size, 2, 'the fixture has two subagent tool calls');
    // Up to the second child's call: one step so far.
    const cut = events.findIndex((e) => e.type === 'tool' && e.toolUseId === children[children.length - 1]);
    await wp.push(events.slice(0, cut));
    const task = wp.page.locator('.entries > .card.tool-task');
    assert.equal(await task.count(), 1);
    const title = wp.page.locator('.entries > .card.tool-task > .card-head .card-title');
    assert.equal(await title.textContent(), 'Look around · 1 step');
    const steps = task.locator('details.subagent');
    assert.equal(await steps.evaluate((d) => (d as unknown as { open: boolean }).open), false, 'collapsed by default');

    // The user opens it; the next step arrives live and it stays open.
    await steps.locator('summary').click();
    await wp.push(events.slice(cut));
    assert.equal(await title.textContent(), 'Look around · 2 steps');
    assert.equal(await task.locator('details.subagent').evaluate((d) => (d as unknown as { open: boolean }).open), true);
    const nested = task.locator('.subagent-steps > .card');
    assert.deepEqual(await nested.evaluateAll((els) => els.map((e) => e.className.split(' ').find((c: string) => c.startsWith('tool-')))), ['tool-bash', 'tool-glob']);
    assert.equal(await task.locator('.subagent-steps .card.tool-bash .output').textContent(), 'child-step');
    // Nothing of the subagent leaks into the transcript's top level.
    assert.equal(await wp.page.locator('.entries > .card').count(), 1);
    assert.match((await task.getAttribute('class'))!, /state-done/);
  });

  it('the task list above the prompt box follows TaskCreate / TaskUpdate live, while the turn runs', async () => {
    wp = await harness.open();
    await wp.snapshot([], running);
    const events = fixtureEvents('tasks.jsonl');
    const list = wp.page.locator('.task-list');
    const results = events.map((e, i) => (e.type === 'toolResult' ? i : -1)).filter((i) => i >= 0);
    assert.equal(results.length, 5);
    await wp.push(events.slice(0, results[1] + 1));
    assert.equal(await list.isVisible(), true);
    assert.deepEqual(await list.locator('li').allTextContents(), ['Write the parser', 'Test the parser']);
    assert.equal(await list.locator('.task-list-head').textContent(), ' Tasks · 0/2 done');
    await wp.push(events.slice(results[1] + 1, results[2] + 1));
    assert.deepEqual(await list.locator('li').allTextContents(), ['Writing the parser', 'Test the parser']);
    await wp.push(events.slice(results[2] + 1, results[4] + 1));
    assert.deepEqual(await list.locator('li').allTextContents(), ['Write the parser', 'Testing the parser']);
    assert.equal(await list.locator('li.todo-completed').count(), 1);
    assert.equal(await list.locator('.task-list-head').textContent(), ' Tasks · 1/2 done');
    // It sits right above the prompt box (the queued prompts' chips, hidden when none wait, go
    // between them), and goes away when the turn ends.
    assert.equal(
      await list.evaluate((el) => {
        let next = el.nextElementSibling;
        while (next && (next as unknown as { hidden: boolean }).hidden) next = next.nextElementSibling;
        return next?.classList.contains('composer');
      }),
      true,
    );
    await wp.host({ type: 'status', status: idleStatus });
    await wp.settle();
    assert.equal(await list.isVisible(), false);
  });

  const question = (extra: Partial<Extract<ChatEvent, { type: 'tool' }>> = {}): ChatEvent => ({
    type: 'tool',
    messageId: 'm1',
    index: 0,
    toolUseId: 'toolu_q',
    name: 'AskUserQuestion',
    input: {
      questions: [
        { question: 'Which color?', header: 'Color', options: [{ label: 'Red', description: 'warm' }, { label: 'Blue', description: 'cool' }], multiSelect: false },
        { question: 'Which sizes?', header: 'Sizes', options: [{ label: 'S', description: 'small' }, { label: 'M', description: 'medium' }], multiSelect: true },
      ],
    },
    ...extra,
  });

  it('a question card shows the questions, re-opens the native prompt, then shows the answers', async () => {
    wp = await harness.open();
    await wp.snapshot([], running);
    await wp.push([question(), { type: 'toolState', toolUseId: 'toolu_q', state: 'permission' }]);
    const card = wp.page.locator('.card.tool-askuserquestion');
    assert.deepEqual(await card.locator('.question-text').allTextContents(), ['Which color?', 'Which sizes?']);
    assert.deepEqual(await card.locator('.question-options li').allTextContents(), ['Red — warm', 'Blue — cool', 'S — small', 'M — medium']);
    assert.equal(await card.locator('.state-label').textContent(), 'Waiting for your answer');
    // The card can only ask the host to show VS Code's own prompt: the intent carries no answer.
    await wp.clearPosted();
    await card.locator('button.reopen-prompt').click();
    assert.deepEqual(await wp.posted(), [{ type: 'showPermissions' }]);

    await wp.push([
      { type: 'toolState', toolUseId: 'toolu_q', state: 'running' },
      {
        type: 'toolResult',
        toolUseId: 'toolu_q',
        isError: false,
        text: 'Your questions have been answered: "Which color?"="Blue", "Which sizes?"="S, M". You can now continue with these answers in mind.',
        structured: { questions: [], answers: { 'Which color?': 'Blue', 'Which sizes?': 'S, M' } },
      },
    ]);
    assert.deepEqual(await card.locator('.question-answer').allTextContents(), ['Blue', 'S, M']);
    assert.equal(await card.locator('button.reopen-prompt').count(), 0);
    assert.equal(await card.locator('.state-label').textContent(), 'Answered');
  });

  it('a plan card renders the plan as markdown (sanitised) and shows its outcome', async () => {
    wp = await harness.open();
    await wp.snapshot([], running);
    const plan = '# Refactor\n\n1. Split **parser**\n2. Add tests\n\n<img src=x onerror="window.__pwned=1">';
    await wp.push([
      { type: 'tool', messageId: 'm2', index: 0, toolUseId: 'toolu_p', name: 'ExitPlanMode', input: { plan } },
      { type: 'toolState', toolUseId: 'toolu_p', state: 'permission' },
    ]);
    const card = wp.page.locator('.card.tool-exitplanmode');
    await card.locator('.plan-body h1').waitFor();
    assert.equal(await card.locator('.plan-body h1').textContent(), 'Refactor');
    assert.equal(await card.locator('.plan-body strong').textContent(), 'parser');
    assert.equal(await card.locator('.plan-body img').count(), 0, 'raw HTML in the plan is not rendered');
    assert.equal(await wp.page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await card.locator('button.reopen-prompt').textContent(), 'Review plan…');

    await wp.push([
      { type: 'toolState', toolUseId: 'toolu_p', state: 'denied' },
      { type: 'toolResult', toolUseId: 'toolu_p', isError: true, text: 'Add a test for the edge case first.' },
    ]);
    assert.equal(await card.locator('.state-label').textContent(), 'Keep planning');
    assert.equal(await card.locator('.plan-feedback').textContent(), 'Add a test for the edge case first.');
    assert.equal(await card.locator('button.reopen-prompt').count(), 0);
  });
});
