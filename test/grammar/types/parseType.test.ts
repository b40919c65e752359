import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseType } from '../../../grammar/types/parseType';
import { T, typeToString, sameType } from '../../../grammar/types/type';

test('scalars', () => {
  for (const s of ['string', 'number', 'bool', 'datetime', 'duration', 'secret', 'any']) {
    const r = parseType(s);
    assert.equal(r.error, undefined);
    assert.equal(r.type!.kind, s);
  }
});

test('list, map and nesting round-trip through typeToString', () => {
  for (const s of [
    'list<string>',
    'map<number>',
    'list<map<string>>',
    'list<{Name: string, AffectedVersions: string}>',
    '{Sha: string, Author: {Name: string, Emails: list<string>}}',
    '{}',
  ]) {
    const r = parseType(s);
    assert.equal(r.error, undefined, s);
    assert.equal(typeToString(r.type!), s);
  }
});

test('whitespace tolerant', () => {
  const r = parseType('  list < { Name :string ,Version: number } >  ');
  assert.ok(sameType(r.type!, T.list(T.record({ Name: T.string, Version: T.number }))));
});

test('record fields keep their spelling and are looked up lower-cased', () => {
  const r = parseType('{Sha: string}');
  assert.equal(r.type!.kind, 'record');
  if (r.type!.kind === 'record') assert.deepEqual(r.type!.fields.get('sha'), { name: 'Sha', type: T.string });
});

test('errors say what and where', () => {
  const cases: [string, string, number][] = [
    ['', 'expected a type, found the end', 0],
    ['strin', 'unknown type "strin"', 0],
    ['String', 'unknown type "String" (did you mean "string"?)', 0],
    ['list<string', 'expected ">" to close "list<", found the end', 11],
    ['list string', 'expected "<" after "list", found "s"', 5],
    ['{Name string}', 'expected ":" after field "Name", found "s"', 6],
    ['{Name: string, name: number}', 'field "name" is declared twice', 15],
    ['{Name: string Other: string}', 'expected "," or "}" in a record type, found "O"', 14],
    ['string x', 'unexpected "x" after the type', 7],
    ['map<>', 'expected a type, found ">"', 4],
    ['{_x: string}', 'expected a field name, found "_"', 1],
  ];
  for (const [text, message, offset] of cases) {
    const r = parseType(text);
    assert.equal(r.type, undefined, text);
    assert.ok(r.error!.startsWith(message), `${text}: ${r.error}`);
    assert.equal(r.offset, offset, text);
  }
});
