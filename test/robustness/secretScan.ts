/**
 * "No secret leaked", measured (spec section 8): set secrets, then check,
 * render, send (success, failure with echoing 5xx replies, basic auth
 * refused with an echo, a guard refusal, a missing secret, SMTP with a wrong
 * password), and record history — through the `notify` process and through
 * the dispatcher with the editor's options — then search every output, log
 * line, history file, file under the scratch folder and error for every
 * secret value in every encoding it could travel in. Shared by
 * secrets.test.ts and bench/robustness.ts.
 *
 * Controls make the zero meaningful: the receiver must have seen the
 * secrets, and `render --reveal-secrets` (which the spec allows to print
 * them) must be found by the same scan.
 */
import { createHmac } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '../../client/dispatch/dispatcher';
import { HistoryStore } from '../../client/dispatch/history';
import { formatAttemptLine, type DeliveryResult } from '../../client/dispatch/result';
import { chainSecretSources, envSecretSource, Secret, type SecretSource } from '../../client/dispatch/secrets';
import { describeTarget, resultLine } from '../../client/extension/send/sendPlan';
import { HttpReceiver, type RecordedRequest } from '../support/httpReceiver';
import { TestSmtpServer } from '../support/smtpServer';
import { deliveriesOf, filesUnder, recordingSleep, runCli, scratch } from './pipeline';

/** Values with characters that change under every encoding (space, /, +, =, &, non-ASCII). */
export function secretValues(receiverUrl: string): Record<string, string> {
  return {
    NOTIFY_SECRET_HOOK_URL: `${receiverUrl}/services/T0SECRET/B0SECRET/xyzzyPathToken`,
    NOTIFY_SECRET_API_TOKEN: 'tok en/+=&?ü-api-7731',
    NOTIFY_SECRET_SIGN_KEY: 'sign-key-Zq9!@#$%^',
    NOTIFY_SECRET_BASIC_PASS: 'b@sic pass:word/42',
    NOTIFY_SECRET_INTERNAL_URL: 'https://10.20.30.40/hooks/internal-secret-path-5531',
    NOTIFY_ENV_REGION_TOKEN: 'env-region-token-6620',
    SMTP_PASSWORD: 'smtp-Pa55-w0rd-841',
    // Echoed raw by the receiver: whitespace runs, and a value long enough to straddle where error texts are cut.
    NOTIFY_SECRET_WS_TOKEN: 'ws  token\twith-tabs-5150',
    NOTIFY_SECRET_LONG_TOKEN: 'long-token-ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789',
  };
}

/** The forms a value can take on its way out: raw, URL-encoded, base64 (all flavours), JSON-escaped, HTML-escaped. */
export function leakForms(value: string): string[] {
  const b64 = Buffer.from(value).toString('base64');
  const uri = encodeURIComponent(value);
  const forms = [
    value,
    uri,
    uri.replace(/%20/g, '+'),
    // As a URL parser sends it in a path or query (and an echoing receiver shows it).
    new URL(`http://h/${value.replace(/[?#]/g, encodeURIComponent)}`).pathname.slice(1),
    new URL(`http://h/?${value.replace(/#/g, '%23')}`).search.slice(1),
    b64,
    b64.replace(/=+$/, ''),
    Buffer.from(value).toString('base64url'),
    JSON.stringify(value).slice(1, -1),
    value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    // UTF-8 bytes read as Latin-1, as a receiver echoing raw header bytes would send them back.
    Buffer.from(value, 'utf8').toString('latin1'),
    // A value cut short (a text truncated in the middle of it) still leaks its start or its end.
    // (A URL's start is its scheme and host, often written in the file too: only its end counts.)
    ...(value.length >= 24 ? [...(/^https?:/.test(value) ? [] : [value.slice(0, 12)]), value.slice(-12)] : []),
    // Whitespace runs collapsed, as log-friendly snippets do.
    value.replace(/\s+/g, ' '),
  ];
  return [...new Set(forms)].filter((f) => f.length >= 8);
}

export interface Finding {
  readonly where: string;
  readonly secret: string;
  readonly form: string;
}

export function scan(places: Readonly<Record<string, string>>, secrets: Readonly<Record<string, string>>): Finding[] {
  const found: Finding[] = [];
  for (const [where, text] of Object.entries(places)) {
    for (const [secret, value] of Object.entries(secrets)) {
      for (const form of leakForms(value)) if (text.includes(form)) found.push({ where, secret, form });
    }
  }
  return found;
}

export interface SecretScanResult {
  readonly findings: Finding[];
  /** Texts searched (outputs, files, results, log lines) and their total size. */
  readonly places: number;
  readonly bytes: number;
  /** Deliveries attempted across the scenario. */
  readonly deliveries: number;
  /** Controls: how many secret values the receivers saw, and what the scan finds in `render --reveal-secrets`. */
  readonly secretsSeenByReceiver: number;
  readonly revealFindings: number;
  readonly exitCodes: Record<string, number | null>;
}

function notifyFile(receiverUrl: string): string {
  return `notifier "ok" {
    on package.added;
    webhook {
        url     = $Secret("hook-url");
        auth    = %(scheme: "bearer", token: $Secret("api-token"));
        signing = %(scheme: "hmac-sha256", secret: $Secret("sign-key"));
        headers = %("X-Region": $Env("NOTIFY_ENV_REGION_TOKEN"));
        body    = $ToJson(%(id: $PackageId));
    }
}

notifier "fails" {
    on package.added;
    webhook {
        url     = "${receiverUrl}/fail";
        headers = %("X-Api-Key": $Secret("api-token"), "X-Region": $Env("NOTIFY_ENV_REGION_TOKEN"));
        retries = 1;
        backoff = @(10ms);
    }
}

notifier "basic" {
    on package.added;
    webhook {
        url     = "${receiverUrl}/basic";
        auth    = %(scheme: "basic", username: "svc", password: $Secret("basic-pass"));
        retries = 0;
    }
}

notifier "internal" {
    on package.added;
    webhook {
        url     = $Secret("internal-url");
        retries = 0;
        timeout = 300ms;
    }
}

notifier "missing" {
    on package.added;
    webhook {
        url     = "${receiverUrl}/missing";
        headers = %("X-Token": $Secret("never-set"), "X-Api-Key": $Secret("api-token"));
    }
}

notifier "query" {
    on package.added;
    webhook {
        url     = "${receiverUrl}/query?key=$Secret('api-token')&region=$Env('NOTIFY_ENV_REGION_TOKEN')";
        retries = 0;
    }
}

notifier "echo-raw" {
    on package.added;
    webhook {
        url     = "${receiverUrl}/raw";
        headers = %("X-Ws": $Secret("ws-token"), "X-Long": $Secret("long-token"));
        retries = 0;
    }
}

notifier "mail" {
    on package.added;
    email {
        to      = "dev@example.com";
        from    = "notify@example.com";
        subject = "Package $PackageId";
        body    = "added";
        retries = 0;
    }
}
`;
}

/** Which secrets reached the receiver in a usable form (so they were really resolved and sent). */
function usedSecrets(requests: readonly RecordedRequest[], secrets: Record<string, string>): number {
  const latin1 = (v: string) => Buffer.from(v, 'utf8').toString('latin1');
  const header = (q: RecordedRequest, name: string) => String(q.headers[name] ?? '');
  const checks = [
    requests.some((q) => secrets.NOTIFY_SECRET_HOOK_URL!.endsWith(q.path)),
    requests.some((q) => [header(q, 'x-api-key'), header(q, 'authorization')].some((h) => h.endsWith(secrets.NOTIFY_SECRET_API_TOKEN!) || h.endsWith(latin1(secrets.NOTIFY_SECRET_API_TOKEN!)))),
    requests.some((q) => header(q, 'authorization') === 'Basic ' + Buffer.from('svc:' + secrets.NOTIFY_SECRET_BASIC_PASS!).toString('base64')),
    requests.some((q) => header(q, 'x-region') === secrets.NOTIFY_ENV_REGION_TOKEN),
    requests.some((q) => header(q, 'x-ws') === secrets.NOTIFY_SECRET_WS_TOKEN && header(q, 'x-long') === secrets.NOTIFY_SECRET_LONG_TOKEN),
    requests.some((q) => header(q, 'x-notify-signature') === 'sha256=' + createHmac('sha256', secrets.NOTIFY_SECRET_SIGN_KEY!).update(q.rawBody).digest('hex')),
  ];
  return checks.filter(Boolean).length;
}

/** The worst case for leaks: every error reply echoes everything the receiver got. */
function echo(status: number) {
  return (req: RecordedRequest) => ({
    status,
    headers: { 'X-Echo': encodeURIComponent(JSON.stringify(req.headers)).slice(0, 4000) },
    body: JSON.stringify({ youSent: { path: req.path, headers: req.headers, body: req.body } }),
  });
}

/** A storage-like source (the editor's SecretStorage) that holds some of the secrets. */
function storageSource(values: Record<string, string>): SecretSource {
  return { get: async (name) => values[name] };
}

export async function runSecretScan(): Promise<SecretScanResult> {
  const receiver = await HttpReceiver.start();
  const smtp = await TestSmtpServer.start({ auth: { user: 'mailer', pass: 'the-right-password' } });
  const base = `http://127.0.0.1:${receiver.port}`;
  const secrets = secretValues(base);
  const dir = scratch({ 'n.notify': notifyFile(base) });
  const places: Record<string, string> = {};
  const exitCodes: Record<string, number | null> = {};
  let deliveries = 0;
  receiver.replyByDefault((req) =>
    req.path.startsWith('/services/')
      ? { status: 200, body: 'ok' }
      : req.path.startsWith('/query')
        ? { status: 404, body: `no such page: ${req.path}` }
        : req.path === '/raw'
        ? // Raw text, not JSON: the secrets come back exactly as sent, one cut where error snippets end (300 characters).
          { status: 500, body: `ws: ${String(req.headers['x-ws'])} ${'x'.repeat(260)}${String(req.headers['x-long'])}` }
        : echo(req.path === '/basic' ? 401 : 500)(req),
  );
  const env = {
    ...secrets,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_USER: 'mailer',
    NOTIFY_HISTORY: '.notify/history.jsonl',
  };
  try {
    // ---- the command line
    const runs: [string, string[]][] = [
      ['check', ['check', 'n.notify']],
      ['render', ['render', 'n.notify']],
      ['events', ['events', '--format', 'json']],
      ['send --allow-private', ['send', 'n.notify', '--allow-private']],
      ['send', ['send', 'n.notify']],
    ];
    for (const [name, args] of runs) {
      const r = await runCli(args, dir, env);
      exitCodes[name] = r.code;
      places[`${name}: stdout`] = r.stdout;
      places[`${name}: stderr`] = r.stderr;
      if (name.startsWith('send')) deliveries += r.stdout.trim().split('\n').filter(Boolean).length;
    }
    const reveal = await runCli(['render', 'n.notify', '--notifier', 'ok', '--reveal-secrets'], dir, env);
    const revealFindings = scan({ reveal: reveal.stdout }, secrets).length;

    // ---- the dispatcher, as the editor calls it (secret storage first, then the environment)
    const history = new HistoryStore(join(dir, '.vscode-storage', 'history.jsonl'), { onWarning: (m) => (places[`editor warning ${m.length}`] = m) });
    const output: string[] = [];
    const storage = storageSource({ 'hook-url': secrets.NOTIFY_SECRET_HOOK_URL!, 'api-token': secrets.NOTIFY_SECRET_API_TOKEN! });
    const results: DeliveryResult[] = [];
    for (const trusted of [true, false]) {
      for (const delivery of deliveriesOf(notifyFile(base))) {
        deliveries++;
        output.push(`[${delivery.notifier}/${delivery.channel}] sending to ${describeTarget(delivery)}`);
        const result = await dispatch(delivery, {
          secrets: chainSecretSources(storage, envSecretSource(env)),
          env,
          allowPrivate: true,
          allowEnv: trusted,
          smtp: { host: '127.0.0.1', port: smtp.port, user: 'mailer', password: new Secret('smtp-password', secrets.SMTP_PASSWORD!), from: 'n@example.com' },
          version: '0.0.0-secrets',
          history,
          sleep: recordingSleep().sleep,
          onAttempt: (info) => output.push(formatAttemptLine(info)),
          onWarning: (m) => output.push(`warning: ${m}`),
        });
        results.push(result);
        output.push(resultLine(result));
        if (result.reply) output.push(`  reply: ${result.reply}`);
      }
    }
    places["editor output channel"] = output.join("\n");
    places['editor results (JSON, with replies)'] = JSON.stringify(results);
    places['editor results (inspect)'] = results.map((r) => `${r.error} ${r.reply}`).join('\n');

    // ---- every file the runs left behind
    for (const f of filesUnder(dir)) places[`file ${f.path.slice(dir.length + 1)}`] = f.text;

    const secretsSeenByReceiver = usedSecrets(receiver.requests, secrets);
    const findings = scan(places, secrets);
    const bytes = Object.values(places).reduce((n, t) => n + t.length, 0);
    return { findings, places: Object.keys(places).length, bytes, deliveries, secretsSeenByReceiver, revealFindings, exitCodes };
  } finally {
    await receiver.close();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
