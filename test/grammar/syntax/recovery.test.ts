/**
 * Broken input: each error is reported once, with the right code at the
 * right place, and the rest of the file is still read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../grammar/syntax/parser';
import type * as A from '../../../grammar/syntax/ast';
import { offsetOf } from './helpers';

/** Where a diagnostic must be: on the n-th occurrence of `on`, or zero-width right `after` it. */
interface Expect {
  code: string;
  on?: string;
  after?: string;
  nth?: number;
  message?: RegExp;
}

/** A notifier summary: name and clauses (channels with their property names). */
function summary(file: A.NotifyFile): string[] {
  return file.items.map((i) => {
    if (i.kind === 'Import') return `import ${i.path ? 'path' : '∅'}`;
    const name = i.name ? i.name.parts.map((p) => (p.kind === 'Text' ? p.value : '?')).join('') : '∅';
    if (i.kind === 'Sample') return `sample ${name} ${i.assignments.map((a) => a.variable.name).join(',')}`;
    return `${name}: ${i.clauses
      .map((c) => (c.kind === 'Channel' ? `${c.channel}[${c.properties.map((p) => p.name.text + (p.value ? '' : '∅')).join(',')}]` : c.kind))
      .join(' ')}`;
  });
}

function check(text: string, expected: Expect[], items: string[]) {
  const { file, diagnostics } = parse(text);
  const got = diagnostics.map((d) => ({ code: d.code, span: d.span, message: d.message }));
  const want = expected.map((e) => {
    const needle = e.on ?? e.after!;
    const start = offsetOf(text, needle, e.nth ?? 0);
    const span = e.on !== undefined ? { start, end: start + needle.length } : { start: start + needle.length, end: start + needle.length };
    return { code: e.code, span };
  });
  assert.deepEqual(
    got.map(({ code, span }) => ({ code, span })),
    want,
    `diagnostics:\n${got.map((g) => `${g.code} ${JSON.stringify(text.slice(g.span.start, g.span.end))}@${g.span.start}: ${g.message}`).join('\n')}`,
  );
  expected.forEach((e, i) => {
    if (e.message) assert.match(got[i]!.message, e.message);
  });
  assert.deepEqual(summary(file), items);
  return { file, diagnostics };
}

const B = 'notifier "b" { on package.added; slack { url = "y"; } }\n';

test('missing `;` after the event list does not bury the channel or the next notifier', () => {
  check(
    'notifier "a" {\n    on package.added\n    slack { url = "x"; }\n}\n' + B,
    [{ code: 'NTF001', after: 'package.added', message: /Expected ';'.*found `slack`/ }],
    ['a: On slack[url]', 'b: On slack[url]'],
  );
});

test('missing `;` after property values: one error per missing `;`, at the end of its line', () => {
  check(
    'notifier "a" {\n    on package.added;\n    slack {\n        url = "x"\n        text = "t"\n        color = "good";\n    }\n}\n',
    [
      { code: 'NTF001', after: '"x"', message: /^Expected ';' after the property value, found `text`$/ },
      { code: 'NTF001', after: '"t"' },
    ],
    ['a: On slack[url,text,color]'],
  );
});

test('missing `}` of a notifier: the next notifier starts a new item', () => {
  check(
    'notifier "a" {\n    on package.added;\n    slack { url = "x"; }\n\n' + B,
    [{ code: 'NTF001', after: 'url = "x"; }', message: /'}' to close the notifier, found `notifier`/ }],
    ['a: On slack[url]', 'b: On slack[url]'],
  );
});

test('missing `}` of a channel and its notifier: reported once', () => {
  check(
    'notifier "a" {\n    on package.added;\n    slack {\n        url = "x";\n\n' + B,
    [{ code: 'NTF001', after: 'url = "x";', message: /'}' to close the `slack` block/ }],
    ['a: On slack[url]', 'b: On slack[url]'],
  );
});

test('an extra `}` is reported where it is', () => {
  check('notifier "a" {\n    on package.added;\n}\n}\n' + B, [{ code: 'NTF001', on: '}', nth: 1, message: /Expected `notifier`, `sample` or `import`, found `}`/ }], [
    'a: On',
    'b: On slack[url]',
  ]);
});

test('junk before the first item is skipped to the next item', () => {
  check('garbage here\n' + B, [{ code: 'NTF001', on: 'garbage' }], ['b: On slack[url]']);
});

test('unterminated "…" string: NTF002 at the quote, ends at the line (before a final `; }`)', () => {
  check(
    'notifier "a" {\n    on package.added;\n    slack { url = "abc; }\n}\n' + B,
    [{ code: 'NTF002', on: '"abc', message: /never closed/ }].map((e) => ({ ...e, on: '"' , nth: 2 })),
    ['a: On slack[url]', 'b: On slack[url]'],
  );
  check(
    'notifier "a" {\n    on package.added;\n    slack {\n        text = "abc\n        url = "x";\n    }\n}\n',
    [{ code: 'NTF002', on: '"', nth: 2 }],
    ['a: On slack[text,url]'],
  );
});

test('unterminated swim string and block comment stop before the next top-level item', () => {
  const swim = check(
    'notifier "a" {\n    on package.added;\n    email { body = >>\nhello\n }\n}\n' + B,
    [{ code: 'NTF002', on: '>>' }],
    ['a: On email[body]', 'b: On slack[url]'],
  );
  assert.equal(swim.diagnostics[0]!.span.end - swim.diagnostics[0]!.span.start, 2);
  check('/* unterminated\n' + B, [{ code: 'NTF002', on: '/*' }], ['b: On slack[url]']);
  check(
    'notifier "a" {\n    on package.added;\n    email { body = >EOF>\nhello\n}}\n' + B,
    [{ code: 'NTF002', on: '>EOF>' }],
    ['a: On email[body]', 'b: On slack[url]'],
  );
});

test('a missing value is reported at the `;`, and the next property is read', () => {
  check(
    'notifier "a" {\n    on package.added;\n    slack { url = ; text = "x"; }\n}\n' + B,
    [{ code: 'NTF001', on: ';', nth: 1, message: /^Expected a value/ }],
    ['a: On slack[url∅,text]', 'b: On slack[url]'],
  );
  check('notifier "a" {\n    on package.added;\n    when ;\n    slack { url = "y"; }\n}\n', [{ code: 'NTF001', on: ';', nth: 1 }], ['a: On When slack[url]']);
});

test('chained comparisons get their own message', () => {
  check(
    'notifier "a" {\n    on package.added;\n    when $a == $b == $c;\n    slack { url = "x"; }\n}\n',
    [{ code: 'NTF001', on: '==', nth: 1, message: /cannot be chained/ }],
    ['a: On When slack[url]'],
  );
});

test('`$F (x)`: a variable followed by a syntax error about the space', () => {
  const { file } = check(
    'notifier "a" {\n    on package.added;\n    when $F (x);\n    slack { url = "x"; }\n}\n' + B,
    [{ code: 'NTF001', on: '(', message: /without a space before '\('/ }],
    ['a: On When slack[url]', 'b: On slack[url]'],
  );
  const when = (file.items[0] as A.NotifierDecl).clauses[1] as A.WhenClause;
  assert.equal(when.condition?.kind, 'Variable');
});

test('unquoted text: NTF004 with a quick fix that quotes it', () => {
  const text = 'notifier "a" {\n    on package.added;\n    when $FeedType == NuGet;\n    slack { text = Hello "big" $world; url = "x"; }\n}\n';
  const { diagnostics, file } = check(
    text,
    [
      { code: 'NTF004', on: 'NuGet' },
      { code: 'NTF004', on: 'Hello "big" $world' },
    ],
    ['a: On When slack[text,url]'],
  );
  assert.deepEqual(diagnostics[0]!.fixes, [
    { title: 'Quote "NuGet"', edits: [{ span: diagnostics[0]!.span, newText: '"NuGet"' }], preferred: true },
  ]);
  assert.equal(diagnostics[1]!.fixes![0]!.edits[0]!.newText, '"Hello `"big`" `$world"');
  const when = (file.items[0] as A.NotifierDecl).clauses[1] as A.WhenClause;
  assert.equal((when.condition as A.BinaryExpr).right?.kind, 'Unquoted');
});

test('unquoted notifier name', () => {
  check('notifier Deploy alerts {\n    on package.added;\n}\n', [{ code: 'NTF004', on: 'Deploy alerts' }], ['Deploy alerts: On']);
});

test('template tags: unclosed, stray and malformed tags', () => {
  check(
    'notifier "a" {\n    on package.added;\n    slack { text = "<% if $a { %>x"; url = "x"; }\n}\n',
    [{ code: 'NTF001', on: '<%', message: /never closed/ }],
    ['a: On slack[text,url]'],
  );
  check(
    'notifier "a" {\n    on package.added;\n    slack { text = "x<% } %>"; url = "x"; }\n}\n',
    [{ code: 'NTF001', on: '<% } %>', message: /closes nothing/ }],
    ['a: On slack[text,url]'],
  );
  check(
    'notifier "a" {\n    on package.added;\n    slack { text = "<% foreach $x @L { %>x<% } %>"; }\n}\n' + B,
    [{ code: 'NTF001', on: '@L', message: /Expected `in`/ }],
    ['a: On slack[text]', 'b: On slack[url]'],
  );
});

test('stray `$`, bad escapes and a malformed `${` in strings: NTF003', () => {
  const text = 'notifier "a" {\n    on package.added;\n    slack { text = "costs 5 $ and `q and ${Pack"; url = "x"; }\n}\n';
  const { diagnostics } = check(
    text,
    [
      { code: 'NTF003', on: '$ and' .slice(0, 1) },
      { code: 'NTF003', on: '`q' },
      { code: 'NTF003', on: '$', nth: 1 },
    ],
    ['a: On slack[text,url]'],
  );
  assert.deepEqual(diagnostics[0]!.fixes![0]!.edits, [{ span: diagnostics[0]!.span, newText: '`$' }]);
});

test('event names: upper case gets a fix; a missing event is reported', () => {
  const { diagnostics } = check('notifier "a" {\n    on Package.Added;\n}\n', [{ code: 'NTF001', on: 'Package.Added', message: /lower-case/ }], ['a: On']);
  assert.equal(diagnostics[0]!.fixes![0]!.edits[0]!.newText, 'package.added');
  check('notifier "a" {\n    on package.added, ;\n    slack { url = "x"; }\n}\n', [{ code: 'NTF001', on: ';', message: /event name/ }], ['a: On slack[url]']);
});

test('maps and calls: missing value, missing `)`, missing `:`', () => {
  check(
    'notifier "a" {\n    on package.added;\n    slack { url = $ToJson(%(a: 1, b: )); }\n}\n' + B,
    [{ code: 'NTF001', on: ')', message: /Expected a value/ }],
    ['a: On slack[url]', 'b: On slack[url]'],
  );
  check(
    'notifier "a" {\n    on package.added;\n    slack { url = $Secret("x"; }\n}\n' + B,
    [{ code: 'NTF001', on: ';', nth: 1, message: /'\)' to close the argument list/ }],
    ['a: On slack[url]', 'b: On slack[url]'],
  );
  check(
    'notifier "a" {\n    on package.added;\n    slack { url = "y"; fields = %(a 1); }\n}\n' + B,
    [{ code: 'NTF001', on: '1', message: /':' after the map key/ }],
    ['a: On slack[url,fields]', 'b: On slack[url]'],
  );
});

test('a misspelt channel is reported with a fix; the rest of the notifier is read', () => {
  const { diagnostics } = check(
    'notifier "a" {\n    on package.added;\n    slak { url = "x"; }\n    slack { url = "y"; }\n}\n',
    [{ code: 'NTF001', on: 'slak', message: /did you mean `slack`/ }],
    ['a: On slack[url]'],
  );
  assert.equal(diagnostics[0]!.fixes![0]!.edits[0]!.newText, 'slack');
});

test('a property outside a channel, and a missing `=`', () => {
  check(
    'notifier "a" {\n    on package.added;\n    url = "x";\n    slack { url = "y"; }\n}\n',
    [{ code: 'NTF001', on: 'url', message: /inside a channel block/ }],
    ['a: On slack[url]'],
  );
  check(
    'notifier "a" {\n    on package.added;\n    slack { url "x"; text = "t"; }\n}\n' + B,
    [{ code: 'NTF001', on: '"x"', message: /'=' after the property name/ }],
    ['a: On slack[url,text]', 'b: On slack[url]'],
  );
});

test('samples: a name without sigil gets a fix; a missing `;` before `}`', () => {
  const { diagnostics } = check(
    'sample "x" for package.added {\n  PackageId = "a";\n  $B = 2\n}\n' + B,
    [
      { code: 'NTF001', on: 'PackageId', message: /sigil/ },
      { code: 'NTF001', after: '2' },
    ],
    ['sample x PackageId,B', 'b: On slack[url]'],
  );
  assert.deepEqual(diagnostics[0]!.fixes![0]!.edits[0], { span: { start: diagnostics[0]!.span.start, end: diagnostics[0]!.span.start }, newText: '$' });
  check('notifier {\n    on package.added;\n}\n' + B, [{ code: 'NTF001', on: '{', message: /name in quotes/ }], ['∅: On', 'b: On slack[url]']);
});

test('characters that start nothing are reported once', () => {
  check(
    'notifier "a" {\n    on package.added;\n    slack { url = "x" + "y"; text = "t"; }\n}\n' + B,
    [{ code: 'NTF001', on: '+', message: /Unexpected character `\+`/ }],
    ['a: On slack[url,text]', 'b: On slack[url]'],
  );
  check(
    'notifier "a" {\n    on package.added;\n    slack { text = "$(1 + 2)"; }\n}\n',
    [{ code: 'NTF001', on: '+' }],
    ['a: On slack[text]'],
  );
});

test('names are ASCII: a letter of another script after a name in code is one NTF001 over the rest of the name', () => {
  check(
    'notifier "a" {\n    on package.added;\n    when $PackageIdéx == "p";\n    slack { url = $Secret("s"); text = "t"; fields = %(Größe: "1"); }\n}\n' + B,
    [
      { code: 'NTF001', on: 'éx', message: /Variable names are ASCII .*: `é` ends `\$PackageId`$/ },
      { code: 'NTF001', on: 'öße', message: /Names are ASCII .*: `ö` ends `Gr`$/ },
    ],
    ['a: On When slack[url,text,fields]', 'b: On slack[url]'],
  );
});

test('durations: unknown units and fractions', () => {
  check(
    'notifier "a" {\n    on package.added;\n    slack { retries = 5min; timeout = 1.5s; }\n}\n',
    [
      { code: 'NTF001', on: '5min', message: /Unknown unit `min`/ },
      { code: 'NTF001', on: '1.5s', message: /whole number/ },
    ],
    ['a: On slack[retries,timeout]'],
  );
});

test('import without `;` and without a path', () => {
  check('import "x.json"\n' + B, [{ code: 'NTF001', after: '"x.json"' }], ['import path', 'b: On slack[url]']);
  check('import ;\n' + B, [{ code: 'NTF001', on: ';' }], ['import ∅', 'b: On slack[url]']);
});

test('an unclosed `$(` in a string', () => {
  check(
    'notifier "a" {\n    on package.added;\n    slack { text = "$(1 == 2"; url = "x"; }\n}\n',
    [{ code: 'NTF001', on: '$(', message: /close `\$\(`/ }],
    ['a: On slack[text,url]'],
  );
});

test('`color = #ff0000;` is unquoted text, not a comment that eats the line', () => {
  const { diagnostics } = check(
    'notifier "a" {\n    on package.added;\n    slack { url = "x"; color = #ff0000; text = "t"; } # real comment\n}\n',
    [{ code: 'NTF004', on: '#ff0000' }],
    ['a: On slack[url,color,text]'],
  );
  assert.equal(diagnostics[0]!.fixes![0]!.edits[0]!.newText, '"#ff0000"');
});

test('half-typed code before the next notifier: one error, the next notifier intact', () => {
  const cases: [string, Expect][] = [
    ['notifier "a" {\n    on package.added;\n    when $a == 1\n', { code: 'NTF001', after: '== 1', message: /';' after the condition, found `notifier`/ }],
    ['notifier "a" {\n    on package.added;\n    slack {\n        url = $Secret(\n', { code: 'NTF001', after: '$Secret(', message: /'\)' to close the argument list/ }],
    ['notifier "a" {\n    on package.added;\n    slack {\n        fields = %(a: 1,\n', { code: 'NTF001', after: '%(a: 1,', message: /map key/ }],
    ['notifier "a" {\n    on package.added,\n', { code: 'NTF001', after: 'package.added,', message: /event name/ }],
    ['notifier "a" {\n    on package.\n}\n', { code: 'NTF001', after: 'package.', message: /event name/ }],
    ['notifier "a" {\n    on package.added;\n    when $a.\n}\n', { code: 'NTF001', after: '$a.', message: /name after '\.'/ }],
    ['notifier "a" {\n    on package.added;\n    slack {\n        url =\n    }\n}\n', { code: 'NTF001', after: 'url =', message: /Expected a value/ }],
    ['sample "s" for package.added {\n    $A =\n}\n', { code: 'NTF001', after: '$A =', message: /Expected a value/ }],
  ];
  for (const [head, expect] of cases) {
    const { file } = check(head + B, [expect], summary(parse(head + B).file));
    assert.equal(summary(file).at(-1), 'b: On slack[url]', head);
    assert.equal(file.items.length, 2, head);
  }
});

test('numbers are JSON numbers: a leading zero or a value past a double is NTF001 at the number; 0, 0.5, -0.25 and 1e308 are fine', () => {
  const errors = (when: string) =>
    parse(`notifier "a" {\n    on package.added;\n    when ${when};\n}\n`).diagnostics.map((d) => [d.code, d.message]);
  assert.deepEqual(errors('07 < 1'), [['NTF001', 'A number has no leading zero (as in JSON): write `7`']]);
  assert.deepEqual(errors('-007.5 < 1'), [['NTF001', 'A number has no leading zero (as in JSON): write `-7.5`']]);
  assert.deepEqual(errors('00.5 < 1'), [['NTF001', 'A number has no leading zero (as in JSON): write `0.5`']]);
  assert.deepEqual(errors('1e400 > 1'), [['NTF001', '`1e400` is too large for a number (the largest is about 1.8e308)']]);
  assert.deepEqual(errors('0 == 0 && 0.5 > 0 && -0.25 < 1 && 1e308 > 1 && 10 > 1'), []);
});
