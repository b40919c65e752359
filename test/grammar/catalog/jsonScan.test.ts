/** The JSON reader (jsonc-parser, strict): positions of keys and values, and errors in our words. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_JSON_DEPTH, scanJson, toPlainJson, JsonSyntaxError } from '../../../grammar/catalog/jsonScan';

test('keys and values keep their offsets; a byte-order mark does not shift them', () => {
  for (const prefix of ['', '\ufeff']) {
    const text = `${prefix}{"a": [1, "x", true, null], "b": {"c": -0.5e3}}`;
    const root = scanJson(text);
    assert.equal(root.kind, 'object');
    if (root.kind !== 'object') return;
    const [a, b] = root.entries;
    assert.equal(a!.keyOffset, text.indexOf('"a"'));
    assert.equal(a!.value.offset, text.indexOf('['));
    assert.equal(b!.value.end, text.length - 1);
    assert.deepEqual(toPlainJson(root), { a: [1, 'x', true, null], b: { c: -500 } });
  }
});

test('strict JSON: comments, trailing commas, single quotes and bad numbers are errors at their offset', () => {
  const cases: [string, RegExp, number][] = [
    ['// c\n{}', /comments are not allowed/, 0],
    ['{"a": 1,}', /expected a property name in double quotes, found "}"/, 8],
    ['[1,]', /unexpected "\]", expected a value/, 3],
    ["{'a': 1}", /unexpected "'"/, 1],
    ['{"a": 1.}', /bad number/, 6],
    ['{"a": "x\ny"}', /unterminated string/, 6],
    ['{"a": "\\q"}', /bad escape/, 6],
    ['{"a": 1} x', /unexpected "x" after the JSON value/, 9],
    ['', /unexpected end of file, expected a value/, 0],
    ['{"a": 1', /expected "," or "}" in an object, found end of file/, 7],
  ];
  for (const [text, message, offset] of cases) {
    assert.throws(
      () => scanJson(text),
      (e: unknown) => e instanceof JsonSyntaxError && message.test(e.message) && e.offset === offset,
      `${JSON.stringify(text)}`,
    );
  }
});

test('a repeated key keeps both entries in order (the catalog reader reports it)', () => {
  const root = scanJson('{"a": 1, "a": 2}');
  assert.equal(root.kind === 'object' && root.entries.map((e) => e.value.kind === 'number' && e.value.value).join(), '1,2');
});

test('nesting past MAX_JSON_DEPTH is an error at the bracket that goes too deep; brackets in strings do not count', () => {
  const deep = (n: number, open = '[', close = ']') => open.repeat(n) + close.repeat(n);
  assert.deepEqual(toPlainJson(scanJson(`{"a": ${deep(MAX_JSON_DEPTH - 1)}}`)), { a: JSON.parse(deep(MAX_JSON_DEPTH - 1)) });
  for (const [open, close] of [['[', ']'], ['{"k":', '}']] as const) {
    const text = open.repeat(MAX_JSON_DEPTH + 1) + '1' + close.repeat(MAX_JSON_DEPTH + 1);
    assert.throws(
      () => scanJson(text),
      (e: unknown) => e instanceof JsonSyntaxError && e.offset === MAX_JSON_DEPTH * open.length && /nested deeper than 256 levels/.test(e.message),
    );
  }
  // tens of thousands of levels (what overflowed the stack) are refused the same way, quickly
  assert.throws(() => scanJson('['.repeat(100_000)), /nested deeper than 256 levels/);
  // brackets inside strings, escaped quotes included, are text
  const quoted = `{"a": "${'['.repeat(1000)}\\"${'{'.repeat(1000)}", "b": [["\\\\"]]}`;
  assert.deepEqual(toPlainJson(scanJson(quoted)), JSON.parse(quoted));
});
