/**
 * Pacing of messages (docs/delivery.md#pacing): messages to one destination
 * go at most as fast as its channel's `rateLimit`, and a destination that
 * said to slow down (`X-RateLimit-Remaining: 0` with
 * `X-RateLimit-Reset-After`, or `Retry-After` on 429/503) gets nothing until
 * the time it named. Destinations that report one `X-RateLimit-Bucket` share
 * their budget. One pacer serves every send that shares those budgets: a
 * `notify send` process, or the editor's extension host for its lifetime
 * (sends started at once run concurrently there). The time comes from an
 * injected clock so the rule is tested exactly.
 */
import { destinationKey, paceIntervalMs, rateLimitOf } from '../../grammar/channels/pacing';
import { CHANNELS } from '../../grammar/channels/registry';
import type { ChannelKind } from '../../grammar/syntax/ast';
import { MAX_WAIT_MS, parseRetryAfter, realSleep } from './retry';

export interface PacerClock {
  /** A time that only moves forward (milliseconds): what slots and holds are kept in. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** The wall clock (milliseconds since 1970), for times a receiver names as dates; `now()` when absent. */
  wall?(): number;
}

/**
 * The real clock: slots and holds on the monotonic clock, so that a jump of
 * the wall clock (an NTP step, a clock set by hand) neither holds a
 * destination for the jump nor lets messages go early; only dates a
 * receiver sends (`Retry-After: <date>`, `X-RateLimit-Reset`) are read
 * against the wall clock.
 */
export const realClock: PacerClock = { now: () => performance.now(), wall: () => Date.now(), sleep: realSleep };

/** The wait before one attempt, and why (null when there was none). */
export interface PaceWait {
  readonly waitMs: number;
  readonly reason: string | null;
}

interface Budget {
  /** The earliest time the next message may go by the declared rate. */
  next: number;
  /** Set by the destination's own headers: nothing goes before this. */
  holdUntil: number;
  holdReason: string;
}

export class Pacer {
  private readonly budgets = new Map<string, Budget>();
  /** Destination → `bucket <id>`, once a reply named its bucket. */
  private readonly bucketOf = new Map<string, string>();
  /** Destination → the turn of the last message queued for it (settled once its reply is read). */
  private readonly turns = new Map<string, Promise<void>>();

  constructor(private readonly clock: PacerClock = realClock) {}

  /**
   * Waits until a message to `url` may go and takes its slot. Concurrent
   * callers get successive slots, so the order of calls is the order sent.
   */
  async before(channel: ChannelKind, url: string): Promise<PaceWait> {
    const key = destinationKey(channel, url);
    const budget = this.budget(key);
    const now = this.clock.now();
    const limit = rateLimitOf(channel);
    const byRate = budget.next;
    const at = Math.max(now, byRate, budget.holdUntil);
    budget.next = at + paceIntervalMs(limit);
    const waitMs = Math.round(at - now);
    if (waitMs <= 0) return { waitMs: 0, reason: null };
    const reason =
      budget.holdUntil >= byRate
        ? budget.holdReason
        : `paced: ${serviceName(channel)} takes about ${limit!.perSecond} message${limit!.perSecond === 1 ? '' : 's'} a second to one destination`;
    await this.clock.sleep(waitMs);
    return this.heldMeanwhile(channel, key, at, { waitMs, reason });
  }

  /**
   * Sends one message to `url` in its destination's turn: after the previous
   * message to it (from any send sharing this pacer) has its reply, so a hold
   * that reply names (read by `after`, which `attempt` calls) applies to this
   * one; then it waits as `before` says. A destination thus has at most one
   * message in flight.
   */
  async inTurn<T>(channel: ChannelKind, url: string, attempt: (wait: PaceWait) => Promise<T>): Promise<T> {
    const key = destinationKey(channel, url);
    const previous = this.turns.get(key);
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    this.turns.set(key, mine);
    try {
      if (previous) await previous;
      return await attempt(await this.before(channel, url));
    } finally {
      if (this.turns.get(key) === mine) this.turns.delete(key);
      done();
    }
  }

  /**
   * A hold learned while the caller slept (a reply from a destination of the
   * same bucket) is waited out too: the slot taken before it was known must
   * not go early.
   */
  private async heldMeanwhile(channel: ChannelKind, key: string, sleptUntil: number, wait: PaceWait): Promise<PaceWait> {
    const budget = this.budget(key);
    if (budget.holdUntil <= sleptUntil) return wait;
    const more = Math.round(budget.holdUntil - this.clock.now());
    if (more <= 0) return wait;
    budget.next = Math.max(budget.next, budget.holdUntil + paceIntervalMs(rateLimitOf(channel)));
    await this.clock.sleep(more);
    return { waitMs: wait.waitMs + more, reason: budget.holdReason };
  }

  /**
   * Learns from one reply: the rate-limit headers (names lower case, as
   * undici gives them) and, on 429 or 503, how long the receiver asked to
   * wait (`Retry-After`, or a body field such as Discord's `retry_after`,
   * read by the channel module). Returns what it will hold the destination
   * for, or null.
   */
  after(channel: ChannelKind, url: string, status: number, headers: Readonly<Record<string, string>>, askedWaitMs: number | null = null): string | null {
    const key = destinationKey(channel, url);
    const bucket = headers['x-ratelimit-bucket']?.trim();
    // A bucket is shared only within one service and origin: another receiver cannot slow this one down by naming its bucket.
    if (bucket) this.joinBucket(key, `${channel} ${originOf(url)} bucket ${bucket}`);
    const budget = this.budget(key);
    const now = this.clock.now();
    const wall = this.clock.wall?.() ?? now;
    let holdMs = -1;
    let reason = '';
    const remaining = numberOf(headers['x-ratelimit-remaining']);
    if (remaining !== null && remaining <= 0) {
      const resetAfter = numberOf(headers['x-ratelimit-reset-after']);
      const resetAt = numberOf(headers['x-ratelimit-reset']);
      const ms = resetAfter !== null ? resetAfter * 1000 : resetAt !== null ? resetAt * 1000 - wall : null;
      if (ms !== null && ms > holdMs) {
        holdMs = ms;
        reason = `the receiver said X-RateLimit-Remaining: 0, reset after ${seconds(ms)}`;
      }
    }
    if (status === 429 || status === 503) {
      const fromHeader = parseRetryAfter(headers['retry-after'], wall);
      const ms = Math.max(fromHeader ?? -1, askedWaitMs ?? -1);
      if (ms > holdMs) {
        holdMs = ms;
        reason = `the receiver answered ${status} and asked to wait ${seconds(ms)}${fromHeader === ms ? ' (Retry-After)' : ''}`;
      }
    }
    if (holdMs < 0) return null;
    const until = now + Math.min(Math.ceil(holdMs), MAX_WAIT_MS);
    if (until > budget.holdUntil) {
      budget.holdUntil = until;
      budget.holdReason = reason;
    }
    return reason;
  }

  private budget(key: string): Budget {
    const id = this.bucketOf.get(key) ?? key;
    let budget = this.budgets.get(id);
    if (!budget) {
      budget = { next: -Infinity, holdUntil: -Infinity, holdReason: '' };
      this.budgets.set(id, budget);
    }
    return budget;
  }

  /** Destinations in one bucket share one budget: the stricter of what each had. */
  private joinBucket(key: string, bucket: string): void {
    if (this.bucketOf.get(key) === bucket) return;
    const own = this.budget(key);
    this.bucketOf.set(key, bucket);
    const shared = this.budgets.get(bucket);
    if (!shared) {
      this.budgets.set(bucket, own);
      return;
    }
    shared.next = Math.max(shared.next, own.next);
    if (own.holdUntil > shared.holdUntil) {
      shared.holdUntil = own.holdUntil;
      shared.holdReason = own.holdReason;
    }
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function numberOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.trim();
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : null;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

function serviceName(channel: ChannelKind): string {
  return CHANNELS[channel].module.service?.name ?? channel;
}

/**
 * A clock whose time moves only when something sleeps on it (starting at
 * `start`): pacing decided by it is exact, whatever the machine's load.
 * `onSleep` sees each wait (a test's recording sleep).
 */
export function virtualClock(start = 0, onSleep?: (ms: number) => Promise<void> | void): PacerClock & { advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => void (t += ms),
    sleep: async (ms) => {
      t += ms;
      await onSleep?.(ms);
    },
  };
}
