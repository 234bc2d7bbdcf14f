import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { askQuestions, NO_PLAN_TEXT, OTHER_LABEL, parseQuestions, planDecision, planOf, type QuestionPickItem, type QuestionUi } from '../../src/core/interactiveTools';
import { buildReply } from '../../src/claude/permissionReply';
import { withPlanText } from '../../src/claude/planSource';
import { canAllowForSession } from '../../src/core/permissions';

/** A user who picks by label; `undefined` dismisses. */
function ui(picks: (string[] | undefined)[], typed: (string | undefined)[] = []): QuestionUi {
  return {
    async pick(items: QuestionPickItem[]) {
      const want = picks.shift();
      return want?.map((l) => items.find((i) => i.label === l)!);
    },
    async input() {
      return typed.shift();
    },
  };
}

const q = (question: string, multiSelect = false) => ({ question, header: 'H', options: [{ label: 'A', description: 'a' }, { label: 'B', description: 'b' }], multiSelect });

describe('interactive tools: questions and plans as permission replies', () => {
  it('parses the questions; another shape is not a question', () => {
    assert.equal(parseQuestions({ questions: [q('Q?')] })?.length, 1);
    assert.equal(parseQuestions({ questions: 'nope' }), undefined);
    assert.equal(parseQuestions({ questions: [] }), undefined);
    assert.equal(parseQuestions({}), undefined);
  });

  it('answers by question text: a label, labels joined with ", ", free text', async () => {
    const answers = await askQuestions([q('One?'), q('Many?', true), q('Own?')], ui([['B'], ['A', 'B', OTHER_LABEL], [OTHER_LABEL]], ['C', ' my words ']));
    assert.deepEqual(answers, { 'One?': 'B', 'Many?': 'A, B, C', 'Own?': 'my words' });
  });

  it('dismissing any question, or leaving the free text empty, is no answer', async () => {
    assert.equal(await askQuestions([q('One?'), q('Two?')], ui([['A'], undefined])), undefined);
    assert.equal(await askQuestions([q('One?')], ui([[OTHER_LABEL]], [''])), undefined);
    assert.equal(await askQuestions([q('One?')], ui([[OTHER_LABEL]], [undefined])), undefined);
  });

  it('the reply carries the answers in updatedInput; approve modes go in updatedPermissions', () => {
    const input = { questions: [q('One?')] };
    assert.deepEqual(buildReply({ kind: 'allowWithInput', updatedInput: { ...input, answers: { 'One?': 'A' } } }, 'AskUserQuestion', input, '/ws'), {
      behavior: 'allow',
      updatedInput: { ...input, answers: { 'One?': 'A' } },
    });
    const plan = { plan: '# P' };
    assert.deepEqual(buildReply(planDecision(plan, { kind: 'approveAcceptEdits' }), 'ExitPlanMode', plan, '/ws'), {
      behavior: 'allow',
      updatedInput: plan,
      updatedPermissions: [{ type: 'setMode', mode: 'acceptEdits', destination: 'session' }],
    });
    assert.deepEqual(buildReply(planDecision(plan, { kind: 'approve' }), 'ExitPlanMode', plan, '/ws'), {
      behavior: 'allow',
      updatedInput: plan,
      updatedPermissions: [{ type: 'setMode', mode: 'default', destination: 'session' }],
    });
    assert.deepEqual(buildReply(planDecision(plan, { kind: 'keepPlanning', feedback: ' More tests. ' }), 'ExitPlanMode', plan, '/ws'), { behavior: 'deny', message: 'More tests.' });
    const empty = buildReply(planDecision(plan, { kind: 'keepPlanning', feedback: '' }), 'ExitPlanMode', plan, '/ws');
    assert.ok(empty.behavior === 'deny' && empty.message.length > 0);
  });

  it('finds the plan text where the CLI left it: the input, the plan file it names, the model\'s own call', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-source-'));
    try {
      const file = join(dir, 'p.md');
      writeFileSync(file, '# From the file\n');
      assert.deepEqual(withPlanText('ExitPlanMode', { plan: '# Inline' }, undefined, dir), { plan: '# Inline' });
      assert.deepEqual(withPlanText('ExitPlanMode', { planFilePath: file }, undefined, dir), { planFilePath: file, plan: '# From the file\n' });
      // 2.1.332 sends {} when the model passed the plan inline and wrote no file.
      assert.deepEqual(withPlanText('ExitPlanMode', {}, { plan: '# The call' }, dir), { plan: '# The call' });
      assert.deepEqual(withPlanText('ExitPlanMode', { planFilePath: join(dir, 'missing.md') }, { plan: '# The call' }, dir), { planFilePath: join(dir, 'missing.md'), plan: '# The call' });
      assert.deepEqual(withPlanText('ExitPlanMode', {}, undefined, dir), {});
      assert.deepEqual(withPlanText('Write', { file_path: file }, { plan: 'x' }, dir), { file_path: file });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a plan file only inside the plans folder, never a link to /dev/zero, a FIFO or a .md elsewhere', () => {
    const root = mkdtempSync(join(tmpdir(), 'plan-guard-'));
    const plans = join(root, 'plans');
    mkdirSync(plans);
    try {
      // Anything the model names outside the plans folder stays unread: the call's own plan is used.
      const outside = join(root, 'notes.md');
      writeFileSync(outside, '# Secret notes\n');
      assert.deepEqual(withPlanText('ExitPlanMode', { planFilePath: outside }, { plan: '# The call' }, plans), { planFilePath: outside, plan: '# The call' });
      assert.deepEqual(withPlanText('ExitPlanMode', { planFilePath: join(plans, '..', 'notes.md') }, undefined, plans), { planFilePath: join(plans, '..', 'notes.md') });
      // A link in the plans folder to a file outside it is not followed.
      symlinkSync(outside, join(plans, 'linked.md'));
      assert.deepEqual(withPlanText('ExitPlanMode', { planFilePath: join(plans, 'linked.md') }, undefined, plans), { planFilePath: join(plans, 'linked.md') });
      // Size 0 when stat'ed, endless when read: the unguarded read never returned.
      symlinkSync('/dev/zero', join(plans, 'zero.md'));
      assert.deepEqual(withPlanText('ExitPlanMode', { planFilePath: join(plans, 'zero.md') }, undefined, plans), { planFilePath: join(plans, 'zero.md') });
      // A FIFO blocked the unguarded read until something wrote to it.
      const fifo = join(plans, 'fifo.md');
      execFileSync('mkfifo', [fifo]);
      assert.deepEqual(withPlanText('ExitPlanMode', { planFilePath: fifo }, { plan: '# The call' }, plans), { planFilePath: fifo, plan: '# The call' });
      // The real plan file still reads.
      writeFileSync(join(plans, 'p.md'), '# Plan\n');
      assert.deepEqual(withPlanText('ExitPlanMode', { planFilePath: join(plans, 'p.md') }, undefined, plans), { planFilePath: join(plans, 'p.md'), plan: '# Plan\n' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a plan is always reviewed as a plan, and never allowed for the session', () => {
    assert.equal(planOf({ plan: '# P' }), '# P');
    assert.equal(planOf({}), NO_PLAN_TEXT);
    assert.equal(planOf({ plan: '  ' }), NO_PLAN_TEXT);
    assert.equal(canAllowForSession('ExitPlanMode', {}, '/ws'), false);
    assert.equal(canAllowForSession('ExitPlanMode', { plan: '# P' }, '/ws'), false);
    assert.equal(canAllowForSession('AskUserQuestion', { questions: [q('One?')] }, '/ws'), false);
    assert.equal(canAllowForSession('WebSearch', { query: 'x' }, '/ws'), true);
  });
});
