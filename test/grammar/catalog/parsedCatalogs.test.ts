/**
 * The shared memo of parsed catalogs (grammar/catalog/parsedCatalogs.ts):
 * an analysis through it is the analysis without it, whatever the memo
 * holds — over generated catalogs and files, a catalog whose text changes
 * between analyses, and a memo too small to keep them all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisCache, analyze, type Analysis, type ImportHost } from '../../../grammar/analyze';
import { parseCatalogJson } from '../../../grammar/catalog/importCatalog';
import { ParsedCatalogs } from '../../../grammar/catalog/parsedCatalogs';
import { jsonText } from '../../../grammar/catalog/jsonScan';

const WITHOUT_MEMO = { parse: parseCatalogJson };

let seed = 11;
const rand = (k: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % k;

/** A catalog of `events` events under `prefix`; `flaw` puts one kind of mistake in it. */
function catalog(prefix: string, events: number, flaw?: 'json' | 'schema' | 'default' | 'builtin'): string {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < events; i++) {
    const variables: Record<string, unknown> = { Name: { type: 'string', example: `n${i}` } };
    if (i % 3 === 0) variables.Count = { type: 'number', example: i, maxLength: 5 };
    if (i % 4 === 0) variables.Hosts = { type: 'list<string>', example: ['a', 'b'] };
    const event: Record<string, unknown> = { description: `event ${i}`, variables };
    if (i % 5 === 0) event.defaults = { text: flaw === 'default' && i === 0 ? '$Nope done' : '$Name done', subject: 'S $Name' };
    out[`${prefix}.e${i}`] = event;
  }
  if (flaw === 'schema') (out[`${prefix}.e1`] as { variables: Record<string, unknown> }).variables.Bad = { type: 'number', example: 'x' };
  if (flaw === 'builtin') out['package.added'] = { variables: {} };
  const text = JSON.stringify({ events: out }, null, rand(2) ? 2 : 0);
  return flaw === 'json' ? text.slice(0, text.length - 3) : text;
}

function notifyFile(imports: readonly string[], events: readonly string[]): string {
  const head = imports.map((p) => `import "${p}";\n`).join('');
  const notifiers = events.map(
    (e, k) => `\nnotifier "n${k}" {\n    on ${e};\n    when $Name != "";\n\n    webhook {\n        url = "https://example.com/h";\n        body = "$Name $EventName";\n    }\n}\n`,
  );
  return head + notifiers.join('');
}

/** An import host over in-memory files; `files` may be changed between analyses. */
function host(files: Map<string, string>, identities: Record<string, string> = {}): ImportHost {
  return {
    readImport(importPath) {
      const resolvedPath = '/repo/' + importPath.replace(/^\.\//, '');
      const text = files.get(resolvedPath);
      return text === undefined ? { error: `file not found (${resolvedPath})` } : { text, resolvedPath, identity: identities[resolvedPath] ?? resolvedPath };
    },
  };
}

/** Everything an analysis reports: diagnostics, and the catalog's events with their variables and origins. */
function report(a: Analysis): string {
  const events = [...a.catalog.events.values()].map((e) => ({
    name: e.name,
    description: e.description,
    defaults: e.defaults,
    origin: e.origin,
    variables: [...e.variables].map(([k, v]) => [k, v.name, v.type, jsonText(v.example), v.description, v.maxLength, v.origin]),
  }));
  return JSON.stringify({ diagnostics: a.diagnostics, fileDiagnostics: a.fileDiagnostics, events });
}

test('an analysis through the shared memo reports what one without it reports, over generated catalogs and files', () => {
  const files = new Map<string, string>([
    ['/repo/events/a.json', catalog('alpha', 40)],
    ['/repo/events/b.json', catalog('beta', 25)],
    ['/repo/events/json.json', catalog('gamma', 10, 'json')],
    ['/repo/events/schema.json', catalog('delta', 10, 'schema')],
    ['/repo/events/default.json', catalog('eps', 10, 'default')],
    ['/repo/events/builtin.json', catalog('zeta', 3, 'builtin')],
    ['/repo/events/a-again.json', catalog('alpha', 5)],
  ]);
  const paths = [...files.keys()].map((p) => p.slice('/repo/'.length));
  const memo = new ParsedCatalogs();
  const caches = [new AnalysisCache(), new AnalysisCache()];
  for (let round = 0; round < 60; round++) {
    const imports = Array.from({ length: 1 + rand(3) }, () => (rand(4) ? paths[rand(paths.length)]! : `./${paths[rand(paths.length)]!}`));
    const events = ['alpha.e1', 'beta.e3', 'alpha.e7', 'eps.e0', 'delta.e2', 'alpha.e99', 'package.added', 'bta.e3'];
    const text = notifyFile(imports, Array.from({ length: 1 + rand(3) }, () => events[rand(events.length)]!));
    const h = host(files);
    const without = report(analyze(text, h, { catalogs: WITHOUT_MEMO }));
    assert.equal(report(analyze(text, h, { catalogs: memo })), without, text);
    // and with a document's cache kept between analyses, as the language server keeps one
    assert.equal(report(analyze(text, h, { catalogs: memo, cache: caches[round % 2]! })), without, text);
  }
  assert.ok(memo.hits > memo.misses, `hits ${memo.hits}, misses ${memo.misses}`);
});

test('a catalog whose text changes between analyses is read again: the analysis is the one of the new text', () => {
  const files = new Map([['/repo/events/x.json', catalog('svc', 20)]]);
  const memo = new ParsedCatalogs();
  const cache = new AnalysisCache();
  const text = notifyFile(['events/x.json'], ['svc.e3', 'svc.e30']);
  const versions = [catalog('svc', 20), catalog('svc', 40), catalog('svc', 40, 'schema'), catalog('svc', 40, 'json'), catalog('svc', 20), catalog('svc', 40, 'default')];
  let previous = '';
  for (const version of versions) {
    files.set('/repo/events/x.json', version);
    const expected = report(analyze(text, host(files), { catalogs: WITHOUT_MEMO }));
    assert.equal(report(analyze(text, host(files), { catalogs: memo, cache })), expected);
    // a copy of the same text (another read of an unchanged file) is a hit, and the same analysis
    files.set('/repo/events/x.json', (' ' + version).slice(1));
    assert.equal(report(analyze(text, host(files), { catalogs: memo })), expected);
    assert.notEqual(expected, previous);
    previous = expected;
  }
  assert.equal(memo.size, 1, 'one origin keeps one text');
});

test('a memo too small for the catalogs lets the least recently used go, and answers the same', () => {
  const files = new Map<string, string>();
  for (let i = 0; i < 6; i++) files.set(`/repo/c${i}.json`, catalog(`c${i}`, 30));
  const size = files.get('/repo/c0.json')!.length;
  for (const memo of [new ParsedCatalogs(2, Number.MAX_SAFE_INTEGER), new ParsedCatalogs(100, Math.floor(size * 2.5)), new ParsedCatalogs(100, 10)]) {
    for (let round = 0; round < 30; round++) {
      const text = notifyFile([`c${rand(6)}.json`, `c${rand(6)}.json`], [`c${rand(6)}.e${rand(30)}`]);
      assert.equal(report(analyze(text, host(files), { catalogs: memo })), report(analyze(text, host(files), { catalogs: WITHOUT_MEMO })));
      assert.ok(memo.size <= 2 || memo.heldChars <= Math.floor(size * 2.5));
    }
  }
});

test('the memo keeps at most its count and its characters, the least recently used going first', () => {
  const memo = new ParsedCatalogs(3, 1000);
  const origin = (p: string) => ({ kind: 'import' as const, importPath: p, resolvedPath: '/r/' + p });
  const text = (n: number) => JSON.stringify({ events: { [`a.e${n}`]: { variables: {} } } }).padEnd(200, ' ');
  const first = memo.parse(text(1), origin('1'));
  memo.parse(text(2), origin('2'));
  memo.parse(text(3), origin('3'));
  assert.equal(memo.parse(text(1), origin('1')), first, 'a hit is the same result');
  memo.parse(text(4), origin('4')); // past the count: "2" (least recently used) goes
  assert.equal(memo.size, 3);
  const misses = memo.misses;
  memo.parse(text(1), origin('1'));
  assert.equal(memo.misses, misses, '"1" was kept');
  memo.parse(text(2), origin('2'));
  assert.equal(memo.misses, misses + 1, '"2" was let go');
  memo.parse('x'.repeat(900), origin('5')); // past the characters: the rest go
  assert.ok(memo.heldChars <= 1000 && (memo.size as number) === 1, `${memo.size} kept, ${memo.heldChars} characters`);
  memo.parse('x'.repeat(1001), origin('6')); // larger than the whole memo: parsed, not kept
  assert.equal(memo.size, 1);
  // another origin with the same text is another result (the origin is in every event)
  const a = memo.parse(text(7), origin('7'));
  const b = memo.parse(text(7), origin('./7'));
  assert.notEqual(a, b);
  assert.equal(a.catalog!.events.get('a.e7')!.origin.importPath, '7');
  assert.equal(b.catalog!.events.get('a.e7')!.origin.importPath, './7');
});
