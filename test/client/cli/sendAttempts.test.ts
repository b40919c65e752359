import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { HttpReceiver } from '../../support/httpReceiver';
import { runCli, scratch } from './runCli';

/** `notify send --format json`: one document, each delivery with its attempt records (LANGUAGE.md section 10). */
describe('notify send --format json', () => {
  let receiver: HttpReceiver;
  before(async () => (receiver = await HttpReceiver.start()));
  after(() => receiver.close());

  const secret = 'sign-me-0123456789';
  const token = 'tok-QWERTY-987654';
  const file = (url: string) => `notifier "Hook" {
    on package.added;
    webhook {
        url = "${url}";
        auth = %(scheme: "bearer", token: $Secret("hook-token"));
        signing = %(scheme: "hmac-sha256", secret: $Secret("hook-signing"));
        retries = 2;
        backoff = @(100ms);
        body = $ToJson(%(id: $PackageId));
    }
}
sample "one" for package.added { $PackageId = "A.B"; }
`;
  const env = { NOTIFY_SECRET_HOOK_SIGNING: secret, NOTIFY_SECRET_HOOK_TOKEN: token };

  it('prints every attempt: the request as sent, the signed text, the reply, timings and why it was retried; no secret anywhere', async () => {
    // The receiver echoes the token in its reply: it must come back masked.
    receiver.reply(
      { status: 503, headers: { 'Retry-After': '0', 'X-Echo': `Bearer ${token}` }, body: `busy, your token was ${token}` },
      { status: 200, body: 'thanks' },
    );
    const dir = scratch({ 'n.notify': file(receiver.url('/in')) });
    const r = await runCli(['send', 'n.notify', '--allow-private', '--format', 'json'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(doc), ['ok', 'deliveries']);
    assert.equal(doc.ok, true);
    const [d] = doc.deliveries;
    assert.deepEqual(Object.keys(d), ['notifier', 'channel', 'target', 'ok', 'status', 'attempts', 'durationMs', 'error']);
    assert.equal(d.attempts.length, 2);
    const [first, second] = d.attempts;
    assert.deepEqual(Object.keys(first), ['attempt', 'startedAt', 'pacedMs', 'pacedBecause', 'durationMs', 'request', 'signed', 'response', 'ok', 'error', 'retryInMs', 'retryReason']);
    assert.equal(first.attempt, 1);
    assert.ok(!Number.isNaN(Date.parse(first.startedAt)));
    assert.equal(first.request.method, 'POST');
    assert.equal(first.request.url, receiver.url('/in'));
    assert.equal(first.request.headers.Authorization, 'Bearer ‹secret:hook-token›');
    assert.equal(first.request.headers['X-Notify-Event'], 'package.added');
    assert.equal(first.request.body, '{"id":"A.B"}');
    // The signed text is what the receiver can recompute the signature from.
    assert.equal(first.signed, '{"id":"A.B"}');
    const req = receiver.requests.at(-2)!;
    assert.equal(first.request.headers['X-Notify-Signature'], 'sha256=' + createHmac('sha256', secret).update(first.signed).digest('hex'));
    assert.equal(req.headers['x-notify-signature'], first.request.headers['X-Notify-Signature']);
    assert.equal(first.response.status, 503);
    assert.equal(first.response.headers['x-echo'], 'Bearer ‹secret:hook-token›');
    assert.equal(first.response.body, 'busy, your token was ‹secret:hook-token›');
    assert.equal(first.ok, false);
    assert.equal(typeof first.retryInMs, 'number');
    assert.match(first.retryReason, /^the receiver answered 503; 503 is retried \(408, 429 and 5xx are\); waiting \d+ms \(backoff with jitter\)$/);
    assert.equal(second.response.status, 200);
    assert.equal(second.response.body, 'thanks');
    assert.equal(second.ok, true);
    assert.equal(second.retryInMs, null);
    assert.equal(second.retryReason, null);
    assert.ok(!r.stdout.includes(token) && !r.stdout.includes(secret) && !r.stderr.includes(token));
  });

  it('a delivery refused before any attempt has "attempts": [] and makes the document not ok', async () => {
    const dir = scratch({ 'n.notify': file(receiver.url('/in')) });
    const r = await runCli(['send', 'n.notify', '--allow-private', '--format', 'json'], { cwd: dir, env: { NOTIFY_SECRET_HOOK_SIGNING: secret } });
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.ok, false);
    assert.deepEqual(doc.deliveries[0].attempts, []);
    assert.match(doc.deliveries[0].error, /hook-token/);
  });

  it('--format other than jsonl or json is a usage error (exit 2) and sends nothing', async () => {
    const before = receiver.requests.length;
    const dir = scratch({ 'n.notify': file(receiver.url('/in')) });
    const r = await runCli(['send', 'n.notify', '--allow-private', '--format', 'xml'], { cwd: dir, env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--format must be "jsonl" or "json", not "xml"/);
    assert.equal(receiver.requests.length, before);
  });
});
