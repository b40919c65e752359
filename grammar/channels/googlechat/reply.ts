import { genericReply, isRetryableStatus, type Reply, type ReplyVerdict } from '../reply';

/** Google APIs' error body: `{"error": {"code", "message", "status"}}`. */
interface GoogleError {
  readonly code?: number;
  readonly message?: string;
  readonly status?: string;
}

/**
 * Google Chat answers 200 with the created message (JSON). Errors are JSON
 * with a canonical `status`: RESOURCE_EXHAUSTED is a rate limit (retried),
 * NOT_FOUND a deleted space or webhook, PERMISSION_DENIED / UNAUTHENTICATED a
 * wrong or revoked `key`/`token`, INVALID_ARGUMENT a payload Chat cannot read.
 */
export function googleChatReply(reply: Reply): ReplyVerdict {
  if (reply.status >= 200 && reply.status < 300) return { ok: true, retryable: false, error: null };
  const error = googleError(reply.body);
  const detail = error?.message ? `: ${error.message.slice(0, 300)}` : '';
  switch (error?.status) {
    case 'RESOURCE_EXHAUSTED':
      return { ok: false, retryable: true, error: `Google Chat is rate limiting this webhook (HTTP ${reply.status}, RESOURCE_EXHAUSTED)` };
    case 'NOT_FOUND':
      return { ok: false, retryable: false, error: `the Google Chat space or webhook was not found (HTTP ${reply.status}, NOT_FOUND): it was deleted or the URL is wrong; create a new webhook and update the secret` };
    case 'PERMISSION_DENIED':
    case 'UNAUTHENTICATED':
      return { ok: false, retryable: false, error: `Google Chat refused the webhook's key or token (HTTP ${reply.status}, ${error.status})${detail}; copy the webhook URL again from the space's Apps & integrations` };
    case 'INVALID_ARGUMENT':
      return { ok: false, retryable: false, error: `Google Chat could not read the message (HTTP ${reply.status}, INVALID_ARGUMENT)${detail}` };
  }
  if (error?.message) return { ok: false, retryable: isRetryableStatus(reply.status), error: `Google Chat answered ${reply.status}${error.status ? ` (${error.status})` : ''}${detail}` };
  return genericReply(reply);
}

function googleError(body: string): GoogleError | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const error = parsed && typeof parsed === 'object' ? (parsed as { error?: unknown }).error : undefined;
    return error && typeof error === 'object' ? (error as GoogleError) : undefined;
  } catch {
    return undefined;
  }
}
