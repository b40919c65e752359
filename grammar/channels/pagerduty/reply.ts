import { genericReply, type Reply, type ReplyVerdict } from '../reply';

/** `{"status": "invalid event", "message": "Event object is invalid", "errors": ["…"]}`. */
interface PagerDutyBody {
  readonly status?: string;
  readonly message?: string;
  readonly errors?: readonly unknown[];
}

/**
 * The Events API answers 202 `{"status": "success", "dedup_key": …}`. 400
 * lists what is wrong with the event (often the routing key), 429 is its
 * rate limit (retried), 5xx are retried as PagerDuty asks.
 */
export function pagerDutyReply(reply: Reply): ReplyVerdict {
  if (reply.status >= 200 && reply.status < 300) return { ok: true, retryable: false, error: null };
  let body: PagerDutyBody | undefined;
  try {
    const parsed: unknown = JSON.parse(reply.body);
    if (parsed && typeof parsed === 'object') body = parsed as PagerDutyBody;
  } catch {
    body = undefined;
  }
  if (reply.status === 429) return { ok: false, retryable: true, error: 'PagerDuty is rate limiting events for this routing key (HTTP 429)' };
  if (reply.status === 400 && body) {
    const errors = (body.errors ?? []).filter((e): e is string => typeof e === 'string');
    const key = errors.some((e) => /routing_key|routing key|integration key/i.test(e));
    return {
      ok: false,
      retryable: false,
      error: `PagerDuty refused the event (${body.message ?? body.status ?? 'invalid event'})${errors.length ? `: ${errors.join('; ').slice(0, 300)}` : ''}${key ? '; check `routing_key`: the integration key of an Events API v2 integration (32 characters)' : ''}`,
    };
  }
  return genericReply(reply);
}
