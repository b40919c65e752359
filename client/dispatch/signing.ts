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
  const key = standardWebhooksKey(secret);
  if (typeof key === 'string') throw new Error(key);
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/**
 * The key of a Standard Webhooks secret: `whsec_` followed by standard
 * base64 (padded) of 24 to 64 bytes. Anything else — empty, another prefix,
 * characters outside base64, a length that does not decode — is a reason
 * (a string), never a key: an empty or half-decoded key would sign with a
 * key anyone can guess. The prefix may be left out (some providers show the
 * bare base64).
 */
export function standardWebhooksKey(secret: string): Buffer | string {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const hint = 'a Standard Webhooks secret is `whsec_` followed by the base64 of 24 to 64 random bytes (e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw)';
  if (encoded === '') return `the signing secret is empty; ${hint}`;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return `the signing secret is not valid base64; ${hint}`;
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 24 || key.length > 64) return `the signing secret decodes to ${key.length} bytes; ${hint}`;
  return key;
}

/** Why an HMAC signing secret cannot be used, or null. */
export function hmacSecretProblem(secret: string): string | null {
  return secret === '' ? 'the signing secret is empty: an HMAC with an empty key proves nothing' : null;
}

/**
 * The exact text an attempt's signature is computed over, for the send
 * inspector: the body (`hmac-sha256`) or `id.timestamp.body` (Standard
 * Webhooks), with the same timestamp as signatureHeaders at `nowMs`.
 */
export function signedText(signing: ResolvedSigning, body: string, eventId: string, nowMs: number): string {
  return signing.scheme === 'hmac-sha256' ? body : `${eventId}.${Math.floor(nowMs / 1000)}.${body}`;
}

/** The names of the headers signatureHeaders sets, in lower case. */
export function signatureHeaderNames(signing: ResolvedSigning): readonly string[] {
  return signing.scheme === 'hmac-sha256' ? [hmacHeader(signing).toLowerCase()] : STANDARD_WEBHOOKS_HEADERS;
}

const STANDARD_WEBHOOKS_HEADERS: readonly string[] = ['webhook-id', 'webhook-timestamp', 'webhook-signature'];

function hmacHeader(signing: Extract<ResolvedSigning, { scheme: 'hmac-sha256' }>): string {
  return signing.header || 'X-Notify-Signature';
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
    return { [hmacHeader(signing)]: hmacSha256Signature(signing.secret.reveal(), body) };
  }
  const timestamp = Math.floor(nowMs / 1000);
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': standardWebhooksSignature(signing.secret.reveal(), eventId, timestamp, body),
  };
}
