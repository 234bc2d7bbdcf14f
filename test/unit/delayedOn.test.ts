import assert from 'node:assert/strict';
import { mock } from 'node:test';
import { DelayedOn } from '../../src/core/delayedOn';

describe('DelayedOn (the workbench busy indicators)', () => {
  let applied: boolean[];
  let flag: DelayedOn;
  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout'] });
    applied = [];
    flag = new DelayedOn(400, (on) => applied.push(on));
  });
  afterEach(() => {
    flag.dispose();
    mock.timers.reset();
  });

  it('turns on only after the delay, once, however often it is asked', () => {
    flag.set(true);
    mock.timers.tick(399);
    flag.set(true);
    assert.deepEqual(applied, [], 'nothing before the delay (asking again does not restart it)');
    mock.timers.tick(1);
    assert.deepEqual(applied, [true]);
    assert.equal(flag.isOn, true);
    flag.set(true);
    mock.timers.tick(1000);
    assert.deepEqual(applied, [true]);
  });

  it('a turn that ends before the delay shows nothing at all, and its timer is gone', () => {
    flag.set(true);
    mock.timers.tick(150);
    flag.set(false);
    mock.timers.tick(1000);
    assert.deepEqual(applied, [], 'neither on nor off: the workbench is never touched');
    assert.equal(flag.isOn, false);
  });

  it('turns off at once, and the next turn waits the whole delay again', () => {
    flag.set(true);
    mock.timers.tick(400);
    flag.set(false);
    assert.deepEqual(applied, [true, false]);
    flag.set(true);
    mock.timers.tick(399);
    assert.deepEqual(applied, [true, false]);
    mock.timers.tick(1);
    assert.deepEqual(applied, [true, false, true]);
  });

  it('disposed, a pending turn-on never lands', () => {
    flag.set(true);
    flag.dispose();
    mock.timers.tick(1000);
    assert.deepEqual(applied, []);
  });

  describe('with an off delay', () => {
    beforeEach(() => {
      flag.dispose();
      flag = new DelayedOn(400, (on) => applied.push(on), 150);
    });

    it('goes off only after the off delay', () => {
      flag.set(true);
      mock.timers.tick(400);
      flag.set(false);
      mock.timers.tick(149);
      assert.deepEqual(applied, [true], 'still on: the panel shows the end first');
      mock.timers.tick(1);
      assert.deepEqual(applied, [true, false]);
    });

    it('a next turn that starts within the off delay keeps it on without a flicker', () => {
      flag.set(true);
      mock.timers.tick(400);
      flag.set(false);
      mock.timers.tick(100);
      flag.set(true);
      mock.timers.tick(2000);
      assert.deepEqual(applied, [true], 'never went off, never re-applied on');
      assert.equal(flag.isOn, true);
    });

    it('a turn that ends before the on delay still shows nothing', () => {
      flag.set(true);
      mock.timers.tick(399);
      flag.set(false);
      mock.timers.tick(2000);
      assert.deepEqual(applied, []);
    });
  });
});
