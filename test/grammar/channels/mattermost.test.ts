// Mattermost: Slack's payload with Markdown text, on a self-hosted URL.
// Rendered from real files, sent to a loopback receiver that answers as
// Mattermost does.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dispatch } from '../../../client/dispatch/dispatcher';
import { envSecretSource } from '../../../client/dispatch/secrets';
import { deliveryView } from '../../../client/extension/preview/model';
import { analyze } from '../../../grammar/analyze';
import { MATTERMOST_MAX_TEXT } from '../../../grammar/channels/mattermost/render';
import { interpretReply } from '../../../grammar/channels/registry';
import { render } from '../../../grammar/render/render';
import { HttpReceiver } from '../../support/httpReceiver';
import { recordingSleep } from '../../support/deliveries';

const noImports = { readImport: (path: string) => ({ error: `no imports here: ${path}` }) };
const HOOK = 'https://chat.example.com/hooks/xbnq5tcb7pdsmgizqbtz4e3ojw';

function renderOne(channel: string) {
  const text = `notifier "MM" {\n    on package.added;\n    ${channel}\n}\n\nsample "s" for package.added {\n    $PackageId = "@channel <b>";\n}\n`;
  const analysis = analyze(text, noImports);
  const result = render(analysis.file, analysis.catalog, {});
  return { analysis, result, delivery: result.deliveries[0] };
}

test('Slack-shaped payload; values cannot mention anyone; username only when written', () => {
  const { analysis, result, delivery } = renderOne(`mattermost { url = $Secret("mm"); text = "**$PackageId** published"; fields = %(Id: $PackageId); color = "danger"; }`);
  assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(JSON.parse(delivery!.request!.body!), {
    text: '**@\u200bchannel <b>** published',
    attachments: [{ color: 'danger', fields: [{ title: 'Id', value: '@\u200bchannel <b>', short: true }] }],
  });
  const named = renderOne(`mattermost { url = $Secret("mm"); username = "Notify"; }`).delivery!;
  assert.equal(JSON.parse(named.request!.body!).username, 'Notify');
  const view = deliveryView(delivery!).receiver;
  assert.ok(view.kind === 'mattermost' && view.attachments[0]!.fields[0]!.title === 'Id' && view.attachments[0]!.color === '#a30200');
});

test('text over Mattermost\'s post size is a render error on `text`', () => {
  const { result } = renderOne(`mattermost { url = $Secret("mm"); text = "${'x'.repeat(MATTERMOST_MAX_TEXT + 1)}"; }`);
  assert.equal(result.deliveries.length, 0);
  assert.match(result.errors[0]!.message, /at most 16383 characters in text; this has 16384/);
});

test('a Mattermost hook URL is recognised by its path (NTF208) and is a credential when written (NTF207)', () => {
  const inSlack = renderOne(`slack { url = "${HOOK}"; }`).analysis;
  assert.match(inSlack.diagnostics.find((d) => d.code === 'NTF208')?.message ?? '', /a Mattermost webhook URL in a `slack` channel/);
  const written = renderOne(`mattermost { url = "${HOOK}"; }`).analysis;
  assert.match(written.diagnostics.find((d) => d.code === 'NTF207')?.message ?? '', /Mattermost webhook URL/);
});

test('replies read as Mattermost means them', () => {
  const reply = (status: number, body: string) => interpretReply('mattermost', { status, body, headers: {} });
  const err = (id: string, message: string, status: number) => JSON.stringify({ id, message, detailed_error: '', request_id: 'r', status_code: status });
  assert.equal(reply(200, 'ok').ok, true);
  assert.match(reply(400, err('web.incoming_webhook.invalid.app_error', 'Invalid webhook.', 400)).error!, /webhook does not exist/);
  assert.match(reply(501, err('api.incoming_webhook.disabled.app_error', 'Incoming webhooks have been disabled by the system admin.', 501)).error!, /turned off/);
  const unreadable = reply(400, err('web.incoming_webhook.parse.app_error', 'Unable to parse incoming data', 400));
  assert.deepEqual([unreadable.ok, unreadable.retryable], [false, false]);
  assert.match(unreadable.error!, /could not read the message .*Unable to parse incoming data/);
  assert.equal(reply(503, 'busy').retryable, true);
});

let receiver: HttpReceiver;
before(async () => (receiver = await HttpReceiver.start()));
after(() => receiver.close());

test('sent to a loopback receiver that answers 200 ok', async () => {
  receiver.reply({ status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'ok' });
  const { delivery } = renderOne(`mattermost { url = "${receiver.url('/hooks/xbnq5tcb7pdsmgizqbtz4e3ojw')}"; text = "hi"; }`);
  const { sleep } = recordingSleep();
  const result = await dispatch(delivery!, { secrets: envSecretSource({}), env: {}, allowPrivate: true, allowEnv: true, version: '1', sleep, random: () => 0.5 });
  assert.deepEqual({ ok: result.ok, status: result.status, attempts: result.attempts }, { ok: true, status: 200, attempts: 1 });
  assert.equal(JSON.parse(receiver.requests[0]!.body).text, 'hi');
});
