import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_CATALOG } from '../../../grammar/catalog/builtin';
import { parseTemplate } from '../../../grammar/syntax/template';
import { checkTemplateForEvent } from '../../../grammar/check/checker';
import { buildScope, makeEnv } from '../../../grammar/render/environment';
import { renderTemplate } from '../../../grammar/render/evaluate';
import { lookupFunction } from '../../../grammar/functions/builtins';

/**
 * The built-in defaults through the real parser, checker and evaluator:
 * every default of every event parses, checks without diagnostics in its
 * event's scope, and renders with the catalog's examples.
 */
for (const event of BUILTIN_CATALOG.events.values()) {
  test(`defaults of ${event.name} parse, check and render`, () => {
    const scope = buildScope(event, 'Catalog test', undefined, lookupFunction);
    for (const [key, content] of Object.entries(event.defaults)) {
      const parsed = parseTemplate(content!);
      assert.deepEqual(parsed.diagnostics.map((d) => d.message), [], `${event.name} ${key}: syntax`);
      const problems = checkTemplateForEvent(parsed.parts, event, { text: content });
      assert.deepEqual(problems.map((d) => `${d.code} ${d.message}`), [], `${event.name} ${key}: check`);
      const out = renderTemplate(parsed.parts, makeEnv(scope.variables, lookupFunction));
      assert.ok(out.length > 0, `${event.name} ${key}: renders`);
      assert.doesNotMatch(out, /\$[A-Za-z{(]/, `${event.name} ${key}: nothing left unexpanded: ${out}`);
      if (key === 'body') {
        const json = JSON.parse(out);
        assert.equal(json.event, event.name);
        assert.equal(json.timestamp, '2026-04-28T07:12:43Z');
      }
    }
  });
}

test('the package.added defaults render as documented', () => {
  const event = BUILTIN_CATALOG.events.get('package.added')!;
  const env = makeEnv(buildScope(event, 'Package activity', undefined, lookupFunction).variables, lookupFunction);
  const render = (text: string) => renderTemplate(parseTemplate(text).parts, env);
  assert.equal(render(event.defaults.text!), 'Package MyCorp.CoolUtils 3.2.0-pre.1 was added to internal-nuget by Admin');
  assert.equal(
    render(event.defaults.body!),
    '{"event":"package.added","id":"3f6c2a9e-8d41-4b7a-9c55-1e0f7b2d4a86","timestamp":"2026-04-28T07:12:43Z","webhookEvent":"Added","package":"MyCorp.CoolUtils","version":"3.2.0-pre.1","feed":"internal-nuget","feedType":"NuGet","user":"Admin"}',
  );
  const vuln = BUILTIN_CATALOG.events.get('vulnerability.detected')!;
  const venv = makeEnv(buildScope(vuln, 'Vulns', undefined, lookupFunction).variables, lookupFunction);
  assert.equal(
    renderTemplate(parseTemplate(vuln.defaults.text!).parts, venv),
    '*PGV-2245804* (High, score 7.5) in internal-nuget: Improper Handling of Exceptional Conditions in Newtonsoft.Json (CVE-2024-21907)\n• Newtonsoft.Json [,13.0.1)\n• MyCorp.CoolUtils [3.0.0,3.2.0)',
  );
});
