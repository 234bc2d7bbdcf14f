import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionEvent } from '../../src/claude/events';
import type { PermissionMode } from '../../src/claude/protocol';
import { PermissionServer } from '../../src/claude/permissionServer';
import { ClaudeSession } from '../../src/claude/session';
import { toChatEvents } from '../../src/chat/claude/toChatEvents';
import {
  answersDecision,
  askQuestions,
  OTHER_LABEL,
  parseQuestions,
  planDecision,
  planOf,
  type PlanChoice,
  type QuestionPickItem,
  type QuestionUi,
} from '../../src/core/interactiveTools';
import { consoleLogger } from '../../src/core/logger';
import { PermissionQueue } from '../../src/core/permissionQueue';
import { canAllowForSession, type PermissionDecision, type PermissionRequest } from '../../src/core/permissions';
import { CLAUDE_BIN, claudePids, cliAtLeast, isAlive, makeSandbox, type Sandbox } from '../support/cliEnv';
import { ModelServer } from '../support/modelServer';

const logger = consoleLogger(process.env.TEST_LOG === 'debug' ? 'debug' : 'warn');

/**
 * A question UI whose user is scripted: each pick names the labels to choose (OTHER_LABEL
 * for free text), `undefined` dismisses. Records what it was shown.
 */
class ScriptedUi implements QuestionUi {
  readonly shown: { placeholder: string; title: string; canPickMany: boolean; labels: string[] }[] = [];
  constructor(
    private readonly picks: (string[] | undefined)[],
    private readonly typed: (string | undefined)[] = [],
  ) {}
  async pick(items: QuestionPickItem[], opts: { title: string; placeholder: string; canPickMany: boolean }): Promise<QuestionPickItem[] | undefined> {
    this.shown.push({ placeholder: opts.placeholder, title: opts.title, canPickMany: opts.canPickMany, labels: items.map((i) => i.label) });
    const want = this.picks.shift();
    if (!want) return undefined;
    return want.map((label) => {
      const item = items.find((i) => i.label === label);
      assert.ok(item, `no item "${label}" in ${items.map((i) => i.label).join(', ')}`);
      return item;
    });
  }
  async input(): Promise<string | undefined> {
    return this.typed.shift();
  }
}

const COLOR = { question: 'Which color?', header: 'Color', options: [{ label: 'Red', description: 'warm' }, { label: 'Blue', description: 'cool' }], multiSelect: false };
const SIZES = { question: 'Which sizes?', header: 'Sizes', options: [{ label: 'S', description: 'small' }, { label: 'M', description: 'medium' }, { label: 'L', description: 'large' }], multiSelect: true };

const tools = (steps: unknown) => `SCENARIO:tools:${JSON.stringify(steps)}`;

describe('interactive tools with the real CLI: questions, plans, subagents, tasks', function () {
  let model: ModelServer;
  let sandbox: Sandbox;
  let server: PermissionServer;
  const sessions: ClaudeSession[] = [];
  const pids = new Set<number>();
  let keyCounter = 0;

  before(async () => {
    model = new ModelServer();
    await model.start();
    sandbox = makeSandbox(model.url, 'claude-chat-interactive');
    server = new PermissionServer({ logger, progressIntervalMs: 1000 });
    await server.start();
  });

  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.dispose();
  });

  after(async () => {
    await server?.dispose();
    await model?.stop();
    for (const pid of pids) assert.equal(isAlive(pid), false, `claude ${pid} is still running`);
    assert.deepEqual(claudePids(sandbox.root), []);
    sandbox?.cleanup();
  });

  /** A session whose prompts go through a PermissionQueue with `present` as the UI, as in VS Code. */
  function open(present: (req: PermissionRequest) => Promise<PermissionDecision>, permissionMode?: PermissionMode) {
    const key = `i${++keyCounter}`;
    const queue = new PermissionQueue(present, logger);
    const session = new ClaudeSession({ cwd: sandbox.workspace, logger, cliPath: CLAUDE_BIN, env: sandbox.env, permissions: () => server.wiringFor(key), permissionMode });
    // As the chat controller registers it: a plan's text may only be in the model's own call.
    server.registerSession(key, queue, { cwd: sandbox.workspace, toolInput: (id) => session.toolInput(id), plansDir: () => session.plansDir() });
    const events: SessionEvent[] = [];
    session.onEvent((e) => {
      // The session updates its info object in place; keep what each init line said.
      events.push(e.type === 'sessionBound' ? { ...e, info: { ...e.info } } : e);
      if (e.type === 'sessionBound' && e.info.pid) pids.add(e.info.pid);
    });
    sessions.push(session);
    return { session, queue, events };
  }

  /** The question flow VS Code runs (askQuestionsNatively), with a scripted user; dismissal leaves the prompt pending. */
  const questionPresenter = (ui: QuestionUi) => async (req: PermissionRequest): Promise<PermissionDecision> => {
    const questions = parseQuestions(req.input);
    assert.ok(questions, `not a question: ${req.toolName}`);
    const answers = await askQuestions(questions, ui);
    if (!answers) return new Promise(() => undefined); // still pending, until answered or withdrawn
    return answersDecision(req.input, answers);
  };

  /** The tool_result the CLI sent to the model for the latest call of `toolName`. */
  function lastToolResult(toolName = ''): { text: string; isError: boolean } {
    const calls = new Set<string>();
    const found: { text: string; isError: boolean }[] = [];
    const seen = new Set<string>();
    for (const r of model.mainRequests()) {
      for (const m of r.body.messages ?? []) {
        if (!Array.isArray(m.content)) continue;
        for (const b of m.content) {
          if (b?.type === 'tool_use' && (!toolName || b.name === toolName)) calls.add(b.id);
          if (b?.type !== 'tool_result' || !calls.has(b.tool_use_id) || seen.has(b.tool_use_id)) continue;
          seen.add(b.tool_use_id);
          const text = typeof b.content === 'string' ? b.content : (b.content ?? []).map((c: { text?: string }) => c.text ?? '').join('');
          found.push({ text, isError: b.is_error === true });
        }
      }
    }
    assert.ok(found.length > 0, `no tool_result for ${toolName || 'any tool'} reached the model`);
    return found[found.length - 1];
  }

  async function waitFor(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('one question: the picked label reaches the model as the answer', async () => {
    const ui = new ScriptedUi([['Blue']]);
    const { session } = open(questionPresenter(ui));
    const r = await session.send(tools([[{ name: 'AskUserQuestion', input: { questions: [COLOR] } }]]));
    assert.equal(r.outcome, 'success', r.error?.message);
    assert.deepEqual(ui.shown, [{ placeholder: 'Which color?', title: 'Claude asks: Color', canPickMany: false, labels: ['Red', 'Blue', OTHER_LABEL] }]);
    const result = lastToolResult('AskUserQuestion');
    assert.equal(result.isError, false);
    assert.equal(result.text, 'Your questions have been answered: "Which color?"="Blue". You can now continue with these answers in mind.');
  });

  it('two questions, one multi-select: both answers, the multi-select joined with ", "', async () => {
    const ui = new ScriptedUi([['Red'], ['S', 'L']]);
    const { session } = open(questionPresenter(ui));
    const r = await session.send(tools([[{ name: 'AskUserQuestion', input: { questions: [COLOR, SIZES] } }]]));
    assert.equal(r.outcome, 'success', r.error?.message);
    assert.deepEqual(ui.shown.map((s) => s.canPickMany), [false, true]);
    assert.equal(lastToolResult('AskUserQuestion').text, 'Your questions have been answered: "Which color?"="Red", "Which sizes?"="S, L". You can now continue with these answers in mind.');
  });

  it('free text through "Other…" is the answer', async () => {
    const ui = new ScriptedUi([[OTHER_LABEL], ['M', OTHER_LABEL]], ['Teal, but muted', 'XXL']);
    const { session } = open(questionPresenter(ui));
    const r = await session.send(tools([[{ name: 'AskUserQuestion', input: { questions: [COLOR, SIZES] } }]]));
    assert.equal(r.outcome, 'success', r.error?.message);
    // The wording around the answers differs by version (2.1.332 words a free-text answer as
    // "The user answered: …"); the answers themselves are the same (docs/compatibility.md).
    const result = lastToolResult('AskUserQuestion');
    assert.equal(result.isError, false);
    assert.ok(result.text.includes('"Which color?"="Teal, but muted", "Which sizes?"="M, XXL".'), result.text);
  });

  it('a dismissed question stays pending; Stop settles it and the turn ends interrupted', async () => {
    const ui = new ScriptedUi([undefined]);
    const { session, queue } = open(questionPresenter(ui));
    const turn = session.send(tools([[{ name: 'AskUserQuestion', input: { questions: [COLOR] } }]]));
    await waitFor(() => ui.shown.length === 1, 'the question');
    // Let the dismissal settle; the prompt must still be there afterwards.
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(queue.pending().map((p) => p.toolName), ['AskUserQuestion']);
    assert.equal(session.state, 'running');
    await session.interrupt();
    const r = await turn;
    assert.equal(r.outcome, 'interrupted');
    assert.deepEqual(queue.pending(), []);
  });

  /**
   * Plan mode, ExitPlanMode answered with `choice`; returns the mode of the next turn's init line.
   * `inline`: the model passes the plan in its call (2.1.332 drops it from the prompt's input);
   * otherwise it writes the plan file the CLI named first, as a real plan-mode model does.
   */
  async function planTurn(choice: PlanChoice, how: 'inline' | 'file' = 'inline') {
    const shown: string[] = [];
    const { session, events } = open(async (req) => {
      assert.equal(req.toolName, 'ExitPlanMode');
      shown.push(planOf(req.input));
      assert.equal(canAllowForSession(req.toolName, req.input, sandbox.workspace), false);
      return planDecision(req.input, choice);
    }, 'plan');
    const prompt = how === 'inline' ? tools([[{ name: 'ExitPlanMode', input: { plan: '# Plan\n\n1. Change the thing' } }]]) : 'SCENARIO:plan-file:Plan from the file';
    const r = await session.send(prompt);
    assert.deepEqual(shown, [how === 'inline' ? '# Plan\n\n1. Change the thing' : '# Plan from the file\n\n1. Change the thing\n2. Test it\n']);
    assert.equal(r.outcome, 'success', r.error?.message);
    const result = lastToolResult('ExitPlanMode');
    const statusModes = events.flatMap((e) => (e.type === 'status' && e.permissionMode ? [e.permissionMode] : []));
    await session.send('SCENARIO:text:next turn');
    const inits = events.flatMap((e) => (e.type === 'sessionBound' ? [e.info.permissionMode] : []));
    return { result, statusModes, firstInit: inits[0], nextInit: inits[inits.length - 1] };
  }

  it('plan approved: the model is told so and the CLI leaves plan mode (status, then the next init)', async () => {
    const t = await planTurn({ kind: 'approve' });
    assert.equal(t.result.isError, false);
    assert.match(t.result.text, /^User has approved your plan/);
    assert.equal(t.firstInit, 'plan');
    assert.deepEqual(t.statusModes, ['default']);
    assert.equal(t.nextInit, 'default');
  });

  it('a plan written to the plan file (as a plan-mode model does) is the plan reviewed; approve leaves plan mode', async () => {
    const t = await planTurn({ kind: 'approve' }, 'file');
    assert.equal(t.result.isError, false);
    assert.match(t.result.text, /^User has approved your plan/);
    assert.deepEqual(t.statusModes, ['default']);
  });

  it('keep planning on a plan from the plan file: the model gets the feedback', async () => {
    const t = await planTurn({ kind: 'keepPlanning', feedback: 'Split step 1.' }, 'file');
    assert.deepEqual(t.result, { text: 'Split step 1.', isError: true });
    assert.equal(t.nextInit, 'plan');
  });

  it('plan approved with auto-accept: the CLI switches to acceptEdits', async () => {
    const t = await planTurn({ kind: 'approveAcceptEdits' });
    assert.match(t.result.text, /^User has approved your plan/);
    assert.deepEqual(t.statusModes, ['acceptEdits']);
    assert.equal(t.nextInit, 'acceptEdits');
  });

  it('keep planning: the model gets the feedback and the mode stays plan', async () => {
    const t = await planTurn({ kind: 'keepPlanning', feedback: 'Add a test for the edge case first.' });
    assert.deepEqual(t.result, { text: 'Add a test for the edge case first.', isError: true });
    assert.deepEqual(t.statusModes, []);
    assert.equal(t.nextInit, 'plan');
  });

  it('a subagent: its steps carry the Task call as parent, down to the panel events', async () => {
    const { session, events } = open(async () => ({ kind: 'allow' }));
    // The second step: `Glob` in 2.1.197; 2.1.332 has no Glob in -p sessions, so a Read there.
    const second = GLOB_TOOL ? { name: 'Glob', input: { pattern: '*.none' } } : { name: 'Read', input: { file_path: join(sandbox.workspace, 'sub.txt') } };
    if (!GLOB_TOOL) writeFileSync(join(sandbox.workspace, 'sub.txt'), 'sub\n');
    const child = tools([[{ name: 'Bash', input: { command: 'echo child-step', description: 'child step' } }], [second]]);
    const r = await session.send(tools([[{ name: SUBAGENT_TOOL, input: { description: 'Sub job', prompt: child, subagent_type: 'general-purpose', ...FOREGROUND } }]]));
    assert.equal(r.outcome, 'success', r.error?.message);
    const task = events.find((e): e is Extract<SessionEvent, { type: 'toolUseComplete' }> => e.type === 'toolUseComplete' && e.name === SUBAGENT_TOOL);
    assert.ok(task);
    assert.equal(task.parentToolUseId, undefined);
    const chat = events.flatMap((e) => toChatEvents(e, 0));
    const nested = chat.filter((e) => e.type === 'tool' && e.parentToolUseId === task.toolUseId).map((e) => (e.type === 'tool' ? e.name : ''));
    assert.deepEqual([...new Set(nested)], ['Bash', second.name]);
    const bash = chat.find((e) => e.type === 'tool' && e.name === 'Bash');
    const bashResult = chat.find((e) => e.type === 'toolResult' && bash?.type === 'tool' && e.toolUseId === bash.toolUseId);
    assert.ok(bashResult?.type === 'toolResult' && bashResult.text === 'child-step');
  });

  it('Stop during a subagent interrupts the whole tree: no subagent tool process survives', async () => {
    const { session, events } = open(async () => ({ kind: 'allow' }));
    const marker = `sleep-${Date.now()}`;
    // Not a bare sleep: 2.1.332 blocks a standalone `sleep 30` before it runs.
    const child = tools([[{ name: 'Bash', input: { command: `echo slow; sleep 30 # ${marker}`, description: 'slow child step' } }]]);
    const turn = session.send(tools([[{ name: SUBAGENT_TOOL, input: { description: 'Slow sub job', prompt: child, subagent_type: 'general-purpose', ...FOREGROUND } }]]));
    await waitFor(() => sleepers(marker).length > 0, 'the subagent to start its tool');
    await session.interrupt();
    const r = await turn;
    assert.equal(r.outcome, 'interrupted');
    await waitFor(() => sleepers(marker).length === 0, 'the subagent tool process to end', 10_000);
    assert.ok(events.some((e) => e.type === 'toolUseComplete' && e.parentToolUseId !== undefined));
    // The process survives the stop and takes the next prompt.
    const next = await session.send('SCENARIO:text:after the stop');
    assert.equal(next.text, 'after the stop');
  });

  it('thinking: set_max_thinking_tokens turns it off and on for the next request, also before the process exists', async () => {
    const key = `i${++keyCounter}`;
    server.registerSession(key, new PermissionQueue(async () => ({ kind: 'allow' }), logger), { cwd: sandbox.workspace });
    // haiku takes a budget; the default models think adaptively (docs/protocol.md). From 2.1.332
    // the alias is Haiku 5.5, whose thinking the CLI won't turn off ("Thinking can't be turned off
    // for Haiku 5.5"): the budget model is then named by its id. The no-off case has its own test.
    const session = new ClaudeSession({ cwd: sandbox.workspace, logger, cliPath: CLAUDE_BIN, env: sandbox.env, permissions: () => server.wiringFor(key), model: cliAtLeast('2.1.332') ? 'claude-haiku-4-5' : 'haiku' });
    sessions.push(session);
    const thinkingOf = () => model.mainRequests().at(-1)?.body.thinking;
    await session.setMaxThinkingTokens(0); // no process yet: sent when it starts
    assert.equal((await session.send('SCENARIO:text:one')).outcome, 'success');
    assert.deepEqual(thinkingOf(), { type: 'disabled' });
    await session.setMaxThinkingTokens(4096);
    assert.equal((await session.send('SCENARIO:text:two')).outcome, 'success');
    // 2.1.332 adds the display mode it asks for (summarised thinking updates).
    assert.deepEqual(thinkingOf(), { type: 'enabled', budget_tokens: 4096, ...(cliAtLeast('2.1.332') ? { display: 'updates' } : {}) });
  });

  it('task tools: their inputs and results have the shapes the task list reads', async () => {
    const { session, events } = open(async () => ({ kind: 'allow' }));
    if (!TASK_TOOLS) {
      // 2.1.332 has neither the Task* tools nor TodoWrite in -p sessions (CLAUDE_CODE_ENABLE_TASKS
      // and CLAUDE_CODE_ENABLE_TODO_TOOLS don't bring them back): a call is refused, the turn goes
      // on, and the panel shows the refusal as the tool's error (the task list stays empty).
      const r = await session.send(tools([[{ name: 'TaskCreate', input: { subject: 'Write the parser', description: 'd1' } }]]));
      assert.equal(r.outcome, 'success', r.error?.message);
      const result = events.flatMap((e) => toChatEvents(e, 0)).find((e) => e.type === 'toolResult');
      assert.ok(result?.type === 'toolResult' && result.isError === true && /TaskCreate is disabled for this session/.test(result.text), JSON.stringify(result));
      return;
    }
    const r = await session.send(
      tools([
        [{ name: 'TaskCreate', input: { subject: 'Write the parser', description: 'd1', activeForm: 'Writing the parser' } }],
        [{ name: 'TaskCreate', input: { subject: 'Test it', description: 'd2' } }],
        [{ name: 'TaskUpdate', input: { taskId: '1', status: 'in_progress' } }],
        [{ name: 'TaskList', input: {} }],
      ]),
    );
    assert.equal(r.outcome, 'success', r.error?.message);
    const results = events.flatMap((e) => (e.type === 'toolResult' ? [e.structured] : []));
    assert.deepEqual(results[0], { task: { id: '1', subject: 'Write the parser' } });
    assert.deepEqual(results[2], { success: true, taskId: '1', updatedFields: ['status'], statusChange: { from: 'pending', to: 'in_progress' } });
    assert.deepEqual(results[3], {
      tasks: [
        { id: '1', subject: 'Write the parser', status: 'in_progress', blockedBy: [] },
        { id: '2', subject: 'Test it', status: 'pending', blockedBy: [] },
      ],
    });
  });
});

/** The subagent tool: `Task` in 2.1.197, renamed `Agent` by 2.1.332 (which has no `Task`). */
const SUBAGENT_TOOL = cliAtLeast('2.1.332') ? 'Agent' : 'Task';
/**
 * 2.1.332's `Agent` runs a subagent in the background unless told otherwise ("Async agent launched
 * successfully", the turn ends first); these tests follow a subagent inside its turn. 2.1.197's
 * `Task` has no such input.
 */
const FOREGROUND = cliAtLeast('2.1.332') ? { run_in_background: false } : {};
/** `Glob` exists in 2.1.197's -p sessions, not in 2.1.332's. */
const GLOB_TOOL = !cliAtLeast('2.1.332');
/** TaskCreate/TaskUpdate/TaskList exist in 2.1.197's -p sessions, not in 2.1.332's. */
const TASK_TOOLS = !cliAtLeast('2.1.332');

/** Live processes whose command line carries `marker` (the subagent's `sleep`). */
function sleepers(marker: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (/\) Z /.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes(marker) && !cmd.includes('SCENARIO')) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}
