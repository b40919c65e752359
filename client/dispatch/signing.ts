import { createHmac } from 'node:crypto';
import type { ResolvedSigning } from './resolve';

/** `sha256=<hex HMAC-SHA256 of the raw body>` (the GitHub `X-Hub-Signature-256` form). */
export function hmacSha256Signature(secret: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/**
 * Standard Webhooks `webhook-signature`: `v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">`, keyed with the base64-decoded secret after its
 * `whsec_` prefix.
 */
export function standardWebhooksSignature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/**
 * The headers that sign one attempt. Standard Webhooks signs a timestamp
 * that receivers check for freshness, so it is computed per attempt; the id
 * (the event id) stays the same so receivers can deduplicate.
 */
export function signatureHeaders(
  signing: ResolvedSigning,
  body: string,
  eventId: string,
  nowMs: number,
): Record<string, string> {
  if (signing.scheme === 'hmac-sha256') {
    return { [signing.header || 'X-Notify-Signature']: hmacSha256Signature(signing.secret.reveal(), body) };
  }
  const timestamp = Math.floor(nowMs / 1000);
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': standardWebhooksSignature(signing.secret.reveal(), eventId, timestamp, body),
  };
}
