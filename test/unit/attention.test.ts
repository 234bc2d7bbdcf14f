import assert from 'node:assert/strict';
import { AttentionTracker, attentionOfError, attentionOfEvents, isLooking, shouldAlert, titleWithCount, type AttentionSettings, type Looking } from '../../src/chat/attention';
import type { ChatEvent } from '../../src/shared/contract';

const allOn: AttentionSettings = { turnEnd: true, waiting: true, error: true };
const away: Looking = { windowFocused: false, chatVisible: true };
const hidden: Looking = { windowFocused: true, chatVisible: false };
const looking: Looking = { windowFocused: true, chatVisible: true };

function turnEnd(outcome: 'success' | 'error' | 'interrupted' | 'cancelled'): ChatEvent {
  return { type: 'turnEnd', turnId: 't1', outcome, ...(outcome === 'error' ? { error: { code: 'api', message: 'overloaded', actions: [] } } : {}) };
}

describe('attention: should we alert?', () => {
  it('alerts only while the user is not looking: window unfocused or the chat not shown', () => {
    assert.equal(isLooking(looking), true);
    assert.equal(isLooking(away), false, 'another window has the focus, even with the chat on screen');
    assert.equal(isLooking(hidden), false, 'the chat is hidden (view collapsed, another chat or tab shown)');
    for (const kind of ['turnEnd', 'waiting', 'error'] as const) {
      assert.equal(shouldAlert(kind, looking, allOn), false, `${kind}: nothing while the user looks at the chat`);
      assert.equal(shouldAlert(kind, away, allOn), true);
      assert.equal(shouldAlert(kind, hidden, allOn), true);
    }
  });

  it('each kind has its own setting', () => {
    const noTurnEnd = { ...allOn, turnEnd: false };
    assert.equal(shouldAlert('turnEnd', away, noTurnEnd), false);
    assert.equal(shouldAlert('waiting', away, noTurnEnd), true);
    assert.equal(shouldAlert('error', away, { ...allOn, error: false }), false);
    assert.equal(shouldAlert('waiting', away, { ...allOn, waiting: false }), false);
  });

  it('a finished turn asks for attention; a stopped one does not; a failed one is an error', () => {
    assert.equal(attentionOfEvents([turnEnd('success')], 0), 'turnEnd');
    assert.equal(attentionOfEvents([turnEnd('error')], 0), 'error');
    assert.equal(attentionOfEvents([turnEnd('interrupted')], 0), undefined, 'the user pressed Stop: they were there');
    assert.equal(attentionOfEvents([turnEnd('cancelled')], 0), undefined);
    assert.equal(attentionOfEvents([{ type: 'notice', level: 'info', text: 'x' }], 0), undefined, 'only turn ends count');
    assert.equal(attentionOfEvents([turnEnd('success')], 2), undefined, 'queued prompts start the next turn at once: not done yet');
    assert.equal(attentionOfEvents([turnEnd('error'), turnEnd('success')], 0), 'turnEnd', 'the last turn end of a batch decides');
    assert.equal(attentionOfError({ code: 'exited', message: 'Claude exited', actions: [] }), 'error');
    assert.equal(attentionOfError(null), undefined, 'an error cleared is nothing to tell');
  });

  it('counts what arrived unseen per chat, notifies once per kind until seen, and clears on looking', () => {
    const t = new AttentionTracker<string>();
    assert.deepEqual(t.raise('a', 'turnEnd', looking, allOn), { notify: false });
    assert.equal(t.count('a'), 0, 'nothing counts while the user looks');
    assert.deepEqual(t.raise('a', 'turnEnd', away, allOn), { notify: true });
    assert.deepEqual(t.raise('a', 'turnEnd', away, allOn), { notify: false }, 'a second finished turn before they come back adds nothing');
    assert.equal(t.count('a'), 1);
    assert.deepEqual(t.raise('b', 'waiting', hidden, allOn, 'p1'), { notify: true });
    assert.deepEqual(t.raise('b', 'waiting', hidden, allOn, 'p2'), { notify: false }, 'one notification for prompts waiting at once');
    assert.deepEqual(t.raise('b', 'waiting', hidden, allOn, 'p1'), { notify: false }, 'the same prompt counts once');
    assert.equal(t.count('b'), 2);
    assert.equal(t.total(), 3);
    assert.equal(t.seen('a'), true);
    assert.equal(t.seen('a'), false, 'nothing left to see');
    assert.equal(t.count('a'), 0);
    assert.deepEqual(t.raise('a', 'turnEnd', away, allOn), { notify: true }, 'after looking, the next finished turn notifies again');
    assert.deepEqual(t.raise('a', 'turnEnd', away, { ...allOn, turnEnd: false }), { notify: false });
  });

  it('an error replaces "finished" and notifies once; answered prompts leave the count', () => {
    const t = new AttentionTracker<string>();
    t.raise('a', 'turnEnd', away, allOn);
    assert.deepEqual(t.raise('a', 'error', away, allOn), { notify: true });
    assert.deepEqual(t.raise('a', 'error', away, allOn), { notify: false }, 'the failed turn and the chat error are one thing to tell');
    assert.equal(t.count('a'), 1);
    t.raise('b', 'waiting', away, allOn, 'p1');
    t.raise('b', 'waiting', away, allOn, 'p2');
    assert.equal(t.settleWaiting('b', new Set(['p2'])), true, 'p1 was answered in its notification');
    assert.equal(t.count('b'), 1);
    assert.equal(t.settleWaiting('b', new Set(['p2'])), false);
    t.settleWaiting('b', new Set());
    assert.equal(t.count('b'), 0);
    assert.deepEqual(t.raise('b', 'waiting', away, allOn, 'p3'), { notify: true }, 'a new prompt after the others were answered notifies');
    t.forget('b');
    assert.equal(t.total(), 1);
  });

  it("an editor tab's title carries the count", () => {
    assert.equal(titleWithCount('Claude: Chat 1', 0), 'Claude: Chat 1');
    assert.equal(titleWithCount('Claude: Chat 1', 2), '(2) Claude: Chat 1');
  });
});
