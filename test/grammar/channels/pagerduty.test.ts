// PagerDuty Events API v2. Rendered from real files, sent to a loopback
// receiver that answers as the Events API does.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dispatch } from '../../../client/dispatch/dispatcher';
import { envSecretSource } from '../../../client/dispatch/secrets';
import { deliveryView } from '../../../client/extension/preview/model';
import { analyze } from '../../../grammar/analyze';
import { PAGERDUTY_EVENTS_URL } from '../../../grammar/channels/pagerduty/render';
import { interpretReply } from '../../../grammar/channels/registry';
import { render } from '../../../grammar/render/render';
import { HttpReceiver } from '../../support/httpReceiver';
import { recordingSleep } from '../../support/deliveries';

const noImports = { readImport: (path: string) => ({ error: `no imports here: ${path}` }) };

function renderOne(channel: string, event = 'vulnerability.detected') {
  const text = `notifier "P" {\n    on ${event};\n    ${channel}\n}\n`;
  const analysis = analyze(text, noImports);
  const result = render(analysis.file, analysis.catalog, {});
  return { analysis, result, delivery: result.deliveries[0] };
}

test('trigger: routing key as a secret, dedup_key the event id, severity from the event', () => {
  const { analysis, result, delivery } = renderOne('pagerduty { routing_key = $Secret("pd"); summary = "$VulnerabilityId: $VulnerabilitySummary"; custom_details = %(Score: $VulnerabilityScore); }');
  assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.deepEqual(result.errors, []);
  assert.equal(delivery!.request!.url, PAGERDUTY_EVENTS_URL);
  const body = JSON.parse(delivery!.request!.body!);
  assert.equal(body.routing_key, '\u2039secret:pd\u203a');
  assert.equal(body.event_action, 'trigger');
  assert.equal(body.dedup_key, delivery!.transport.eventId);
  assert.equal(body.payload.source, 'notify');
  assert.ok(['critical', 'error', 'warning', 'info'].includes(body.payload.severity));
  assert.deepEqual(Object.keys(body.payload.custom_details), ['Score']);
  const view = deliveryView(delivery!).receiver;
  assert.ok(view.kind === 'pagerduty' && view.action === 'trigger' && view.details[0]![0] === 'Score');
});

test('custom_details is free-form JSON: numbers, booleans, lists and maps keep their JSON type and written order', () => {
  const { analysis, result, delivery } = renderOne(
    'pagerduty { routing_key = $Secret("pd"); summary = "s"; custom_details = %(Score: $VulnerabilityScore, zeta: true, "2": "two", Packages: @AffectedPackages, Nested: %(n: 1, l: @(1, "a")), Text: "$VulnerabilityScore"); }',
  );
  assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.deepEqual(result.errors, []);
  const body = delivery!.request!.body!;
  const details = JSON.parse(body).payload.custom_details;
  assert.equal(typeof details.Score, 'number');
  assert.equal(details.zeta, true);
  assert.ok(Array.isArray(details.Packages) && typeof details.Packages[0].Name === 'string');
  assert.deepEqual(details.Nested, { n: 1, l: [1, 'a'] });
  assert.equal(details.Text, String(details.Score), 'a string template stays a string');
  // the map's written order, also for an integer-like key (JSON.parse/stringify would move it first)
  assert.match(body, /"custom_details":\{"Score":[\d.]+,"zeta":true,"2":"two","Packages":\[/);
  // a computed map ($FromJson) keeps its JSON types too
  const computed = renderOne('pagerduty { routing_key = $Secret("pd"); summary = "s"; custom_details = %FromJson("{`"a`":[1,false],`"b`":null}"); }');
  assert.deepEqual(computed.result.errors, []);
  assert.deepEqual(JSON.parse(computed.delivery!.request!.body!).payload.custom_details, { a: [1, false], b: null });
});

test('resolve names the alert by dedup_key only', () => {
  const { delivery } = renderOne('pagerduty { routing_key = $Secret("pd"); event_action = "resolve"; dedup_key = "vuln-$VulnerabilityId"; }');
  const body = JSON.parse(delivery!.request!.body!);
  assert.deepEqual(Object.keys(body), ['routing_key', 'event_action', 'dedup_key']);
  assert.equal(body.event_action, 'resolve');
});

test('checks: routing_key is required (fix writes a secret), closed values, limits at render', () => {
  const missing = renderOne('pagerduty { summary = "x"; }').analysis.diagnostics.find((d) => d.code === 'NTF202');
  assert.match(missing?.fixes?.[0]?.title ?? '', /routing_key = \$Secret\("pagerduty-p"\)/);
  assert.ok(renderOne('pagerduty { routing_key = $Secret("pd"); severity = "fatal"; }').analysis.diagnostics.some((d) => d.code === 'NTF203'));
  const long = renderOne(`pagerduty { routing_key = $Secret("pd"); summary = "${'s'.repeat(1025)}"; }`).result;
  assert.match(long.errors[0]!.message, /at most 1024 characters in summary; this has 1025/);
  const key = renderOne(`pagerduty { routing_key = $Secret("pd"); dedup_key = "${'k'.repeat(256)}"; }`).result;
  assert.match(key.errors[0]!.message, /at most 255 characters in dedup_key/);
  // `summary` is sent only with a trigger: a long one beside a resolve is neither rendered nor reported.
  const resolve = `pagerduty { routing_key = $Secret("pd"); event_action = "resolve"; summary = "${'s'.repeat(1025)}"; }`;
  const resolved = renderOne(resolve);
  assert.deepEqual(resolved.result.errors, []);
  assert.equal(resolved.analysis.diagnostics.filter((d) => d.code === 'NTF225').length, 0);
  const trigger = renderOne(resolve.replace('"resolve"', '"trigger"'));
  assert.ok(trigger.analysis.diagnostics.some((d) => d.code === 'NTF225' && /summary/.test(d.message)));
});

test('replies read as PagerDuty means them', () => {
  const reply = (status: number, body: string) => interpretReply('pagerduty', { status, body, headers: {} });
  assert.equal(reply(202, '{"status":"success","message":"Event processed","dedup_key":"k"}').ok, true);
  const invalid = reply(400, JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors: ["Length of 'routing_key' is incorrect (should be 32 characters)"] }));
  assert.deepEqual([invalid.ok, invalid.retryable], [false, false]);
  assert.match(invalid.error!, /Event object is invalid.*routing_key.*check `routing_key`/);
  assert.equal(reply(429, '{"status":"throttle"}').retryable, true);
  assert.equal(reply(500, '').retryable, true);
});

let receiver: HttpReceiver;
before(async () => (receiver = await HttpReceiver.start()));
after(() => receiver.close());

test('sent to a loopback receiver: the routing key is resolved into the body and masked in the result', async () => {
  receiver.reply({ status: 202, headers: { 'Content-Type': 'application/json' }, body: '{"status":"success","message":"Event processed","dedup_key":"k"}' });
  const { delivery } = renderOne(`pagerduty { url = "${receiver.url('/v2/enqueue')}"; routing_key = $Secret("pd"); }`);
  const { sleep } = recordingSleep();
  const key = 'R0123456789abcdef0123456789abcde';
  const result = await dispatch(delivery!, { secrets: envSecretSource({ NOTIFY_SECRET_PD: key }), env: {}, allowPrivate: true, allowEnv: true, version: '1', sleep, random: () => 0.5 });
  assert.deepEqual({ ok: result.ok, status: result.status, attempts: result.attempts }, { ok: true, status: 202, attempts: 1 });
  assert.equal(JSON.parse(receiver.requests[0]!.body).routing_key, key);
  assert.ok(!JSON.stringify(result).includes(key));
});
