// Sends that run at the same time through one pacer, as the editor's do (one
// pacer per extension host): a destination's hold and rate apply across them.
// The real dispatcher against a loopback receiver, on a virtual clock, so
// every wait is exact and none is slept for real.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { dispatch } from '../../../client/dispatch/dispatcher';
import { Pacer, virtualClock } from '../../../client/dispatch/pacer';
import { envSecretSource } from '../../../client/dispatch/secrets';
import type { RenderedDelivery } from '../../../grammar/render/delivery';
import { httpDelivery } from '../../support/deliveries';
import { HttpReceiver } from '../../support/httpReceiver';

const START = 1_700_000_000_000;
let receiver: HttpReceiver;
before(async () => (receiver = await HttpReceiver.start()));
after(() => receiver.close());
beforeEach(() => receiver.reset());

function sharedSend(pacer: Pacer, clock: ReturnType<typeof virtualClock>) {
  return (delivery: RenderedDelivery) =>
    dispatch(delivery, {
      secrets: envSecretSource({}),
      env: {},
      allowPrivate: true,
      allowEnv: true,
      version: '0.1.0',
      sleep: clock.sleep,
      now: clock.now,
      random: () => 0.5,
      pacer,
      recordAttempts: true,
    });
}

test('a 429 with Retry-After to one send holds a send started at the same time until the named time', async () => {
  const clock = virtualClock(START);
  const arrivedAt: number[] = [];
  receiver.reply(
    () => (arrivedAt.push(clock.now()), { status: 429, headers: { 'Retry-After': '30' }, delayHeadersMs: 50 }),
    () => (arrivedAt.push(clock.now()), { status: 200, body: 'ok' }),
  );
  const send = sharedSend(new Pacer(clock), clock);
  const url = receiver.url('/hook');
  const [first, second] = await Promise.all([
    send(httpDelivery(url, { notifier: 'First', transport: { retries: 0 } })),
    send(httpDelivery(url, { notifier: 'Second', transport: { retries: 0 } })),
  ]);
  assert.equal(receiver.requests.length, 2);
  assert.equal(first.status, 429);
  assert.equal(second.ok, true);
  assert.equal(arrivedAt[0], START);
  assert.ok(arrivedAt[1]! >= START + 30_000, `the second arrived ${arrivedAt[1]! - START} ms after the first, before the 30 s asked for`);
  const paced = second.attemptRecords![0]!;
  assert.equal(paced.pacedMs, 30_000);
  assert.equal(paced.pacedBecause, 'the receiver answered 429 and asked to wait 30 s (Retry-After)');
});

test("two sends to one Slack webhook started at once go a second apart (the channel's rate), each arriving once", async () => {
  const clock = virtualClock(START);
  const arrivedAt: number[] = [];
  receiver.replyByDefault(() => (arrivedAt.push(clock.now()), { status: 200, body: 'ok' }));
  const send = sharedSend(new Pacer(clock), clock);
  const url = receiver.url('/services/T/B/x');
  const results = await Promise.all([0, 1, 2].map((i) => send(httpDelivery(url, { channel: 'slack', notifier: `N${i}`, transport: { retries: 0 } }))));
  assert.deepEqual(results.map((r) => r.ok), [true, true, true]);
  assert.deepEqual(arrivedAt.map((t) => t - START), [0, 1000, 2000]);
});

test('a destination waiting for its reply does not hold back another destination', async () => {
  const clock = virtualClock(START);
  const order: string[] = [];
  receiver.replyByDefault((req) => (order.push(req.path), req.path === '/slow' ? { status: 200, delayHeadersMs: 300 } : { status: 200 }));
  const send = sharedSend(new Pacer(clock), clock);
  let slowEnded = false;
  const slow = send(httpDelivery(receiver.url('/slow'), { transport: { retries: 0 } })).finally(() => (slowEnded = true));
  await receiver.waitForRequests(1);
  const fast = await send(httpDelivery(receiver.url('/fast'), { transport: { retries: 0 } }));
  assert.equal(fast.ok, true);
  assert.equal(slowEnded, false, 'the other destination waited for the slow reply');
  assert.deepEqual(order, ['/slow', '/fast']);
  assert.equal((await slow).ok, true);
});

test('a message queued behind one that failed without a reply still goes', async () => {
  const clock = virtualClock(START);
  receiver.reply({ closeSocket: true }, { status: 200 });
  const send = sharedSend(new Pacer(clock), clock);
  const url = receiver.url('/hook');
  const [first, second] = await Promise.all([
    send(httpDelivery(url, { transport: { retries: 0 } })),
    send(httpDelivery(url, { transport: { retries: 0 } })),
  ]);
  assert.equal(first.ok, false);
  assert.equal(second.ok, true);
});
