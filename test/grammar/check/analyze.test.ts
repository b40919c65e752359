import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze } from '../../../grammar/analyze';
import { BUILTIN_CATALOG } from '../../../grammar/catalog/builtin';
import { check, checkTemplateForEvent } from '../../../grammar/check/checker';
import { setStrictChecks } from '../../../grammar/check/context';
import { parse } from '../../../grammar/syntax/parser';
import { parseTemplate } from '../../../grammar/syntax/template';
import { applyFix, codes, expectClean, expectOne, hostOf, run, spanText } from './helpers';

/** The example of the spec's introduction. */
export const SPEC_EXAMPLE = `import "events/deploy.json";          # extra event catalog (optional)

notifier "Critical vulnerabilities" {
    on vulnerability.detected;
    when $VulnerabilityScore >= 7 && $MatchesRegex($FeedName, "^internal-");

    slack {
        url  = $Secret("slack-secops");
        text = "*$VulnerabilityId* ($VulnerabilitySeverity, score $VulnerabilityScore): $VulnerabilitySummary";
    }

    webhook {
        url     = "https://soar.example.com/hooks/proget";
        auth    = %(scheme: "bearer", token: $Secret("soar-token"));
        signing = %(scheme: "hmac-sha256", secret: $Secret("soar-signing"));
        body    = $ToJson(%(
            packages: @AffectedPackages,
            vulnerabilityId: $VulnerabilityId,
            score: $VulnerabilityScore
        ));
    }

    email {
        to      = "secops@example.com, oncall@example.com";
        subject = "$VulnerabilityId: $VulnerabilitySummary";
        body    = >>
A new vulnerability has been published: $VulnerabilitySummary
<% foreach %p in @AffectedPackages { %>* $(%p.Name) $(%p.AffectedVersions)
<% } %>
>>;
    }
}

sample "perfect storm" for vulnerability.detected {
    $VulnerabilityScore = 9.8;
    $FeedName = "internal-nuget";
}
`;

/** The example catalog of spec section 7. */
export const DEPLOY_CATALOG = JSON.stringify({
  events: {
    'deploy.finished': {
      description: 'A deployment finished.',
      variables: {
        Service: { type: 'string', example: 'api', description: 'Service name' },
        Seconds: { type: 'number', example: 42 },
        Hosts: { type: 'list<string>', example: ['web-1', 'web-2'] },
        Commit: { type: '{Sha: string, Author: string}', example: { Sha: '9f1c', Author: 'dana' } },
      },
      defaults: { body: '$ToJson(%(service: $Service))', text: 'Deployed $Service', subject: 'Deployed $Service' },
    },
  },
});

const FILES = { 'events/deploy.json': DEPLOY_CATALOG };

test("the spec's example analyzes without diagnostics", () => {
  const a = run(SPEC_EXAMPLE, FILES);
  assert.deepEqual(a.diagnostics.map((d) => `${d.code} ${spanText(SPEC_EXAMPLE, d)}: ${d.message}`), []);
  assert.ok(a.catalog.events.has('deploy.finished'));
  assert.equal(a.model.notifiers.length, 1);
  assert.equal(a.model.samples.length, 1);
});

test('imported events are checked like built-in ones', () => {
  const text = `import "events/deploy.json";
notifier "Deploys" {
    on deploy.finished;
    when $Seconds > 30 && %Commit.Author == "dana";
    slack { url = $Secret("s"); text = "$Service on $Join(', ', @Hosts) by $(%Commit.Author)"; }
}
`;
  const a = run(text, FILES);
  assert.deepEqual(a.diagnostics, []);
  const bad = text.replace("%Commit.Author ==", "%Commit.Autor ==");
  expectOne(bad, 'NTF123', 'error', 'Autor', FILES);
});

test('NTF001–NTF004 and NTF401 come through analyze, without cascades, sorted by offset', () => {
  const syntax = 'notifier "x" {\n    on package.added\n}\n';
  const d1 = expectOne(syntax, 'NTF001', 'error', '');
  assert.equal(d1.span.start, syntax.indexOf('package.added') + 'package.added'.length); // where the ';' is missing
  // the notifier has no channel, but that is what the syntax error looks like: not reported
  assert.deepEqual(codes(syntax), ['NTF001']);

  const brokenChannel = 'notifier "x" { on package.added; slack { "https://x.example.com" } }';
  assert.deepEqual(codes(brokenChannel), ['NTF001']); // not also NTF202 for the url it could not read

  const unterminated = 'notifier "x {\n';
  expectOne(unterminated, 'NTF002', 'error', '"');
  assert.deepEqual(codes(unterminated), ['NTF002']);

  const stray = 'notifier "x" { on package.added; slack { url = $Secret("s"); text = "costs $ 5"; } }';
  const d3 = expectOne(stray, 'NTF003', 'error', '$');
  expectClean(applyFix(stray, d3));

  const unquoted = 'notifier "x" { on package.added; when $FeedType == NuGet; slack { url = $Secret("s"); } }';
  const d4 = expectOne(unquoted, 'NTF004', 'error', 'NuGet');
  assert.equal(applyFix(unquoted, d4), unquoted.replace('NuGet', '"NuGet"'));
  expectClean(applyFix(unquoted, d4));

  expectOne('import "nope.json";\n', 'NTF401', 'error', '"nope.json"');
  expectClean('import "events/deploy.json";\n', FILES);

  const many = run('notifier "A" { on nope.x; }\nnotifier "A" { slack { } }\n').diagnostics;
  assert.ok(many.length >= 4);
  const starts = many.map((d) => d.span.start);
  assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
});

test("every built-in event's default texts type-check in that event's scope", () => {
  let checked = 0;
  for (const event of BUILTIN_CATALOG.events.values()) {
    for (const [kind, content] of Object.entries(event.defaults)) {
      if (typeof content !== 'string') continue;
      const parsed = parseTemplate(content, 0);
      const problems = [...parsed.diagnostics, ...checkTemplateForEvent(parsed.parts, event, { text: content })];
      assert.deepEqual(
        problems.map((d) => `${d.code} ${JSON.stringify(content.slice(d.span.start, d.span.end))}: ${d.message}`),
        [],
        `${event.name} default ${kind}`,
      );
      checked++;
    }
  }
  assert.ok(checked >= 4 * 20, `checked ${checked} defaults`);
});

test('a template checked for an event reports what is wrong in it', () => {
  const event = BUILTIN_CATALOG.events.get('package.added')!;
  const content = 'Added $PackgeId';
  const parsed = parseTemplate(content, 0);
  assert.deepEqual(checkTemplateForEvent(parsed.parts, event).map((d) => d.code), ['NTF102']);
});

test('analyze never throws on 200 random mutations of a real file', () => {
  const alphabet = ['$', '@', '%', '(', ')', '{', '}', '"', "'", ';', '.', ',', '<%', '%>', '>>', '`', '\n', ' ', 'x', '==', '&&', '!', '[', ']', ':', '#', '/*', '1', 'on ', 'when '];
  const mutation = fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 12 }),
    insert: fc.array(fc.constantFrom(...alphabet), { maxLength: 4 }).map((a) => a.join('')),
  });
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
      let text = SPEC_EXAMPLE;
      for (const m of mutations) {
        const at = m.at % (text.length + 1);
        text = text.slice(0, at) + m.insert + text.slice(at + m.remove);
      }
      const a = analyze(text, hostOf(FILES));
      // analyze swallows a checker exception; strict mode makes one fail the test
      setStrictChecks(true);
      try {
        check(parse(text).file, a.catalog, { text });
      } finally {
        setStrictChecks(false);
      }
      for (const d of a.diagnostics) {
        assert.ok(d.span.start >= 0 && d.span.end <= text.length && d.span.start <= d.span.end, `${d.code} span out of range`);
      }
      // the model's queries must not throw either
      for (let o = 0; o <= text.length; o += 97) {
        a.model.variablesInScope(o);
        a.model.notifierAt(o);
      }
    }),
    { numRuns: 200, seed: 20261123 },
  );
});

test('analyze survives text that is not a notify file at all', () => {
  for (const text of ['', '\u0000\uffff', '}'.repeat(1000), '"'.repeat(999), '<% foreach %>'.repeat(50), 'notifier '.repeat(200)]) {
    const a = analyze(text, hostOf());
    assert.equal(a.text, text);
    assert.ok(Array.isArray(a.diagnostics));
  }
});

test("NTF401 for an imported event whose default text does not check", () => {
  const broken = JSON.parse(DEPLOY_CATALOG);
  broken.events['deploy.finished'].defaults.text = 'Deployed $Servise';
  const text = 'import "events/deploy.json";\n';
  const d = expectOne(text, 'NTF401', 'error', '"events/deploy.json"', { 'events/deploy.json': JSON.stringify(broken) });
  assert.match(d.message, /default text of `deploy\.finished`/);
  assert.match(d.message, /Servise/);
  assert.deepEqual(run(text, FILES).diagnostics, []);
});
