import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveImports, type ImportHost } from '../../../grammar/catalog/imports';
import { BUILTIN_CATALOG } from '../../../grammar/catalog/builtin';
import type { ImportDecl, NotifyFile, StringLiteral } from '../../../grammar/syntax/ast';

/** Builds the tree the parser would give for `import "<path>";` lines (the parser is another layer). */
function fileWithImports(...paths: (string | StringLiteral)[]): { file: NotifyFile; spans: { start: number; end: number }[] } {
  let offset = 0;
  const items: ImportDecl[] = [];
  const spans: { start: number; end: number }[] = [];
  for (const p of paths) {
    const start = offset + 'import '.length;
    const lit: StringLiteral =
      typeof p === 'string'
        ? {
            kind: 'String',
            span: { start, end: start + p.length + 2 },
            quote: '"',
            contentSpan: { start: start + 1, end: start + 1 + p.length },
            parts: [{ kind: 'Text', span: { start: start + 1, end: start + 1 + p.length }, value: p }],
          }
        : p;
    items.push({ kind: 'Import', span: { start: offset, end: lit.span.end + 1 }, path: lit });
    spans.push(lit.span);
    offset = lit.span.end + 2;
  }
  return { file: { kind: 'File', span: { start: 0, end: offset }, items, comments: [] }, spans };
}

function host(files: Record<string, string>): ImportHost & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readImport(importPath) {
      reads.push(importPath);
      const resolvedPath = '/repo/' + importPath.replace(/^\.\//, '');
      return resolvedPath in files ? { text: files[resolvedPath]!, resolvedPath } : { error: `file not found (${resolvedPath})` };
    },
  };
}

const DEPLOY = '{"events": {"deploy.finished": {"variables": {"Service": {"type": "string", "example": "api"}}}}}';

test('no imports: the built-in catalog, no diagnostics', () => {
  const { catalog, diagnostics } = resolveImports(fileWithImports().file, host({}));
  assert.equal(catalog, BUILTIN_CATALOG);
  assert.deepEqual(diagnostics, []);
});

test('an import adds its events, with their origin', () => {
  const { file } = fileWithImports('events/deploy.json');
  const { catalog, diagnostics } = resolveImports(file, host({ '/repo/events/deploy.json': DEPLOY }));
  assert.deepEqual(diagnostics, []);
  const e = catalog.events.get('deploy.finished')!;
  assert.deepEqual(e.origin, { kind: 'import', importPath: 'events/deploy.json', resolvedPath: '/repo/events/deploy.json', offset: DEPLOY.indexOf('"deploy.finished"') });
  assert.ok(catalog.events.has('package.added'));
});

test('missing file: NTF401 at the path string', () => {
  const { file, spans } = fileWithImports('events/nope.json');
  const { catalog, diagnostics } = resolveImports(file, host({}));
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0]!.code, 'NTF401');
  assert.equal(diagnostics[0]!.severity, 'error');
  assert.deepEqual(diagnostics[0]!.span, spans[0]);
  assert.equal(diagnostics[0]!.message, 'Cannot import "events/nope.json": file not found (/repo/events/nope.json)');
  assert.equal(catalog.events.size, BUILTIN_CATALOG.events.size);
});

test('schema violation: names the file, the first problem and where it is', () => {
  const text = '{\n  "events": {\n    "deploy.finished": {\n      "variables": {\n        "Seconds": { "type": "number", "example": "42" }\n      }\n    }\n  }\n}';
  const { file, spans } = fileWithImports('events/deploy.json');
  const { diagnostics } = resolveImports(file, host({ '/repo/events/deploy.json': text }));
  assert.equal(diagnostics.length, 1);
  assert.deepEqual(diagnostics[0]!.span, spans[0]);
  assert.equal(
    diagnostics[0]!.message,
    'Cannot import "events/deploy.json": events.deploy.finished.variables.Seconds.example: expected a number, found the string "42" at line 5, column 51',
  );
});

test('bad JSON', () => {
  const { file } = fileWithImports('x.json');
  const { diagnostics } = resolveImports(file, host({ '/repo/x.json': '{"events": ' }));
  assert.equal(diagnostics[0]!.message, 'Cannot import "x.json": invalid JSON: unexpected end of file, expected a value at line 1, column 12');
});

test('an import that redefines a built-in event or another import is a conflict', () => {
  const { file, spans } = fileWithImports('a.json', 'b.json', 'c.json');
  const { catalog, diagnostics } = resolveImports(
    file,
    host({
      '/repo/a.json': DEPLOY,
      '/repo/b.json': DEPLOY,
      '/repo/c.json': '{"events": {"package.added": {"variables": {}}}}',
    }),
  );
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.span, d.message]),
    [
      ['NTF401', spans[1], 'Cannot import "b.json": event "deploy.finished" is already defined by "a.json"'],
      ['NTF401', spans[2], 'Cannot import "c.json": event "package.added" is already defined by the built-in catalog'],
    ],
  );
  assert.equal(catalog.events.get('deploy.finished')!.origin.importPath, 'a.json');
  assert.equal(catalog.events.get('package.added'), BUILTIN_CATALOG.events.get('package.added'));
});

test('the same file imported twice is read but adds nothing twice', () => {
  const { file } = fileWithImports('a.json', './a.json');
  const h = host({ '/repo/a.json': DEPLOY });
  const { diagnostics } = resolveImports(file, h);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(h.reads, ['a.json', './a.json']);
});

test('an import path with interpolation is rejected without reading', () => {
  const lit: StringLiteral = {
    kind: 'String',
    span: { start: 7, end: 19 },
    quote: '"',
    contentSpan: { start: 8, end: 18 },
    parts: [
      { kind: 'Interpolation', span: { start: 8, end: 13 }, form: 'name' },
      { kind: 'Text', span: { start: 13, end: 18 }, value: '.json' },
    ],
  };
  const h = host({});
  const { diagnostics } = resolveImports(fileWithImports(lit).file, h);
  assert.equal(diagnostics[0]!.code, 'NTF401');
  assert.deepEqual(diagnostics[0]!.span, lit.span);
  assert.deepEqual(h.reads, []);
});

test('an import that cannot be parsed (nested too deep) costs its own NTF401, not the other imports', () => {
  const { file, spans } = fileWithImports('missing.json', 'deep.json', 'events/deploy.json');
  const { catalog, diagnostics } = resolveImports(file, host({ '/repo/deep.json': '['.repeat(10_000) + ']'.repeat(10_000), '/repo/events/deploy.json': DEPLOY }));
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.span, d.message.replace(/ at .*/, '')]),
    [
      ['NTF401', spans[0], 'Cannot import "missing.json": file not found (/repo/missing.json)'],
      ['NTF401', spans[1], 'Cannot import "deep.json": invalid JSON: objects and lists nested deeper than 256 levels'],
    ],
  );
  assert.ok(catalog.events.has('deploy.finished'), 'the import after the bad one still adds its events');
});

test('an import whose reading throws (a bug in a host) is an NTF401 at its path; the rest are read', () => {
  const { file, spans } = fileWithImports('boom.json', 'events/deploy.json');
  const base = host({ '/repo/events/deploy.json': DEPLOY });
  const { catalog, diagnostics } = resolveImports(file, {
    readImport: (p) => {
      if (p === 'boom.json') throw new RangeError('Maximum call stack size exceeded');
      return base.readImport(p);
    },
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.span]), [['NTF401', spans[0]]]);
  assert.match(diagnostics[0]!.message, /Cannot import "boom.json": internal error while reading it \(Maximum call stack size exceeded\)/);
  assert.ok(catalog.events.has('deploy.finished'));
});
