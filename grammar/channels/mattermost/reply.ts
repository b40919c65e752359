import { genericReply, type Reply, type ReplyVerdict } from '../reply';

/** Mattermost's error body: `{id, message, detailed_error, status_code}`. */
interface MattermostError {
  readonly id?: string;
  readonly message?: string;
}

/**
 * Mattermost answers 200 `ok`. Errors are JSON with a message id: a payload
 * it cannot read, a hook that no longer exists, or incoming webhooks turned
 * off by the administrator (501).
 */
export function mattermostReply(reply: Reply): ReplyVerdict {
  if (reply.status >= 200 && reply.status < 300) return { ok: true, retryable: false, error: null };
  let error: MattermostError | undefined;
  try {
    const parsed: unknown = JSON.parse(reply.body);
    if (parsed && typeof parsed === 'object') error = parsed as MattermostError;
  } catch {
    error = undefined;
  }
  const id = error?.id ?? '';
  if (id === 'web.incoming_webhook.invalid.app_error' || (reply.status === 404 && id)) {
    return { ok: false, retryable: false, error: `the Mattermost webhook does not exist (HTTP ${reply.status}): it was deleted or the URL is wrong; create a new incoming webhook and update the secret` };
  }
  if (id.includes('incoming_webhook.disabled') || reply.status === 501) {
    return { ok: false, retryable: false, error: `incoming webhooks are turned off on this Mattermost server (HTTP ${reply.status}); ask its administrator to enable them` };
  }
  if (id.startsWith('web.incoming_webhook.')) {
    return { ok: false, retryable: false, error: `Mattermost could not read the message (HTTP ${reply.status}, ${id})${error?.message ? `: ${error.message.slice(0, 300)}` : ''}` };
  }
  return genericReply(reply);
}
