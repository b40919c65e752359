import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import { addToStateList, modifyState, setStateField, type StateStore } from '../../../client/extension/stateList';

/**
 * An in-memory store whose writes land only when `update` resolves, some
 * turns later: the case where a reader between a write's start and its end
 * sees the old value, which is what loses an entry when writes interleave.
 */
class SlowMemento implements StateStore {
  private readonly values = new Map<string, unknown>();
  updates = 0;
  failNext = false;

  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  async update(key: string, value: unknown): Promise<void> {
    this.updates++;
    await tick();
    await tick();
    if (this.failNext) {
      this.failNext = false;
      throw new Error('disk full');
    }
    this.values.set(key, value);
  }
}

describe('extension state read-modify-write', () => {
  it('keeps both entries of two concurrent adds to one list', async () => {
    const m = new SlowMemento();
    await Promise.all([addToStateList(m, 'notify.confirmedTargets', 'slack a'), addToStateList(m, 'notify.confirmedTargets', 'teams b')]);
    assert.deepEqual(m.get('notify.confirmedTargets'), ['slack a', 'teams b']);
  });

  it('reads the list when it writes, not when the caller started (an entry added during a dialog survives)', async () => {
    const m = new SlowMemento();
    await addToStateList(m, 'k', 'first');
    // The pattern a dialog creates: one caller is waiting on the user while another adds.
    const waiting = (async () => {
      await tick();
      await tick();
      await tick();
      return addToStateList(m, 'k', 'after dialog');
    })();
    await Promise.all([waiting, addToStateList(m, 'k', 'meanwhile')]);
    assert.deepEqual(m.get('k'), ['first', 'meanwhile', 'after dialog']);
  });

  it('does not add an entry twice when two dialogs confirmed the same target', async () => {
    const m = new SlowMemento();
    await Promise.all([addToStateList(m, 'k', 'x'), addToStateList(m, 'k', 'x')]);
    assert.deepEqual(m.get('k'), ['x']);
  });

  it('keeps every field of a record set concurrently', async () => {
    const m = new SlowMemento();
    await Promise.all([
      setStateField(m, 'notify.lastSend', 'a', { uri: 'file:///a.notify' }),
      setStateField(m, 'notify.lastSend', 'b', { uri: 'file:///b.notify' }),
      setStateField(m, 'notify.lastSend', 'c', { uri: 'file:///c.notify' }),
    ]);
    assert.deepEqual(Object.keys(m.get<Record<string, unknown>>('notify.lastSend') ?? {}).sort(), ['a', 'b', 'c']);
  });

  it('serializes per store: the same key in two stores does not wait on the other', async () => {
    const a = new SlowMemento();
    const b = new SlowMemento();
    const order: string[] = [];
    const slow: StateStore = {
      get: (k) => a.get(k),
      update: async (k, v) => {
        await new Promise((r) => setTimeout(r, 30));
        order.push('slow');
        await a.update(k, v);
      },
    };
    const fast: StateStore = { get: (k) => b.get(k), update: async (k, v) => void (await b.update(k, v), order.push('fast')) };
    await Promise.all([addToStateList(slow, 'k', 'x'), addToStateList(fast, 'k', 'y')]);
    assert.deepEqual(order, ['fast', 'slow']);
  });

  it('fails only the write that failed; the next one still runs and sees the last stored value', async () => {
    const m = new SlowMemento();
    await addToStateList(m, 'k', 'kept');
    m.failNext = true;
    const failed = addToStateList(m, 'k', 'lost');
    const next = addToStateList(m, 'k', 'next');
    await assert.rejects(failed, /disk full/);
    assert.deepEqual(await next, ['kept', 'next']);
    assert.deepEqual(m.get('k'), ['kept', 'next']);
  });

  it('gives the change the fallback when nothing is stored yet', async () => {
    const m = new SlowMemento();
    assert.equal(await modifyState(m, 'n', 41, (n) => n + 1), 42);
    assert.equal(m.get('n'), 42);
  });
});
