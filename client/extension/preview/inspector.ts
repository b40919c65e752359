/**
 * The send inspector (docs/delivery.md#the-send-inspector-every-attempt-in-full):
 * what the preview shows after a send, built from the dispatcher's results and
 * their attempt records. Pure and serialisable: it is posted to the webview
 * as is. Every text in it has already been masked by the dispatcher's
 * redactor (client/dispatch/redact.ts); nothing here sees a secret.
 */
import type { AttemptRecord, DeliveryResult } from '../../dispatch/result';

export interface InspectorModel {
  /** When the send ended (ISO 8601). */
  readonly finishedAt: string;
  /** The file sent from, as the panel names it. */
  readonly fileName: string;
  /** Every delivery went: a send of several that did not all go is not a success. */
  readonly ok: boolean;
  /** "3 of 3 delivered" or "2 of 3 delivered — partly sent, not a success". */
  readonly summary: string;
  readonly deliveries: readonly InspectedDelivery[];
}

export interface InspectedDelivery {
  readonly notifier: string;
  readonly channel: string;
  readonly target: string;
  readonly ok: boolean;
  readonly status: number | null;
  readonly error: string | null;
  readonly durationMs: number;
  /** Said of a delivered reply whose body could not be read in full (DeliveryResult.note, LANGUAGE.md 9). */
  readonly note: string | null;
  readonly attempts: readonly AttemptRecord[];
}

/**
 * `total` is how many deliveries the send had: those the user cancelled at
 * their confirmation have no result, and a send of several is a success only
 * when every one of them went ("N of M delivered", as the editor's
 * notification says), never "1 of 1" for one sent out of two.
 */
export function buildInspectorModel(results: readonly DeliveryResult[], fileName: string, finishedAt = new Date(), total = results.length): InspectorModel {
  const delivered = results.filter((r) => r.ok).length;
  const of = Math.max(total, results.length);
  const ok = delivered === of;
  const summary =
    results.length === 0
      ? 'nothing was sent'
      : ok
        ? `${delivered} of ${of} delivered`
        : delivered === 0
          ? `0 of ${of} delivered — failed`
          : `${delivered} of ${of} delivered — partly sent, not a success`;
  return {
    finishedAt: finishedAt.toISOString(),
    fileName,
    ok: ok && results.length > 0,
    summary,
    deliveries: results.map((r) => ({
      notifier: r.notifier,
      channel: r.channel,
      target: r.target,
      ok: r.ok,
      status: r.status,
      error: r.error,
      durationMs: r.durationMs,
      note: r.note ?? null,
      attempts: r.attemptRecords ?? [],
    })),
  };
}
