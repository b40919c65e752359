import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASIC_AUTH_PLACEHOLDER } from '../../../grammar/render/delivery';
import {
  COMPUTED_AT_SEND,
  authFromEntries,
  buildWebhookRequest,
  signingFromEntries,
  standardEnvelope,
  type WebhookInput,
} from '../../../grammar/channels/webhook/render';
import { compactJson } from '../../../grammar/render/json';

const base: WebhookInput = {
  method: 'POST',
  url: 'https://soar.example.com/hooks/proget',
  contentType: 'application/json',
  headers: [],
  body: '{"a":1}',
  eventId: 'evt-1',
};

test('POST with a body: Content-Type first, body as written', () => {
  const out = buildWebhookRequest({ ...base, headers: [['X-Team', 'secops']] });
  assert.deepEqual(out.request, {
    method: 'POST',
    url: 'https://soar.example.com/hooks/proget',
    headers: { 'Content-Type': 'application/json', 'X-Team': 'secops' },
    body: '{"a":1}',
  });
  assert.deepEqual(Object.keys(out.request.headers), ['Content-Type', 'X-Team']);
  assert.equal(out.signing, undefined);
  assert.equal(out.basicAuth, undefined);
});

test('GET without a body: null body and no Content-Type', () => {
  const out = buildWebhookRequest({ ...base, method: 'GET', body: null, headers: [['Accept', 'application/json']] });
  assert.deepEqual(out.request, { method: 'GET', url: base.url, headers: { Accept: 'application/json' }, body: null });
});

test('bearer auth: Authorization: Bearer <token>, after the user headers', () => {
  const auth = authFromEntries([
    ['scheme', 'bearer'],
    ['token', '‹secret:soar-token›'],
  ]);
  const out = buildWebhookRequest({ ...base, headers: [['X-A', '1']], auth });
  assert.deepEqual(Object.entries(out.request.headers), [
    ['Content-Type', 'application/json'],
    ['X-A', '1'],
    ['Authorization', 'Bearer ‹secret:soar-token›'],
  ]);
});

test('basic auth: placeholder header and credentials for the dispatcher', () => {
  // schemes are lower case, one rule with the checker (docs/LANGUAGE.md section 6)
  assert.throws(() => authFromEntries([['scheme', 'Basic'], ['username', 'ops'], ['password', 'x']]), /auth scheme "Basic" is not one of/);
  const auth = authFromEntries([
    ['scheme', 'basic'],
    ['username', 'ops'],
    ['password', '‹secret:pw›'],
  ]);
  const out = buildWebhookRequest({ ...base, auth });
  assert.equal(out.request.headers['Authorization'], `Basic ${BASIC_AUTH_PLACEHOLDER}`);
  assert.equal(out.request.headers['Authorization'], 'Basic \u2039basic\u203a');
  assert.deepEqual(out.basicAuth, { username: 'ops', password: '‹secret:pw›' });
});

test('apikey auth: <header>: <value>', () => {
  const auth = authFromEntries([
    ['scheme', 'apikey'],
    ['header', 'X-Api-Key'],
    ['value', '‹env:API_KEY›'],
  ]);
  const out = buildWebhookRequest({ ...base, auth });
  assert.deepEqual(out.request.headers, { 'Content-Type': 'application/json', 'X-Api-Key': '‹env:API_KEY›' });
});

test('auth problems are clear', () => {
  assert.throws(() => authFromEntries([['scheme', 'oauth']]), /auth scheme "oauth" is not one of "bearer", "basic", "apikey"/);
  assert.throws(() => authFromEntries([['scheme', 'bearer']]), /auth needs a non-empty "token"/);
  assert.throws(() => authFromEntries([['token', 'x']]), /auth needs a non-empty "scheme"/);
});

test('a user header overrides Content-Type; auth overrides a written Authorization', () => {
  const out = buildWebhookRequest({
    ...base,
    headers: [
      ['content-type', 'text/plain'],
      ['Authorization', 'nope'],
    ],
    auth: { scheme: 'bearer', token: 't' },
  });
  assert.deepEqual(Object.entries(out.request.headers), [
    ['content-type', 'text/plain'],
    ['Authorization', 'Bearer t'],
  ]);
});

test('headers named like Object.prototype members are plain headers, in written order (not the prototype)', () => {
  const out = buildWebhookRequest({ ...base, headers: [['__proto__', 'p'], ['constructor', 'c'], ['X-A', '1'], ['x-a', '2']] });
  assert.deepEqual(Object.keys(out.request.headers), ['Content-Type', '__proto__', 'constructor', 'x-a']);
  assert.equal(Object.getPrototypeOf(out.request.headers), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(out.request.headers, '__proto__')?.value, 'p');
  assert.equal(out.request.headers['x-a'], '2');
});

test('header injection is refused', () => {
  assert.throws(() => buildWebhookRequest({ ...base, headers: [['X-A', 'a\r\nX-Evil: 1']] }), /line break/);
  assert.throws(() => buildWebhookRequest({ ...base, headers: [['X-A', 'a\0b']] }), /the value of header X-A contains a NUL character/);
  assert.throws(() => buildWebhookRequest({ ...base, headers: [['X-A', 'a\0\nb']] }), /contains a line break/);
  assert.throws(() => buildWebhookRequest({ ...base, headers: [['Bad Header', 'x']] }), /not a valid HTTP header name/);
});

test('hmac-sha256 signing: placeholder header (default name) and transport signing', () => {
  const signing = signingFromEntries([
    ['scheme', 'hmac-sha256'],
    ['secret', '‹secret:soar-signing›'],
  ]);
  assert.deepEqual(signing, { scheme: 'hmac-sha256', secret: '‹secret:soar-signing›', header: 'X-Notify-Signature' });
  const out = buildWebhookRequest({ ...base, signing, auth: { scheme: 'bearer', token: 't' } });
  assert.deepEqual(Object.entries(out.request.headers), [
    ['Content-Type', 'application/json'],
    ['Authorization', 'Bearer t'],
    ['X-Notify-Signature', 'sha256=‹computed at send›'],
  ]);
  assert.equal(COMPUTED_AT_SEND, '‹computed at send›');
  assert.deepEqual(out.signing, signing);
});

test('hmac-sha256 with a custom header', () => {
  const signing = signingFromEntries([
    ['scheme', 'hmac-sha256'],
    ['secret', 's'],
    ['header', 'X-Hub-Signature-256'],
  ]);
  const out = buildWebhookRequest({ ...base, signing });
  assert.equal(out.request.headers['X-Hub-Signature-256'], 'sha256=‹computed at send›');
});

test('standard-webhooks signing: id is the event id, timestamp and signature at send', () => {
  const signing = signingFromEntries([
    ['scheme', 'standard-webhooks'],
    ['secret', 'whsec_abc'],
  ]);
  const out = buildWebhookRequest({ ...base, signing });
  assert.deepEqual(out.request.headers, {
    'Content-Type': 'application/json',
    'webhook-id': 'evt-1',
    'webhook-timestamp': '‹computed at send›',
    'webhook-signature': 'v1,‹computed at send›',
  });
  assert.deepEqual(out.signing, { scheme: 'standard-webhooks', secret: 'whsec_abc' });
  assert.throws(() => signingFromEntries([['scheme', 'md5'], ['secret', 'x']]), /signing scheme "md5"/);
});

test('URLs must be absolute http(s), unless a placeholder makes them known only at send', () => {
  assert.throws(() => buildWebhookRequest({ ...base, url: '/relative' }), /not an absolute URL/);
  assert.throws(() => buildWebhookRequest({ ...base, url: 'ftp://x.example/' }), /http:\/\/ or https:\/\//);
  assert.equal(buildWebhookRequest({ ...base, url: '‹secret:hook›' }).request.url, '‹secret:hook›');
});

test('standard envelope: keys in spec order, JSON body embedded as JSON, compact', () => {
  const text = standardEnvelope({
    invoking: 'Scan results',
    title: 'Scan completed: grade B (score 78)',
    tenant: '72f9',
    generatedAt: '2026-04-28T07:12:43Z',
    body: '{\n  "b": 1.0,\n  "2": "x y",\n  "big": 12345678901234567890\n}',
  });
  assert.equal(
    text,
    '{"schemaVersion":"1.0","source":"notify","invoking":"Scan results","title":"Scan completed: grade B (score 78)",' +
      '"tenant":"72f9","generatedAt":"2026-04-28T07:12:43Z","alertCount":1,"payload":[{"b":1.0,"2":"x y","big":12345678901234567890}]}',
  );
});

test('standard envelope: a body that is not JSON is embedded as a string; tenant may be null', () => {
  const parsed = JSON.parse(
    standardEnvelope({ invoking: 'n', title: 't', tenant: null, generatedAt: 'g', body: 'plain "text"' }),
  );
  assert.deepEqual(parsed, {
    schemaVersion: '1.0',
    source: 'notify',
    invoking: 'n',
    title: 't',
    tenant: null,
    generatedAt: 'g',
    alertCount: 1,
    payload: ['plain "text"'],
  });
});

/** A consumer of CIPP's standardized alert schema, written from the schema, not from this renderer. */
function validateCippStandard(value: unknown): string[] {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['not an object'];
  const o = value as Record<string, unknown>;
  const keys = ['schemaVersion', 'source', 'invoking', 'title', 'tenant', 'generatedAt', 'alertCount', 'payload'];
  for (const k of keys) if (!(k in o)) problems.push(`missing ${k}`);
  for (const k of Object.keys(o)) if (!keys.includes(k)) problems.push(`unexpected ${k}`);
  if (o.schemaVersion !== '1.0') problems.push('schemaVersion is not "1.0"');
  for (const k of ['source', 'invoking', 'title', 'generatedAt']) if (typeof o[k] !== 'string' || o[k] === '') problems.push(`${k} is not a non-empty string`);
  if (o.tenant !== null && typeof o.tenant !== 'string') problems.push('tenant is not a string or null');
  if (!Array.isArray(o.payload)) problems.push('payload is not a list');
  else {
    if (o.alertCount !== o.payload.length) problems.push('alertCount is not the length of payload');
    if (o.payload.some((a) => Array.isArray(a))) problems.push('payload is nested');
  }
  return problems;
}

test('standard envelope: a JSON list body is the payload itself, alertCount its length (CIPP schema)', () => {
  const text = standardEnvelope({
    invoking: 'Tenant alerts',
    title: '2 alerts',
    tenant: 'contoso.onmicrosoft.com',
    generatedAt: '2026-04-28T07:12:43Z',
    body: '[ {"Message": "a"}, {"Message": "b"} ]',
  });
  const parsed = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(validateCippStandard(parsed), []);
  assert.equal(parsed.alertCount, 2);
  assert.deepEqual(parsed.payload, [{ Message: 'a' }, { Message: 'b' }]);
  assert.deepEqual(Object.keys(parsed), ['schemaVersion', 'source', 'invoking', 'title', 'tenant', 'generatedAt', 'alertCount', 'payload']);
  const empty = JSON.parse(standardEnvelope({ invoking: 'x', title: 't', tenant: null, generatedAt: 'g', body: '[]' })) as Record<string, unknown>;
  assert.equal(empty.alertCount, 0);
  assert.deepEqual(validateCippStandard(empty), []);
  // The validator is not vacuous: the old shape fails it.
  assert.notDeepEqual(validateCippStandard({ schemaVersion: '1.0', source: 'notify', event: 'e', title: 't', tenant: null, generatedAt: 'g', alertCount: 1, payload: [[{}, {}]] }), []);
});

test('compactJson keeps strings intact and rejects non-JSON', () => {
  assert.equal(compactJson(' { "a b" : [ 1 , "x\\" y" ] } '), '{"a b":[1,"x\\" y"]}');
  assert.equal(compactJson('not json'), undefined);
});
