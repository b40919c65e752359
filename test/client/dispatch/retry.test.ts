import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRetryableStatus, MAX_WAIT_MS, NotAnAttempt, parseRetryAfter, waitBeforeNextAttempt, withRetries } from '../../../client/dispatch/retry';

test('the n-th backoff value is used, the last repeats, jitter is ±20 %', () => {
  const backoff = [10_000, 60_000, 300_000];
  assert.equal(waitBeforeNextAttempt(1, backoff, () => 0.5, null), 10_000);
  assert.equal(waitBeforeNextAttempt(2, backoff, () => 0.5, null), 60_000);
  assert.equal(waitBeforeNextAttempt(3, backoff, () => 0.5, null), 300_000);
  assert.equal(waitBeforeNextAttempt(7, [1000, 2000], () => 0.5, null), 2000);
  assert.equal(waitBeforeNextAttempt(1, backoff, () => 0, null), 8000);
  assert.equal(waitBeforeNextAttempt(1, backoff, () => 1, null), 12_000);
  assert.equal(waitBeforeNextAttempt(1, [], () => 0.5, null), 0);
});

test('Retry-After wins only when larger, and every wait is capped at 5 minutes', () => {
  assert.equal(waitBeforeNextAttempt(1, [10_000], () => 0.5, 30_000), 30_000);
  assert.equal(waitBeforeNextAttempt(1, [10_000], () => 0.5, 2_000), 10_000);
  assert.equal(waitBeforeNextAttempt(1, [10_000], () => 0.5, 3_600_000), MAX_WAIT_MS);
  assert.equal(waitBeforeNextAttempt(3, [300_000], () => 1, null), MAX_WAIT_MS);
});

test('Retry-After reads seconds and HTTP dates', () => {
  const now = Date.parse('2026-04-28T07:12:43Z');
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter(' 1.5 ', now), 1500);
  assert.equal(parseRetryAfter('Tue, 28 Apr 2026 07:13:13 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Tue, 28 Apr 2026 07:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), null);
  assert.equal(parseRetryAfter(undefined, now), null);
});

test('retried statuses: 408, 429 and 5xx only', () => {
  for (const s of [408, 429, 500, 502, 503, 504, 599]) assert.ok(isRetryableStatus(s), String(s));
  for (const s of [200, 301, 302, 400, 401, 403, 404, 409, 410, 413, 422]) assert.ok(!isRetryableStatus(s), String(s));
});

test('withRetries makes 1 + retries attempts and sleeps between them, not after the last', async () => {
  const waits: number[] = [];
  const reports: (number | null)[] = [];
  let calls = 0;
  const { attempts, outcome } = await withRetries(
    { retries: 3, backoffMs: [100, 200] },
    async () => ({ ok: false, retryable: true, n: ++calls }),
    { sleep: async (ms) => void waits.push(ms), random: () => 0.5, onAttempt: (r) => reports.push(r.retryInMs) },
  );
  assert.equal(attempts, 4);
  assert.equal(calls, 4);
  assert.equal(outcome.n, 4);
  assert.deepEqual(waits, [100, 200, 200]);
  assert.deepEqual(reports, [100, 200, 200, null]);
});

test('withRetries stops at success and at a non-retryable failure', async () => {
  let calls = 0;
  const ok = await withRetries({ retries: 5, backoffMs: [1] }, async () => ({ ok: ++calls === 2, retryable: true }), {
    sleep: async () => undefined,
    random: () => 0.5,
  });
  assert.equal(ok.attempts, 2);
  const permanent = await withRetries({ retries: 5, backoffMs: [1] }, async () => ({ ok: false, retryable: false }), {
    sleep: async () => assert.fail('must not wait'),
    random: () => 0.5,
  });
  assert.equal(permanent.attempts, 1);
});

test('withRetries: an attempt that says it was not one (NotAnAttempt) is not counted, not reported and ends the run with its outcome', async () => {
  const reports: number[] = [];
  const waits: number[] = [];
  let calls = 0;
  const run = await withRetries(
    { retries: 3, backoffMs: [10] },
    async () => (++calls === 2 ? new NotAnAttempt({ ok: false, retryable: true, why: 'refused' }) : { ok: false, retryable: true, why: 'network' }),
    { sleep: async (ms) => void waits.push(ms), random: () => 0.5, onAttempt: (r) => reports.push(r.attempt) },
  );
  assert.deepEqual([run.attempts, run.outcome.why, calls], [1, 'refused', 2]);
  assert.deepEqual(reports, [1]);
  assert.deepEqual(waits, [10]);
  const first = await withRetries({ retries: 3, backoffMs: [10] }, async () => new NotAnAttempt({ ok: false, retryable: false }), {
    sleep: async () => assert.fail('must not wait'),
    random: () => 0.5,
    onAttempt: () => assert.fail('not an attempt'),
  });
  assert.equal(first.attempts, 0);
});
