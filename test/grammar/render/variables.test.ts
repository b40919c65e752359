import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Variables } from '../../../grammar/render/environment';
import type { Value } from '../../../grammar/values/value';

/** What Variables replaced: one Map made by setting the base's entries, then each own one in order. */
function flatMap(base: ReadonlyMap<string, Value>, sets: readonly (readonly [string, Value])[]): Map<string, Value> {
  const map = new Map(base);
  for (const [key, value] of sets) map.set(key, value);
  return map;
}

test('variables read and iterate as one Map of the base with the own values set on top, and never write the base', () => {
  const base: ReadonlyMap<string, Value> = new Map<string, Value>([['eventid', 'e1'], ['eventname', 'x.y'], ['score', 7.5], ['none', null]]);
  const before = [...base];
  const sets: [string, Value][] = [['notifiername', 'N'], ['eventid', 'e2'], ['scope', ''], ['none', 'now'], ['notifiername', 'M']];
  const variables = new Variables(base);
  for (const [key, value] of sets) variables.set(key, value);
  const expected = flatMap(base, sets);
  assert.deepEqual([...variables], [...expected]);
  assert.deepEqual([...variables.keys()], [...expected.keys()]);
  assert.deepEqual([...variables.values()], [...expected.values()]);
  assert.deepEqual([...variables.entries()], [...expected.entries()]);
  assert.equal(variables.size, expected.size);
  for (const key of ['eventid', 'eventname', 'score', 'none', 'notifiername', 'scope', 'missing']) {
    assert.equal(variables.get(key), expected.get(key), key);
    assert.equal(variables.has(key), expected.has(key), key);
  }
  const seen: [string, Value][] = [];
  variables.forEach((value, key, map) => (assert.equal(map, variables), seen.push([key, value])));
  assert.deepEqual(seen, [...expected]);
  assert.deepEqual([...base], before);

  // A fan-out item's layer on top of a render's: the same, one level up.
  const item = new Variables(variables).set('p', 'item').set('score', 1);
  assert.deepEqual([...item], [...flatMap(expected, [['p', 'item'], ['score', 1]])]);
  assert.equal(variables.get('p'), undefined);
  assert.equal(item.get('eventid'), 'e2');
});
