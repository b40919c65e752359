// The editor's local receiver is reached with its one origin allowed for that
// send (guard `allowOrigins`), never with private destinations turned on:
// these tests send through the real dispatcher to the real receiver of
// `notify receive` on 127.0.0.1.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkDestination } from '../../../client/dispatch/preflight';
import { checkUrl } from '../../../client/dispatch/guard';
import { dispatch, type DispatchOptions } from '../../../client/dispatch/dispatcher';
import { envSecretSource } from '../../../client/dispatch/secrets';
import { startReceiver, type Receiver } from '../../../client/receiver/receiver';
import { redirectToReceiver } from '../../../client/extension/receiver/redirect';
import { httpDelivery, recordingSleep } from '../../support/deliveries';

const strict = { allowPrivate: false };

describe('allowOrigins: one exact IP-literal origin, nothing else', () => {
  it('checkUrl lets exactly that origin through, plain http included', () => {
    const allow = { ...strict, allowOrigins: ['http://127.0.0.1:8787'] };
    assert.equal(checkUrl(new URL('http://127.0.0.1:8787/hooks/x?a=1'), allow), null);
    assert.match(checkUrl(new URL('http://127.0.0.1:8788/'), allow)!, /plain http/, 'another port');
    assert.match(checkUrl(new URL('https://127.0.0.1:8787/'), allow)!, /loopback/, 'another scheme is another origin');
    assert.match(checkUrl(new URL('http://127.0.0.2:8787/'), allow)!, /plain http/);
    assert.match(checkUrl(new URL('https://10.0.0.1/'), allow)!, /private/);
    assert.notEqual(checkUrl(new URL('http://user:pw@127.0.0.1:8787/'), allow), null, 'credentials in the URL');
    // A name goes through DNS, which could answer anything: never matched.
    assert.match(checkUrl(new URL('http://localhost:8787/'), { ...strict, allowOrigins: ['http://localhost:8787'] })!, /plain http/);
    assert.match(checkUrl(new URL('http://169.254.169.254/'), { ...strict, allowOrigins: ['http://169.254.169.254'] })!, /plain http|metadata/);
  });

  it('the editor\'s look-ahead agrees', async () => {
    assert.equal(await checkDestination('http://127.0.0.1:8787/x', { ...strict, allowOrigins: ['http://127.0.0.1:8787'] }), null);
    assert.equal((await checkDestination('http://127.0.0.1:9/x', { ...strict, allowOrigins: ['http://127.0.0.1:8787'] }))?.needs, 'private');
  });
});

describe('a send to the local receiver', () => {
  let receiver: Receiver;
  let shown: string[];
  before(async () => {
    shown = [];
    receiver = await startReceiver({ replyBody: 'ok', onRequest: (r) => shown.push(r.path) });
  });
  after(() => receiver.close());

  const opts = (extra: Partial<DispatchOptions>): DispatchOptions => ({
    secrets: envSecretSource({ NOTIFY_SECRET_SIGN: 'k3y-for-signing', NOTIFY_SECRET_HOOK: 'https://hooks.slack.com/services/T0/B0/s3cr3tpath' }),
    env: {},
    allowPrivate: false,
    allowEnv: false,
    version: '0.0.0-test',
    sleep: recordingSleep().sleep,
    ...extra,
  });

  it('is delivered with only its origin allowed; Slack reads the `ok` answer as delivered; the signature verifies with the send\'s own key', async () => {
    const origin = new URL(receiver.url).origin;
    const slack = httpDelivery('\u2039secret:hook\u203a', {
      channel: 'slack',
      transport: { signing: { scheme: 'hmac-sha256', secret: '\u2039secret:sign\u203a', header: 'X-Notify-Signature' } },
    });
    const aimed = redirectToReceiver(slack, receiver.url)!;
    assert.equal(aimed.request!.url, `${receiver.url}slack`, 'a secret URL\'s path (the secret) is not sent or shown');
    let resolvedKeys = 0;
    const result = await dispatch(aimed, opts({
      allowOrigins: [origin],
      onResolved: ({ signing }) => {
        resolvedKeys++;
        assert.equal(signing?.scheme, 'hmac-sha256');
        receiver.verifyWith({ secret: signing!.secret.reveal(), signatureHeader: 'X-Notify-Signature' });
      },
    }));
    assert.equal(result.ok, true, result.error ?? '');
    assert.equal(resolvedKeys, 1);
    const last = receiver.requests.at(-1)!;
    assert.equal(last.verification.hmac, 'valid');
    assert.equal(last.status, 200);
    assert.equal(last.headers.find(([n]) => n === 'x-notify-signature')?.[1], 'sha256=\u2039masked\u203a');

    // Another loopback port is still refused: nothing else became reachable.
    receiver.verifyWith({});
    const elsewhere = await dispatch(httpDelivery(`http://127.0.0.1:${receiver.port + 1}/`), opts({ allowOrigins: [origin] }));
    assert.equal(elsewhere.ok, false);
    assert.equal(elsewhere.attempts, 0);
    assert.match(elsewhere.error!, /plain http/);
  });

  it('a wrong key is reported invalid (401), and keys can be cleared again', async () => {
    receiver.verifyWith({ secret: 'another key' });
    const signed = httpDelivery(redirectToReceiver(httpDelivery('https://soar.example.com/hooks/in?x=1'), receiver.url)!.request!.url, {
      transport: { retries: 0, signing: { scheme: 'hmac-sha256', secret: '\u2039secret:sign\u203a', header: 'X-Notify-Signature' } },
    });
    assert.equal(signed.request!.url, `${receiver.url}hooks/in?x=1`, 'a written URL keeps its path and query');
    const r = await dispatch(signed, opts({ allowOrigins: [new URL(receiver.url).origin] }));
    assert.equal(r.ok, false);
    assert.equal(receiver.requests.at(-1)!.verification.hmac, 'invalid');
    assert.equal(receiver.requests.at(-1)!.status, 401);
    receiver.verifyWith({});
    const again = await dispatch(signed, opts({ allowOrigins: [new URL(receiver.url).origin] }));
    assert.equal(again.ok, true, again.error ?? '');
    assert.equal(receiver.requests.at(-1)!.verification.hmac, null, 'a check without its key is not made');
  });

  it('an email is not aimed at the receiver', () => {
    const email = { ...httpDelivery('x'), request: undefined, email: { from: null, to: ['a@example.com'], cc: [], bcc: [], subject: 's', text: 't', html: null } };
    assert.equal(redirectToReceiver(email, receiver.url), undefined);
  });
});
