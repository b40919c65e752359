// Google Chat: the channel added as one module (grammar/channels/googlechat/)
// plus its registry entry and its preview view. Rendered from real files,
// sent to a loopback receiver that answers as Google Chat does.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { dispatch } from '../../../client/dispatch/dispatcher';
import { deliveryView } from '../../../client/extension/preview/model';
import { analyze } from '../../../grammar/analyze';
import { GOOGLE_CHAT_MAX_BYTES } from '../../../grammar/channels/googlechat/render';
import { interpretReply } from '../../../grammar/channels/registry';
import { render } from '../../../grammar/render/render';
import { HttpReceiver } from '../../support/httpReceiver';
import { loopbackOptions } from '../../support/deliveries';

const noImports = { readImport: (path: string) => ({ error: `no imports here: ${path}` }) };

function notifier(channel: string): string {
  return `notifier "Chat" {\n    on package.added;\n    ${channel}\n}\n\nsample "s" for package.added {\n    $PackageId = "<users/all> & <b>x</b>";\n}\n`;
}

function renderOne(channel: string) {
  const analysis = analyze(notifier(channel), noImports);
  const result = render(analysis.file, analysis.catalog, {});
  return { analysis, result, delivery: result.deliveries[0] };
}

test('text only: {text}; values cannot become mentions or links', () => {
  const { analysis, result, delivery } = renderOne('googlechat { url = "https://chat.googleapis.com/v1/spaces/AAA/messages"; text = "new $PackageId"; }');
  assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.deepEqual(result.errors, []);
  assert.equal(delivery?.channel, 'googlechat');
  assert.deepEqual(JSON.parse(delivery!.request!.body!), { text: 'new <\u200busers/all> & <\u200bb>x<\u200b/b>' });
  assert.equal(delivery!.request!.headers['Content-Type'], 'application/json');
});

test('title, subtitle and fields make a cardsV2 card with HTML-escaped values', () => {
  const { delivery } = renderOne(
    'googlechat { url = "https://chat.googleapis.com/v1/spaces/AAA/messages"; text = "t"; title = "Package $PackageId"; subtitle = "sub"; fields = %(Feed: $FeedName, Id: $PackageId); }',
  );
  const body = JSON.parse(delivery!.request!.body!);
  assert.equal(body.text, 't');
  assert.equal(body.cardsV2.length, 1);
  const card = body.cardsV2[0].card;
  assert.deepEqual(card.header, { title: 'Package &lt;users/all&gt; &amp; &lt;b&gt;x&lt;/b&gt;', subtitle: 'sub' });
  assert.equal(card.sections[0].widgets.length, 2);
  assert.deepEqual(card.sections[0].widgets[1], { decoratedText: { topLabel: 'Id', text: '&lt;users/all&gt; &amp; &lt;b&gt;x&lt;/b&gt;', wrapText: true } });

  const view = deliveryView(delivery!).receiver;
  assert.equal(view.kind, 'googlechat');
  assert.ok(view.kind === 'googlechat' && view.cards[0]!.title.startsWith('Package') && view.cards[0]!.rows.map((r) => r.label).join() === 'Feed,Id');
});

test('a message over 32,000 bytes is a render error on the channel, before anything is sent', () => {
  const { result } = renderOne(`googlechat { url = "https://chat.googleapis.com/v1/spaces/AAA/messages"; text = "${'é'.repeat(GOOGLE_CHAT_MAX_BYTES / 2)}"; }`);
  assert.equal(result.deliveries.length, 0);
  assert.match(result.errors[0]!.message, /^Google Chat allows at most 32000 bytes in a message; this has 320\d\d$/);
});

test('checks: the URL tells the service (NTF208), a written webhook URL is a credential (NTF207)', () => {
  const inWebhook = analyze(notifier('webhook { url = "https://chat.googleapis.com/v1/spaces/AAA/messages"; }'), noImports);
  const hint = inWebhook.diagnostics.find((d) => d.code === 'NTF208');
  assert.match(hint?.message ?? '', /a Google Chat webhook URL in a `webhook` channel; a `googlechat` channel sends the payload Google Chat expects/);
  const written = analyze(notifier('googlechat { url = "https://chat.googleapis.com/v1/spaces/AAA/messages?key=AIzaSyDdI0hCZtE6vySjMm&token=abcdefghijklmnopqrstuv"; }'), noImports);
  assert.match(written.diagnostics.find((d) => d.code === 'NTF207')?.message ?? '', /Google Chat webhook URL/);
  const unknown = analyze(notifier('googlechat { url = $Secret("chat"); cards = "x"; }'), noImports);
  assert.match(unknown.diagnostics.find((d) => d.code === 'NTF201')?.message ?? '', /`googlechat` has no property `cards`/);
});

test('replies read as Google Chat means them', () => {
  const reply = (status: number, body: string) => interpretReply('googlechat', { status, body, headers: {} });
  assert.deepEqual(reply(200, '{"name":"spaces/AAA/messages/x"}'), { ok: true, retryable: false, error: null });
  const err = (code: number, status: string, message: string) => JSON.stringify({ error: { code, message, status } });
  assert.equal(reply(429, err(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded')).retryable, true);
  assert.match(reply(404, err(404, 'NOT_FOUND', 'Requested entity was not found.')).error!, /was deleted or the URL is wrong/);
  assert.match(reply(403, err(403, 'PERMISSION_DENIED', 'The caller does not have permission')).error!, /key or token/);
  const invalid = reply(400, err(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received. Unknown name "txt"'));
  assert.deepEqual([invalid.ok, invalid.retryable], [false, false]);
  assert.match(invalid.error!, /INVALID_ARGUMENT\): Invalid JSON payload received/);
  assert.match(reply(502, '<html>Bad Gateway</html>').error!, /the receiver answered 502/);
});

let receiver: HttpReceiver;
before(async () => (receiver = await HttpReceiver.start()));
after(() => receiver.close());
beforeEach(() => receiver.reset());

const options = loopbackOptions;

test('sent to a loopback receiver: a rate limit is retried, then delivered', async () => {
  receiver.reply(
    { status: 429, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } }) },
    { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"name":"spaces/AAA/messages/1"}' },
  );
  const { delivery } = renderOne(`googlechat { url = "${receiver.url('/v1/spaces/AAA/messages?key=k&token=t')}"; text = "hello"; retries = 2; }`);
  const opts = options();
  const result = await dispatch(delivery!, opts);
  assert.deepEqual({ ok: result.ok, status: result.status, attempts: result.attempts, error: result.error }, { ok: true, status: 200, attempts: 2, error: null });
  assert.equal(receiver.requests.length, 2);
  assert.deepEqual(JSON.parse(receiver.requests[1]!.body), { text: 'hello' });
  assert.equal(opts.waits.length, 1);
});

test('sent to a loopback receiver: a revoked webhook fails at once, saying what to do', async () => {
  receiver.reply({ status: 404, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } }) });
  const { delivery } = renderOne(`googlechat { url = "${receiver.url('/v1/spaces/AAA/messages')}"; text = "hello"; }`);
  const result = await dispatch(delivery!, options());
  assert.equal(result.ok, false);
  assert.equal(result.attempts, 1);
  assert.match(result.error!, /space or webhook was not found/);
});
