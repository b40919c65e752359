import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, beforeEach, test } from 'node:test';
import { dispatch, type DispatchOptions } from '../../../client/dispatch/dispatcher';
import type { AttemptInfo } from '../../../client/dispatch/result';
import { envSecretSource } from '../../../client/dispatch/secrets';
import { refusedPort } from '../../support/refusedPort';
import { HttpReceiver } from '../../support/httpReceiver';
import { httpDelivery, recordingSleep } from '../../support/deliveries';

let receiver: HttpReceiver;
before(async () => (receiver = await HttpReceiver.start()));
after(() => receiver.close());
beforeEach(() => receiver.reset());

function options(extra: Partial<DispatchOptions> = {}): DispatchOptions & { waits: number[]; attempts: AttemptInfo[] } {
  const { sleep, waits } = recordingSleep();
  const attempts: AttemptInfo[] = [];
  return {
    secrets: envSecretSource({}),
    env: {},
    allowPrivate: true,
    allowEnv: true,
    version: '1.2.3',
    sleep,
    random: () => 0.5,
    onAttempt: (i) => attempts.push(i),
    waits,
    attempts,
    ...extra,
  };
}

test('a delivered webhook carries the body, User-Agent, X-Notify-Event and X-Notify-Event-Id', async () => {
  receiver.reply({ status: 200, body: 'thanks' });
  const delivery = httpDelivery(receiver.url('/in?x=1'), {
    event: 'vulnerability.detected',
    request: { method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-Custom': 'yes', 'user-agent': 'spoofed' }, body: '{"a":1}' },
    transport: { eventId: 'evt_42' },
  });
  const r = await dispatch(delivery, options());
  assert.deepEqual(
    { ok: r.ok, status: r.status, attempts: r.attempts, error: r.error, target: r.target, reply: r.reply },
    { ok: true, status: 200, attempts: 1, error: null, target: receiver.url('/in?x=1'), reply: 'thanks' },
  );
  const [req] = receiver.requests;
  assert.equal(req!.method, 'PUT');
  assert.equal(req!.path, '/in?x=1');
  assert.equal(req!.body, '{"a":1}');
  assert.equal(req!.headers['user-agent'], 'notify/1.2.3');
  assert.equal(req!.headers['x-notify-event'], 'vulnerability.detected');
  assert.equal(req!.headers['x-notify-event-id'], 'evt_42');
  assert.equal(req!.headers['x-custom'], 'yes');
  assert.equal(req!.headers['content-type'], 'application/json');
});

test('503 three times then 200: 4 attempts, the same event id each time, waits from the backoff list', async () => {
  receiver.reply({ status: 503 }, { status: 503 }, { status: 503 }, { status: 200 });
  const o = options();
  const r = await dispatch(httpDelivery(receiver.url(), { transport: { retries: 3, backoffMs: [1000, 5000] } }), o);
  assert.equal(r.ok, true);
  assert.equal(r.attempts, 4);
  assert.equal(receiver.requests.length, 4);
  assert.deepEqual(new Set(receiver.requests.map((q) => q.headers['x-notify-event-id'])), new Set(['evt_0001']));
  assert.deepEqual(o.waits, [1000, 5000, 5000]);
  assert.deepEqual(o.attempts.map((a) => [a.attempt, a.maxAttempts, a.status, a.retryInMs]), [
    [1, 4, 503, 1000],
    [2, 4, 503, 5000],
    [3, 4, 503, 5000],
    [4, 4, 200, null],
  ]);
});

test('retries run out: the result is the last failure, attempts = 1 + retries', async () => {
  receiver.replyByDefault({ status: 500, body: 'boom' });
  const o = options({ random: () => 0 });
  const r = await dispatch(httpDelivery(receiver.url(), { transport: { retries: 2, backoffMs: [1000] } }), o);
  assert.equal(r.ok, false);
  assert.equal(r.status, 500);
  assert.equal(r.attempts, 3);
  assert.match(r.error!, /500: boom/);
  assert.deepEqual(o.waits, [800, 800], 'jitter -20 %');
});

test('408 and 429 are retried; 400, 404 are not', async () => {
  for (const status of [408, 429]) {
    receiver.reset();
    receiver.reply({ status }, { status: 204 });
    const r = await dispatch(httpDelivery(receiver.url()), options());
    assert.equal(r.attempts, 2, String(status));
    assert.equal(r.ok, true);
  }
  for (const status of [400, 404]) {
    receiver.reset();
    receiver.replyByDefault({ status });
    const o = options();
    const r = await dispatch(httpDelivery(receiver.url()), o);
    assert.equal(r.attempts, 1, String(status));
    assert.equal(r.ok, false);
    assert.deepEqual(o.waits, []);
  }
});

test('Retry-After in seconds and as an HTTP date replaces a shorter backoff', async () => {
  const now = Date.parse('2026-04-28T07:12:43Z');
  receiver.reply({ status: 429, headers: { 'Retry-After': '30' } }, { status: 503, headers: { 'Retry-After': 'Tue, 28 Apr 2026 07:14:43 GMT' } }, { status: 503, headers: { 'Retry-After': '1' } }, { status: 204 });
  const o = options({ now: () => now });
  const r = await dispatch(httpDelivery(receiver.url(), { transport: { retries: 3, backoffMs: [2000] } }), o);
  assert.equal(r.ok, true);
  assert.deepEqual(o.waits, [30_000, 120_000, 2000]);
});

test('Retry-After is capped at 5 minutes; Discord retry_after in the JSON body counts too', async () => {
  receiver.reply({ status: 503, headers: { 'Retry-After': '86400' } }, { status: 429, headers: { 'Content-Type': 'application/json' }, body: '{"message":"You are being rate limited.","retry_after":42.5,"global":false}' }, { status: 204 });
  const o = options();
  const r = await dispatch(httpDelivery(receiver.url(), { channel: 'discord', transport: { retries: 3, backoffMs: [1000] } }), o);
  assert.equal(r.ok, true);
  assert.deepEqual(o.waits, [300_000, 42_500]);
});

test('a redirect is a failure and is not followed', async () => {
  receiver.reply({ redirectTo: receiver.url('/elsewhere'), status: 301 });
  const r = await dispatch(httpDelivery(receiver.url('/old')), options());
  assert.equal(r.ok, false);
  assert.equal(r.status, 301);
  assert.equal(r.attempts, 1);
  assert.match(r.error!, /redirect to http:\/\/127\.0\.0\.1:\d+\/elsewhere/);
  assert.deepEqual(receiver.requests.map((q) => q.path), ['/old']);
});

test('the per-attempt timeout covers slow headers (retried) and a stalled body (of a 200: delivered, with a note, not sent again)', async () => {
  receiver.reply({ stallHeaders: true }, { status: 200, body: 'partial', stallBody: true }, { status: 200, body: 'ok' });
  const o = options();
  const r = await dispatch(httpDelivery(receiver.url(), { transport: { timeoutMs: 300, retries: 2, backoffMs: [1000] } }), o);
  assert.equal(r.ok, true, r.error ?? '');
  assert.equal(r.attempts, 2);
  assert.deepEqual(o.attempts.map((a) => a.outcome), ['timed out after 300ms', '200, reply body unread']);
  assert.match(r.note ?? '', /\(timed out after 300ms reading the reply body\)/);
  assert.equal(receiver.requests.length, 2);
});

test('the timeout also covers a stalled body that is read in pieces (longer than the reply cap)', async () => {
  receiver.reply({ status: 500, body: 'partial', stallBody: true });
  const o = options({ maxReplyBytes: 64 });
  const r = await dispatch(httpDelivery(receiver.url(), { transport: { timeoutMs: 300, retries: 0 } }), o);
  assert.equal(r.ok, false);
  assert.equal(r.error, 'timed out after 300ms');
});

test('attempts in flight together each keep their own deadline (a later, shorter one is not held up by an earlier, longer one)', async () => {
  // Requests 1 and 2 stall; request 3 is answered while both are waiting.
  receiver.reply({ stallHeaders: true }, { stallHeaders: true }, { status: 200, body: 'ok' });
  const long = dispatch(httpDelivery(receiver.url('/long'), { transport: { timeoutMs: 2000, retries: 0 } }), options());
  await receiver.waitForRequests(1);
  const short = dispatch(httpDelivery(receiver.url('/short'), { transport: { timeoutMs: 200, retries: 0 } }), options());
  await receiver.waitForRequests(2);
  const answered = await dispatch(httpDelivery(receiver.url('/answered'), { transport: { timeoutMs: 1000, retries: 0 } }), options());
  assert.equal(answered.ok, true, answered.error ?? '');
  const s = await short;
  assert.equal(s.error, 'timed out after 200ms');
  assert.ok(s.durationMs < 1500, `the 200ms deadline ended its attempt after ${s.durationMs}ms, not with the 2s one`);
  const l = await long;
  assert.equal(l.error, 'timed out after 2s');
  assert.ok(l.durationMs >= 1900, `the 2s deadline held (${l.durationMs}ms)`);
});

test('a closed socket is a network error and is retried', async () => {
  receiver.reply({ closeSocket: true }, { status: 204 });
  const o = options();
  const r = await dispatch(httpDelivery(receiver.url()), o);
  assert.equal(r.ok, true);
  assert.equal(r.attempts, 2);
  assert.equal(o.attempts[0]!.status, null);
  assert.match(o.attempts[0]!.outcome, /closed|reset/);
});

test('connection refused is retried and reported', async () => {
  const gone = await refusedPort();
  const url = `http://127.0.0.1:${gone.port}/hook`;
  const o = options();
  const r = await dispatch(httpDelivery(url, { transport: { retries: 1, backoffMs: [10] } }), o).finally(() => gone.release());
  assert.equal(r.ok, false);
  assert.equal(r.attempts, 2);
  assert.equal(r.status, null);
  assert.equal(r.error, 'connection refused');
});

test('reply bodies are read only up to the cap', async () => {
  receiver.reply({ status: 400, body: 'x'.repeat(200_000) });
  const r = await dispatch(httpDelivery(receiver.url()), options({ maxReplyBytes: 100 }));
  assert.equal(r.ok, false);
  assert.equal(r.reply, 'x'.repeat(100));
  assert.ok(r.error!.length < 400);
});

test('hmac-sha256 signing: the receiver recomputes the signature over the raw body', async () => {
  const secret = 'signing-secret-value';
  const body = '{"package":"Newtonsoft.Json","é":"ü"}';
  receiver.reply({ status: 204 });
  const delivery = httpDelivery(receiver.url(), {
    request: { body },
    transport: { signing: { scheme: 'hmac-sha256', secret: '‹secret:soar-signing›', header: 'X-Hub-Signature-256' } },
  });
  const r = await dispatch(delivery, options({ secrets: envSecretSource({ NOTIFY_SECRET_SOAR_SIGNING: secret }) }));
  assert.equal(r.ok, true, r.error ?? '');
  const [req] = receiver.requests;
  const expected = 'sha256=' + createHmac('sha256', secret).update(req!.rawBody).digest('hex');
  assert.equal(req!.headers['x-hub-signature-256'], expected);
});

test('standard-webhooks signing: id is the event id, timestamp per attempt, signature verifies', async () => {
  const key = Buffer.from('a-test-signing-key-32-bytes-long!').toString('base64');
  receiver.reply({ status: 503 }, { status: 204 });
  let clock = 1_700_000_000_000;
  const delivery = httpDelivery(receiver.url(), {
    request: { body: '{"x":"‹env:NOTIFY_ENV_REGION›"}' },
    transport: { signing: { scheme: 'standard-webhooks', secret: `whsec_${key}` }, eventId: 'msg_abc' },
  });
  const r = await dispatch(delivery, options({ env: { NOTIFY_ENV_REGION: 'eu-1' }, now: () => (clock += 61_000) }));
  assert.equal(r.ok, true, r.error ?? '');
  assert.equal(receiver.requests.length, 2);
  const stamps = receiver.requests.map((req) => {
    assert.equal(req.body, '{"x":"eu-1"}');
    assert.equal(req.headers['webhook-id'], 'msg_abc');
    const ts = req.headers['webhook-timestamp'] as string;
    const mac = createHmac('sha256', Buffer.from(key, 'base64')).update(`msg_abc.${ts}.`).update(req.rawBody).digest('base64');
    assert.equal(req.headers['webhook-signature'], `v1,${mac}`);
    return Number(ts);
  });
  assert.ok(stamps[1]! > stamps[0]!, 'each attempt is signed at its own time');
});

test('the signature replaces a request header of the same name in any case, once per attempt, under either scheme', async () => {
  const key = Buffer.from('a-test-signing-key-32-bytes-long!').toString('base64');
  receiver.reply({ status: 503 }, { status: 204 }, { status: 503 }, { status: 204 });
  const headers = { 'x-hub-SIGNATURE-256': 'forged', 'WEBHOOK-ID': 'forged', 'Webhook-Timestamp': '1', 'webhook-signature': 'v1,forged', 'X-Custom': 'kept' };
  const hmac = httpDelivery(receiver.url(), {
    request: { headers, body: '{"a":1}' },
    transport: { retries: 1, signing: { scheme: 'hmac-sha256', secret: 'hmac-key', header: 'X-Hub-Signature-256' } },
  });
  const standard = httpDelivery(receiver.url(), {
    request: { headers, body: '{"a":1}' },
    transport: { retries: 1, eventId: 'msg_1', signing: { scheme: 'standard-webhooks', secret: `whsec_${key}` } },
  });
  for (const delivery of [hmac, standard]) assert.equal((await dispatch(delivery, options())).ok, true);
  assert.equal(receiver.requests.length, 4);
  for (const req of receiver.requests.slice(0, 2)) {
    // Node joins repeated headers with ", ": one value means one header.
    assert.equal(req.headers['x-hub-signature-256'], 'sha256=' + createHmac('sha256', 'hmac-key').update(req.rawBody).digest('hex'));
    assert.deepEqual([req.headers['webhook-id'], req.headers['webhook-timestamp'], req.headers['webhook-signature']], ['forged', '1', 'v1,forged']);
    assert.equal(req.headers['x-custom'], 'kept');
  }
  for (const req of receiver.requests.slice(2)) {
    const ts = req.headers['webhook-timestamp'] as string;
    assert.match(ts, /^\d{10}$/);
    assert.equal(req.headers['webhook-id'], 'msg_1');
    const mac = createHmac('sha256', Buffer.from(key, 'base64')).update(`msg_1.${ts}.`).update(req.rawBody).digest('base64');
    assert.equal(req.headers['webhook-signature'], `v1,${mac}`);
    assert.equal(req.headers['x-hub-signature-256'], 'forged');
  }
});

test('basic auth: credentials are resolved, then base64-encoded into the header', async () => {
  receiver.reply({ status: 204 });
  const delivery = httpDelivery(receiver.url(), {
    request: { headers: { Authorization: 'Basic ‹basic›' } },
    transport: { basicAuth: { username: 'svc-notify', password: '‹secret:hook-pass›' } },
  });
  const r = await dispatch(delivery, options({ secrets: envSecretSource({ NOTIFY_SECRET_HOOK_PASS: 'p:ä$s' }) }));
  assert.equal(r.ok, true, r.error ?? '');
  assert.equal(receiver.requests[0]!.headers.authorization, 'Basic ' + Buffer.from('svc-notify:p:ä$s').toString('base64'));
});

test('secrets and env values are resolved in URL, headers and body', async () => {
  receiver.reply({ status: 204 });
  const delivery = httpDelivery(receiver.url('/‹secret:path-token›'), {
    request: { headers: { Authorization: 'Bearer ‹secret:soar-token›', 'X-Region': '‹env:NOTIFY_ENV_REGION›' }, body: '{"t":"‹env:NOTIFY_ENV_REGION›"}' },
  });
  const r = await dispatch(delivery, options({ env: { NOTIFY_ENV_REGION: 'eu' }, secrets: envSecretSource({ NOTIFY_SECRET_SOAR_TOKEN: 'tok123', NOTIFY_SECRET_PATH_TOKEN: 'abc' }) }));
  assert.equal(r.ok, true, r.error ?? '');
  const [req] = receiver.requests;
  assert.equal(req!.path, '/abc');
  assert.equal(req!.headers.authorization, 'Bearer tok123');
  assert.equal(req!.headers['x-region'], 'eu');
  assert.equal(req!.body, '{"t":"eu"}');
  assert.equal(r.target, receiver.url('/‹secret:path-token›'));
});

test('a secret source that must be waited for (the editor storage) resolves and fails as one that answers at once', async () => {
  const env = { NOTIFY_SECRET_SOAR_TOKEN: 'tok123', NOTIFY_SECRET_PATH_TOKEN: 'abc' };
  const atOnce = envSecretSource(env);
  const asked: string[] = [];
  const waited = { get: async (name: string) => (asked.push(name), atOnce.get(name)) };
  const delivery = httpDelivery(receiver.url('/‹secret:path-token›'), { request: { headers: { Authorization: 'Bearer ‹secret:soar-token›' }, body: '‹secret:soar-token›' } });
  receiver.reply({ status: 204 }, { status: 204 });
  for (const secrets of [atOnce, waited]) {
    const r = await dispatch(delivery, options({ secrets }));
    assert.equal(r.ok, true, r.error ?? '');
  }
  const [a, b] = receiver.requests;
  assert.deepEqual([b!.path, b!.headers.authorization, b!.body], [a!.path, a!.headers.authorization, a!.body]);
  assert.deepEqual(asked, ['path-token', 'soar-token']);
  const missing = httpDelivery(receiver.url(), { request: { headers: { A: '‹secret:nope›', B: '‹env:HOME_X›' } } });
  const [r1, r2] = [await dispatch(missing, options({ secrets: atOnce, allowEnv: false })), await dispatch(missing, options({ secrets: waited, allowEnv: false }))];
  assert.equal(r2.error, r1.error);
  assert.match(r1.error!, /"nope".*; \$Env\("HOME_X"\) is not allowed/);
});

test('missing secrets and disallowed $Env fail before sending, naming what is missing', async () => {
  const delivery = httpDelivery(receiver.url(), { request: { headers: { Authorization: 'Bearer ‹secret:soar-token›' }, body: '‹env:HOME_X›' } });
  const r = await dispatch(delivery, options({ allowEnv: false }));
  assert.equal(r.ok, false);
  assert.equal(r.attempts, 0);
  assert.match(r.error!, /"soar-token".*Notify: Set Secret.*NOTIFY_SECRET_SOAR_TOKEN/);
  assert.match(r.error!, /\$Env\("HOME_X"\) is not allowed/);
  const unset = await dispatch(httpDelivery(receiver.url(), { request: { body: '‹env:NOTIFY_ENV_NOPE›' } }), options());
  assert.match(unset.error!, /environment variable NOTIFY_ENV_NOPE is not set/);
  assert.equal(receiver.requests.length, 0);
});

/** A receiver that answers every connection with `script` on the raw socket, whatever HTTP says. */
async function rawReceiver(script: (socket: import('node:net').Socket) => void): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer } = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.once('data', () => script(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as import('node:net').AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

test('hostile replies end each attempt with a result: endless body, short or long body, 1xx first, header flood, not HTTP', async () => {
  const cases: { name: string; script: (s: import('node:net').Socket) => void; expect: (r: Awaited<ReturnType<typeof dispatch>>) => void }[] = [
    {
      name: 'an endless chunked body is read up to the cap, not waited for',
      script: (s) => {
        s.write('HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n');
        const chunk = `400\r\n${'A'.repeat(1024)}\r\n`;
        const pump = (): void => {
          while (!s.destroyed && s.write(chunk));
          if (!s.destroyed) s.once('drain', pump);
        };
        pump();
      },
      expect: (r) => {
        assert.equal(r.status, 500);
        assert.equal(r.reply, 'A'.repeat(1000));
      },
    },
    {
      name: 'a 200 body shorter than its Content-Length, then closed, is delivered with a note (the receiver took the message)',
      script: (s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b'),
      expect: (r) => {
        assert.equal(r.ok, true);
        assert.equal(r.status, 200);
        assert.equal(r.reply, 'only ten b');
        assert.match(r.note ?? '', /^the reply body could not be read/);
      },
    },
    {
      name: 'a 500 body shorter than its Content-Length, then closed, is a network error',
      script: (s) => s.end('HTTP/1.1 500 Oops\r\nContent-Length: 100\r\n\r\nonly ten b'),
      expect: (r) => {
        assert.equal(r.ok, false);
        assert.equal(r.status, null);
      },
    },
    {
      name: '103 Early Hints before the 204 is not the answer',
      script: (s) => {
        s.write('HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n');
        setTimeout(() => s.end('HTTP/1.1 204 No Content\r\n\r\n'), 20);
      },
      expect: (r) => {
        assert.equal(r.ok, true);
        assert.equal(r.status, 204);
      },
    },
    {
      name: 'a flood of headers is refused by the parser, not kept, and not retried (the receiver has the message)',
      script: (s) => {
        s.write('HTTP/1.1 200 OK\r\n');
        for (let i = 0; i < 2000; i++) s.write(`X-H${i}: ${'v'.repeat(100)}\r\n`);
        s.end('Content-Length: 0\r\n\r\n');
      },
      expect: (r) => {
        assert.equal(r.ok, false);
        assert.equal(r.status, null);
        assert.match(r.error!, /^the reply is not valid HTTP\/1\.1 \(its headers are larger than 16 KiB\); not retried/);
      },
    },
    {
      name: 'a header name with control bytes is a reply the parser refuses: a clear error, not retried (the receiver has the message)',
      script: (s) => s.end('HTTP/1.1 200 OK\r\nX-\u001b[2J: 1\r\nContent-Length: 2\r\n\r\nok'),
      expect: (r) => {
        assert.equal(r.ok, false);
        assert.match(r.error!, /^the reply is not valid HTTP\/1\.1 \(Invalid header token\); not retried/);
        assert.doesNotMatch(r.error!, /\u001b/);
      },
    },
    {
      name: 'an answer that is not HTTP at all: not retried either (something answered the request)',
      script: (s) => s.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'),
      expect: (r) => {
        assert.equal(r.ok, false);
        assert.match(r.error!, /^the reply is not valid HTTP\/1\.1/);
      },
    },
    {
      name: 'an answer that is not HTTP is a protocol error',
      script: (s) => s.end('NOT HTTP AT ALL\r\n\r\n'),
      expect: (r) => {
        assert.equal(r.ok, false);
        assert.equal(r.status, null);
      },
    },
    {
      name: 'an unasked 100 Continue before the 200 is a reply undici refuses: a clear error, not retried (the receiver has the message)',
      script: (s) => s.end('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'),
      expect: (r) => {
        assert.equal(r.ok, false);
        assert.match(r.error!, /^the reply is not valid HTTP\/1\.1 \(such as a 100 Continue/);
      },
    },
    {
      name: 'a status below 100 is the same clear error, not an assertion of the parser',
      script: (s) => s.end('HTTP/1.1 099 Odd\r\nContent-Length: 0\r\n\r\n'),
      expect: (r) => {
        assert.equal(r.ok, false);
        assert.match(r.error!, /^the reply is not valid HTTP\/1\.1/);
        assert.doesNotMatch(r.error!, /ASSERTION|==/);
      },
    },
    {
      name: 'a body longer than its Content-Length counts only the declared bytes',
      script: (s) => s.end(`HTTP/1.1 400 Bad\r\nContent-Length: 5\r\n\r\n${'x'.repeat(100_000)}`),
      expect: (r) => {
        assert.equal(r.status, 400);
        assert.equal(r.reply, 'xxxxx');
      },
    },
  ];
  for (const c of cases) {
    const rx = await rawReceiver(c.script);
    try {
      const retried = c.name.includes('not retried') || c.name.includes('below 100');
      const r = await dispatch(httpDelivery(rx.url, { transport: { retries: retried ? 2 : 0, timeoutMs: 60_000 } }), options({ maxReplyBytes: 1000 }));
      assert.equal(r.attempts, 1, c.name);
      c.expect(r);
    } catch (e) {
      (e as Error).message = `${c.name}: ${(e as Error).message}`;
      throw e;
    } finally {
      await rx.close();
    }
  }
});
