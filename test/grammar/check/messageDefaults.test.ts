import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectClean, run } from './helpers';

/** An imported event without `defaults` (the catalog schema makes them optional). */
const BARE = JSON.stringify({ events: { 'deploy.done': { description: 'd', variables: { Service: { type: 'string', example: 'api', description: 's' } } } } });
const WITH = JSON.stringify({
  events: { 'deploy.ok': { description: 'd', variables: {}, defaults: { body: '{}', text: 't', title: 't', subject: 's' } } },
});
const files = { 'bare.json': BARE, 'with.json': WITH };
const file = (on: string, block: string) => `import "bare.json";\nimport "with.json";\nnotifier "N" {\n    on ${on};\n    ${block}\n}\n`;

const CASES: readonly [block: string, needs: RegExp][] = [
  ['slack { url = $Secret("s"); }', /`text`/],
  ['teams { url = $Secret("t"); }', /`title`/],
  ['discord { url = $Secret("d"); }', /`title` or `description`/],
  ['webhook { url = "https://h.example/x"; }', /`body`/],
  ['pagerduty { routing_key = $Secret("k"); }', /`summary`/],
  ['googlechat { url = $Secret("g"); }', /`text` or `title` or `fields`/],
  ['mattermost { url = $Secret("m"); }', /`text` or `fields`/],
];

for (const [block, needs] of CASES) {
  test(`NTF213: ${block.split(' ')[0]} without its message text and an event without defaults; the fix's template checks`, () => {
    const text = file('deploy.done', block);
    const ds = run(text, files).diagnostics;
    assert.deepEqual(ds.map((d) => d.code), ['NTF213'], JSON.stringify(ds.map((d) => d.message)));
    const d = ds[0]!;
    assert.equal(d.severity, 'error');
    assert.equal(text.slice(d.span.start, d.span.end), block.split(' ')[0]);
    assert.match(d.message, needs);
    assert.match(d.message, /deploy\.done/);
    expectClean(applyFix(text, d), files);
    // Defaults of every event meet the need.
    expectClean(file('deploy.ok', block), files);
    // One event lacking them is enough to report.
    assert.deepEqual(run(file('deploy.ok, deploy.done', block), files).diagnostics.map((x) => x.code), ['NTF213']);
  });
}

test('NTF213: email needs a subject and a body (html counts as a body)', () => {
  const text = file('deploy.done', 'email { to = "a@example.com"; }');
  const ds = run(text, files).diagnostics;
  assert.deepEqual(ds.map((d) => d.code), ['NTF213', 'NTF213']);
  let fixed = text;
  for (const d of ds) fixed = applyFix(fixed, run(fixed, files).diagnostics[0]!);
  expectClean(fixed, files);
  expectClean(file('deploy.done', 'email { to = "a@example.com"; subject = "s"; html = "<p>x</p>"; }'), files);
});

test('NTF213: a webhook GET or DELETE sends no body; written properties meet the need; built-in events have defaults', () => {
  expectClean(file('deploy.done', 'webhook { url = "https://h.example/x"; method = "GET"; }'), files);
  expectClean(file('deploy.done', 'webhook { url = "https://h.example/x"; method = "DELETE"; }'), files);
  expectClean(file('deploy.done', 'slack { url = $Secret("s"); text = "Deployed $Service"; }'), files);
  expectClean(file('deploy.done', 'discord { url = $Secret("d"); description = "x"; }'), files);
  expectClean(file('package.added', 'slack { url = $Secret("s"); }'), files);
  // PagerDuty sends a summary only with a trigger; Google Chat and Mattermost show a card or fields instead of text
  expectClean(file('deploy.done', 'pagerduty { routing_key = $Secret("k"); event_action = "resolve"; }'), files);
  expectClean(file('deploy.done', 'googlechat { url = $Secret("g"); title = "Deployed $Service"; }'), files);
  expectClean(file('deploy.done', 'mattermost { url = $Secret("m"); fields = %(Service: $Service); }'), files);
  expectClean(file('package.added', 'pagerduty { routing_key = $Secret("k"); }'), files);
});

test('one mistake, one diagnostic: Slack `blocks` without `text` for an event without defaults is NTF220 only, and its fix checks clean', () => {
  const text = file('deploy.done', 'slack { url = $Secret("s"); blocks = @(%SlackHeader("Deployed $Service")); }');
  const ds = run(text, files).diagnostics;
  assert.deepEqual(ds.map((d) => d.code), ['NTF220'], JSON.stringify(ds.map((d) => d.message)));
  expectClean(applyFix(text, ds[0]!), files);
});
