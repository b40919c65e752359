import { genericReply, isRetryableStatus, type Reply, type ReplyVerdict } from '../reply';

interface DiscordError {
  code?: number;
  message?: string;
  errors?: unknown;
  retry_after?: number;
}

/** Discord answers 204 (200 with `?wait=true`); its errors are JSON `{code, message, errors, retry_after}`. */
export function discordReply(reply: Reply): ReplyVerdict {
  if (reply.status >= 200 && reply.status < 300) return { ok: true, retryable: false, error: null };
  let json: DiscordError | null = null;
  try {
    const parsed: unknown = JSON.parse(reply.body);
    if (parsed && typeof parsed === 'object') json = parsed as DiscordError;
  } catch {
    json = null;
  }
  if (reply.status === 429) {
    const retryAfterMs = typeof json?.retry_after === 'number' ? Math.round(json.retry_after * 1000) : null;
    return { ok: false, retryable: true, retryAfterMs, error: `Discord is rate limiting this webhook (HTTP 429${retryAfterMs !== null ? `, retry after ${json!.retry_after}s` : ''})` };
  }
  if (json?.code === 10015 || ((reply.status === 401 || reply.status === 404) && /Unknown Webhook/i.test(json?.message ?? ''))) {
    return { ok: false, retryable: false, error: `the Discord webhook does not exist (Unknown Webhook, HTTP ${reply.status}): it was deleted or the URL is wrong; create a new one and update the secret` };
  }
  if (json?.code === 50027) {
    return { ok: false, retryable: false, error: `the Discord webhook token is invalid (HTTP ${reply.status}): copy the webhook URL again` };
  }
  if (json?.code === 50035) {
    const details = flattenDiscordErrors(json.errors);
    return {
      ok: false,
      retryable: false,
      error: `Discord refused the message (Invalid Form Body)${details.length ? ': ' + details.join('; ') : ''}`,
    };
  }
  if (typeof json?.message === 'string' && json.message !== '') {
    return { ok: false, retryable: isRetryableStatus(reply.status), error: `Discord answered ${reply.status}: ${json.message}${typeof json.code === 'number' ? ` (code ${json.code})` : ''}` };
  }
  return genericReply(reply);
}

/** `{embeds: {0: {description: {_errors: [{message}]}}}}` → `embeds[0].description: message`. */
export function flattenDiscordErrors(errors: unknown, path = ''): string[] {
  if (!errors || typeof errors !== 'object') return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(errors as Record<string, unknown>)) {
    if (key === '_errors' && Array.isArray(value)) {
      for (const e of value) {
        const message = (e as { message?: string; code?: string }).message ?? (e as { code?: string }).code ?? 'invalid';
        out.push(`${path || 'body'}: ${message}`);
      }
    } else {
      const next = /^\d+$/.test(key) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      out.push(...flattenDiscordErrors(value, next));
    }
  }
  return out;
}
