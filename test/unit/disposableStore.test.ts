import assert from 'node:assert/strict';
import { DisposableStore } from '../../src/core/disposableStore';

/** A disposable that counts its dispose calls. */
function counted(log: string[], name: string) {
  const d = { count: 0, dispose: () => (d.count++, log.push(name)) };
  return d;
}

describe('DisposableStore', () => {
  it('add returns what it was given', () => {
    const store = new DisposableStore();
    const d = counted([], 'a');
    assert.equal(store.add(d), d);
    assert.equal(d.count, 0);
  });

  it('dispose disposes everything once, in the order added, and a second dispose does nothing', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    const [a, b, c] = ['a', 'b', 'c'].map((n) => store.add(counted(log, n)));
    store.dispose();
    store.dispose();
    assert.deepEqual(log, ['a', 'b', 'c']);
    assert.deepEqual([a.count, b.count, c.count], [1, 1, 1]);
    assert.equal(store.isDisposed, true);
  });

  it('what is added after dispose is disposed at once', () => {
    const store = new DisposableStore();
    store.dispose();
    const late = store.add(counted([], 'late'));
    assert.equal(late.count, 1);
    store.dispose();
    assert.equal(late.count, 1);
  });

  it('clear disposes what it holds and the store takes more', () => {
    const store = new DisposableStore();
    const first = store.add(counted([], 'first'));
    store.clear();
    assert.equal(first.count, 1);
    const second = store.add(counted([], 'second'));
    assert.equal(second.count, 0);
    store.dispose();
    assert.deepEqual([first.count, second.count], [1, 1]);
  });

  it('one throwing disposable does not keep the others alive; its error comes out after', () => {
    const store = new DisposableStore();
    const before = store.add(counted([], 'before'));
    store.add({ dispose: () => { throw new Error('boom'); } });
    const after = store.add(counted([], 'after'));
    assert.throws(() => store.dispose(), /boom/);
    assert.deepEqual([before.count, after.count], [1, 1]);
    store.dispose();
    assert.deepEqual([before.count, after.count], [1, 1]);
  });
});
