import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDestination } from '../../../client/dispatch/preflight';
import type { LookupAll } from '../../../client/dispatch/http';

const resolvesTo =
  (address: string): LookupAll =>
  (_host, callback) =>
    callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);

test('a loopback or private destination is found before sending, and can be allowed', async () => {
  const r = await checkDestination('http://127.0.0.1:8787/hook', { allowPrivate: false });
  assert.equal(r?.needs, 'private');
  assert.equal(r?.allowable, true);
  assert.match(r!.message, /refused to connect to 127\.0\.0\.1 \(loopback\)/);
  const named = await checkDestination('https://hooks.internal.example/x', { allowPrivate: false, resolve: resolvesTo('10.1.2.3') });
  assert.match(named!.message, /hooks\.internal\.example \(10\.1\.2\.3\).*private/);
  const real = await checkDestination('http://localhost:8787/', { allowPrivate: false });
  assert.equal(real?.needs, 'private', 'localhost through the system resolver');
});

test('allowed private destinations pass; plain http to a public host needs its own allowance', async () => {
  assert.equal(await checkDestination('http://127.0.0.1:8787/hook', { allowPrivate: true }), null);
  const insecure = await checkDestination('http://hooks.example/x', { allowPrivate: false, resolve: resolvesTo('93.184.216.34') });
  assert.equal(insecure?.needs, 'insecureHttp');
  assert.match(insecure!.message, /plain http:\/\/ is refused/);
  assert.equal(await checkDestination('http://hooks.example/x', { allowPrivate: false, allowInsecureHttp: true, resolve: resolvesTo('93.184.216.34') }), null);
  assert.equal(await checkDestination('https://hooks.example/x', { allowPrivate: false, resolve: resolvesTo('93.184.216.34') }), null);
});

test('cloud metadata is never offered; what the dispatcher reports itself is left to it', async () => {
  const metadata = await checkDestination('http://169.254.169.254/latest', { allowPrivate: false });
  assert.equal(metadata?.allowable, false);
  assert.equal((await checkDestination('http://metadata.google.internal/', { allowPrivate: false }))?.allowable, false);
  assert.equal(await checkDestination('not a url', { allowPrivate: false }), null);
  assert.equal(await checkDestination('ftp://127.0.0.1/', { allowPrivate: false }), null);
  const unresolvable: LookupAll = (_h, cb) => cb(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }), []);
  assert.equal(await checkDestination('https://nowhere.invalid/', { allowPrivate: false, resolve: unresolvable }), null);
});
