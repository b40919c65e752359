import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dispatch } from '../../../client/dispatch/dispatcher';
import { Pacer, virtualClock } from '../../../client/dispatch/pacer';
import { httpDelivery, loopbackOptions } from '../../support/deliveries';
import { HttpReceiver } from '../../support/httpReceiver';

/** The attempt record's `retryReason` says whose wait it is (docs/delivery.md, the send inspector). */
let receiver: HttpReceiver;
before(async () => (receiver = await HttpReceiver.start()));
after(() => receiver.close());

async function firstRecord(reply: { status: number; headers?: Record<string, string>; body?: string }, channel: 'webhook' | 'discord' = 'webhook') {
  const sleeps: number[] = [];
  const clock = virtualClock(Date.now(), (ms) => void sleeps.push(ms));
  receiver.reply(reply, { status: 204 });
  const r = await dispatch(httpDelivery(receiver.url('/hook'), { channel, transport: { retries: 1, backoffMs: [10] } }), {
    ...loopbackOptions(),
    sleep: clock.sleep,
    now: clock.now,
    pacer: new Pacer(clock),
    recordAttempts: true,
  });
  assert.equal(r.ok, true);
  return { record: r.attemptRecords![0]!, sleeps };
}

for (const [what, reply, channel, asked] of [
  ['Retry-After: 999999999', { status: 429, headers: { 'Retry-After': '999999999' } }, 'webhook', 'more than a day'],
  ['Retry-After of an hour', { status: 503, headers: { 'Retry-After': '3600' } }, 'webhook', '60m'],
  ['Discord retry_after: 1e300', { status: 429, headers: { 'Content-Type': 'application/json' }, body: '{"retry_after": 1e300, "message": "slow down"}' }, 'discord', 'more than a day'],
] as const) {
  test(`${what}: waits the 5-minute cap once, and says it is the receiver's wish capped, not backoff`, async () => {
    const { record, sleeps } = await firstRecord(reply, channel);
    assert.equal(record.retryInMs, 300_000);
    assert.equal(sleeps.reduce((a, b) => a + b, 0), 300_000, 'the retry is not held again by the pacer');
    assert.match(String(record.retryReason), new RegExp(`; waiting 5m, the most Notify waits \\(the receiver asked for ${asked}\\)$`));
    assert.doesNotMatch(String(record.retryReason), /backoff|Infinity|NaN/);
  });
}

test('a Retry-After date in the past is no wish: backoff, said as such', async () => {
  const { record } = await firstRecord({ status: 429, headers: { 'Retry-After': new Date(Date.now() - 86_400_000).toUTCString() } });
  assert.equal(record.retryInMs, 10);
  assert.match(String(record.retryReason), /waiting 10ms \(backoff with jitter\)$/);
});
