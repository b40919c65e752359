import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_CATALOG } from '../../../grammar/catalog/builtin';
import { exampleProblem } from '../../../grammar/catalog/exampleFits';
import { fixtureValues, FIXTURE_KINDS, LONG_STRING_LENGTH, MANY_ITEMS, SPECIAL_TEXT } from '../../../grammar/render/fixtures';
import type { EventDef } from '../../../grammar/catalog/catalog';
import { parseCatalogJson } from '../../../grammar/catalog/importCatalog';
import { render } from '../../../grammar/render/render';
import { parseOk } from './helpers';

/** One event `test.fixture` with these variables, read as an imported catalog is. */
function importCatalogText(variables: Record<string, { type: string; example: unknown; maxLength?: number }>): EventDef {
  const { catalog, errors } = parseCatalogJson(JSON.stringify({ events: { 'test.fixture': { variables } } }), { kind: 'import', importPath: 't.json' });
  assert.deepEqual(errors, []);
  return catalog!.events.get('test.fixture')!;
}

const vuln = BUILTIN_CATALOG.events.get('vulnerability.detected')!;

describe('edge-case fixtures (LANGUAGE.md 10.6)', () => {
  it('every fixture value of every built-in event still fits its declared type (a fixture never tests a value production cannot send)', () => {
    for (const event of BUILTIN_CATALOG.events.values()) {
      for (const kind of FIXTURE_KINDS) {
        for (const [key, value] of fixtureValues(event, kind)) {
          const def = event.variables.get(key)!;
          assert.equal(exampleProblem(def.type, value), undefined, `${event.name} ${kind} $${def.name}`);
        }
      }
    }
  });

  it('leaves the variables the render or the send decides alone', () => {
    for (const kind of FIXTURE_KINDS) {
      const values = fixtureValues(vuln, kind);
      for (const common of ['eventname', 'eventid', 'timestamp', 'notifiername']) assert.equal(values.has(common), false, `${kind} ${common}`);
    }
  });

  it('empty: lists are empty, scalars keep their examples', () => {
    const values = fixtureValues(vuln, 'empty');
    assert.deepEqual(values.get('affectedpackages'), []);
    assert.equal(values.get('vulnerabilityid'), vuln.variables.get('vulnerabilityid')!.example);
    const alert = fixtureValues(BUILTIN_CATALOG.events.get('alert.raised')!, 'empty');
    assert.deepEqual(alert.get('alerts'), []);
  });

  it('many: 500 items, the example items in order', () => {
    const example = vuln.variables.get('affectedpackages')!.example as unknown[];
    const list = fixtureValues(vuln, 'many').get('affectedpackages') as unknown[];
    assert.equal(list.length, MANY_ITEMS);
    assert.deepEqual(list[0], example[0]);
    assert.deepEqual(list[example.length], example[0]);
    assert.deepEqual(list[MANY_ITEMS - 1], example[(MANY_ITEMS - 1) % example.length]);
  });

  it('many: an empty example list gets made-up items of the item type', () => {
    const event = importCatalogText({ Tags: { type: 'list<string>', example: [] }, Hits: { type: 'list<{At: datetime, N: number}>', example: [] } });
    const values = fixtureValues(event, 'many');
    const tags = values.get('tags') as string[];
    assert.equal(tags.length, MANY_ITEMS);
    assert.equal(tags[0], 'item 1');
    assert.equal(tags[499], 'item 500');
    assert.deepEqual((values.get('hits') as unknown[])[1], { At: '1970-01-01T00:00:00Z', N: 2 });
  });

  it('long: every string, also inside records, is exactly 1,000 code points, starting with the example', () => {
    const values = fixtureValues(vuln, 'long');
    const id = values.get('vulnerabilityid') as string;
    assert.equal(Array.from(id).length, LONG_STRING_LENGTH);
    assert.ok(id.startsWith(vuln.variables.get('vulnerabilityid')!.example as string));
    const pkg = (values.get('affectedpackages') as { Name: string }[])[0]!;
    assert.equal(pkg.Name.length, LONG_STRING_LENGTH);
    assert.equal(values.get('vulnerabilityscore'), vuln.variables.get('vulnerabilityscore')!.example, 'numbers keep their example');
    // Code points, not UTF-16 units: an emoji example is not cut in half.
    const emoji = importCatalogText({ Icon: { type: 'string', example: '🔔' }, Empty: { type: 'string', example: '' } });
    const long = fixtureValues(emoji, 'long');
    assert.equal(long.get('icon'), '🔔'.repeat(LONG_STRING_LENGTH));
    assert.equal(long.get('empty'), 'x'.repeat(LONG_STRING_LENGTH));
  });

  it('long: a catalog\'s maxLength is the length, for each string in the value; a bad maxLength is an invalid catalog', () => {
    const event = importCatalogText({
      Service: { type: 'string', example: 'api', maxLength: 63 },
      Hosts: { type: 'list<string>', example: ['web-1'], maxLength: 5 },
    });
    const long = fixtureValues(event, 'long');
    assert.equal(long.get('service'), 'api'.repeat(21));
    assert.deepEqual(long.get('hosts'), ['web-1']);
    for (const bad of [0, 1.5, '10']) {
      const { errors } = parseCatalogJson(JSON.stringify({ events: { 'test.fixture': { variables: { S: { type: 'string', example: '', maxLength: bad } } } } }), { kind: 'import', importPath: 't.json' });
      assert.match(errors[0]!.message, /maxLength: expected a whole number/, String(bad));
    }
  });

  it('special: every string ends with quotes, a line break, emoji, < and &', () => {
    const values = fixtureValues(vuln, 'special');
    assert.equal(values.get('vulnerabilityid'), `${vuln.variables.get('vulnerabilityid')!.example as string}${SPECIAL_TEXT}`);
    for (const ch of ['"', "'", '\n', '<', '&', '🔔']) assert.ok(SPECIAL_TEXT.includes(ch), ch);
  });

  it('renders per notifier with its own event, and escapes what Slack must not read as markup', () => {
    const text = `notifier "a" { on vulnerability.detected; slack { url = "https://hooks.slack.com/services/T/B/x"; text = "$VulnerabilityId"; } }
notifier "b" { on package.added; webhook { url = "https://example.com/h"; body = $ToJson(%(id: $PackageId)); } }`;
    const result = render(parseOk(text), BUILTIN_CATALOG, { fixture: 'special' });
    assert.deepEqual(result.errors, []);
    const slack = JSON.parse(result.deliveries[0]!.request!.body!) as { text: string };
    assert.match(slack.text, /&lt;b&gt;tag&lt;\/b&gt; &amp; &amp;amp;/);
    const webhook = JSON.parse(result.deliveries[1]!.request!.body!) as { id: string };
    assert.ok(webhook.id.endsWith(SPECIAL_TEXT));
    assert.equal(result.deliveries[0]!.sample, null);
  });

  it('a sample and a fixture together are refused', () => {
    const text = `notifier "a" { on package.added; webhook { url = "https://example.com/h"; } }
sample "s" for package.added { $PackageId = "x"; }`;
    const result = render(parseOk(text), BUILTIN_CATALOG, { fixture: 'long', sample: 's' });
    assert.match(result.errors[0]!.message, /either a sample or a fixture/);
  });
});
