/** The retry policy of spec section 9, kept free of I/O so it can be tested exactly. */

export const MAX_WAIT_MS = 5 * 60 * 1000;
export const JITTER = 0.2;

/** What one attempt ended with, as far as retrying is concerned. */
export interface AttemptVerdict {
  readonly ok: boolean;
  /** Worth another attempt (network error, timeout, 408, 429, 5xx, transient SMTP). */
  readonly retryable: boolean;
  /** How long the receiver asked us to wait (Retry-After, Discord's retry_after). */
  readonly retryAfterMs?: number | null;
}

export type Sleep = (ms: number) => Promise<void>;
export type Random = () => number;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The wait before attempt `n + 1` (n ≥ 1): the n-th backoff value (the last
 * one repeats) with ±20 % jitter, or the receiver's wish when that is larger;
 * never more than 5 minutes.
 */
export function waitBeforeNextAttempt(
  n: number,
  backoffMs: readonly number[],
  random: Random,
  retryAfterMs: number | null | undefined,
): number {
  const base = backoffMs.length === 0 ? 0 : backoffMs[Math.min(n - 1, backoffMs.length - 1)]!;
  const jittered = base * (1 + (random() * 2 - 1) * JITTER);
  const wait = retryAfterMs != null && retryAfterMs > jittered ? retryAfterMs : jittered;
  return Math.round(Math.min(Math.max(wait, 0), MAX_WAIT_MS));
}

export { isRetryableStatus } from '../../grammar/channels/reply';

/**
 * `Retry-After` in milliseconds: delay-seconds or an HTTP date (relative to
 * `now`); null when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined | null, now: number = Date.now()): number | null {
  if (value == null) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return null;
  return Math.max(0, date - now);
}

export interface AttemptReport<T> {
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly outcome: T;
  /** The wait before the next attempt, or null when this was the last one. */
  readonly retryInMs: number | null;
}

export interface RetryPolicy {
  readonly retries: number;
  readonly backoffMs: readonly number[];
}

/**
 * What an attempt returns when it turns out nothing was sent (a destination
 * refused in the socket's lookup, before connecting): not an attempt
 * (docs/delivery.md: a refused destination has 0 attempts), so it is neither
 * counted nor reported, and it ends the retries with `outcome`.
 */
export class NotAnAttempt<T> {
  constructor(readonly outcome: T) {}
}

/**
 * Runs `attempt` up to `1 + retries` times, waiting between attempts as the
 * policy says. Returns the last outcome and how many attempts were made
 * (a `NotAnAttempt` ends the run without counting).
 */
export async function withRetries<T extends AttemptVerdict>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T | NotAnAttempt<T>>,
  hooks: { sleep: Sleep; random: Random; onAttempt?: (report: AttemptReport<T>) => void },
): Promise<{ outcome: T; attempts: number }> {
  const maxAttempts = 1 + Math.max(0, Math.floor(policy.retries));
  for (let n = 1; ; n++) {
    const outcome = await attempt(n);
    if (outcome instanceof NotAnAttempt) return { outcome: outcome.outcome, attempts: n - 1 };
    const again = !outcome.ok && outcome.retryable && n < maxAttempts;
    const retryInMs = again ? waitBeforeNextAttempt(n, policy.backoffMs, hooks.random, outcome.retryAfterMs) : null;
    hooks.onAttempt?.({ attempt: n, maxAttempts, outcome, retryInMs });
    if (!again) return { outcome, attempts: n };
    await hooks.sleep(retryInMs!);
  }
}
