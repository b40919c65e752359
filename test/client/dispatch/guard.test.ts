import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkUrl, refusalReason } from '../../../client/dispatch/guard';
import { dispatch, type DispatchOptions } from '../../../client/dispatch/dispatcher';
import { envSecretSource } from '../../../client/dispatch/secrets';
import { HttpReceiver } from '../../support/httpReceiver';
import { httpDelivery, recordingSleep } from '../../support/deliveries';

test('refused address ranges (IPv4, IPv6, IPv4 inside IPv6, metadata)', () => {
  const refused = [
    '10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.254', '192.168.1.1', '127.0.0.1', '127.8.9.10',
    '0.0.0.0', '0.1.2.3', '169.254.0.1', '169.254.169.254', '100.64.0.1', '100.127.255.255', '224.0.0.1', '255.255.255.255',
    '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'febf::1', 'fd00:ec2::254', '[::1]',
    '::ffff:127.0.0.1', '::ffff:10.1.2.3', '::ffff:7f00:1', '::ffff:169.254.169.254', '::ffff:192.168.0.1', '64:ff9b::a00:1',
    'fe80::1%eth0',
    // IANA special-purpose registries (classified by ipaddr.js, not a hand-kept table)
    '64:ff9b:1::1', '::ffff:0:0', '::ffff:0:7f00:1', '2001::1', '2001:db8::1', '3fff::1', '100::1', '::8.8.8.8', '::7f00:1',
    '2002:a00:1::1', '2002:7f00:1::', '192.0.2.1', '198.51.100.1', '203.0.113.1', '198.18.0.1', '192.88.99.1', '2001:2::1', '5f00::1',
  ];
  for (const a of refused) assert.notEqual(refusalReason(a), null, `${a} must be refused`);
  const allowed = ['8.8.8.8', '1.1.1.1', '172.32.0.1', '172.15.255.255', '100.128.0.1', '100.63.255.255', '169.255.0.1', '11.0.0.1',
    '2606:4700:4700::1111', '2001:4860:4860::8888', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', 'fbff::1', 'fec0::1'.replace('fec0', '2a00')];
  for (const a of allowed) assert.equal(refusalReason(a), null, `${a} must be allowed`);
  assert.match(refusalReason('169.254.169.254')!, /metadata/);
  assert.match(refusalReason('fd00:ec2::254')!, /metadata/);
  assert.match(refusalReason('::ffff:10.0.0.1')!, /private/);
});

test('URL checks before connecting: scheme, plain http, metadata names, IP literals', () => {
  const strict = { allowPrivate: false };
  assert.match(checkUrl(new URL('ftp://example.com/x'), strict)!, /http\(s\)/);
  assert.match(checkUrl(new URL('http://example.com/x'), strict)!, /plain http/);
  assert.equal(checkUrl(new URL('http://example.com/x'), { allowPrivate: false, allowInsecureHttp: true }), null);
  assert.equal(checkUrl(new URL('https://example.com/x'), strict), null);
  assert.match(checkUrl(new URL('https://metadata.google.internal/computeMetadata/v1/'), strict)!, /metadata/);
  assert.match(checkUrl(new URL('https://169.254.169.254/latest/meta-data'), strict)!, /metadata/);
  assert.match(checkUrl(new URL('https://[::ffff:127.0.0.1]/'), strict)!, /loopback/);
  assert.match(checkUrl(new URL('https://10.0.0.5/'), strict)!, /allow-private/);
  assert.match(checkUrl(new URL('https://user:pw@example.com/'), strict)!, /credentials/);
  assert.equal(checkUrl(new URL('http://127.0.0.1:8080/'), { allowPrivate: true }), null);
});

let receiver: HttpReceiver;
before(async () => (receiver = await HttpReceiver.start()));
after(() => receiver.close());

function opts(extra: Partial<DispatchOptions>): DispatchOptions {
  return { secrets: envSecretSource({}), env: {}, allowPrivate: false, allowEnv: false, version: '0.0.0-test', sleep: recordingSleep().sleep, ...extra };
}

test('a host name that resolves to 127.0.0.1 is refused without allowPrivate, checked on the resolved address', async () => {
  receiver.reset();
  let lookups = 0;
  const resolve = (_host: string, cb: (e: Error | null, a: { address: string; family: number }[]) => void) => {
    lookups++;
    cb(null, [{ address: '127.0.0.1', family: 4 }]);
  };
  const url = `http://hooks.example.test:${receiver.port}/hook`;
  const reported: number[] = [];
  const result = await dispatch(httpDelivery(url), opts({ allowInsecureHttp: true, resolve, recordAttempts: true, onAttempt: (a) => reported.push(a.attempt) }));
  assert.equal(result.ok, false);
  assert.deepEqual(reported, [], 'no progress line for what was not an attempt');
  assert.deepEqual(result.attemptRecords, [], 'no attempt record: nothing was sent');
  assert.match(result.error!, /refused to connect to hooks\.example\.test \(127\.0\.0\.1\) \(loopback\)/);
  // Refused in the socket's lookup, before connecting: nothing left, so not an attempt (and never retried).
  assert.equal(result.attempts, 0, 'a refused destination is recorded with 0 attempts');
  assert.ok(lookups >= 1);
  assert.equal(receiver.requests.length, 0, 'nothing reached the receiver');

  const allowed = await dispatch(httpDelivery(url), opts({ allowPrivate: true, resolve }));
  assert.equal(allowed.ok, true, allowed.error ?? '');
  assert.equal(receiver.requests.length, 1, 'with allowPrivate the same name connects');
});

test('a name with one public and one private address is refused', async () => {
  receiver.reset();
  const resolve = (_host: string, cb: (e: Error | null, a: { address: string; family: number }[]) => void) =>
    cb(null, [{ address: '93.184.215.14', family: 4 }, { address: '10.1.2.3', family: 4 }]);
  const result = await dispatch(httpDelivery('https://mixed.example.test/hook'), opts({ resolve }));
  assert.equal(result.ok, false);
  assert.match(result.error!, /mixed\.example\.test \(10\.1\.2\.3\) \(private\)/);
});

test('localhost through the system resolver is refused without allowPrivate and works with it', async () => {
  receiver.reset();
  const url = `http://localhost:${receiver.port}/hook`;
  const refused = await dispatch(httpDelivery(url), opts({ allowInsecureHttp: true }));
  assert.equal(refused.ok, false);
  assert.match(refused.error!, /refused to connect to localhost/);
  assert.equal(refused.attempts, 0, 'not sent: docs/delivery.md records a refused destination with 0 attempts');
  assert.equal(receiver.requests.length, 0);

  const allowed = await dispatch(httpDelivery(url), opts({ allowPrivate: true }));
  assert.equal(allowed.ok, true, allowed.error ?? '');
  assert.equal(receiver.requests.length, 1);
});

test('IP literals and plain http are refused before any connection', async () => {
  receiver.reset();
  const literal = await dispatch(httpDelivery(receiver.url()), opts({ allowInsecureHttp: true }));
  assert.equal(literal.ok, false);
  assert.equal(literal.attempts, 0);
  assert.match(literal.error!, /127\.0\.0\.1 \(loopback\)/);
  const http = await dispatch(httpDelivery(receiver.url()), opts({}));
  assert.match(http.error!, /plain http/);
  assert.equal(receiver.requests.length, 0);
});
