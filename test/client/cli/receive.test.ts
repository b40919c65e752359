import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { describe, it } from 'node:test';
import { checkHmac, maskHeader, prettyBody, startReceiver } from '../../../client/receiver/receiver';
import { hmacSha256Signature, standardWebhooksSignature } from '../../../client/dispatch/signing';
import { CLI, runCli, scratch } from './runCli';

/** `notify receive` as a process; resolves once it says where it listens. */
async function receive(args: string[]): Promise<{ url: string; child: ChildProcess; exit: Promise<{ code: number | null; stdout: string; stderr: string }> }> {
  const child = spawn(process.execPath, [CLI, 'receive', '--port', '0', ...args], { env: { PATH: process.env.PATH ?? '' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      stderr += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.on('close', () => reject(new Error(`receive exited before listening: ${stderr}`)));
  });
  return { url, child, exit };
}

const notifier = (signing: string, extra = '') => `notifier "Hook" {
    on package.added;
    webhook {
        url = $Env("HOOK_URL");
        signing = ${signing};
        auth = %(scheme: "bearer", token: $Secret("hook-token"));
        retries = 2;
        backoff = @(20ms);
        body = $ToJson(%(id: $PackageId, n: 1));
        ${extra}
    }
}

sample "one" for package.added { $PackageId = "A.B"; }
`;

function fileFor(url: string, signing: string): string {
  return notifier(signing).replace('$Env("HOOK_URL")', JSON.stringify(url + 'in?x=1'));
}

describe('notify receive', () => {
  it('answers the scripted statuses, so a real send retries twice and then succeeds; HMAC verified on every attempt', async () => {
    const secret = 'sign-me-0123456789';
    const rx = await receive(['--respond', '500,500,200', '--secret', secret, '--count', '3', '--format', 'json']);
    const dir = scratch({ 'n.notify': fileFor(rx.url, '%(scheme: "hmac-sha256", secret: $Secret("hook-signing"))') });
    const sent = await runCli(['send', 'n.notify', '--allow-private'], {
      cwd: dir,
      env: { NOTIFY_SECRET_HOOK_SIGNING: secret, NOTIFY_SECRET_HOOK_TOKEN: 'tok-SECRET-value' },
    });
    assert.equal(sent.code, 0, sent.stderr);
    const result = JSON.parse(sent.stdout.trim()) as { ok: boolean; attempts: number; status: number };
    assert.deepEqual([result.ok, result.attempts, result.status], [true, 3, 200]);
    const got = await rx.exit;
    assert.equal(got.code, 0, got.stderr);
    const lines = got.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => [l.index, l.method, l.path, l.status]),
      [
        [1, 'POST', '/in?x=1', 500],
        [2, 'POST', '/in?x=1', 500],
        [3, 'POST', '/in?x=1', 200],
      ],
    );
    for (const l of lines) {
      assert.deepEqual(l.verification, { hmac: 'valid', standardWebhooks: null });
      assert.equal(l.body, '{"id":"A.B","n":1}');
      const headers = l.headers as Record<string, string>;
      assert.equal(headers.authorization, 'Bearer ‹masked›');
      assert.equal(headers['x-notify-signature'], 'sha256=‹masked›');
      assert.equal(headers['x-notify-event'], 'package.added');
    }
    assert.equal(got.stdout.includes('tok-SECRET-value'), false);
  });

  it('verifies Standard Webhooks signatures; a wrong key is answered 401 (not retried) and exits 1 with --count', async () => {
    const key = 'whsec_' + Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
    const other = 'whsec_' + Buffer.from('ffffffffffffffffffffffffffffffff').toString('base64');
    const signing = '%(scheme: "standard-webhooks", secret: $Secret("hook-signing"))';

    const good = await receive(['--standard-webhooks-secret', key, '--count', '1']);
    const dir = scratch({ 'n.notify': fileFor(good.url, signing) });
    const ok = await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir, env: { NOTIFY_SECRET_HOOK_SIGNING: key, NOTIFY_SECRET_HOOK_TOKEN: 't' } });
    assert.equal(ok.code, 0, ok.stderr);
    const goodOut = await good.exit;
    assert.equal(goodOut.code, 0);
    // The text format: request line, masked headers, the check, the pretty body.
    assert.match(goodOut.stdout, /^#1 POST \/in\?x=1 -> 200\n/);
    assert.match(goodOut.stdout, /\nwebhook-signature: v1,‹masked›\n/);
    assert.match(goodOut.stdout, /\nsignature standard-webhooks: valid\n\n\{\n {2}"id": "A\.B",\n {2}"n": 1\n\}\n\n$/);

    const bad = await receive(['--standard-webhooks-secret', other, '--count', '1', '--respond', '200']);
    const dir2 = scratch({ 'n.notify': fileFor(bad.url, signing) });
    const refused = await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir2, env: { NOTIFY_SECRET_HOOK_SIGNING: key, NOTIFY_SECRET_HOOK_TOKEN: 't' } });
    assert.equal(refused.code, 1);
    const r = JSON.parse(refused.stdout.trim()) as { status: number; attempts: number };
    assert.deepEqual([r.status, r.attempts], [401, 1]);
    const badOut = await bad.exit;
    assert.equal(badOut.code, 1);
    assert.match(badOut.stdout, /^#1 POST \/in\?x=1 -> 401\n/);
    assert.match(badOut.stdout, /signature standard-webhooks: invalid/);
  });

  it('reports a correctly signed but old timestamp as stale, and a missing signature as missing', async () => {
    const key = 'whsec_' + Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
    const now = Date.parse('2026-04-28T07:12:43Z');
    const receiver = await startReceiver({ standardWebhooksSecret: key, secret: 'h', respond: [202], now: () => now });
    try {
      const body = '{"a":1}';
      const send = (ts: number, extra: Record<string, string> = {}) =>
        fetch(receiver.url + 'x', {
          method: 'POST',
          body,
          headers: {
            'webhook-id': 'evt_1',
            'webhook-timestamp': String(ts),
            'webhook-signature': `v1,bogus ${standardWebhooksSignature(key, 'evt_1', ts, body)}`,
            ...extra,
          },
        });
      const inTime = Math.floor(now / 1000) - 299;
      assert.equal((await send(inTime, { 'x-notify-signature': hmacSha256Signature('h', body) })).status, 202);
      assert.equal((await send(Math.floor(now / 1000) - 301, { 'x-notify-signature': hmacSha256Signature('h', body) })).status, 401);
      assert.equal((await send(inTime)).status, 401);
      assert.deepEqual(
        receiver.requests.map((r) => r.verification),
        [
          { hmac: 'valid', standardWebhooks: 'valid' },
          { hmac: 'valid', standardWebhooks: 'stale' },
          { hmac: 'missing', standardWebhooks: 'valid' },
        ],
      );
      assert.deepEqual(receiver.requests.map((r) => r.status), [202, 401, 401]);
    } finally {
      await receiver.close();
    }
  });

  it('masks secret-looking headers, keeping only a scheme word or prefix', () => {
    assert.equal(maskHeader('authorization', 'Basic dXNlcjpwYXNz'), 'Basic ‹masked›');
    assert.equal(maskHeader('x-api-key', 'abc123'), '‹masked›');
    assert.equal(maskHeader('x-notify-signature', 'sha256=00ff'), 'sha256=‹masked›');
    assert.equal(maskHeader('cookie', 'session=1'), '‹masked›');
    assert.equal(maskHeader('content-type', 'application/json'), 'application/json');
    assert.equal(checkHmac('k', 'sha256=00', 'b'), 'invalid');
  });

  it('rejects bad arguments and a port in use with exit 2', async () => {
    assert.equal((await runCli(['receive', '--respond', '200,99'])).code, 2);
    assert.equal((await runCli(['receive', '--port', 'http'])).code, 2);
    const busy = await startReceiver();
    try {
      const r = await runCli(['receive', '--port', String(busy.port)]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/);
    } finally {
      await busy.close();
    }
  });

  it('stops on SIGTERM with exit 0', async () => {
    const rx = await receive([]);
    assert.match(rx.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    rx.child.kill('SIGTERM');
    const [code] = (await once(rx.child, 'close')) as [number | null];
    assert.equal(code, 0);
  });
});

describe('the body as shown', () => {
  it('is re-indented, never re-serialized: key order, number digits, escapes and repeated keys stay as sent', () => {
    const sent = '{"b":1,"2":[1.0,12345678901234567890],"s":"\\u00e9","a":1,"a":2,"e":{}}';
    assert.equal(prettyBody(sent), '{\n  "b": 1,\n  "2": [\n    1.0,\n    12345678901234567890\n  ],\n  "s": "\\u00e9",\n  "a": 1,\n  "a": 2,\n  "e": {}\n}');
    assert.equal(prettyBody('not {json'), 'not {json');
    assert.equal(prettyBody(''), '(empty body)');
  });
});

/** One raw request to the receiver: status and body of its answer. */
function request(url: string, opts: { method?: string; path?: string; headers?: Record<string, string | string[]>; body?: string | Buffer } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(opts.path ?? '/', url), { method: opts.method ?? 'POST' }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    for (const [k, v] of Object.entries(opts.headers ?? {})) req.setHeader(k, v);
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('LANGUAGE.md 10.2: notify receive (contract)', () => {
  it('LANGUAGE.md 10.2: listens on 127.0.0.1, says so on stderr, and ends after --count N requests whatever their status (exit 0)', async () => {
    const rx = await receive(['--count', '2', '--respond', '503']);
    assert.match(rx.url, /^http:\/\/127\.0\.0\.1:[1-9]\d*\/$/);
    assert.equal((await request(rx.url)).status, 503);
    assert.equal((await request(rx.url)).status, 503);
    const got = await rx.exit;
    assert.equal(got.code, 0);
    assert.equal(got.stderr, `notify receive: listening on ${rx.url}\n`);
  });

  it('LANGUAGE.md 10.2: --respond scripts statuses, the last repeats, a failed check is 401 and uses up none; answers have an empty body', async () => {
    const rx = await receive(['--count', '5', '--respond', '500, 202', '--secret', 's3cret', '--format', 'json']);
    const body = '{"a":1}';
    const good = { 'x-notify-signature': hmacSha256Signature('s3cret', body) };
    const answers = [];
    answers.push(await request(rx.url, { body, headers: good }));
    answers.push(await request(rx.url, { body }));
    answers.push(await request(rx.url, { body, headers: good }));
    answers.push(await request(rx.url, { body, headers: { 'X-NOTIFY-SIGNATURE': 'sha256=00' } }));
    answers.push(await request(rx.url, { body, headers: good }));
    assert.deepEqual(answers.map((a) => a.status), [500, 401, 202, 401, 202]);
    assert.deepEqual(answers.map((a) => a.body), ['', '', '', '', '']);
    const got = await rx.exit;
    assert.equal(got.code, 1, 'a failed check with --count exits 1');
    const lines = got.stdout.trim().split('\n').map((l) => JSON.parse(l) as { verification: { hmac: string } });
    assert.deepEqual(lines.map((l) => l.verification.hmac), ['valid', 'missing', 'valid', 'invalid', 'valid']);
  });

  it('LANGUAGE.md 10.2: the text format is #N METHOD PATH -> STATUS, headers in order, check lines, empty line, pretty body, empty line', async () => {
    const rx = await receive(['--count', '2', '--secret', 'k', '--standard-webhooks-secret', 'whsec_' + Buffer.from('key').toString('base64')]);
    const body = '{"text":"hi"}';
    await request(rx.url, { path: '/hooks/x?q=1', body, headers: { 'Content-Type': 'application/json', 'X-Notify-Signature': hmacSha256Signature('k', body), 'X-Twice': ['a', 'b'] } });
    await request(rx.url, { method: 'GET', path: '/empty' });
    const got = await rx.exit;
    const [first, second] = got.stdout.split(/\n\n(?=#)/);
    const lines = first!.split('\n');
    assert.equal(lines[0], '#1 POST /hooks/x?q=1 -> 401');
    const headerLines = lines.slice(1, lines.indexOf('signature hmac-sha256: valid'));
    assert.deepEqual(headerLines.filter((l) => /^(content-type|x-notify-signature|x-twice):/.test(l)), [
      'content-type: application/json',
      'x-notify-signature: sha256=‹masked›',
      'x-twice: a',
      'x-twice: b',
    ]);
    assert.equal(first!.split('\n\n')[0]!.split('\n').slice(-2).join('\n'), 'signature hmac-sha256: valid\nsignature standard-webhooks: missing');
    assert.ok(first!.endsWith('\n\n{\n  "text": "hi"\n}'), first);
    assert.match(second!, /^#2 GET \/empty -> 401\n/);
    assert.ok(second!.endsWith('\n\n(empty body)\n\n'), second);
  });

  it('LANGUAGE.md 10.2: --format json is one object per line, keys in order, repeated headers joined with ", ", null for an unconfigured check', async () => {
    const rx = await receive(['--count', '1', '--format', 'json']);
    await request(rx.url, { path: '/p?x=1', body: 'raw text', headers: { 'X-Twice': ['a', 'b'], Authorization: 'Bearer tok' } });
    const got = await rx.exit;
    assert.equal(got.stdout.split('\n').length, 2);
    const line = JSON.parse(got.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(line), ['index', 'method', 'path', 'headers', 'body', 'status', 'verification']);
    assert.deepEqual([line.index, line.method, line.path, line.body, line.status], [1, 'POST', '/p?x=1', 'raw text', 200]);
    assert.deepEqual(line.verification, { hmac: null, standardWebhooks: null });
    const headers = line.headers as Record<string, string>;
    assert.equal(headers['x-twice'], 'a, b');
    assert.equal(headers.authorization, 'Bearer ‹masked›');
  });

  it('LANGUAGE.md 10.2: a body over 1 MiB is answered 413 without using up a scripted status, printed without its body', async () => {
    const rx = await receive(['--count', '2', '--respond', '201,500']);
    const big = await request(rx.url, { body: Buffer.alloc(1024 * 1024 + 1, 'a') });
    const next = await request(rx.url, { body: 'x' });
    assert.deepEqual([big.status, next.status], [413, 201]);
    const got = await rx.exit;
    assert.match(got.stdout, /^#1 POST \/ -> 413\n[^]*\n\n\(body over 1048576 bytes, not read\)\n\n#2 POST \/ -> 201\n/);
    const json = await receive(['--count', '1', '--format', 'json']);
    await request(json.url, { body: Buffer.alloc(1024 * 1024 + 1, 'a') });
    const line = JSON.parse((await json.exit).stdout) as { body: unknown; status: number };
    assert.deepEqual([line.body, line.status], [null, 413]);
  });

  it('LANGUAGE.md 10.2: NOTIFY_RECEIVE_SECRET configures the HMAC check when --secret is not given', async () => {
    const child = spawn(process.execPath, [CLI, 'receive', '--port', '0', '--count', '1', '--format', 'json'], { env: { PATH: process.env.PATH ?? '', NOTIFY_RECEIVE_SECRET: 'from-env' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    const url = await new Promise<string>((resolve) =>
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = /listening on (\S+)/.exec(stderr);
        if (m) resolve(m[1]!);
      }),
    );
    const answer = await request(url, { body: 'b', headers: { 'x-notify-signature': hmacSha256Signature('from-env', 'b') } });
    assert.equal(answer.status, 200);
    await once(child, 'close');
    assert.equal((JSON.parse(stdout) as { verification: { hmac: string } }).verification.hmac, 'valid');
  });

  it('LANGUAGE.md 10.2: usage errors exit 2 without listening: a positional, --port, --count, --respond or --format out of range', async () => {
    for (const args of [['stray'], ['--port', '65536'], ['--port', '-1'], ['--count', '0'], ['--count', 'x'], ['--respond', '99'], ['--respond', '600'], ['--format', 'xml']]) {
      const r = await runCli(['receive', ...args], { timeoutMs: 10_000 });
      assert.equal(r.code, 2, args.join(' '));
      assert.doesNotMatch(r.stderr, /listening/, args.join(' '));
      assert.match(r.stderr, /^notify receive: /, args.join(' '));
    }
  });
});
