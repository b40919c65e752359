/**
 * Read-modify-write of extension state (workspaceState, globalState) that
 * two writers in one extension host cannot interleave. A send asks the user
 * in a modal dialog between reading a list and writing it back, so two sends
 * started at once (a CodeLens and the command palette) would each write the
 * list they read before the other's answer, and one answer would be lost.
 * Here the value is read when it is written, and writes to one key of one
 * store go one after the other.
 *
 * Only `get` and `update` are used, so the rule is tested without VS Code.
 */

/** The part of a `vscode.Memento` this needs. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const queues = new WeakMap<StateStore, Map<string, Promise<unknown>>>();

/**
 * Sets `key` to `change(current)`, where `current` is read only once every
 * earlier change of this key in this store has been written. Resolves with
 * the value written. A failed write fails its own caller, not the next one.
 */
export function modifyState<T>(store: StateStore, key: string, fallback: T, change: (current: T) => T): Promise<T> {
  let perKey = queues.get(store);
  if (!perKey) {
    perKey = new Map();
    queues.set(store, perKey);
  }
  const previous = perKey.get(key) ?? Promise.resolve();
  const mine = previous
    .catch(() => undefined)
    .then(async () => {
      const next = change(store.get<T>(key) ?? fallback);
      await store.update(key, next);
      return next;
    });
  perKey.set(key, mine);
  // The last writer clears its entry, so a long session does not keep one settled promise per key.
  const forget = (): void => {
    if (perKey.get(key) === mine) perKey.delete(key);
  };
  mine.then(forget, forget);
  return mine;
}

/** Adds `entry` to the string list at `key` unless it is there already. */
export function addToStateList(store: StateStore, key: string, entry: string): Promise<readonly string[]> {
  return modifyState<readonly string[]>(store, key, [], (list) => (list.includes(entry) ? list : [...list, entry]));
}

/** Sets one field of the record at `key`, keeping the others as they are at write time. */
export function setStateField<V>(store: StateStore, key: string, field: string, value: V): Promise<Readonly<Record<string, V>>> {
  return modifyState<Readonly<Record<string, V>>>(store, key, {}, (record) => ({ ...record, [field]: value }));
}
