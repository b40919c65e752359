import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FUNCTIONS, lookupFunction } from '../../../grammar/functions/builtins';
import { BUILTIN_CATALOG } from '../../../grammar/catalog/builtin';
import { parseTemplate } from '../../../grammar/syntax/template';
import { buildScope, makeEnv } from '../../../grammar/render/environment';
import { renderTemplate } from '../../../grammar/render/evaluate';
import type { Value } from '../../../grammar/values/value';

const DOC = readFileSync(new URL('../../../docs/functions.md', import.meta.url), 'utf8');

/** The variables the docs' examples use: vulnerability.detected's and package.added's examples (package.added's win where both define one). */
function env() {
  const variables = new Map<string, Value>();
  for (const name of ['vulnerability.detected', 'package.added']) {
    const event = BUILTIN_CATALOG.events.get(name)!;
    for (const [k, v] of buildScope(event, 'Docs', undefined, lookupFunction).variables) variables.set(k, v);
  }
  return makeEnv(variables, lookupFunction);
}

const EXAMPLE = /^- `` (.*?) `` → (?:`` (.*) ``|error: `(.*)`)$/;

test('every function is documented with its signature', () => {
  for (const f of FUNCTIONS) {
    assert.ok(DOC.includes(`## ${f.name}`) || new RegExp(`## .*\\b${f.name}\\b`).test(DOC), `no section for ${f.name}`);
    assert.ok(new RegExp(`[$@%]${f.name}\\(`).test(DOC), `no signature for ${f.name}`);
  }
});

test('every example in docs/functions.md renders as documented', () => {
  const examples = DOC.split('\n').filter((l) => l.startsWith('- `` '));
  assert.ok(examples.length >= 50, `only ${examples.length} examples`);
  const e = env();
  for (const line of examples) {
    const m = EXAMPLE.exec(line);
    assert.ok(m, `malformed example line: ${line}`);
    const [, template, expected, error] = m;
    const parsed = parseTemplate(template!);
    assert.deepEqual(parsed.diagnostics.map((d) => d.message), [], template);
    if (error !== undefined) {
      assert.throws(() => renderTemplate(parsed.parts, e), (err: Error) => err.message.includes(error), `${template} should fail with ${error}`);
    } else {
      assert.equal(renderTemplate(parsed.parts, e), expected, template);
    }
  }
});
