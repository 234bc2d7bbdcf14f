import assert from 'node:assert/strict';
import { SurfaceFocus } from '../../src/vscode/surfaceFocus';

describe('SurfaceFocus', () => {
  it('tells where the user worked last, firing only when that moves, never to a closed surface', () => {
    const focus = new SurfaceFocus<{ isDisposed: boolean; name: string }>();
    const a = { isDisposed: false, name: 'sidebar' };
    const b = { isDisposed: false, name: 'tab' };
    let moves = 0;
    focus.onDidMove(() => moves++);
    focus.mark(a);
    focus.mark(a);
    focus.mark(b);
    assert.equal(focus.last, b);
    assert.equal(moves, 2);
    focus.mark({ isDisposed: true, name: 'closed' });
    assert.equal(focus.last, b);
    focus.forget(a);
    assert.equal(focus.last, b, 'forgetting another surface changes nothing');
    focus.forget(b);
    assert.equal(focus.last, undefined);
  });

  it('its owner disposes it: the listeners are dropped with it', () => {
    const focus = new SurfaceFocus<{ isDisposed: boolean }>();
    let moves = 0;
    focus.onDidMove(() => moves++);
    focus.dispose();
    focus.mark({ isDisposed: false });
    assert.equal(moves, 0);
  });
});
