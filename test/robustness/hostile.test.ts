/**
 * Classes of issue 17, each tried with real servers: email recipients that
 * re-route a message, durations that overflow, signing keys that sign with
 * nothing, a Host header that renames the destination, $Env of variables the
 * user did not allow, and the redactor against every encoding a receiver
 * echoes in (path, headers, body).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { analyze } from '../../grammar/analyze';
import { render } from '../../grammar/render/render';
import { dispatch, type DispatchOptions } from '../../client/dispatch/dispatcher';
import { Redactor, Untrusted, UntrustedHeaders } from '../../client/dispatch/redact';
import { envSecretSource } from '../../client/dispatch/secrets';
import { inspect } from 'node:util';
import { HttpReceiver } from '../support/httpReceiver';
import { emailDelivery, httpDelivery, recordingSleep } from '../support/deliveries';
import { TestSmtpServer } from '../support/smtpServer';
import { EXAMPLES_HOST } from './fuzz';
import { runCli, scratch } from './pipeline';
import { echoForms, HOSTILE_SECRETS, WHOLE_VALUE } from './secretEchoes';

let receiver: HttpReceiver;
let smtp: TestSmtpServer;
before(async () => {
  receiver = await HttpReceiver.start();
  smtp = await TestSmtpServer.start();
});
after(async () => {
  await receiver.close();
  await smtp.close();
});

function options(extra: Partial<DispatchOptions> = {}): DispatchOptions {
  const { sleep } = recordingSleep();
  return { secrets: envSecretSource({}), env: {}, allowPrivate: true, allowEnv: true, version: '1.0.0', sleep, random: () => 0.5, ...extra };
}

test('email: every resolved address is checked at send time; injected recipients never reach RCPT TO', async () => {
  const hostile = [
    'a@example.com\r\nBcc: evil@attacker.test',
    'a@example.com\nBcc: evil@attacker.test',
    'a@example.com>, <evil@attacker.test',
    'Team <a@example.com> <evil@attacker.test>',
    'undisclosed: evil@attacker.test;',
    'a@example.com, evil@attacker.test',
    'a@example.com; evil@attacker.test',
    '"x" <evil@attacker.test>',
    'a@example.com\u0000evil@attacker.test',
    'evil@attacker.test <a@example.com>',
    'a@[127.0.0.1]',
  ];
  for (const [i, address] of hostile.entries()) {
    for (const field of ['to', 'cc', 'bcc', 'from'] as const) {
      const tried = smtp.recipientsTried.length;
      const spec = field === 'from' ? { from: address } : { [field]: [address], ...(field === 'to' ? {} : { to: ['ok@example.com'] }) };
      const r = await dispatch(emailDelivery(spec), options({ smtp: { host: '127.0.0.1', port: smtp.port } }));
      assert.equal(r.ok, false, `${i} ${field}: ${JSON.stringify(address)}`);
      assert.equal(r.attempts, 0, `${field}: refused before connecting`);
      assert.match(r.error!, /refused to send|not a valid|more than one|line break|display name|not `name@/, r.error!);
      assert.equal(smtp.recipientsTried.length, tried, 'no RCPT TO was sent');
    }
  }
  // Values that come from secrets or variables are checked after resolving, and the target shows where it went.
  const r = await dispatch(emailDelivery({ to: ['‹secret:who›'], cc: ['Ops <ops@example.com>'] }), options({ smtp: { host: '127.0.0.1', port: smtp.port }, secrets: envSecretSource({ NOTIFY_SECRET_WHO: 'a@example.com\r\nBcc: evil@attacker.test' }) }));
  assert.equal(r.ok, false);
  assert.ok(!r.error!.includes('evil@attacker.test'), 'the secret value is masked in the error');
  const ok = await dispatch(emailDelivery({ to: ['Dev Team <dev@example.com>'], cc: ['ops@example.com'] }), options({ smtp: { host: '127.0.0.1', port: smtp.port } }));
  assert.equal(ok.ok, true, ok.error ?? '');
  assert.equal(ok.target, 'Dev Team <dev@example.com>, ops@example.com');
  assert.deepEqual(smtp.messages.at(-1)!.to, ['dev@example.com', 'ops@example.com']);
});

test('durations are bounded: a diagnostic when written, a render error when computed, refused at send', async () => {
  const file = (props: string) => `notifier "n" {\n    on package.added;\n    webhook { url = "https://example.com/h"; ${props} }\n}\n`;
  for (const props of ['timeout = 25d;', 'timeout = 11m;', 'backoff = @(1s, 2h);', 'timeout = 0ms;']) {
    const codes = analyze(file(props), EXAMPLES_HOST).diagnostics.map((d) => `${d.code} ${d.message}`);
    assert.ok(codes.some((c) => /^NTF203 .*(at most|longer than 0)/.test(c)), `${props}: ${codes.join('; ')}`);
  }
  assert.deepEqual(analyze(file('timeout = 10m; backoff = @(5m);'), EXAMPLES_HOST).diagnostics, []);
  const tried = receiver.requests.length;
  for (const transport of [{ timeoutMs: 25 * 86_400_000 }, { timeoutMs: 0 }, { backoffMs: [Number.MAX_SAFE_INTEGER] }, { retries: 1e9 }]) {
    const r = await dispatch(httpDelivery(receiver.url(), { transport }), options());
    assert.equal(r.ok, false);
    assert.equal(r.attempts, 0);
    assert.match(r.error!, /refused to send/);
  }
  assert.equal(receiver.requests.length, tried, 'nothing went out');
});

test('Standard Webhooks: the secret is whsec_ + base64 of 24-64 bytes; an empty or undecodable key never signs', async () => {
  const tried = receiver.requests.length;
  for (const secret of ['', 'whsec_', 'whsec_!!!!', 'whsec_YWJj', 'whsec_' + Buffer.alloc(65, 1).toString('base64'), 'whsec_abc', '‹secret:empty›']) {
    const r = await dispatch(
      httpDelivery(receiver.url(), { transport: { signing: { scheme: 'standard-webhooks', secret } } }),
      options({ secrets: envSecretSource({ NOTIFY_SECRET_EMPTY: 'whsec_' }) }),
    );
    assert.equal(r.ok, false, secret);
    assert.match(r.error!, /signing secret/, secret);
  }
  const empty = await dispatch(httpDelivery(receiver.url(), { transport: { signing: { scheme: 'hmac-sha256', secret: '', header: 'X-Sig' } } }), options());
  assert.match(empty.error!, /empty/);
  assert.equal(receiver.requests.length, tried);
});

test('a Host header (any case) is an error when written and refused at send', async () => {
  const text = `notifier "n" {\n    on package.added;\n    webhook { url = "https://example.com/h"; headers = %(HoSt: "internal.example"); }\n}\n`;
  assert.ok(analyze(text, EXAMPLES_HOST).diagnostics.some((d) => d.code === 'NTF203' && /Host/.test(d.message)));
  const tried = receiver.requests.length;
  for (const name of ['Host', 'host', 'HOST', 'Content-Length', 'Transfer-Encoding']) {
    const r = await dispatch(httpDelivery(receiver.url(), { request: { headers: { [name]: 'metadata.google.internal' } } }), options());
    assert.equal(r.ok, false, name);
    assert.match(r.error!, /cannot be set/, name);
  }
  assert.equal(receiver.requests.length, tried);
});

test('$Env reads only NOTIFY_ENV_* and allowed names: NTF211, render error, refusal at send, --allow-env', async () => {
  const file = (expr: string) => `notifier "n" {\n    on package.added;\n    webhook { url = "https://example.com/h"; headers = %("X-T": ${expr}); }\n}\n`;
  const codes = (text: string, allowedEnv?: string[]) => analyze(text, EXAMPLES_HOST, { allowedEnv }).diagnostics.map((d) => d.code);
  assert.deepEqual(codes(file('$Env("GITHUB_TOKEN")')), ['NTF211']);
  assert.deepEqual(codes(file('$Env("GITHUB_TOKEN")'), ['GITHUB_TOKEN']), []);
  assert.deepEqual(codes(file('$Env("NOTIFY_ENV_TOKEN")')), []);
  assert.deepEqual(codes(file('$Env("github_token")'), ['GITHUB_TOKEN']), ['NTF211'], 'names are compared exactly');
  // A computed name is checked while rendering.
  const computed = analyze(file('$Env($ToUpper("github_token"))'), EXAMPLES_HOST);
  const r = render(computed.file, computed.catalog, {});
  assert.match(r.errors.map((e) => e.message).join('\n'), /\$Env\("GITHUB_TOKEN"\) is not allowed/);
  assert.equal(render(computed.file, computed.catalog, {}, { allowedEnv: ['GITHUB_TOKEN'] }).errors.length, 0);
  // At send, even a delivery made by hand.
  const sent = await dispatch(httpDelivery(receiver.url(), { request: { body: '‹env:GITHUB_TOKEN›' } }), options({ env: { GITHUB_TOKEN: 'ghs_secret' } }));
  assert.equal(sent.attempts, 0);
  assert.match(sent.error!, /not allowed/);
  // Through the CLI.
  const dir = scratch({ 'n.notify': file('$Env("GITHUB_TOKEN")') });
  const check = await runCli(['check', 'n.notify'], dir);
  assert.equal(check.code, 1);
  assert.match(check.stdout, /NTF211/);
  const allowed = await runCli(['check', 'n.notify', '--allow-env', 'GITHUB_TOKEN'], dir);
  assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
});

test('outside text is Untrusted: printing it shows a stand-in; only the redactor reveals it, masked', () => {
  const u = Untrusted.of('Cannot POST /services/T0/B0/XoXoSecretToken123');
  for (const shown of [String(u), `${u}`, JSON.stringify({ u }), inspect(u)]) assert.ok(!shown.includes('XoXo'), shown);
  const r = new Redactor();
  r.add('https://hooks.slack.com/services/T0/B0/XoXoSecretToken123', '‹secret:slack›');
  assert.equal(r.reveal(u), 'Cannot POST /services/T0/B0/‹secret:slack›');
  assert.equal(r.reveal(Untrusted.text`the receiver said: ${u}`, { maxChars: 40 }), 'the receiver said: Cannot POST /services…');
});

test('the headers of a reply are Untrusted too: printing them shows a stand-in; revealed, every value is masked', () => {
  const h = new UntrustedHeaders(['X-Echo', 'XoXoSecretToken123', 'Set-Cookie', 'a=1', 'set-cookie', 'b=XoXoSecretToken123', 'X-Name', 'Jos\u00e9', '__proto__', 'p', 'Constructor', 'c', 'toString', 't'].map((t) => Buffer.from(t)));
  for (const shown of [String(h), `${h}`, JSON.stringify({ h }), inspect(h), inspect({ h }, { depth: 5, showHidden: true })]) assert.ok(!shown.includes('XoXo'), shown);
  const r = new Redactor();
  r.add('XoXoSecretToken123', '‹secret:token›');
  assert.deepEqual({ ...r.revealHeaders(h) }, { 'x-echo': '‹secret:token›', 'set-cookie': 'a=1, b=‹secret:token›', 'x-name': 'Jos\u00e9', ['__proto__']: 'p', constructor: 'c', tostring: 't' });
});

test('a short secret (1-3 characters) is masked only as a whole word', () => {
  const r = new Redactor();
  r.add('ab', '‹secret:s›');
  assert.equal(r.redact('about a cab: ab, "ab" ab1'), 'about a cab: ‹secret:s›, "‹secret:s›" ab1');
});

test('every hostile secret, echoed in every encoding a receiver uses, is masked — also when cut by a length limit', () => {
  let tried = 0;
  const leaks: string[] = [];
  for (const secret of HOSTILE_SECRETS) {
    const r = new Redactor();
    r.add(secret.value, '‹secret:x›');
    if (secret.user) r.add(`${secret.user}:${secret.value}`, '‹basic›');
    for (const [form, text] of echoForms(secret.value, secret.user)) {
      tried++;
      const shown = r.reveal(Untrusted.of(`before ${text} after`));
      if (shown.includes(text) || (text.length >= 8 && shown.includes(text.slice(0, Math.ceil(text.length / 2))))) leaks.push(`${secret.label} as ${form}: ${shown}`);
      // Cut in half by a limit: the start that remains is masked too.
      const cut = `reply: ${text.slice(0, Math.max(4, Math.floor(text.length / 2)))}`;
      const cutShown = r.reveal(Untrusted.of(cut, { truncated: true }));
      if (WHOLE_VALUE(form) && text.length >= 16 && cutShown.includes(text.slice(0, Math.floor(text.length / 2)))) leaks.push(`${secret.label} as ${form}, cut: ${cutShown}`);
    }
  }
  assert.ok(tried > 100, `${tried} echoes tried`);
  assert.deepEqual(leaks, []);
});

test('receivers that echo the request line, headers and body in every encoding leak no secret (dispatcher and history)', async () => {
  const { runEchoScan } = await import('./echoScan');
  const r = await runEchoScan({ statuses: [404] });
  assert.ok(r.tried >= 100, `${r.tried} deliveries`);
  assert.ok(r.receiverSawSecret > 0, 'control: the receiver really got the secrets');
  assert.deepEqual(r.findings, []);
});
