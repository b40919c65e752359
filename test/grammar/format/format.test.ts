import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { format, treeShape } from '../../../grammar/format/format';
import { parse } from '../../../grammar/syntax/parser';

const here = import.meta.dirname;
const root = join(here, '..', '..', '..');
const fixtures = join(here, 'fixtures');

function notifyFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...notifyFiles(path));
    else if (name.endsWith('.notify')) out.push(path);
  }
  return out;
}

test('exact output for the fixtures (comments kept, spacing, blank lines, swim strings, CRLF)', () => {
  const inputs = readdirSync(fixtures).filter((n) => n.endsWith('.in.notify'));
  assert.ok(inputs.length >= 4);
  for (const name of inputs) {
    const input = readFileSync(join(fixtures, name), 'utf8');
    const expected = readFileSync(join(fixtures, name.replace('.in.', '.out.')), 'utf8');
    const r = format(input);
    assert.deepEqual(r.diagnostics, [], name);
    assert.equal(r.text, expected, name);
    assert.equal(r.changed, true, name);
    const again = format(expected);
    assert.equal(again.text, expected, `${name} is a fixed point`);
    assert.equal(again.changed, false);
  }
});

test('small cases', () => {
  const f = (s: string) => format(s).text;
  assert.equal(f(''), '');
  assert.equal(f('\n\n'), '');
  assert.equal(f('# only a comment'), '# only a comment\n');
  assert.equal(f('import "a.json";'), 'import "a.json";\n');
  assert.equal(f('notifier "n" {}\n\n\n'), 'notifier "n" {}\n');
  assert.equal(f('notifier "n" {\n}'), 'notifier "n" {}\n');
  assert.equal(f('notifier "n" { on a.b;slack{url="x";} }'), 'notifier "n" {\n    on a.b;\n    slack {\n        url = "x";\n    }\n}\n');
  assert.equal(f('notifier "a" {}\nnotifier "b" {}'), 'notifier "a" {}\n\nnotifier "b" {}\n');
  assert.equal(f('notifier "a" {} # a\n# b\nnotifier "b" {}'), 'notifier "a" {} # a\n\n# b\nnotifier "b" {}\n');
  assert.equal(f('notifier "a" {\n    when $a &&   # why\n    $b;\n}'), 'notifier "a" {\n    when $a && # why\n        $b;\n}\n');
  assert.equal(f('notifier "a" { when /* x */ $a; }'), 'notifier "a" {\n    when /* x */ $a;\n}\n');
  assert.equal(f('notifier "a" { when ${A}.b[ 1 ]; }'), 'notifier "a" {\n    when ${A}.b[1];\n}\n');
  assert.equal(f('notifier "n" {\r\n    on a.b;\r\n}\r\n'), 'notifier "n" {\n    on a.b;\n}\n');
});

test('a multi-line map stays one entry per line; a one-line map stays on one line', () => {
  const src = 'notifier "n" {\n webhook {\n  body = $ToJson(%(\n a: 1,\n b: @(1,\n 2)\n), true);\n  headers = %(a: 1, b: 2);\n }\n}\n';
  assert.equal(
    format(src).text,
    [
      'notifier "n" {',
      '    webhook {',
      '        body    = $ToJson(%(',
      '            a: 1,',
      '            b: @(',
      '                1,',
      '                2',
      '            )',
      '        ), true);',
      '        headers = %(a: 1, b: 2);',
      '    }',
      '}',
      '',
    ].join('\n'),
  );
});

test('text with syntax errors is returned unchanged, with the errors', () => {
  const broken = 'notifier "a" {\n  on package.added\n   slack { url = "x"; }\n}\n';
  const r = format(broken);
  assert.equal(r.text, broken);
  assert.equal(r.changed, false);
  assert.equal(r.diagnostics.length, 1);
  assert.equal(r.diagnostics[0]!.code, 'NTF001');
  const unquoted = 'notifier "a" { when $A == NuGet; }';
  assert.equal(format(unquoted).text, unquoted);
  assert.equal(format(unquoted).diagnostics[0]!.code, 'NTF004');
});

test('idempotent on every example and fixture, keeping every comment and the tree', () => {
  const corpus = [
    ...notifyFiles(join(root, 'examples')),
    ...notifyFiles(fixtures),
    ...notifyFiles(join(here, '..', 'syntax', 'fixtures')),
  ];
  const own = notifyFiles(fixtures).length + notifyFiles(join(here, '..', 'syntax', 'fixtures')).length;
  assert.ok(own >= 9 && corpus.length >= own, 'the corpus is never empty');
  for (const path of corpus) {
    const name = relative(root, path);
    const text = readFileSync(path, 'utf8');
    const once = format(text);
    assert.deepEqual(once.diagnostics, [], name);
    const twice = format(once.text);
    assert.equal(twice.text, once.text, `${name}: idempotent`);
    assert.equal(twice.changed, false, name);
    const before = parse(text.replace(/\r\n/g, '\n'));
    const after = parse(once.text);
    assert.deepEqual(after.diagnostics, [], name);
    assert.equal(treeShape(after.file), treeShape(before.file), `${name}: same tree`);
    assert.deepEqual(
      after.file.comments.map((c) => c.text.trimEnd()),
      before.file.comments.map((c) => c.text.trimEnd()),
      `${name}: comments kept`,
    );
    assert.ok(once.text.endsWith('\n') && !once.text.endsWith('\n\n'), `${name}: one final newline`);
    assert.ok(!once.text.includes('\r\n'), name);
  }
});
