/**
 * No secret leaked (spec section 8), end to end: see ./secretScan.ts for the
 * scenario. Zero findings, with controls proving the scan would see a leak.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leakForms, runSecretScan, scan } from './secretScan';

test('the scan finds a secret in any of its encodings (control)', () => {
  const value = 'p@ss w/rd+=&ü';
  for (const form of leakForms(value)) assert.equal(scan({ text: `x ${form} y` }, { S: value }).length > 0, true, form);
  assert.deepEqual(scan({ text: 'Authorization: Bearer ‹secret:s›' }, { S: value }), []);
});

test('check, render, send (ok, 5xx echo, 401 echo, guard refusal, missing secret, SMTP auth failure) and history: no secret anywhere', async (t) => {
  const r = await runSecretScan();
  t.diagnostic(`searched ${r.places} outputs/files/results (${(r.bytes / 1024).toFixed(0)} KiB) after ${r.deliveries} deliveries; findings ${r.findings.length}`);
  // Controls: the secrets really were used, and the scan does see them where printing them is allowed.
  assert.equal(r.secretsSeenByReceiver, 6, `the receiver saw ${r.secretsSeenByReceiver} secret values`);
  assert.ok(r.revealFindings >= 3, `render --reveal-secrets shows the secrets (found ${r.revealFindings})`);
  assert.deepEqual(r.exitCodes, { check: 0, render: 0, events: 0, 'send --allow-private': 1, send: 1 });
  assert.ok(r.deliveries >= 18);
  assert.deepEqual(r.findings, []);
});

test('regression: an echoed secret is masked before the reply is cut or its whitespace collapsed into the error', async () => {
  const { HttpReceiver } = await import('../support/httpReceiver');
  const { dispatch } = await import('../../client/dispatch/dispatcher');
  const { envSecretSource } = await import('../../client/dispatch/secrets');
  const { deliveriesOf, recordingSleep } = await import('./pipeline');
  const receiver = await HttpReceiver.start();
  try {
    const env = { NOTIFY_SECRET_WS: 'two  spaces\tand a tab-0042', NOTIFY_SECRET_LONG: 'long-secret-value-ABCDEFGHIJKLMNOPQRSTUVWXYZ' };
    // The long secret starts at character 290 of the reply; error snippets end at 300.
    receiver.replyByDefault((req) => ({ status: 500, body: `${String(req.headers['x-ws'])} ${'x'.repeat(290 - 1 - env.NOTIFY_SECRET_WS.length)}${String(req.headers['x-long'])}` }));
    const [d] = deliveriesOf(`notifier "n" {\n    on package.added;\n    webhook { url = "${receiver.url()}"; headers = %("X-Ws": $Secret("ws"), "X-Long": $Secret("long")); retries = 0; }\n}\n`);
    const r = await dispatch(d!, { secrets: envSecretSource(env), env, allowPrivate: true, allowEnv: false, version: '0', sleep: recordingSleep().sleep });
    assert.equal(r.status, 500);
    assert.match(r.error!, /^the receiver answered 500: ‹secret:ws› x+‹secret:lon/);
    assert.ok(!r.error!.includes('two spaces') && !r.error!.includes('long-secret'), r.error!);
    assert.ok(!r.reply!.includes('two  spaces') && !r.reply!.includes('long-secret'), r.reply!);
  } finally {
    await receiver.close();
  }
});

test('regression: a secret in a URL query, echoed back as the URL parser encoded it, is masked', async () => {
  const { HttpReceiver } = await import('../support/httpReceiver');
  const { dispatch } = await import('../../client/dispatch/dispatcher');
  const { envSecretSource } = await import('../../client/dispatch/secrets');
  const { deliveriesOf, recordingSleep } = await import('./pipeline');
  const receiver = await HttpReceiver.start();
  try {
    receiver.replyByDefault((req) => ({ status: 500, body: `you asked for ${req.path}` }));
    const env = { NOTIFY_SECRET_TOK: 'tok en/+=&?ü-api-7731' };
    const [d] = deliveriesOf(`notifier "n" {\n    on package.added;\n    webhook { url = "${receiver.url('/q')}?key=$Secret('tok')"; retries = 0; }\n}\n`);
    const r = await dispatch(d!, { secrets: envSecretSource(env), env, allowPrivate: true, allowEnv: false, version: '0', sleep: recordingSleep().sleep });
    assert.equal(receiver.requests[0]!.path, '/q?key=tok%20en/+=&?%C3%BC-api-7731', 'the receiver saw the encoded secret');
    assert.equal(r.error, 'the receiver answered 500: you asked for /q?key=‹secret:tok›');
    assert.equal(r.reply, 'you asked for /q?key=‹secret:tok›');
  } finally {
    await receiver.close();
  }
});
