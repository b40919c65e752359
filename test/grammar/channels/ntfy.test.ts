// ntfy: the message as the body, the rest as headers. Rendered from real
// files, sent to a loopback receiver that answers as ntfy does.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dispatch } from '../../../client/dispatch/dispatcher';
import { envSecretSource } from '../../../client/dispatch/secrets';
import { deliveryView } from '../../../client/extension/preview/model';
import { analyze } from '../../../grammar/analyze';
import { headerText, NTFY_MAX_MESSAGE_BYTES } from '../../../grammar/channels/ntfy/render';
import { interpretReply } from '../../../grammar/channels/registry';
import { render } from '../../../grammar/render/render';
import { HttpReceiver } from '../../support/httpReceiver';
import { recordingSleep } from '../../support/deliveries';

const noImports = { readImport: (path: string) => ({ error: `no imports here: ${path}` }) };

function renderOne(channel: string, event = 'package.added') {
  const text = `notifier "N" {\n    on ${event};\n    ${channel}\n}\n`;
  const analysis = analyze(text, noImports);
  const result = render(analysis.file, analysis.catalog, {});
  return { analysis, result, delivery: result.deliveries[0] };
}

test('message as the body, the rest as headers; non-ASCII header text as an RFC 2047 word', () => {
  const { analysis, result, delivery } = renderOne(
    'ntfy { url = $Secret("topic"); title = "Déploiement ✓"; message = "**done**"; priority = "max"; tags = @("warning", "package"); click = "https://example.com/p"; markdown = true; token = $Secret("ntfy-token"); }',
  );
  assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.deepEqual(result.errors, []);
  const r = delivery!.request!;
  assert.equal(r.method, 'POST');
  assert.equal(r.url, '\u2039secret:topic\u203a');
  assert.equal(r.body, '**done**');
  assert.deepEqual(r.headers, {
    'Content-Type': 'text/plain; charset=utf-8',
    Title: `=?UTF-8?B?${Buffer.from('Déploiement ✓').toString('base64')}?=`,
    Priority: 'urgent',
    Tags: 'warning,package',
    Click: 'https://example.com/p',
    Markdown: 'yes',
    Authorization: 'Bearer \u2039secret:ntfy-token\u203a',
  });
  const view = deliveryView(delivery!).receiver;
  assert.ok(view.kind === 'ntfy');
  assert.deepEqual([view.title, view.priority, view.tags, view.markdown], ['Déploiement ✓', 'urgent', ['warning', 'package'], true]);
});

test('a line break in a header value cannot add a header', () => {
  assert.equal(headerText('plain title'), 'plain title');
  assert.doesNotMatch(headerText('a\r\nX-Evil: 1'), /[\r\n]/);
});

test('priority follows the severity unless written; a wrong one is NTF203', () => {
  const priority = (channel: string, event?: string) => renderOne(channel, event).delivery!.request!.headers['Priority'];
  assert.equal(priority('ntfy { url = $Secret("t"); }'), 'default');
  assert.equal(priority('ntfy { url = $Secret("t"); }', 'vulnerability.detected'), 'high');
  assert.equal(priority('ntfy { url = $Secret("t"); priority = "low"; }', 'vulnerability.detected'), 'low');
  assert.ok(renderOne('ntfy { url = $Secret("t"); priority = "loud"; }').analysis.diagnostics.some((d) => d.code === 'NTF203'));
});

test('a message over 4,096 bytes is a render error on `message`', () => {
  const { result } = renderOne(`ntfy { url = $Secret("t"); message = "${'é'.repeat(NTFY_MAX_MESSAGE_BYTES / 2 + 1)}"; }`);
  assert.equal(result.deliveries.length, 0);
  assert.match(result.errors[0]!.message, /^ntfy allows at most 4096 bytes in message; this has 4098$/);
});

test('replies read as ntfy means them', () => {
  const reply = (status: number, body: string) => interpretReply('ntfy', { status, body, headers: {} });
  const err = (code: number, http: number, error: string) => JSON.stringify({ code, http, error, link: 'https://ntfy.sh/docs/' });
  assert.equal(reply(200, '{"id":"x","event":"message","topic":"t"}').ok, true);
  const limited = reply(429, err(42901, 429, 'limit reached: too many requests'));
  assert.deepEqual([limited.ok, limited.retryable], [false, true]);
  assert.match(reply(403, err(40301, 403, 'forbidden')).error!, /protected topic needs an access token in `token`/);
  assert.match(reply(413, err(41301, 413, 'request entity too large')).error!, /too large/);
});

let receiver: HttpReceiver;
before(async () => (receiver = await HttpReceiver.start()));
after(() => receiver.close());

test('sent to a loopback receiver: the topic gets the body and headers', async () => {
  receiver.reply({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"id":"abc","event":"message","topic":"alerts"}' });
  const { delivery } = renderOne(`ntfy { url = "${receiver.url('/alerts')}"; title = "T"; message = "hello"; }`);
  const { sleep } = recordingSleep();
  const result = await dispatch(delivery!, { secrets: envSecretSource({}), env: {}, allowPrivate: true, allowEnv: true, version: '1', sleep, random: () => 0.5 });
  assert.deepEqual({ ok: result.ok, status: result.status, attempts: result.attempts }, { ok: true, status: 200, attempts: 1 });
  const [req] = receiver.requests;
  assert.equal(req!.path, '/alerts');
  assert.equal(req!.body, 'hello');
  assert.equal(req!.headers['title'], 'T');
});
