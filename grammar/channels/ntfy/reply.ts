import { genericReply, isRetryableStatus, type Reply, type ReplyVerdict } from '../reply';

/** ntfy's error body: `{"code": 42901, "http": 429, "error": "limit reached: too many requests", "link": …}`. */
interface NtfyError {
  readonly code?: number;
  readonly error?: string;
  readonly link?: string;
}

/**
 * ntfy answers 200 with the published message (JSON). Its errors carry a
 * five-digit code whose first three digits are the HTTP status: 429xx rate
 * limits (retried), 401/403xx a protected topic (set `token`), 413xx a
 * message too large.
 */
export function ntfyReply(reply: Reply): ReplyVerdict {
  if (reply.status >= 200 && reply.status < 300) return { ok: true, retryable: false, error: null };
  let error: NtfyError | undefined;
  try {
    const parsed: unknown = JSON.parse(reply.body);
    if (parsed && typeof parsed === 'object') error = parsed as NtfyError;
  } catch {
    error = undefined;
  }
  // A body of another shape (`"error": {}`) is no ntfy error: the status decides, as for any receiver.
  if (typeof error?.error !== 'string' || error.error === '') return genericReply(reply);
  const what = `${error.error}${typeof error.code === 'number' ? ` (${error.code})` : ''}`;
  if (reply.status === 429) return { ok: false, retryable: true, error: `ntfy is rate limiting this sender: ${what}` };
  if (reply.status === 401 || reply.status === 403) {
    return { ok: false, retryable: false, error: `ntfy refused to publish to this topic: ${what}; a protected topic needs an access token in \`token\` (keep it in $Secret(...))` };
  }
  if (reply.status === 413) return { ok: false, retryable: false, error: `ntfy refused the message as too large: ${what}` };
  // 408 is retried like 5xx (LANGUAGE.md 9), whatever the body says.
  return { ok: false, retryable: isRetryableStatus(reply.status), error: `ntfy answered ${reply.status}: ${what}` };
}
