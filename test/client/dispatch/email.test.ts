import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { dispatch, type DispatchOptions } from '../../../client/dispatch/dispatcher';
import { loginNeedsTls, smtpSettingsFromEnv, type SmtpSettings } from '../../../client/dispatch/email';
import { envSecretSource, Secret } from '../../../client/dispatch/secrets';
import { emailDelivery, recordingSleep } from '../../support/deliveries';
import { refusedPort } from '../../support/refusedPort';
import { TEST_CERT, TestSmtpServer } from '../../support/smtpServer';

const servers: TestSmtpServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function server(options: Parameters<typeof TestSmtpServer.start>[0] = {}): Promise<TestSmtpServer> {
  const s = await TestSmtpServer.start(options);
  servers.push(s);
  return s;
}

function options(smtp: SmtpSettings, extra: Partial<DispatchOptions> = {}): DispatchOptions & { waits: number[] } {
  const { sleep, waits } = recordingSleep();
  return { secrets: envSecretSource({}), env: {}, allowPrivate: true, allowEnv: true, version: '1.0.0', smtp, sleep, random: () => 0.5, waits, ...extra };
}

test('plain SMTP without STARTTLS: to, cc and bcc all receive; text and HTML parts are sent', async () => {
  const s = await server();
  const r = await dispatch(
    emailDelivery({ to: ['a@example.com', 'b@example.com'], cc: ['c@example.com'], bcc: ['d@example.com'], subject: 'CVE-2026-1', text: 'plain part', html: '<p>html part</p>' }),
    options({ host: '127.0.0.1', port: s.port }),
  );
  assert.equal(r.ok, true, r.error ?? '');
  assert.equal(r.status, 250);
  assert.equal(r.attempts, 1);
  assert.equal(r.target, 'a@example.com, b@example.com, c@example.com', 'bcc is not in the printed target or the history');
  const [mail] = s.messages;
  assert.deepEqual(mail!.to, ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']);
  assert.equal(mail!.from, 'notify@example.com');
  assert.equal(mail!.secure, false);
  assert.match(mail!.raw, /Subject: CVE-2026-1/);
  assert.match(mail!.raw, /Cc: c@example.com/);
  // Only the header block, and only whole addresses: the random Message-ID
  // (`<…2efbd@example.com>`) may end in "d@example.com" too.
  const headers = mail!.raw.split(/\r?\n\r?\n/, 1)[0]!;
  assert.match(headers, /(^|[\s<,:])c@example\.com/m, 'the address check itself finds a header address');
  assert.doesNotMatch(headers, /(^|[\s<,:])d@example\.com/m, 'bcc is not in the headers');
  assert.doesNotMatch(headers, /^bcc:/im);
  assert.match(mail!.raw, /text\/plain[\s\S]*plain part/);
  assert.match(mail!.raw, /text\/html[\s\S]*<p>html part<\/p>/);
});

test('STARTTLS is used when offered, with authentication', async () => {
  const s = await server({ starttls: true, auth: { user: 'mailer', pass: 'smtp-pw-123' } });
  const r = await dispatch(
    emailDelivery({}),
    options({ host: 'localhost', port: s.port, user: 'mailer', password: new Secret('SMTP_PASSWORD', 'smtp-pw-123', 'env'), ca: TEST_CERT }),
  );
  assert.equal(r.ok, true, r.error ?? '');
  assert.equal(s.messages[0]!.secure, true, 'upgraded with STARTTLS');
  assert.equal(s.messages[0]!.user, 'mailer');
});

test('the password is sent only over TLS: a server without STARTTLS gets no login, and the failure says why', async () => {
  const s = await server({ auth: { user: 'mailer', pass: 'smtp-pw-123' } });
  // loginOnlyOverTls as for any host that is not loopback (the test server can only be on loopback).
  const r = await dispatch(
    emailDelivery({}, { transport: { retries: 3 } }),
    options({ host: '127.0.0.1', port: s.port, user: 'mailer', password: new Secret('SMTP_PASSWORD', 'smtp-pw-123', 'env'), loginOnlyOverTls: true }),
  );
  assert.equal(r.ok, false);
  assert.equal(r.attempts, 1, 'not retried: the server will not offer TLS on the next attempt either');
  assert.match(r.error!, /did not start TLS.*only over an encrypted connection/);
  assert.deepEqual(s.logins, [], 'no login was attempted');
  assert.equal(s.messages.length, 0);
  assert.ok(!JSON.stringify(r).includes('smtp-pw-123'));

  // The same rule with a server that offers STARTTLS: upgraded first, then logged in.
  const tls = await server({ starttls: true, auth: { user: 'mailer', pass: 'smtp-pw-123' } });
  const ok = await dispatch(
    emailDelivery({}),
    options({ host: 'localhost', port: tls.port, user: 'mailer', password: new Secret('SMTP_PASSWORD', 'smtp-pw-123', 'env'), ca: TEST_CERT, loginOnlyOverTls: true }),
  );
  assert.equal(ok.ok, true, ok.error ?? '');
  assert.deepEqual(tls.logins.map((l) => l.secure), [true]);
});

test('which logins need TLS: any host but loopback, when there is a user and no implicit TLS', () => {
  const needs = (host: string, more: Partial<SmtpSettings> = {}) => loginNeedsTls({ host, user: 'u', ...more });
  for (const host of ['smtp.example.com', '10.0.0.5', '192.168.1.1', 'localhost.example.com', '::ffff:10.0.0.1', '[2001:db8::1]', '127.0.0.1.nip.io']) assert.equal(needs(host), true, host);
  for (const host of ['localhost', 'LOCALHOST.', '127.0.0.1', '127.8.9.10', '::1', '[::1]', '::ffff:127.0.0.1']) assert.equal(needs(host), false, host);
  assert.equal(loginNeedsTls({ host: 'smtp.example.com' }), false, 'no user, no password to protect');
  assert.equal(needs('smtp.example.com', { secure: true }), false, 'implicit TLS is already encrypted');
  assert.equal(needs('localhost', { loginOnlyOverTls: true }), true);
  assert.equal(needs('smtp.example.com', { loginOnlyOverTls: false }), false);
});

test('implicit TLS with secure', async () => {
  const s = await server({ implicitTls: true });
  const r = await dispatch(emailDelivery({}), options({ host: 'localhost', port: s.port, secure: true, ca: TEST_CERT }));
  assert.equal(r.ok, true, r.error ?? '');
  assert.equal(s.messages[0]!.secure, true);
});

test('an untrusted certificate fails (no silent downgrade of verification)', async () => {
  const s = await server({ implicitTls: true });
  const r = await dispatch(emailDelivery({}, { transport: { retries: 2 } }), options({ host: 'localhost', port: s.port, secure: true }));
  assert.equal(r.ok, false);
  assert.match(r.error!, /certificate/);
  assert.equal(r.attempts, 1, 'a certificate problem does not go away by retrying');
  assert.equal(s.messages.length, 0);
});

test('a rejected recipient makes the send fail and is named, even if others got it', async () => {
  const s = await server({ rejectRecipients: ['gone@example.com'] });
  const r = await dispatch(emailDelivery({ to: ['ok@example.com', 'gone@example.com'] }), options({ host: '127.0.0.1', port: s.port }));
  assert.equal(r.ok, false);
  assert.equal(r.status, 550);
  assert.equal(r.attempts, 1, 'not retried: that would duplicate the message for the others');
  assert.match(r.error!, /rejected recipient gone@example\.com/);
  assert.match(r.error!, /sent only to ok@example\.com/);
  assert.equal(s.messages.length, 1);
});

test('all recipients rejected: nothing sent, failure names them', async () => {
  const s = await server({ rejectRecipients: ['x@example.com'] });
  const r = await dispatch(emailDelivery({ to: ['x@example.com'] }), options({ host: '127.0.0.1', port: s.port }));
  assert.equal(r.ok, false);
  assert.match(r.error!, /x@example\.com/);
  assert.equal(s.messages.length, 0);
});

test('a transient 4xx is retried per the policy; wrong credentials are not', async () => {
  const s = await server({ failMessagesTransiently: 2 });
  const o = options({ host: '127.0.0.1', port: s.port });
  const r = await dispatch(emailDelivery({}, { transport: { retries: 3, backoffMs: [1000, 2000] } }), o);
  assert.equal(r.ok, true, r.error ?? '');
  assert.equal(r.attempts, 3);
  assert.deepEqual(o.waits, [1000, 2000]);
  assert.equal(s.messages.length, 1);

  const locked = await server({ auth: { user: 'u', pass: 'right' } });
  const bad = await dispatch(
    emailDelivery({}, { transport: { retries: 3 } }),
    options({ host: '127.0.0.1', port: locked.port, user: 'u', password: new Secret('SMTP_PASSWORD', 'wrong-password', 'env') }),
  );
  assert.equal(bad.ok, false);
  assert.equal(bad.attempts, 1);
  assert.equal(bad.status, 535);
  assert.match(bad.error!, /authentication failed/);
  assert.ok(!JSON.stringify(bad).includes('wrong-password'));
});

test('an unreachable SMTP server is a connection error, retried', async () => {
  const gone = await refusedPort();
  const o = options({ host: '127.0.0.1', port: gone.port });
  const r = await dispatch(emailDelivery({}, { transport: { retries: 1, backoffMs: [5] } }), o).finally(() => gone.release());
  assert.equal(r.ok, false);
  assert.equal(r.attempts, 2);
  assert.deepEqual(o.waits, [5]);
});

test('no SMTP settings or no sender: a clear error, nothing attempted', async () => {
  const none = await dispatch(emailDelivery({}), { ...options({ host: 'x' }), smtp: null });
  assert.equal(none.attempts, 0);
  assert.match(none.error!, /SMTP_HOST/);
  const s = await server();
  const noFrom = await dispatch(emailDelivery({ from: null }), options({ host: '127.0.0.1', port: s.port }));
  assert.match(noFrom.error!, /SMTP_FROM/);
});

test('SMTP settings from the environment', () => {
  assert.equal(smtpSettingsFromEnv({}), null);
  const s = smtpSettingsFromEnv({ SMTP_HOST: 'mail.example.com', SMTP_PORT: '2525', SMTP_USER: 'u', SMTP_PASSWORD: 'pw', SMTP_FROM: 'n@example.com', SMTP_SECURE: 'true' })!;
  assert.equal(s.host, 'mail.example.com');
  assert.equal(s.port, 2525);
  assert.equal(s.user, 'u');
  assert.equal(s.password!.reveal(), 'pw');
  assert.equal(String(s.password), '‹env:SMTP_PASSWORD›');
  assert.equal(s.from, 'n@example.com');
  assert.equal(s.secure, true);
  assert.equal(smtpSettingsFromEnv({ SMTP_HOST: 'h' })!.secure, false);
});

test('attempt records of an email: no request (null), the SMTP reply as the response, no pacing', async () => {
  const s = await server();
  const r = await dispatch(emailDelivery({}), options({ host: '127.0.0.1', port: s.port }, { recordAttempts: true }));
  assert.equal(r.ok, true, r.error ?? '');
  assert.equal(r.attemptRecords?.length, 1);
  const [a] = r.attemptRecords!;
  assert.deepEqual(
    { attempt: a!.attempt, request: a!.request, signed: a!.signed, pacedMs: a!.pacedMs, ok: a!.ok, status: a!.response?.status, retryInMs: a!.retryInMs },
    { attempt: 1, request: null, signed: null, pacedMs: 0, ok: true, status: 250, retryInMs: null },
  );
  // Without recordAttempts the result has no records at all.
  const plain = await dispatch(emailDelivery({}), options({ host: '127.0.0.1', port: s.port }));
  assert.equal('attemptRecords' in plain, false);
});
