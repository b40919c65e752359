import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HttpReceiver } from '../../support/httpReceiver';
import { runCli, scratch } from './runCli';

/** `notify send` as a process, against a real HTTP receiver on 127.0.0.1. */
describe('notify send', () => {
  let receiver: HttpReceiver;
  before(async () => {
    receiver = await HttpReceiver.start();
  });
  after(async () => {
    await receiver.close();
  });

  const file = (url: string, extra = '') => `notifier "Hook" {
    on package.added;
    webhook {
        url = $Env("HOOK_URL");
        signing = %(scheme: "hmac-sha256", secret: $Secret("hook-signing"));
        retries = 1;
        backoff = @(250ms);
        body = $ToJson(%(id: $PackageId));
    }
}
${extra}
sample "one" for package.added { $PackageId = "A.B"; }
`.replace('$Env("HOOK_URL")', JSON.stringify(url));

  it('delivers, prints one JSON line with the documented keys, exit 0, records history', async () => {
    receiver.reply({ status: 200, body: 'ok' });
    const before = receiver.requests.length;
    const dir = scratch({ 'n.notify': file(receiver.url('/in')) });
    const secret = 'sign-me-0123456789';
    const r = await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir, env: { NOTIFY_SECRET_HOOK_SIGNING: secret } });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const result = JSON.parse(lines[0]!);
    assert.deepEqual(Object.keys(result), ['notifier', 'channel', 'target', 'ok', 'status', 'attempts', 'durationMs', 'error']);
    assert.deepEqual([result.notifier, result.channel, result.ok, result.status, result.attempts, result.error], ['Hook', 'webhook', true, 200, 1, null]);
    const req = receiver.requests[before]!;
    assert.equal(req.body, '{"id":"A.B"}');
    assert.equal(req.headers['x-notify-signature'], 'sha256=' + createHmac('sha256', secret).update(req.rawBody).digest('hex'));
    assert.equal(req.headers['x-notify-event'], 'package.added');
    assert.match(String(req.headers['user-agent']), /^notify\/\d+\.\d+\.\d+/);
    // history next to the workspace, ignored by git, without the secret
    const historyPath = join(dir, '.notify/history.jsonl');
    assert.ok(existsSync(historyPath));
    assert.equal(readFileSync(join(dir, '.notify/.gitignore'), 'utf8').trim(), '*');
    assert.equal(readFileSync(historyPath, 'utf8').includes(secret), false);
    assert.equal(r.stdout.includes(secret) || r.stderr.includes(secret), false);
  });

  it('when every `when` is false: "0 sent" in the summary, exit 0; --fail-if-none exits 1', async () => {
    const before = receiver.requests.length;
    const dir = scratch({ 'n.notify': file(receiver.url('/in')).replace('on package.added;', 'on package.added;\n    when $PackageId == "other";') });
    const r = await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir, env: { NOTIFY_SECRET_HOOK_SIGNING: 'x' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^notify: 0 sent, 0 failed, 1 not sent \(when false\)$/m);
    const strict = await runCli(['send', 'n.notify', '--allow-private', '--fail-if-none'], { cwd: dir, env: { NOTIFY_SECRET_HOOK_SIGNING: 'x' } });
    assert.equal(strict.code, 1);
    assert.equal(receiver.requests.length, before, 'nothing was sent');
  });

  it('retries a 503 then fails with exit 1, attempts counted', async () => {
    receiver.reply({ status: 503 }, { status: 503 });
    const before = receiver.requests.length;
    const dir = scratch({ 'n.notify': file(receiver.url('/down')) });
    const r = await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir, env: { NOTIFY_SECRET_HOOK_SIGNING: 'x' } });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const result = JSON.parse(r.stdout.trim());
    assert.equal(result.ok, false);
    assert.equal(result.status, 503);
    assert.equal(result.attempts, 2);
    assert.equal(receiver.requests.length - before, 2);
    // both attempts carry the same event id (deduplication)
    const ids = receiver.requests.slice(before).map((q) => q.headers['x-notify-event-id']);
    assert.equal(ids[0], ids[1]);
    assert.match(r.stderr, /attempt 1/);
  });

  it('each send is a new event: a new X-Notify-Event-Id and $EventId per send, kept across its retries; render keeps the example id', async () => {
    const dir = scratch({ 'n.notify': file(receiver.url('/ids')).replace('$ToJson(%(id: $PackageId))', '$ToJson(%(event: $EventId))') });
    const env = { NOTIFY_SECRET_HOOK_SIGNING: 'x' };
    const before = receiver.requests.length;
    receiver.reply({ status: 503 }, { status: 200 }, { status: 200 });
    assert.equal((await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir, env })).code, 0);
    assert.equal((await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir, env })).code, 0);
    const seen = receiver.requests.slice(before).map((q) => ({ header: String(q.headers['x-notify-event-id']), body: (JSON.parse(q.body) as { event: string }).event }));
    assert.equal(seen.length, 3);
    for (const s of seen) assert.equal(s.body, s.header, '$EventId in the body is the header\'s id');
    assert.equal(seen[0]!.header, seen[1]!.header, 'a retry keeps the id');
    assert.notEqual(seen[1]!.header, seen[2]!.header, 'the next send is a new event');
    assert.match(seen[2]!.header, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const rendered = [await runCli(['render', 'n.notify'], { cwd: dir }), await runCli(['render', 'n.notify'], { cwd: dir })];
    assert.equal(rendered[0]!.stdout, rendered[1]!.stdout, 'render is reproducible');
    assert.match(rendered[0]!.stdout, /3f6c2a9e-8d41-4b7a-9c55-1e0f7b2d4a86/);
  });

  it('refuses a loopback address without --allow-private', async () => {
    const before = receiver.requests.length;
    const dir = scratch({ 'n.notify': file(receiver.url('/in')) });
    const r = await runCli(['send', 'n.notify'], { cwd: dir, env: { NOTIFY_SECRET_HOOK_SIGNING: 'x' } });
    assert.equal(r.code, 1);
    assert.equal(receiver.requests.length, before);
    const result = JSON.parse(r.stdout.trim());
    assert.equal(result.ok, false);
    assert.match(result.error, /private|loopback|allow-private/i);
  });

  it('names a missing secret and both ways to set it', async () => {
    const dir = scratch({ 'n.notify': file(receiver.url('/in')) });
    const r = await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir });
    assert.equal(r.code, 1);
    const result = JSON.parse(r.stdout.trim());
    assert.match(result.error, /hook-signing/);
    assert.match(result.error, /NOTIFY_SECRET_HOOK_SIGNING/);
  });

  it('does not send a notifier whose when is false, and says so', async () => {
    const before = receiver.requests.length;
    const dir = scratch({ 'n.notify': file(receiver.url('/in')).replace('on package.added;', 'on package.added;\n    when false;') });
    const r = await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir, env: { NOTIFY_SECRET_HOOK_SIGNING: 'x' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /"Hook" not sent/);
    assert.equal(receiver.requests.length, before);
  });

  it('exits 2 on usage mistakes', async () => {
    assert.equal((await runCli(['send'])).code, 2);
    assert.equal((await runCli(['send', 'examples/packages.notify', '--sample', 'x', '--event', 'package.added'])).code, 2);
  });
});

describe('LANGUAGE.md 10: notify send (contract)', () => {
  let receiver: HttpReceiver;
  before(async () => {
    receiver = await HttpReceiver.start();
  });
  after(async () => {
    await receiver.close();
  });
  const two = (url: string) => `notifier "Hook" {
    on package.added;
    webhook { url = "${url}a"; body = "x"; retries = 0; }
    webhook { url = "${url}b"; body = "y"; retries = 0; }
}

notifier "Never" {
    on package.added;
    when $PackageId == "nope";
    webhook { url = "${url}n"; body = "z"; }
    webhook { url = "${url}m"; body = "z"; }
}
`;

  it('LANGUAGE.md 10 send: jsonl lines in key order, one per delivery in render order; per-attempt progress, the "when" line first and the summary last on stderr', async () => {
    receiver.reply({ status: 200 });
    receiver.reply({ status: 500 });
    const dir = scratch({ 'n.notify': two(receiver.url('/')) });
    const r = await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir });
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines.map((l) => Object.keys(l)), [0, 1].map(() => ['notifier', 'channel', 'target', 'ok', 'status', 'attempts', 'durationMs', 'error']));
    assert.deepEqual(lines.map((l) => [l.target, l.ok, l.status, l.attempts, l.error]), [
      [receiver.url('/a'), true, 200, 1, null],
      [receiver.url('/b'), false, 500, 1, lines[1]!.error],
    ]);
    assert.equal(typeof lines[1]!.error, 'string');
    assert.ok(lines.every((l) => Number.isInteger(l.durationMs)));
    assert.deepEqual(r.stderr.split('\n'), [
      'notify: "Never" not sent: a when condition is false for the example package.added',
      'notify: [Hook/webhook] attempt 1/1 → 200, delivered',
      'notify: [Hook/webhook] attempt 1/1 → 500, giving up',
      'notify: 1 sent, 1 failed, 2 not sent (when false)',
      '',
    ]);
  });

  it('LANGUAGE.md 10 send: --format json prints one two-space document {ok, deliveries} at the end, same key order, attempts as records', async () => {
    receiver.reply({ status: 200 });
    receiver.reply({ status: 200 });
    const dir = scratch({ 'n.notify': two(receiver.url('/')) });
    const r = await runCli(['send', 'n.notify', '--allow-private', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\{\n  "ok": true,\n  "deliveries": \[\n/);
    const doc = JSON.parse(r.stdout) as { ok: boolean; deliveries: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(doc), ['ok', 'deliveries']);
    assert.equal(doc.deliveries.length, 2);
    for (const d of doc.deliveries) {
      assert.deepEqual(Object.keys(d), ['notifier', 'channel', 'target', 'ok', 'status', 'attempts', 'durationMs', 'error']);
      const attempts = d.attempts as Record<string, unknown>[];
      assert.equal(attempts.length, 1);
      assert.deepEqual(Object.keys(attempts[0]!), ['attempt', 'startedAt', 'pacedMs', 'pacedBecause', 'durationMs', 'request', 'signed', 'response', 'ok', 'error', 'retryInMs', 'retryReason']);
    }
    assert.match(r.stderr, /\nnotify: 2 sent, 0 failed, 2 not sent \(when false\)\n$/);
  });

  it('LANGUAGE.md 10 send: a delivery refused before any attempt fails alone (not sent: MESSAGE, attempts 0, status null), the others are sent, exit 1', async () => {
    receiver.reply({ status: 200 });
    const before = receiver.requests.length;
    const src = `notifier "Sec" {
    on package.added;
    webhook { url = $Secret("missing-one"); body = "x"; retries = 0; }
    webhook { url = "${receiver.url('/ok')}"; body = "y"; retries = 0; }
}
`;
    const dir = scratch({ 'n.notify': src });
    const r = await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir });
    assert.equal(r.code, 1);
    const [refused, sent] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual([refused!.ok, refused!.status, refused!.attempts, refused!.target], [false, null, 0, '‹secret:missing-one›']);
    assert.match(String(refused!.error), /NOTIFY_SECRET_MISSING_ONE/);
    assert.equal(sent!.ok, true);
    assert.equal(receiver.requests.length, before + 1);
    assert.match(r.stderr, /^notify: \[Sec\/webhook\] not sent: secret "missing-one" is not set: .*NOTIFY_SECRET_MISSING_ONE\n/m);
    assert.match(r.stderr, /^notify: 1 sent, 1 failed\n$/m);
    const guarded = await runCli(['send', 'n.notify', '--notifier', 'Sec'], { cwd: dir, env: { NOTIFY_SECRET_MISSING_ONE: 'https://10.1.2.3/x' } });
    assert.equal(guarded.code, 1);
    assert.match(guarded.stderr, /^notify: \[Sec\/webhook\] not sent: refused to connect to 10\.1\.2\.3 \(private\)/m);
  });

  it('LANGUAGE.md 10 send: nothing sent is exit 0 with an empty stdout ({"ok": true, "deliveries": []} in json); --fail-if-none makes it 1', async () => {
    const src = `notifier "Never" {\n    on package.added;\n    when $PackageId == "nope";\n    webhook { url = "${receiver.url('/n')}"; body = "z"; }\n}\n`;
    const dir = scratch({ 'n.notify': src });
    const plain = await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir });
    assert.deepEqual([plain.code, plain.stdout], [0, '']);
    const json = await runCli(['send', 'n.notify', '--allow-private', '--format', 'json'], { cwd: dir });
    assert.equal(json.code, 0);
    assert.equal(json.stdout, '{\n  "ok": true,\n  "deliveries": []\n}\n');
    assert.equal((await runCli(['send', 'n.notify', '--allow-private', '--fail-if-none'], { cwd: dir })).code, 1);
  });

  it('LANGUAGE.md 10 send: a file with errors sends nothing, exit 1; usage mistakes and an unreadable FILE are exit 2', async () => {
    const before = receiver.requests.length;
    const dir = scratch({ 'e.notify': `notifier "x" {\n    on package.added;\n    webhook { url = "${receiver.url('/e')}"; bdy = "t"; }\n}\n`, 'n.notify': two(receiver.url('/')) });
    const errors = await runCli(['send', 'e.notify', '--allow-private'], { cwd: dir });
    assert.deepEqual([errors.code, errors.stdout], [1, '']);
    for (const args of [[], ['n.notify', 'e.notify'], ['missing.notify'], ['n.notify', '--notifier', 'Nope'], ['n.notify', '--format', 'text'], ['n.notify', '--bogus']]) {
      const r = await runCli(['send', ...args, '--allow-private'], { cwd: dir });
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
    }
    assert.equal(receiver.requests.length, before);
  });
});
