import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromJson, toJson, toText } from '../../../grammar/functions/text';
import { EvalError } from '../../../grammar/functions/signature';
import { DateTimeValue, DurationValue, SecretValue, type Value } from '../../../grammar/values/value';

test('toText of every scalar kind', () => {
  assert.equal(toText('héllo'), 'héllo');
  assert.equal(toText(7), '7');
  assert.equal(toText(7.5), '7.5');
  assert.equal(toText(-3), '-3');
  assert.equal(toText(0.1 + 0.2), '0.30000000000000004');
  assert.equal(toText(1e21), '1e+21');
  assert.equal(toText(-0), '0');
  assert.equal(toText(true), 'true');
  assert.equal(toText(false), 'false');
  assert.equal(toText(new DateTimeValue(Date.parse('2026-04-28T07:12:43Z'))), '2026-04-28T07:12:43Z');
  assert.equal(toText(new DateTimeValue(Date.parse('2026-04-28T07:12:43.250Z'))), '2026-04-28T07:12:43.250Z');
  assert.equal(toText(new DurationValue(10_000, '10s')), '10s');
  assert.equal(toText(new SecretValue('secret', 'slack-secops')), '‹secret:slack-secops›');
  assert.equal(toText(new SecretValue('env', 'HOOK_URL')), '‹env:HOOK_URL›');
  assert.equal(toText(null), '');
});

test('toText refuses lists, maps and non-finite numbers', () => {
  assert.throws(() => toText(['a']), (e: Error) => e instanceof EvalError && /list cannot be used as text; use \$Join/.test(e.message));
  assert.throws(() => toText(new Map([['a', 1]])), (e: Error) => e instanceof EvalError && /map cannot be used as text/.test(e.message));
  assert.throws(() => toText(NaN), EvalError);
});

test('toJson keeps key order, number forms and scalar kinds', () => {
  const v: Value = new Map<string, Value>([
    ['zeta', 1],
    ['2', 'two'],
    ['alpha', 7.5],
    ['10', true],
    ['at', new DateTimeValue(Date.parse('2026-04-28T07:12:43Z'))],
    ['wait', new DurationValue(60_000, '1m')],
    ['token', new SecretValue('secret', 'soar-token')],
    ['none', null],
    ['list', [1, 'x', false, []]],
    ['empty', new Map()],
  ]);
  assert.equal(
    toJson(v),
    '{"zeta":1,"2":"two","alpha":7.5,"10":true,"at":"2026-04-28T07:12:43Z","wait":"1m","token":"‹secret:soar-token›","none":null,"list":[1,"x",false,[]],"empty":{}}',
  );
  assert.equal(toJson(1e-7), '1e-7');
  assert.equal(toJson(100), '100');
  assert.equal(toJson('a "quoted"\nline'), '"a \\"quoted\\"\\nline"');
});

test('toJson pretty indents like JSON.stringify(v, null, 2)', () => {
  const v: Value = new Map<string, Value>([
    ['a', [1, new Map([['b', null]])]],
    ['c', []],
  ]);
  assert.equal(toJson(v, true), JSON.stringify({ a: [1, { b: null }], c: [] }, null, 2));
});

test('fromJson gives ordered maps and plain values', () => {
  const v = fromJson(' {"b": 1, "2": [true, null, "x"], "a": {"n": -1.5e2}} ') as Map<string, Value>;
  assert.deepEqual([...v.keys()], ['b', '2', 'a']);
  assert.deepEqual(v.get('2'), [true, null, 'x']);
  assert.equal((v.get('a') as Map<string, Value>).get('n'), -150);
  assert.equal(toJson(fromJson('{"a":1,"b":2,"a":3}')), '{"a":3,"b":2}');
});

test('fromJson errors say where', () => {
  assert.throws(() => fromJson('{"a": }'), (e: Error) => e instanceof EvalError && e.message === 'not valid JSON: unexpected "}", expected a value at offset 6');
  assert.throws(() => fromJson(''), EvalError);
});
