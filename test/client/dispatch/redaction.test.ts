import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runSend } from '../../../client/cli/send';
import { HttpReceiver } from '../../support/httpReceiver';
import { emailDelivery, httpDelivery, recordingSleep } from '../../support/deliveries';
import { TestSmtpServer } from '../../support/smtpServer';

let receiver: HttpReceiver;
let smtp: TestSmtpServer;
let dir: string;
before(async () => {
  receiver = await HttpReceiver.start();
  smtp = await TestSmtpServer.start({ auth: { user: 'mailer', pass: 'smtp-Pa55-word!' } });
  dir = await mkdtemp(join(tmpdir(), 'notify-redact-'));
});
after(async () => {
  await receiver.close();
  await smtp.close();
  await rm(dir, { recursive: true, force: true });
});

const SECRETS = {
  NOTIFY_SECRET_SLACK_PATH: 'T0001/B0002/XyZsecretPathToken',
  NOTIFY_SECRET_SOAR_TOKEN: 'tok-9f8e7d6c5b4a',
  NOTIFY_SECRET_SOAR_SIGNING: 'sign-0a1b2c3d4e5f',
  NOTIFY_SECRET_HOOK_PASS: 'b@sic pass/word',
  NOTIFY_ENV_REGION_KEY: 'env-value-7q7q7q',
};
const SMTP_PASSWORD = 'smtp-Pa55-word!';

/** Every form a secret could leak in. */
function forms(value: string): string[] {
  return [value, encodeURIComponent(value), Buffer.from(value).toString('base64').replace(/=+$/, '')];
}

test('after sends that succeed and fail, no secret value appears in results, errors, progress or history', async () => {
  // The receiver echoes everything it got back in its error replies, the worst case for leaks.
  const echo = (status: number) => (req: { path: string; headers: object; body: string }) => ({
    status,
    headers: { Location: `https://moved.example.com${req.path}` },
    body: JSON.stringify({ youSent: { path: req.path, headers: req.headers, body: req.body } }),
  });
  receiver.reply(echo(503), echo(400), { status: 200, body: 'ok' }, echo(302));
  const url = (path: string) => receiver.url(path);
  const deliveries = [
    httpDelivery(url('/services/‹secret:slack-path›'), {
      notifier: 'Leaky',
      request: {
        headers: { Authorization: 'Bearer ‹secret:soar-token›', 'X-Region': '‹env:NOTIFY_ENV_REGION_KEY›' },
        body: '{"region":"‹env:NOTIFY_ENV_REGION_KEY›"}',
      },
      transport: { retries: 1, backoffMs: [10], signing: { scheme: 'hmac-sha256', secret: '‹secret:soar-signing›', header: 'X-Notify-Signature' } },
    }),
    httpDelivery(url('/basic?key=‹secret:soar-token›'), {
      notifier: 'Leaky',
      request: { headers: { Authorization: 'Basic ‹basic›' } },
      transport: { retries: 0, basicAuth: { username: 'svc', password: '‹secret:hook-pass›' } },
    }),
    httpDelivery(url('/redirect/‹secret:slack-path›'), { notifier: 'Leaky', transport: { retries: 0 } }),
    httpDelivery(url('/missing/‹secret:not-set›'), { notifier: 'Leaky', transport: { retries: 0 } }),
    emailDelivery({ to: ['x@example.com'] }, { notifier: 'Leaky mail' }),
  ];
  let stdout = '';
  let stderr = '';
  const historyPath = join(dir, '.notify', 'history.jsonl');
  const code = await runSend(deliveries, {
    allowPrivate: true,
    env: { ...SECRETS, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_USER: 'mailer', SMTP_PASSWORD: 'wrong-' + SMTP_PASSWORD, SMTP_FROM: 'n@example.com' },
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    historyPath,
    version: '9.9.9',
    sleep: recordingSleep().sleep,
  });
  assert.equal(code, 1);

  // The secrets really were sent, so their absence below means something.
  const seen = receiver.requests.map((r) => r.path + JSON.stringify(r.headers) + r.body).join('\n');
  assert.ok(seen.includes(SECRETS.NOTIFY_SECRET_SOAR_TOKEN));
  assert.ok(seen.includes(SECRETS.NOTIFY_ENV_REGION_KEY));
  assert.ok(seen.includes(Buffer.from('svc:' + SECRETS.NOTIFY_SECRET_HOOK_PASS).toString('base64')));
  assert.ok(stdout.includes('youSent'), 'the echoed replies made it into the errors');

  const history = await readFile(historyPath, 'utf8');
  const everything = { stdout, stderr, history };
  const values = [...Object.values(SECRETS), SMTP_PASSWORD, 'svc:' + SECRETS.NOTIFY_SECRET_HOOK_PASS];
  for (const [where, text] of Object.entries(everything)) {
    for (const value of values) {
      for (const form of forms(value)) assert.ok(!text.includes(form), `${where} contains a form of ${value}: ${form}`);
    }
  }
  assert.match(stdout, /‹secret:slack-path›/);
  assert.match(stdout, /‹secret:soar-token›/);
  assert.match(stdout, /‹env:NOTIFY_ENV_REGION_KEY›/);
  assert.match(stdout, /secret \\"not-set\\" is not set/);
});
