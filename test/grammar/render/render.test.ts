import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BUILTIN_CATALOG } from '../../../grammar/catalog/builtin';
import type { RenderedDelivery } from '../../../grammar/render/delivery';
import { render, type RenderSelection } from '../../../grammar/render/render';
import { parse } from '../../../grammar/syntax/parser';
import { parseOk } from './helpers';

const EVENT_ID = '3f6c2a9e-8d41-4b7a-9c55-1e0f7b2d4a86';
const SUMMARY = 'Improper Handling of Exceptional Conditions in Newtonsoft.Json (CVE-2024-21907)';
const PACKAGES_JSON =
  '[{"Name":"Newtonsoft.Json","AffectedVersions":"[,13.0.1)"},{"Name":"MyCorp.CoolUtils","AffectedVersions":"[3.0.0,3.2.0)"}]';
const DEFAULT_TRANSPORT = { timeoutMs: 10_000, retries: 3, backoffMs: [10_000, 60_000, 300_000], eventId: EVENT_ID };

function run(source: string, selection: RenderSelection = {}) {
  return render(parseOk(source), BUILTIN_CATALOG, selection);
}

/** Renders and expects no errors. */
function ok(source: string, selection: RenderSelection = {}): RenderedDelivery[] {
  const result = run(source, selection);
  assert.deepEqual(result.errors, []);
  return result.deliveries;
}

function one(source: string, selection: RenderSelection = {}): RenderedDelivery {
  const deliveries = ok(source, selection);
  assert.equal(deliveries.length, 1);
  return deliveries[0]!;
}

function body(d: RenderedDelivery): unknown {
  return JSON.parse(d.request!.body!);
}

// ------------------------------------------------------------------ the spec's example

test("the spec's example file renders exactly", () => {
  const source = readFileSync(new URL('./fixtures/spec-example.notify', import.meta.url), 'utf8');
  const result = run(source);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.skipped, []);
  const head = { notifier: 'Critical vulnerabilities', event: 'vulnerability.detected', sample: 'perfect storm' };
  assert.deepEqual(result.deliveries, [
    {
      ...head,
      channel: 'slack',
      request: {
        method: 'POST',
        url: '‹secret:slack-secops›',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text: `*PGV-2245804* (High, score 9.8): ${SUMMARY}`, attachments: [{ color: 'danger', fields: [] }] }),
      },
      transport: DEFAULT_TRANSPORT,
    },
    {
      ...head,
      channel: 'webhook',
      request: {
        method: 'POST',
        url: 'https://soar.example.com/hooks/proget',
        headers: {
          'Content-Type': 'application/json',
          Authorization: 'Bearer ‹secret:soar-token›',
          'X-Notify-Signature': 'sha256=‹computed at send›',
        },
        body: `{"packages":${PACKAGES_JSON},"vulnerabilityId":"PGV-2245804","score":9.8}`,
      },
      transport: { ...DEFAULT_TRANSPORT, signing: { scheme: 'hmac-sha256', secret: '‹secret:soar-signing›', header: 'X-Notify-Signature' } },
    },
    {
      ...head,
      channel: 'email',
      email: {
        from: null,
        to: ['secops@example.com', 'oncall@example.com'],
        cc: [],
        bcc: [],
        subject: `PGV-2245804: ${SUMMARY}`,
        text: `A new vulnerability has been published: ${SUMMARY}\n* Newtonsoft.Json [,13.0.1)\n* MyCorp.CoolUtils [3.0.0,3.2.0)\n\n`,
        html: null,
      },
      transport: DEFAULT_TRANSPORT,
    },
  ]);
});

test('rendering is deterministic', () => {
  const source = readFileSync(new URL('./fixtures/spec-example.notify', import.meta.url), 'utf8');
  assert.equal(JSON.stringify(run(source)), JSON.stringify(run(source)));
});

// ------------------------------------------------------------------ webhook

test('webhook: the default body is the event default, from the catalog examples', () => {
  const d = one(`notifier "Pkg" { on package.added; webhook { url = "https://h.example/x"; } }`);
  assert.equal(d.sample, null);
  assert.deepEqual(d.request, {
    method: 'POST',
    url: 'https://h.example/x',
    headers: { 'Content-Type': 'application/json' },
    body:
      '{"event":"package.added","id":"3f6c2a9e-8d41-4b7a-9c55-1e0f7b2d4a86","timestamp":"2026-04-28T07:12:43Z","webhookEvent":"Added",' +
      '"package":"MyCorp.CoolUtils","version":"3.2.0-pre.1","feed":"internal-nuget","feedType":"NuGet","user":"Admin"}',
  });
  assert.deepEqual(d.transport, DEFAULT_TRANSPORT);
});

test('webhook: method, headers, content type, basic auth, transport options', () => {
  const d = one(`notifier "Pkg" {
    on package.added;
    webhook {
      url = "https://h.example/x";
      method = "PUT";
      headers = %("X-Feed": $FeedName, "X-Token": $Secret("tok"));
      content_type = "text/plain";
      auth = %(scheme: "basic", username: "ops", password: $Secret("ops-pw"));
      body = "$PackageId $PackageVersion";
      timeout = 30s;
      retries = 0;
      backoff = @(1s, 2m);
    }
  }`);
  assert.deepEqual(d.request, {
    method: 'PUT',
    url: 'https://h.example/x',
    headers: { 'Content-Type': 'text/plain', 'X-Feed': 'internal-nuget', 'X-Token': '‹secret:tok›', Authorization: 'Basic ‹basic›' },
    body: 'MyCorp.CoolUtils 3.2.0-pre.1',
  });
  assert.deepEqual(d.transport, {
    timeoutMs: 30_000,
    retries: 0,
    backoffMs: [1000, 120_000],
    eventId: EVENT_ID,
    basicAuth: { username: 'ops', password: '‹secret:ops-pw›' },
  });
});

test('webhook: apikey auth and standard-webhooks signing', () => {
  const d = one(`notifier "Pkg" {
    on package.added;
    webhook {
      url = "https://h.example/x";
      auth = %(scheme: "apikey", header: "X-Api-Key", value: $Env("NOTIFY_ENV_API_KEY"));
      signing = %(scheme: "standard-webhooks", secret: $Secret("whsec"));
      body = "{}";
    }
  }`);
  assert.deepEqual(d.request!.headers, {
    'Content-Type': 'application/json',
    'X-Api-Key': '‹env:NOTIFY_ENV_API_KEY›',
    'webhook-id': EVENT_ID,
    'webhook-timestamp': '‹computed at send›',
    'webhook-signature': 'v1,‹computed at send›',
  });
  assert.deepEqual(d.transport.signing, { scheme: 'standard-webhooks', secret: '‹secret:whsec›' });
});

test('webhook: GET without a body has no body and no Content-Type', () => {
  const d = one(`notifier "Ping" { on package.added; webhook { url = "https://h.example/ping?id=$UrlEncode($PackageId)"; method = "GET"; } }`);
  assert.deepEqual(d.request, { method: 'GET', url: 'https://h.example/ping?id=MyCorp.CoolUtils', headers: {}, body: null });
});

test('webhook: standard envelope around the default body', () => {
  const d = one(`notifier "Scans" { on scan.completed; webhook { url = "https://h.example/x"; envelope = "standard"; } }`);
  assert.equal(
    d.request!.body,
    '{"schemaVersion":"1.0","source":"notify","invoking":"Scans","title":"Contoso Ltd scan completed: grade B (score 78)",' +
      '"tenant":"72f988bf-86f1-41af-91ab-2d7cd011db47","generatedAt":"2026-04-28T07:12:43Z","alertCount":1,"payload":[' +
      '{"event":"scan.completed","id":"3f6c2a9e-8d41-4b7a-9c55-1e0f7b2d4a86","timestamp":"2026-04-28T07:12:43Z",' +
      '"tenantId":"72f988bf-86f1-41af-91ab-2d7cd011db47","tenantDisplayName":"Contoso Ltd","scanId":"scan-20260428-0712-7f3a","score":78,"grade":"B","newFindings":3,' +
      '"findingCounts":{"Critical":0,"High":1,"Medium":2,"Low":4}}]}',
  );
});

test('webhook: standard envelope around a list of alerts is CIPP\'s schema: payload is the list, alertCount its length', () => {
  const d = one(`notifier "Tenant alerts" { on alert.raised; webhook { url = "https://h.example/x"; envelope = "standard"; body = "$ToJson(@(%(a: 1), %(a: 2), %(a: 3)))"; } }`);
  const env = body(d) as Record<string, unknown>;
  assert.deepEqual(Object.keys(env), ['schemaVersion', 'source', 'invoking', 'title', 'tenant', 'generatedAt', 'alertCount', 'payload']);
  assert.equal(env.invoking, 'Tenant alerts');
  assert.equal(env.alertCount, 3);
  assert.deepEqual(env.payload, [{ a: 1 }, { a: 2 }, { a: 3 }]);
});

test('webhook: envelope tenant is null for events without one; a text body is a JSON string', () => {
  const d = one(`notifier "Pkg" { on package.added; webhook { url = "https://h.example/x"; envelope = "standard"; body = "plain $PackageId"; } }`);
  const env = body(d) as Record<string, unknown>;
  assert.equal(env.tenant, null);
  assert.equal(env.title, 'Package MyCorp.CoolUtils 3.2.0-pre.1 added');
  assert.deepEqual(env.payload, ['plain MyCorp.CoolUtils']);
});

test('$ToJson keeps key order, numbers, booleans and nested lists', () => {
  const d = one(`notifier "V" {
    on vulnerability.detected;
    webhook { url = "https://h.example/x"; body = $ToJson(%(zeta: $VulnerabilityScore, packages: @AffectedPackages, alpha: true, "9": @(1, 2.5))); }
  }`);
  assert.equal(d.request!.body, `{"zeta":7.5,"packages":${PACKAGES_JSON},"alpha":true,"9":[1,2.5]}`);
});

test('a variable the event does not define: "" in text, null in $ToJson', () => {
  const deliveries = ok(`notifier "Both" {
    on package.added, vulnerability.detected;
    webhook { url = "https://h.example/x"; body = $ToJson(%(score: $VulnerabilityScore, pkg: $PackageId, text: "[$VulnerabilityScore]")); }
  }`);
  assert.equal(deliveries[0]!.event, 'package.added');
  assert.equal(deliveries[0]!.request!.body, '{"score":null,"pkg":"MyCorp.CoolUtils","text":"[]"}');
});

// ------------------------------------------------------------------ chat channels

test('slack: fields in written order, colour by severity, escaping of interpolated values only', () => {
  const d = one(`notifier "V" {
    on vulnerability.detected;
    slack {
      url = $Secret("slack");
      text = "<!here> *$VulnerabilityId* & $VulnerabilitySummary";
      fields = %(Score: "$VulnerabilityScore", Summary: $VulnerabilitySummary, "Feed <name>": "<$FeedName>");
    }
  }
  sample "angle" for vulnerability.detected { $VulnerabilitySummary = "a <b> & c"; $VulnerabilitySeverity = "Critical"; }`);
  assert.deepEqual(body(d), {
    text: '<!here> *PGV-2245804* & a &lt;b&gt; &amp; c',
    attachments: [
      {
        color: 'danger',
        fields: [
          { title: 'Score', value: '7.5', short: true },
          { title: 'Summary', value: 'a &lt;b&gt; &amp; c', short: true },
          { title: 'Feed <name>', value: '<internal-nuget>', short: true },
        ],
      },
    ],
  });
});

test('slack: default text (escaped) and severity colours', () => {
  const colour = (severity: string) =>
    (
      body(
        one(`notifier "F" { on finding.new; slack { url = "https://hooks.slack.com/services/x"; } }
             sample "s" for finding.new { $FindingSeverity = "${severity}"; }`),
      ) as { attachments: { color: string }[] }
    ).attachments[0]!.color;
  assert.equal(colour('High'), 'danger');
  assert.equal(colour('critical'), 'danger');
  assert.equal(colour('Medium'), 'warning');
  assert.equal(colour('Low'), 'good');
  const grade = one(`notifier "S" { on scan.completed; slack { url = "https://hooks.slack.com/services/x"; } }`);
  assert.equal((body(grade) as { attachments: { color: string }[] }).attachments[0]!.color, 'good');
  const failed = one(`notifier "S" { on scan.failed; slack { url = "https://hooks.slack.com/services/x"; color = "#00ff00"; } }`);
  assert.equal((body(failed) as { attachments: { color: string }[] }).attachments[0]!.color, '#00ff00');
  const failedDefault = one(`notifier "S" { on scan.failed; slack { url = "https://hooks.slack.com/services/x"; } }`);
  assert.deepEqual(body(failedDefault), {
    text:
      'Scan scan-20260428-0712-7f3a of Contoso Ltd (72f988bf-86f1-41af-91ab-2d7cd011db47) failed: Microsoft Graph returned 403 Forbidden: the application lacks the Policy.Read.All permission',
    attachments: [{ color: 'danger', fields: [] }],
  });
});

test('teams: adaptive card (default) and messagecard', () => {
  const adaptive = one(`notifier "T" {
    on vulnerability.detected;
    teams { url = "https://prod.westus.logic.azure.com/workflows/1"; facts = %(Score: "$VulnerabilityScore", Feed: $FeedName); }
  }`);
  assert.deepEqual(adaptive.request!.headers, { 'Content-Type': 'application/json' });
  assert.deepEqual(body(adaptive), {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: `PGV-2245804 (High): ${SUMMARY}`, size: 'Large', weight: 'Bolder', wrap: true, color: 'attention' },
            {
              type: 'TextBlock',
              text: `*PGV-2245804* (High, score 7.5) in internal-nuget: ${SUMMARY}\n• Newtonsoft.Json [,13.0.1)\n• MyCorp.CoolUtils [3.0.0,3.2.0)`,
              wrap: true,
            },
            {
              type: 'FactSet',
              facts: [
                { title: 'Score', value: '7.5' },
                { title: 'Feed', value: 'internal-nuget' },
              ],
            },
          ],
        },
      },
    ],
  });
  const legacy = one(`notifier "T" {
    on package.added;
    teams { url = "https://x.example/hook"; format = "messagecard"; title = "New $PackageId"; text = "in $FeedName"; color = "warning"; facts = %(User: $UserName); }
  }`);
  assert.equal(
    legacy.request!.body,
    '{"@type":"MessageCard","@context":"https://schema.org/extensions","summary":"New MyCorp.CoolUtils","themeColor":"ECB22E",' +
      '"title":"New MyCorp.CoolUtils","text":"in internal-nuget","sections":[{"facts":[{"name":"User","value":"Admin"}]}]}',
  );
});

test('discord: integer colour, fields, allowed_mentions', () => {
  const d = one(`notifier "D" {
    on package.added;
    discord {
      url = $Secret("discord");
      content = "@everyone $PackageId";
      color = "#5865F2";
      fields = %(Feed: $FeedName, Summary: "${'x'.repeat(41)}");
    }
  }`);
  assert.deepEqual(d.request!.headers, { 'Content-Type': 'application/json' });
  assert.deepEqual(body(d), {
    content: '@everyone MyCorp.CoolUtils',
    embeds: [
      {
        title: 'Package MyCorp.CoolUtils 3.2.0-pre.1 added',
        description: 'Package MyCorp.CoolUtils 3.2.0-pre.1 was added to internal-nuget by Admin',
        color: 0x5865f2,
        fields: [
          { name: 'Feed', value: 'internal-nuget', inline: true },
          { name: 'Summary', value: 'x'.repeat(41), inline: false },
        ],
      },
    ],
    allowed_mentions: { parse: [] },
  });
});

// ------------------------------------------------------------------ email

test('email: list and comma-separated recipients, defaults, HTML escaping of values', () => {
  const d = one(`notifier "E" {
    on vulnerability.detected;
    email {
      to = @("a@example.com", " b@example.com ");
      cc = "c@example.com,  d@example.com, ";
      from = "notify@example.com";
      html = "<p>$VulnerabilitySummary</p>";
    }
  }
  sample "html" for vulnerability.detected { $VulnerabilitySummary = 'x < y & "z"'; }`);
  assert.deepEqual(d.email, {
    from: 'notify@example.com',
    to: ['a@example.com', 'b@example.com'],
    cc: ['c@example.com', 'd@example.com'],
    bcc: [],
    subject: 'PGV-2245804: x < y & "z"',
    text: '*PGV-2245804* (High, score 7.5) in internal-nuget: x < y & "z"\n• Newtonsoft.Json [,13.0.1)\n• MyCorp.CoolUtils [3.0.0,3.2.0)',
    html: '<p>x &lt; y &amp; &quot;z&quot;</p>',
  });
  assert.equal(d.request, undefined);
});

// ------------------------------------------------------------------ samples and selection

const SELECTION_FILE = `
notifier "Packages" { on package.added, package.deleted; webhook { url = "https://h.example/p"; body = "$EventName $NotifierName $PackageId $FeedName $UserName"; } }
notifier "Vulns" { on vulnerability.detected; webhook { url = "https://h.example/v"; body = "$EventName $VulnerabilityScore $FeedName"; } }
sample "deleted" for package.deleted { $PackageId = "Gone.Pkg"; $UserName = "\${FeedName}-bot"; $EventName = "ignored"; }
sample "storm" for vulnerability.detected { $VulnerabilityScore = 9.8; }
sample "added" for package.added { $FeedName = "public"; }
`;

test('default selection: each notifier, its first fitting sample; sample values override examples', () => {
  const ds = ok(SELECTION_FILE);
  assert.deepEqual(
    ds.map((d) => [d.notifier, d.event, d.sample, d.request!.body]),
    [
      ['Packages', 'package.deleted', 'deleted', 'package.deleted Packages Gone.Pkg internal-nuget internal-nuget-bot'],
      ['Vulns', 'vulnerability.detected', 'storm', 'vulnerability.detected 9.8 internal-nuget'],
    ],
  );
});

test('--notifier picks one; an unknown name is an error', () => {
  assert.deepEqual(
    ok(SELECTION_FILE, { notifier: 'Vulns' }).map((d) => d.notifier),
    ['Vulns'],
  );
  const bad = run(SELECTION_FILE, { notifier: 'vulns' });
  assert.deepEqual(bad.deliveries, []);
  assert.deepEqual(bad.errors, [{ message: 'no notifier named "vulns" in the file (notifiers: "Packages", "Vulns")' }]);
});

test('--sample: fits or errors; across all notifiers, those it does not fit are skipped', () => {
  const ds = ok(SELECTION_FILE, { sample: 'added' });
  assert.deepEqual(
    ds.map((d) => [d.notifier, d.sample, d.request!.body]),
    [['Packages', 'added', 'package.added Packages MyCorp.CoolUtils public Admin']],
  );
  const all = run(SELECTION_FILE, { sample: 'added' });
  assert.deepEqual(all.skipped, [{ notifier: 'Vulns', reason: 'does not listen to package.added, the event of sample "added"', rendered: false }]);

  const misfit = run(SELECTION_FILE, { notifier: 'Vulns', sample: 'added' });
  assert.deepEqual(misfit.deliveries, []);
  assert.deepEqual(misfit.errors, [
    {
      notifier: 'Vulns',
      message: 'sample "added" is for event package.added, which the notifier does not listen to (it listens to vulnerability.detected)',
    },
  ]);
  assert.deepEqual(run(SELECTION_FILE, { sample: 'nope' }).errors, [
    { message: 'no sample named "nope" in the file (samples: "deleted", "storm", "added")' },
  ]);
  const noneFit = run(`notifier "V" { on vulnerability.detected; webhook { url = "https://h.example/v"; } }
    sample "a" for package.added { }`, { sample: 'a' });
  assert.deepEqual(noneFit.errors, [{ message: 'no notifier listens to package.added, the event of sample "a"' }]);
});

test('--event uses the catalog example of that event', () => {
  const ds = ok(SELECTION_FILE, { event: 'package.added' });
  assert.deepEqual(
    ds.map((d) => [d.notifier, d.event, d.sample, d.request!.body]),
    [['Packages', 'package.added', null, 'package.added Packages MyCorp.CoolUtils internal-nuget Admin']],
  );
  assert.deepEqual(run(SELECTION_FILE, { notifier: 'Vulns', event: 'package.added' }).errors, [
    { notifier: 'Vulns', message: 'the notifier does not listen to event package.added (it listens to vulnerability.detected)' },
  ]);
  assert.deepEqual(run(SELECTION_FILE, { event: 'no.such' }).errors, [{ message: 'unknown event "no.such"' }]);
  assert.deepEqual(run(SELECTION_FILE, { event: 'scan.failed' }).errors, [{ message: 'no notifier listens to event scan.failed' }]);
  assert.deepEqual(run(SELECTION_FILE, { event: 'package.added', sample: 'added' }).errors, [
    { message: 'choose either a sample or an event, not both' },
  ]);
});

test('without a fitting sample: the catalog example of the first event', () => {
  const d = one(`notifier "N" { on package.promoted, package.added; webhook { url = "https://h.example/x"; body = "$WebhookEvent"; } }`);
  assert.equal(d.event, 'package.promoted');
  assert.equal(d.sample, null);
  assert.equal(d.request!.body, 'Promoted');
});

// ------------------------------------------------------------------ conditions, secrets, dates, errors

test('a notifier whose when is false still renders, and is listed as skipped', () => {
  const source = `notifier "Off" { on package.added; when false; webhook { url = "https://h.example/x"; body = "b"; } }
    notifier "Low" { on vulnerability.detected; when $VulnerabilityScore >= 9; webhook { url = "https://h.example/x"; body = "b"; } }`;
  const result = run(source);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(
    result.deliveries.map((d) => d.notifier),
    ['Off', 'Low'],
  );
  assert.deepEqual(
    result.skipped.map(({ span: _span, ...s }) => s),
    [
      { notifier: 'Off', reason: 'a when condition is false for the example package.added', rendered: true },
      { notifier: 'Low', reason: 'a when condition is false for the example vulnerability.detected', rendered: true },
    ],
  );
  assert.equal(source.slice(result.skipped[0]!.span!.start, result.skipped[0]!.span!.end), 'when false;');
});

test('secrets render as placeholders everywhere', () => {
  const d = one(`notifier "S" { on package.added; webhook { url = "https://h.example/$Secret('path')"; body = "$Secret('in-body')"; } }`);
  assert.equal(d.request!.url, 'https://h.example/‹secret:path›');
  assert.equal(d.request!.body, '‹secret:in-body›');
});

test('$Date formats the event timestamp, never the clock', () => {
  const d = one(`notifier "D" { on package.added; webhook { url = "https://h.example/x"; body = "$Date() | $Date('yyyy-MM-dd')"; } }
    sample "then" for package.added { $Timestamp = "2020-02-29T23:59:58Z"; }`);
  assert.equal(d.request!.body, '2020-02-29T23:59:58 | 2020-02-29');
});

test('channel errors name notifier, channel and place; other channels still render', () => {
  const source = `notifier "Bad" {
    on package.added;
    slack { url = "https://hooks.slack.com/services/x"; text = "$(@FindingAffected[0])"; color = "red"; }
    webhook { url = "https://h.example/x"; body = "x $Join(', ', @(1, 2))"; }
    email { subject = "no recipients"; }
  }`;
  const result = run(source);
  assert.deepEqual(
    result.deliveries.map((d) => [d.channel, d.request!.body]),
    [['webhook', 'x 1, 2']],
  );
  const errors = result.errors.map((e) => ({ ...e, span: e.span && source.slice(e.span.start, e.span.end) }));
  assert.deepEqual(errors, [
    { notifier: 'Bad', channel: 'slack', message: '"red" is not a colour: use #rrggbb, good, warning or danger', span: '"red"' },
    { notifier: 'Bad', channel: 'email', message: 'email needs at least one recipient in to', span: 'email' },
  ]);
});

test('evaluation bounds surface as render errors', () => {
  const source = `notifier "Big" { on package.added; webhook { url = "https://h.example/x"; body = "<% foreach $a in @Split($PadLeft('', 2000, ','), ',') { %><% foreach $b in @Split($PadLeft('', 2000, ','), ',') { %>x<% } %><% } %>"; } }`;
  const result = run(source);
  assert.deepEqual(result.deliveries, []);
  assert.equal(result.errors.length, 1);
  assert.equal(result.errors[0]!.message, 'loops ran more than 100000 times in one evaluation');
});

test('half-typed text never makes render throw', () => {
  const source = readFileSync(new URL('./fixtures/spec-example.notify', import.meta.url), 'utf8');
  for (let end = 0; end <= source.length; end += 7) {
    const { file } = parse(source.slice(0, end));
    const result = render(file, BUILTIN_CATALOG, {});
    assert.ok(Array.isArray(result.deliveries) && Array.isArray(result.errors));
    for (const e of result.errors) assert.ok(!e.message.includes('internal error'), `prefix ${end}: ${e.message}`);
  }
});

test('a sample value that does not fit is an error naming the sample, with its place', () => {
  const source = `notifier "N" { on package.added; webhook { url = "https://h.example/x"; body = "b"; } }
    sample "s" for package.added { $Timestamp = "yesterday"; }`;
  const result = run(source);
  assert.deepEqual(result.deliveries, []);
  assert.equal(result.errors.length, 1);
  const e = result.errors[0]!;
  assert.equal(e.notifier, 'N');
  assert.equal(e.message, 'in sample "s": "yesterday" is not an ISO 8601 datetime');
  assert.equal(source.slice(e.span!.start, e.span!.end), '"yesterday"');
});

test('functions see which variables the event defines', () => {
  const deliveries = ok(`notifier "Both" {
    on vulnerability.detected, package.added;
    webhook { url = "https://h.example/x"; body = "$IsVariableDefined('VulnerabilityScore')/$IsVariableDefined('UserName')/$Coalesce($UserName, 'none')"; }
  }`);
  assert.equal(deliveries[0]!.request!.body, 'true/false/none');
});
