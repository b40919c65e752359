import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { runSend } from '../../../client/cli/send';
import { Pacer, realClock, virtualClock } from '../../../client/dispatch/pacer';
import { estimateSendTime } from '../../../grammar/channels/pacing';
import { CHANNEL_MODULES } from '../../../grammar/channels/registry';
import { HttpReceiver } from '../../support/httpReceiver';
import { httpDelivery } from '../../support/deliveries';

// The pacer itself, on a virtual clock: every wait is exact.

async function waitsOf(pacer: Pacer, calls: [Parameters<Pacer['before']>[0], string][]): Promise<number[]> {
  const out: number[] = [];
  for (const [channel, url] of calls) out.push((await pacer.before(channel, url)).waitMs);
  return out;
}

test('messages to one Slack webhook go 1 a second, to one Teams webhook 4 a second; the first never waits', async () => {
  const pacer = new Pacer(virtualClock(1_000_000));
  const slack = 'https://hooks.slack.com/services/T/B/x';
  const teams = 'https://contoso.webhook.office.com/webhookb2/abc';
  assert.deepEqual(await waitsOf(pacer, [['slack', slack], ['slack', slack], ['slack', slack]]), [0, 1000, 1000]);
  assert.deepEqual(await waitsOf(pacer, [['teams', teams], ['teams', teams], ['teams', teams]]), [0, 250, 250]);
});

test('destinations are paced separately; a channel without a rate limit is not paced; the query does not make another destination', async () => {
  const pacer = new Pacer(virtualClock());
  assert.deepEqual(
    await waitsOf(pacer, [
      ['slack', 'https://hooks.slack.com/services/T/B/one'],
      ['slack', 'https://hooks.slack.com/services/T/B/two'],
      ['webhook', 'https://example.com/in'],
      ['webhook', 'https://example.com/in'],
    ]),
    [0, 0, 0, 0],
  );
  assert.deepEqual(await waitsOf(pacer, [['discord', 'https://discord.com/api/webhooks/1/t?wait=true'], ['discord', 'https://discord.com/api/webhooks/1/t?thread_id=9']]), [0, 2000]);
});

test('the reason of a wait names the service and its rate', async () => {
  const pacer = new Pacer(virtualClock());
  await pacer.before('slack', 'https://hooks.slack.com/services/T/B/x');
  const second = await pacer.before('slack', 'https://hooks.slack.com/services/T/B/x');
  assert.deepEqual(second, { waitMs: 1000, reason: 'paced: Slack takes about 1 message a second to one destination' });
});

test('concurrent callers take successive slots (the order of calls is the order sent)', async () => {
  // Time stands still while they wait: all three ask at time 0.
  const pacer = new Pacer({ now: () => 0, sleep: async () => undefined });
  const url = 'https://hooks.slack.com/services/T/B/x';
  const waits = await Promise.all([pacer.before('slack', url), pacer.before('slack', url), pacer.before('slack', url)]);
  // All asked at time 0: slots at 0, 1 s and 2 s.
  assert.deepEqual(waits.map((w) => w.waitMs), [0, 1000, 2000]);
});

test('a hold learned while a message waited for its slot is waited out too (another destination of its bucket answered 429)', async () => {
  let onSleep: (() => void) | undefined;
  const clock = virtualClock(0, () => {
    const hook = onSleep;
    onSleep = undefined;
    hook?.();
  });
  const pacer = new Pacer(clock);
  const one = 'https://discord.com/api/webhooks/1/a';
  const two = 'https://discord.com/api/webhooks/2/b';
  pacer.after('discord', one, 204, { 'x-ratelimit-bucket': 'shared' });
  pacer.after('discord', two, 204, { 'x-ratelimit-bucket': 'shared' });
  await pacer.before('discord', one);
  onSleep = () => void pacer.after('discord', two, 429, { 'retry-after': '10', 'x-ratelimit-bucket': 'shared' });
  // The slot was 2 s away (Discord's rate); at 2 s the bucket is held for 10 s more.
  assert.deepEqual(await pacer.before('discord', one), { waitMs: 12_000, reason: 'the receiver answered 429 and asked to wait 10 s (Retry-After)' });
  assert.equal(clock.now(), 12_000);
  // The next slot comes after the hold, at the declared rate.
  assert.equal((await pacer.before('discord', two)).waitMs, 2000);
});

test('X-RateLimit-Remaining: 0 holds the destination for X-RateLimit-Reset-After, longer than the declared rate', async () => {
  const clock = virtualClock(5_000);
  const pacer = new Pacer(clock);
  const url = 'https://discord.com/api/webhooks/1/t';
  await pacer.before('discord', url);
  const hold = pacer.after('discord', url, 204, { 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '3.5' });
  assert.equal(hold, 'the receiver said X-RateLimit-Remaining: 0, reset after 3.5 s');
  assert.deepEqual(await pacer.before('discord', url), { waitMs: 3500, reason: hold });
  // Remaining left: only the declared rate applies.
  pacer.after('discord', url, 204, { 'x-ratelimit-remaining': '3', 'x-ratelimit-reset-after': '1' });
  assert.equal((await pacer.before('discord', url)).waitMs, 2000);
});

test('X-RateLimit-Reset (epoch seconds) is used when Reset-After is absent', async () => {
  const pacer = new Pacer(virtualClock(10_000));
  const url = 'https://api.example.com/hook';
  pacer.after('webhook', url, 200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '14' });
  assert.equal((await pacer.before('webhook', url)).waitMs, 4000);
});

test('429 or 503 with Retry-After holds the destination for every later message, any service', async () => {
  const pacer = new Pacer(virtualClock(0));
  const url = 'https://example.com/in';
  assert.equal(pacer.after('webhook', url, 503, { 'retry-after': '7' }), 'the receiver answered 503 and asked to wait 7 s (Retry-After)');
  assert.equal((await pacer.before('webhook', url)).waitMs, 7000);
  // A Retry-After on a 200 is not a rate limit.
  assert.equal(pacer.after('webhook', url, 200, { 'retry-after': '60' }), null);
  assert.equal((await pacer.before('webhook', url)).waitMs, 0);
  // A body field the channel read (Discord's retry_after) counts like the header.
  pacer.after('webhook', url, 429, {}, 1500);
  assert.equal((await pacer.before('webhook', url)).waitMs, 1500);
});

test('a hold is capped at 5 minutes', async () => {
  const pacer = new Pacer(virtualClock(0));
  pacer.after('webhook', 'https://example.com/in', 429, { 'retry-after': '86400' });
  assert.equal((await pacer.before('webhook', 'https://example.com/in')).waitMs, 300_000);
});

test('destinations that report one X-RateLimit-Bucket share its budget', async () => {
  const pacer = new Pacer(virtualClock(0));
  const a = 'https://discord.com/api/webhooks/1/a';
  const b = 'https://discord.com/api/webhooks/1/b';
  await pacer.before('discord', a);
  pacer.after('discord', a, 204, { 'x-ratelimit-bucket': 'abc', 'x-ratelimit-remaining': '4' });
  await pacer.before('discord', b);
  pacer.after('discord', b, 204, { 'x-ratelimit-bucket': 'abc', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '4' });
  assert.equal((await pacer.before('discord', a)).waitMs, 4000);
});

test('a bucket is shared only by destinations of one service and origin', async () => {
  const pacer = new Pacer(virtualClock(0));
  const discord = 'https://discord.com/api/webhooks/1/a';
  const hostile = 'https://evil.example/hook';
  await pacer.before('discord', discord);
  pacer.after('discord', discord, 204, { 'x-ratelimit-bucket': 'abc', 'x-ratelimit-remaining': '4' });
  pacer.after('webhook', hostile, 200, { 'x-ratelimit-bucket': 'abc', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '300' });
  assert.equal((await pacer.before('discord', discord)).waitMs, 2000);
});

test('unreadable rate-limit headers change nothing', async () => {
  const pacer = new Pacer(virtualClock(0));
  const url = 'https://example.com/in';
  assert.equal(pacer.after('webhook', url, 200, { 'x-ratelimit-remaining': 'zero', 'x-ratelimit-reset-after': '-1' }), null);
  assert.equal(pacer.after('webhook', url, 429, { 'retry-after': 'soon' }), null);
  assert.equal((await pacer.before('webhook', url)).waitMs, 0);
});

test('with real time: three Teams messages take at least two intervals (250 ms each)', async () => {
  const pacer = new Pacer(realClock);
  const url = 'https://contoso.webhook.office.com/webhookb2/abc';
  const started = performance.now();
  for (let i = 0; i < 3; i++) await pacer.before('teams', url);
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 480, `took ${elapsed} ms`);
  assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
});

// The estimate the preview shows.

test('estimate: per destination with more than one message, messages ÷ rate rounded up', () => {
  const slack = (url: string) => httpDelivery(url, { channel: 'slack' });
  const hook = 'https://hooks.slack.com/services/T/B/x';
  const estimates = estimateSendTime([...Array.from({ length: 12 }, () => slack(hook)), slack('https://hooks.slack.com/services/T/B/other'), httpDelivery('https://example.com/a'), httpDelivery('https://example.com/a')]);
  assert.deepEqual(estimates.map((e) => e.text), ['12 messages to Slack: about 12 s']);
  const teams = estimateSendTime(Array.from({ length: 10 }, () => httpDelivery('https://x.webhook.office.com/webhookb2/a', { channel: 'teams' })));
  assert.deepEqual(teams.map((e) => e.text), ['10 messages to Teams: about 3 s']);
  const many = estimateSendTime(Array.from({ length: 150 }, () => slack(hook)));
  assert.deepEqual(many.map((e) => e.text), ['150 messages to Slack: about 2 min 30 s']);
});

test('each declared rate limit is positive and cites its source', () => {
  for (const m of CHANNEL_MODULES) {
    const limit = (m as { rateLimit?: { perSecond: number; source: string } }).rateLimit;
    if (!limit) continue;
    assert.ok(limit.perSecond > 0, m.kind);
    assert.match(limit.source, /https:\/\//, m.kind);
  }
});

// The real dispatcher and pacer against a loopback receiver, on a virtual clock.

let receiver: HttpReceiver;
before(async () => (receiver = await HttpReceiver.start()));
after(() => receiver.close());
beforeEach(() => receiver.reset());

async function sendBatch(deliveries: Parameters<typeof runSend>[0], format: 'jsonl' | 'json' = 'json') {
  let stdout = '';
  let stderr = '';
  const waits: number[] = [];
  const clock = virtualClock(1_700_000_000_000, (ms) => void waits.push(ms));
  const code = await runSend(deliveries, {
    allowPrivate: true,
    env: { NOTIFY_SECRET_HOOK_TOKEN: 'tok-abcdef-123456' },
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    historyPath: null,
    version: '0.1.0',
    sleep: clock.sleep,
    clock,
    random: () => 0.5,
    format,
  });
  return { code, stdout, stderr, waits };
}

test('Discord-shaped rate-limit headers and a 429 with Retry-After: the batch waits as told and every message arrives once', async () => {
  const discordHeaders = (remaining: number, resetAfter: string) => ({
    'X-RateLimit-Limit': '5',
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset-After': resetAfter,
    'X-RateLimit-Bucket': 'b1',
  });
  receiver.reply(
    { status: 204, headers: discordHeaders(1, '2') },
    { status: 204, headers: discordHeaders(0, '5.5') },
    { status: 429, headers: { ...discordHeaders(0, '3'), 'Retry-After': '3', 'Content-Type': 'application/json' }, body: '{"message":"You are being rate limited.","retry_after":3,"global":false}' },
    { status: 204, headers: discordHeaders(4, '2') },
  );
  const url = receiver.url('/api/webhooks/1/‹secret:hook-token›');
  const batch = [0, 1, 2].map((i) => httpDelivery(url, { channel: 'discord', notifier: `Item ${i}`, transport: { retries: 2, backoffMs: [1000] } }));
  const out = await sendBatch(batch);
  assert.equal(out.code, 0, out.stderr);
  // Pacing before 2 (the declared 2 s), the hold of 5.5 s before 3, the 429's wait (3 s, more than the 1 s backoff) before its retry.
  assert.deepEqual(out.waits, [2000, 5500, 3000]);
  assert.equal(receiver.requests.length, 4);
  const doc = JSON.parse(out.stdout) as { ok: boolean; deliveries: { ok: boolean; attempts: Record<string, unknown>[] }[] };
  assert.equal(doc.ok, true);
  assert.deepEqual(doc.deliveries.map((d) => d.attempts.length), [1, 1, 2]);
  const [second, third] = [doc.deliveries[1]!.attempts[0]!, doc.deliveries[2]!.attempts];
  assert.equal(second.pacedMs, 2000);
  assert.equal(second.pacedBecause, 'paced: Discord takes about 0.5 messages a second to one destination');
  assert.equal(third[0]!.pacedMs, 5500);
  assert.equal(third[0]!.pacedBecause, 'the receiver said X-RateLimit-Remaining: 0, reset after 5.5 s');
  assert.equal((third[0]!.response as { status: number }).status, 429);
  assert.equal(third[0]!.retryInMs, 3000);
  assert.match(String(third[0]!.retryReason), /^the receiver answered 429; rate limited: 429 is retried; waiting 3s, as the receiver asked$/);
  // The retry itself waited the 429's time already: pacing adds nothing.
  assert.equal(third[1]!.pacedMs, 0);
  // The secret in the URL never appears.
  assert.doesNotMatch(out.stdout, /tok-abcdef-123456/);
  assert.match(JSON.stringify((third[0]!.request as { url: string }).url), /‹secret:hook-token›/);
});

test('a partly sent batch is not a success: exit 1 and "ok": false, even though later messages went', async () => {
  receiver.reply({ status: 204 }, { status: 404, body: '{"message":"Unknown Webhook","code":10015}' }, { status: 204 });
  const url = receiver.url('/api/webhooks/1/t');
  const out = await sendBatch([0, 1, 2].map((i) => httpDelivery(url, { channel: 'discord', notifier: `Item ${i}` })));
  assert.equal(out.code, 1);
  const doc = JSON.parse(out.stdout) as { ok: boolean; deliveries: { ok: boolean }[] };
  assert.equal(doc.ok, false);
  assert.deepEqual(doc.deliveries.map((d) => d.ok), [true, false, true]);
});

test('the wall clock set back an hour (an NTP step, a clock set by hand) does not hold a destination for that hour', async (t) => {
  // The real clock was Date.now(): in the editor's long-lived pacer, a destination messaged before the
  // clock went back waited the whole jump (here an hour) for its next slot, and a Retry-After hold as long.
  const waits: number[] = [];
  const pacer = new Pacer({ ...realClock, sleep: async (ms) => void waits.push(ms) });
  const slack = 'https://hooks.slack.com/services/T/B/x';
  assert.equal((await pacer.before('slack', slack)).waitMs, 0);
  pacer.after('slack', slack, 429, { 'retry-after': '2' });
  const real = Date.now.bind(Date);
  t.mock.method(Date, 'now', () => real() - 3600_000);
  const { waitMs } = await pacer.before('slack', slack);
  assert.ok(waitMs <= 2_000 + 100, `waited ${waitMs} ms`);
  // A Retry-After date is still read against the wall clock, jumped or not.
  pacer.after('slack', slack, 429, { 'retry-after': new Date(Date.now() + 10_000).toUTCString() });
  const next = await pacer.before('slack', slack);
  assert.ok(next.waitMs > 7_000 && next.waitMs <= 11_000, `waited ${next.waitMs} ms`);
});
