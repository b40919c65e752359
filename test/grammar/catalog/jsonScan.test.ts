/** The JSON reader (jsonc-parser, strict): positions of keys and values, and errors in our words. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_JSON_DEPTH, scanJson, scanWithJsonc, strictScan, toPlainJson, JsonSyntaxError } from '../../../grammar/catalog/jsonScan';

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

/** What `scanJson` answers: the tree, or the error's message and offset. */
function outcome(scan: (text: string) => unknown, text: string): unknown {
  try {
    return { tree: scan(text) };
  } catch (e) {
    return e instanceof JsonSyntaxError ? { error: e.message, offset: e.offset } : { threw: String(e) };
  }
}

test('the one-pass reader and jsonc-parser give the same tree, or the same error, on any text', () => {
  const texts = [
    '{"a": [1, "x", true, null], "b": {"c": -0.5e3}}',
    ' \t\r\n{ "a" : { } , "b" : [ ] , "a" : 0 } \n',
    '[0, -0, 1e400, -1E-7, 12345678901234567890, 1.0, 0.5e+3]',
    '"\\u00e9\\n\\t\\"\\\\\\/\\b\\f\\r\\ud83d\\ude00 é 😀"',
    '{"\\u0041": "key escaped", "": "empty key"}',
    'true', 'false', 'null', '0', '"x"',
    // not strict JSON, or not JSON at all: the one-pass reader gives up, the error is jsonc-parser's
    '{"a": 01}', '{"a": 1.}', '{"a": .5}', '{"a": -}', '{"a": +1}', '[1,]', '{,}', '{"a" 1}', '{"a": 1 "b": 2}',
    '{"a": "x\ny"}', '{"a": "\\q"}', '{"a": "\\u12"}', '{"a": 1} x', '', '   ', '{"a": 1', '[', '"abc',
    'tru', 'nul', 'True', '{"a": NaN}', '{"a": Infinity}', "{'a': 1}", '// c\n{}', '{"a": 1 /* c */}',
    '{\u00a0"a": 1}', '\u2028[]', '{"a": "\u0001"}', '[1 2]', '{"a": [}', '{"a": tru}',
    '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH),
    '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1),
    '{"a":'.repeat(MAX_JSON_DEPTH) + '1' + '}'.repeat(MAX_JSON_DEPTH),
    '{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1),
  ];
  // and generated ones: random JSON values, then each cut short and with one character changed
  let seed = 7;
  const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % k);
  const pieces = ['"s"', '"\\u0041\\n"', '1', '-2.5e-3', '0', 'true', 'false', 'null', '""', '"é"'];
  const gen = (depth: number): string => {
    const k = rand(depth > 3 ? 1 : 3);
    if (k === 0) return pieces[rand(pieces.length)]!;
    const n = rand(4);
    const items = Array.from({ length: n }, (_, j) => (k === 1 ? `"k${rand(3)}${j}" : ${gen(depth + 1)}` : gen(depth + 1)));
    return k === 1 ? `{ ${items.join(',\n')} }` : `[${items.join(', ')}]`;
  };
  const noise = [' ', ',', '}', ']', '"', '\\', '0', '.', 'x', '\n', ':', '\u0000'];
  for (let r = 0; r < 300; r++) {
    const text = gen(0);
    texts.push(text, text.slice(0, rand(text.length + 1)));
    const at = rand(text.length);
    texts.push(text.slice(0, at) + noise[rand(noise.length)] + text.slice(at + 1));
  }
  for (const text of texts) {
    for (const t of [text, '\ufeff' + text]) {
      const withJsonc = outcome((x) => scanWithJsonc(x.charCodeAt(0) === 0xfeff ? ' ' + x.slice(1) : x), t);
      assert.deepEqual(outcome(scanJson, t), withJsonc, JSON.stringify(t).slice(0, 200));
      // the same tree also in the order of its fields (what JSON.stringify of it shows)
      assert.equal(JSON.stringify(outcome(scanJson, t)), JSON.stringify(withJsonc));
    }
  }
});

test('the one-pass reader gives up, and jsonc-parser words the error, wherever a text is not strict JSON', () => {
  for (const text of ['{"a": 01}', '[1,]', '{"a": "\\q"}', '{"a": 1} x', '', '['.repeat(MAX_JSON_DEPTH + 1)]) {
    assert.equal(strictScan(text), undefined, text);
  }
  assert.ok(strictScan('{"a": [1, {"b": null}]}'));
});
