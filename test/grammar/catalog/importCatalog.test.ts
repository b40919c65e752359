import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EVENT_NAME_PATTERN, VARIABLE_NAME_PATTERN, mergeCatalogs, parseCatalogJson } from '../../../grammar/catalog/importCatalog';
import { BUILTIN_CATALOG } from '../../../grammar/catalog/builtin';
import type { CatalogOrigin } from '../../../grammar/catalog/catalog';
import { typeToString } from '../../../grammar/types/type';

const ORIGIN: CatalogOrigin = { kind: 'import', importPath: 'events/deploy.json', resolvedPath: '/p/events/deploy.json' };

/** The example catalog of spec section 7, verbatim. */
const SPEC_EXAMPLE = `{
  "events": {
    "deploy.finished": {
      "description": "A deployment finished.",
      "variables": {
        "Service":  { "type": "string", "example": "api", "description": "Service name" },
        "Seconds":  { "type": "number", "example": 42 },
        "Hosts":    { "type": "list<string>", "example": ["web-1", "web-2"] },
        "Commit":   { "type": "{Sha: string, Author: string}", "example": { "Sha": "9f1c", "Author": "dana" } }
      },
      "defaults": { "body": "$ToJson(%(service: $Service))", "text": "Deployed $Service", "subject": "Deployed $Service" }
    }
  }
}`;

test('the spec example catalog reads', () => {
  const r = parseCatalogJson(SPEC_EXAMPLE, ORIGIN);
  assert.deepEqual(r.errors, []);
  const e = r.catalog!.events.get('deploy.finished')!;
  assert.equal(e.description, 'A deployment finished.');
  assert.deepEqual(
    [...e.variables.values()].map((v) => `${v.name}:${typeToString(v.type)}`),
    ['Service:string', 'Seconds:number', 'Hosts:list<string>', 'Commit:{Sha: string, Author: string}', 'EventName:string', 'EventId:string', 'Timestamp:datetime', 'NotifierName:string'],
  );
  assert.deepEqual(e.defaults, { body: '$ToJson(%(service: $Service))', text: 'Deployed $Service', subject: 'Deployed $Service' });
  assert.deepEqual(e.variables.get('commit')!.example, { Sha: '9f1c', Author: 'dana' });
  assert.equal(e.variables.get('service')!.description, 'Service name');
  assert.equal(e.variables.get('eventname')!.example, 'deploy.finished');
  // declarations point at their keys, for go to definition
  assert.equal(e.origin.offset, SPEC_EXAMPLE.indexOf('"deploy.finished"'));
  assert.equal(e.origin.importPath, 'events/deploy.json');
  assert.equal(e.variables.get('seconds')!.origin.offset, SPEC_EXAMPLE.indexOf('"Seconds"'));
  assert.equal(e.variables.get('seconds')!.origin.resolvedPath, '/p/events/deploy.json');
  assert.equal(e.variables.get('timestamp')!.origin.kind, 'builtin');
});

/** [what is wrong, catalog text, expected message, where the error points: the first occurrence of a text, or an offset]. */
const BAD: [string, string, string, string | number][] = [
  ['not JSON', '{"events": {,}}', 'invalid JSON: expected a property name in double quotes, found ","', ','],
  ['trailing comma', '{"events": {"a.b": {"variables": {}},}}', 'invalid JSON: expected a property name in double quotes, found "}"', 37],
  ['not an object', '[1]', 'a catalog is a JSON object with "events", found a list', '['],
  ['no events', '{"event": {}}', 'event: unknown property (expected "$schema", "events")', '"event"'],
  ['bad event name', '{"events": {"Deploy.Finished": {"variables": {}}}}', 'events.Deploy.Finished: event names are lower-case dotted names such as "deploy.finished"', '"Deploy'],
  ['event without a dot', '{"events": {"deploy": {"variables": {}}}}', 'events.deploy: event names are lower-case dotted names such as "deploy.finished"', '"deploy"'],
  [
    'example of the wrong type',
    '{"events": {"deploy.finished": {"variables": {"Seconds": {"type": "number", "example": "42"}}}}}',
    'events.deploy.finished.variables.Seconds.example: expected a number, found the string "42"',
    '"42"',
  ],
  [
    'type does not parse',
    '{"events": {"deploy.finished": {"variables": {"Hosts": {"type": "list<strin>", "example": []}}}}}',
    'events.deploy.finished.variables.Hosts.type: unknown type "strin"; expected string, number, bool, datetime, duration, secret, any, list<T>, map<T> or {Key: T}',
    'strin>',
  ],
  [
    'nested example problem',
    '{"events": {"deploy.finished": {"variables": {"Commit": {"type": "list<{Sha: string}>", "example": [{"Sha": "1"}, {"Sha": 2}]}}}}}',
    'events.deploy.finished.variables.Commit.example[1].Sha: expected a string, found the number 2',
    '2}',
  ],
  [
    'unknown record field in the example',
    '{"events": {"deploy.finished": {"variables": {"Commit": {"type": "{Sha: string}", "example": {"Sha": "1", "Author": "x"}}}}}}',
    'events.deploy.finished.variables.Commit.example.Author: unknown field "Author" (the record has Sha)',
    '"x"',
  ],
  [
    'missing example',
    '{"events": {"deploy.finished": {"variables": {"Service": {"type": "string"}}}}}',
    'events.deploy.finished.variables.Service: missing "example"',
    '{"type"',
  ],
  [
    'bad variable name',
    '{"events": {"deploy.finished": {"variables": {"Service_": {"type": "string", "example": "x"}}}}}',
    'events.deploy.finished.variables.Service_: variable names start with a letter, then letters, digits, "_" or "-", not ending in "_" or "-"',
    '"Service_"',
  ],
  [
    'redefines a common variable',
    '{"events": {"deploy.finished": {"variables": {"timestamp": {"type": "string", "example": "x"}}}}}',
    'events.deploy.finished.variables.timestamp: every event already has $Timestamp; choose another name',
    '"timestamp"',
  ],
  [
    'same variable in two casings',
    '{"events": {"deploy.finished": {"variables": {"Host": {"type": "string", "example": "a"}, "host": {"type": "string", "example": "b"}}}}}',
    'events.deploy.finished.variables.host: is declared twice (also as "Host"; names are case-insensitive)',
    '"host"',
  ],
  [
    'unknown default',
    '{"events": {"deploy.finished": {"variables": {}, "defaults": {"message": "x"}}}}',
    'events.deploy.finished.defaults.message: unknown property (expected "body", "text", "title", "subject")',
    '"message"',
  ],
  [
    'datetime example not ISO',
    '{"events": {"deploy.finished": {"variables": {"At": {"type": "datetime", "example": "28/04/2026"}}}}}',
    'events.deploy.finished.variables.At.example: expected an ISO 8601 datetime string such as "2026-04-28T07:12:43Z", found the string "28/04/2026"',
    '"28/',
  ],
  [
    'duplicate key',
    '{"events": {"a.b": {"variables": {}}, "a.b": {"variables": {}}}}',
    'events.a.b: is given twice',
    '"a.b": {"variables": {}}}',
  ],
  ['missing variables', '{"events": {"a.b": {"description": "x"}}}', 'events.a.b: missing "variables" (use {} for an event with only the common variables)', '{"description"'],
];

for (const [what, text, message, at] of BAD) {
  test(`bad catalog: ${what}`, () => {
    const r = parseCatalogJson(text, ORIGIN);
    assert.equal(r.catalog, undefined);
    assert.ok(r.errors.length >= 1);
    assert.equal(r.errors[0]!.message, message);
    const expected = typeof at === 'number' ? at : what === 'duplicate key' ? text.lastIndexOf(at) : text.indexOf(at);
    assert.equal(r.errors[0]!.offset, expected, `offset for ${what}`);
  });
}

test('event names: lower-case dotted names, each part following the name rule', () => {
  for (const ok of ['a.b', 'package.status_changed', 'deploy-service.finished', 'a1.b2.c3']) {
    assert.deepEqual(parseCatalogJson(`{"events": {"${ok}": {"variables": {}}}}`, ORIGIN).errors, [], ok);
  }
  for (const bad of ['deploy', 'deploy_.x', 'a.-b', '1a.b', 'a..b', 'a.b.', 'Deploy.x']) {
    assert.equal(parseCatalogJson(`{"events": {"${bad}": {"variables": {}}}}`, ORIGIN).errors.length, 1, bad);
  }
});

test('every problem is reported, not only the first', () => {
  const r = parseCatalogJson('{"events": {"a.b": {"variables": {"X": {"type": "number", "example": "1"}, "Y": {"type": "bool", "example": 1}}}}}', ORIGIN);
  assert.deepEqual(
    r.errors.map((e) => e.message),
    ['events.a.b.variables.X.example: expected a number, found the string "1"', 'events.a.b.variables.Y.example: expected true or false, found the number 1'],
  );
});

test('the schema file says what the code checks', () => {
  const schema = JSON.parse(readFileSync(new URL('../../../schemas/catalog.schema.json', import.meta.url), 'utf8'));
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(schema.properties.events.propertyNames.pattern, EVENT_NAME_PATTERN);
  assert.equal(schema.$defs.event.properties.variables.propertyNames.pattern, VARIABLE_NAME_PATTERN);
  assert.deepEqual(Object.keys(schema.$defs.event.properties.defaults.properties), ['body', 'text', 'title', 'subject']);
  assert.deepEqual(schema.$defs.variable.required, ['type', 'example']);
  assert.deepEqual(schema.required, ['events']);
});

test('mergeCatalogs adds new events and reports redefinitions', () => {
  const a = parseCatalogJson('{"events": {"deploy.finished": {"variables": {}}, "package.added": {"variables": {}}}}', ORIGIN).catalog!;
  const bOrigin: CatalogOrigin = { kind: 'import', importPath: 'b.json' };
  const b = parseCatalogJson('{"events": {"deploy.finished": {"variables": {}}, "deploy.started": {"variables": {}}}}', bOrigin).catalog!;
  const { catalog, conflicts } = mergeCatalogs(BUILTIN_CATALOG, [a, b]);
  assert.deepEqual(
    conflicts.map((c) => [c.event, c.origin.importPath, c.firstOrigin.kind]),
    [
      ['package.added', 'events/deploy.json', 'builtin'],
      ['deploy.finished', 'b.json', 'import'],
    ],
  );
  assert.equal(catalog.events.get('package.added'), BUILTIN_CATALOG.events.get('package.added'));
  assert.equal(catalog.events.get('deploy.finished')!.origin.importPath, 'events/deploy.json');
  assert.ok(catalog.events.has('deploy.started'));
  assert.equal(catalog.events.size, BUILTIN_CATALOG.events.size + 2);
  assert.equal(BUILTIN_CATALOG.events.has('deploy.started'), false, 'the base is not changed');
});
