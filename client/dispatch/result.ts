import type { ChannelKind } from '../../grammar/syntax/ast';

/**
 * The outcome of one delivery. The first eight fields, in this order, are
 * what `notify send` prints per delivery (spec section 10). Every text in it
 * has been through the redactor: no secret value can appear.
 */
export interface DeliveryResult {
  readonly notifier: string;
  readonly channel: ChannelKind;
  /** The URL (with secrets as placeholders) or the recipients. */
  readonly target: string;
  readonly ok: boolean;
  /** The HTTP status or SMTP reply code of the last attempt; null when there was none. */
  readonly status: number | null;
  readonly attempts: number;
  readonly durationMs: number;
  readonly error: string | null;
  /** The start of the receiver's last reply, for display. */
  readonly reply?: string;
  /**
   * Said of a delivered message when there is something to know: its 2xx
   * reply's body broke off (connection reset, timeout), so the service's own
   * reading of it could not be made. `notify send` prints it; not in the history.
   */
  readonly note?: string;
  /** Every attempt in full, when the dispatcher was asked to keep them (`recordAttempts`). */
  readonly attemptRecords?: readonly AttemptRecord[];
}

/**
 * One attempt, as the send inspector and `notify send --format json` show it
 * (docs/LANGUAGE.md section 10). Every text has been through the redactor:
 * request texts with `redact`, the receiver's texts with `reveal`.
 */
export interface AttemptRecord {
  /** 1-based. */
  readonly attempt: number;
  /** When the request left (ISO 8601, UTC). */
  readonly startedAt: string;
  /** How long pacing held this attempt back (docs/delivery.md#pacing), and why. */
  readonly pacedMs: number;
  readonly pacedBecause: string | null;
  /** From sending the request to the end of the reply (or the error). */
  readonly durationMs: number;
  /** The request as sent, secrets masked; null for email. */
  readonly request: { readonly method: string; readonly url: string; readonly headers: Readonly<Record<string, string>>; readonly body: string | null } | null;
  /** The exact text that was signed (secrets masked), when the delivery is signed. */
  readonly signed: string | null;
  /** What came back (an SMTP reply has no headers); null when nothing did. */
  readonly response: { readonly status: number | null; readonly headers: Readonly<Record<string, string>>; readonly body: string | null } | null;
  readonly ok: boolean;
  readonly error: string | null;
  /** The wait before the next attempt, and why there is one; null on the last attempt. */
  readonly retryInMs: number | null;
  readonly retryReason: string | null;
}

/** The fields `notify send` prints, in the order it prints them. */
export function publicFields(r: DeliveryResult): Omit<DeliveryResult, 'reply' | 'attemptRecords'> {
  return {
    notifier: r.notifier,
    channel: r.channel,
    target: r.target,
    ok: r.ok,
    status: r.status,
    attempts: r.attempts,
    durationMs: r.durationMs,
    error: r.error,
  };
}

/** One attempt, for progress display. */
export interface AttemptInfo {
  readonly notifier: string;
  readonly channel: ChannelKind;
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly ok: boolean;
  readonly status: number | null;
  /** What happened, short: `503`, `connection refused`, `timed out after 10s`. */
  readonly outcome: string;
  readonly error: string | null;
  /** The wait before the next attempt, or null if there is none. */
  readonly retryInMs: number | null;
}

/** `notify: [Critical vulnerabilities/slack] attempt 2/4 → 503, retrying in 12s` */
export function formatAttemptLine(info: AttemptInfo): string {
  const head = `notify: [${info.notifier}/${info.channel}] attempt ${info.attempt}/${info.maxAttempts} → ${info.outcome}`;
  if (info.ok) return `${head}, delivered`;
  if (info.retryInMs !== null) return `${head}, retrying in ${formatWait(info.retryInMs)}`;
  return info.attempt < info.maxAttempts ? `${head}, not retried` : `${head}, giving up`;
}

export function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return s % 60 === 0 ? `${s / 60}m` : `${Math.floor(s / 60)}m ${s % 60}s`;
}

/** A timeout as written in a channel (`10s`, `250ms`): how an attempt's deadline is named in its error. */
export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
