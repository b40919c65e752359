import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { catalogDoc, catalogMarkdown } from '../../../grammar/catalog/docs';
import { BUILTIN_CATALOG } from '../../../grammar/catalog/builtin';
import { parseCatalogJson } from '../../../grammar/catalog/importCatalog';

const DOC = new URL('../../../docs/catalog.md', import.meta.url);

test('docs/catalog.md is generated from the built-in catalog', () => {
  const expected = catalogDoc();
  if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, expected);
  assert.equal(readFileSync(DOC, 'utf8'), expected, 'docs/catalog.md is stale: run UPDATE_DOCS=1 node test/run.mjs test/grammar/catalog/docs.test.ts');
});

test('the markdown lists every event and variable', () => {
  const md = catalogMarkdown(BUILTIN_CATALOG);
  for (const e of BUILTIN_CATALOG.events.values()) {
    assert.ok(md.includes(`### ${e.name}\n`), e.name);
    for (const v of e.variables.values()) assert.ok(md.includes(`${v.name}\` |`), `${e.name}.${v.name}`);
  }
  assert.ok(md.includes('| `@AffectedPackages` | `list<{Name: string, AffectedVersions: string}>` |'));
  assert.ok(md.includes('| `$VulnerabilityScore` | `number` | `7.5` |'));
});

test('the catalog example in the docs is a valid catalog', () => {
  const doc = catalogDoc();
  const json = /```json\n([\s\S]*?)```/.exec(doc)![1]!;
  assert.deepEqual(parseCatalogJson(json, { kind: 'import' }).errors, []);
});

test('code spans survive backticks and pipes', () => {
  const md = catalogMarkdown({
    events: new Map([
      [
        'x.y',
        {
          name: 'x.y',
          description: 'd',
          variables: new Map(),
          defaults: { text: 'a`nb | c' },
          origin: { kind: 'import' },
        },
      ],
    ]),
  });
  assert.ok(md.includes('- `text`: ``a`nb \\| c``'), md);
});
