import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { dispatch, type DispatchOptions } from '../../../client/dispatch/dispatcher';
import type { SmtpSettings } from '../../../client/dispatch/email';
import { envSecretSource } from '../../../client/dispatch/secrets';
import type { DeliveryResult } from '../../../client/dispatch/result';
import { emailDelivery, recordingSleep } from '../../support/deliveries';
import { HostileSmtpServer, type HostileSmtpScript } from '../../support/hostileSmtp';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, scratch } from '../cli/runCli';

/** Hostile SMTP servers on 127.0.0.1 against the dispatcher (docs/delivery.md, "Email"). */

const servers: HostileSmtpServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function server(script: HostileSmtpScript): Promise<HostileSmtpServer> {
  const s = await HostileSmtpServer.start(script);
  servers.push(s);
  return s;
}

function options(smtp: SmtpSettings, extra: Partial<DispatchOptions> = {}): DispatchOptions {
  const { sleep } = recordingSleep();
  return { secrets: envSecretSource({}), env: {}, allowPrivate: true, allowEnv: true, version: '1.0.0', smtp, sleep, random: () => 0.5, ...extra };
}

/** The dispatch, or a failure naming the hang when it has not ended after `limitMs` (it would never end otherwise). */
async function ends(run: Promise<DeliveryResult>, limitMs: number): Promise<DeliveryResult> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the send had not ended after ${limitMs} ms`)), limitMs);
  });
  try {
    return await Promise.race([run, hang]);
  } finally {
    clearTimeout(timer);
  }
}

for (const [phase, script] of [
  ['after the message (DATA)', { afterData: { drip: '250-still thinking', everyMs: 50 } }],
  ['after EHLO', { command: (verb: string) => (verb === 'EHLO' ? { drip: '250-hostile.test', everyMs: 50 } : undefined) }],
  ['after RCPT TO', { command: (verb: string) => (verb === 'RCPT' ? { drip: '250-hm', everyMs: 50 } : undefined) }],
] as const) {
  test(`timeout bounds the whole SMTP attempt: continuation lines dripped forever ${phase} end each attempt (retried)`, async () => {
    const s = await server(script as HostileSmtpScript);
    // Each line comes well inside nodemailer's socket timeout (silence), so only a deadline on the
    // attempt as a whole ends it; the limit is many times the two attempts' 2 × 400 ms.
    const r = await ends(dispatch(emailDelivery({}, { transport: { timeoutMs: 400, retries: 1, backoffMs: [10] } }), options({ host: '127.0.0.1', port: s.port })), 30_000);
    assert.equal(r.ok, false);
    assert.equal(r.attempts, 2, 'a timeout is retried, like nodemailer\'s own');
    assert.equal(r.status, null);
    assert.match(r.error ?? '', /did not answer in time .*timeout of 400ms/);
    assert.equal(s.connections, 2);
  });
}

/** A server that rejects RCPT for `who`, quoting the address as sendmail and Postfix do. */
const rejecting = (who: string): HostileSmtpScript => ({
  command: (verb, line) => (verb === 'RCPT' && line.toLowerCase().includes(who.toLowerCase()) ? `550 5.1.1 <${who}>: Recipient address rejected` : undefined),
});

test('a blind copy stays blind when a recipient is rejected: a bcc address is neither listed among who got it nor named as rejected, nor quoted from the server', async () => {
  const hidden = 'Hidden.Person@example.com';
  for (const [who, rejectedText, sentText] of [
    ['gone@example.com', /rejected recipient gone@example\.com \(550 5\.1\.1 <gone@example\.com>/, /sent only to ok@example\.com and 1 bcc recipient$/],
    [hidden, /rejected a bcc recipient \(550 5\.1\.1 <‹bcc›>: Recipient address rejected\)/, /sent only to ok@example\.com, gone@example\.com$/],
  ] as const) {
    const s = await server(rejecting(who));
    const r = await dispatch(
      emailDelivery({ to: ['ok@example.com', 'gone@example.com'], bcc: [hidden] }, { transport: { retries: 2, backoffMs: [10] } }),
      options({ host: '127.0.0.1', port: s.port }, { recordAttempts: true }),
    );
    assert.equal(r.ok, false, 'a partial send is not a success');
    assert.equal(r.attempts, 1, 'not retried: the others have the message');
    assert.equal(s.messages, 1, 'the message went to the accepted ones');
    assert.ok(s.lines.some((l) => l.toLowerCase().includes(hidden.toLowerCase())), 'control: the bcc address was sent to the server');
    assert.match(r.error ?? '', rejectedText);
    assert.match(r.error ?? '', sentText);
    assert.equal(JSON.stringify(r).toLowerCase().includes(hidden.toLowerCase()), false, `the bcc address shows in ${JSON.stringify(r)}`);
  }
});

test('every recipient rejected, a bcc one among them: nothing sent, the bcc address not named', async () => {
  const s = await server({ command: (verb, line) => (verb === 'RCPT' ? `550 5.1.1 ${line.slice(8)} unknown` : undefined) });
  const r = await dispatch(emailDelivery({ to: ['a@example.com'], bcc: ['secret-list@example.com'] }), options({ host: '127.0.0.1', port: s.port }, { recordAttempts: true }));
  assert.equal(r.ok, false);
  assert.equal(s.messages, 0);
  assert.match(r.error ?? '', /rejected recipient a@example\.com \(550 5\.1\.1 <a@example\.com> unknown\), a bcc recipient \(550 5\.1\.1 <‹bcc›> unknown\); nothing was sent/);
  assert.equal(JSON.stringify(r).includes('secret-list'), false, JSON.stringify(r));
});

test('a bcc address is hidden as a whole address only: inside a longer `to` address it stays as it is', async () => {
  const s = await server(rejecting('ba@example.com'));
  const r = await dispatch(emailDelivery({ to: ['ba@example.com', 'ok@example.com'], bcc: ['a@example.com'] }), options({ host: '127.0.0.1', port: s.port }));
  assert.equal(r.ok, false);
  assert.match(r.error ?? '', /rejected recipient ba@example\.com \(550 5\.1\.1 <ba@example\.com>: Recipient address rejected\); the message was sent only to ok@example\.com and 1 bcc recipient$/);
});

test('notify send: an SMTP server dripping continuation lines after the message ends at the timeouts (exit 1, --format json, history)', async () => {
  const s = await server({ afterData: { drip: '250-still thinking', everyMs: 50 } });
  const dir = scratch({
    'm.notify': `notifier "Mail" {
    on package.added;
    email {
        to = "dev@example.com";
        subject = "hi";
        body = "x";
        timeout = 300ms;
        retries = 1;
        backoff = @(10ms);
    }
}
`,
  });
  const env = { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(s.port), SMTP_FROM: 'notify@example.com', NOTIFY_HISTORY: 'h.jsonl' };
  const r = await runCli(['send', 'm.notify', '--format', 'json'], { cwd: dir, env, timeoutMs: 60_000 });
  assert.equal(r.code, 1, `exit ${r.code} (null: killed after 60 s) ${r.stderr}`);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.ok, false);
  assert.equal(doc.deliveries[0].attempts.length, 2);
  assert.match(doc.deliveries[0].error, /did not answer in time .*timeout of 300ms/);
  const [entry] = readFileSync(join(dir, 'h.jsonl'), 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l));
  assert.deepEqual([entry.ok, entry.attempts], [false, 2]);
});
