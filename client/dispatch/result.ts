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
}

/** The fields `notify send` prints, in the order it prints them. */
export function publicFields(r: DeliveryResult): Omit<DeliveryResult, 'reply'> {
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
