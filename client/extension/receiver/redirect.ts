/**
 * "Send to Local Receiver": a notifier's HTTP deliveries, aimed at the
 * editor's local receiver instead of their service, so a user sees exactly
 * what would be sent (headers, body, signature) without a real Slack or
 * Teams. Pure, so it is unit-tested.
 */
import type { RenderedDelivery } from '../../../grammar/render/delivery';
import { PLACEHOLDER_OPEN } from '../../../grammar/values/value';

/**
 * The delivery sent to `receiverUrl` (`http://127.0.0.1:PORT/`) instead, or
 * undefined for an email (the receiver takes HTTP). The path and query of a
 * URL written in the file are kept, so the receiver shows which endpoint it
 * was for; a URL holding a secret (a Slack webhook is one) becomes
 * `/CHANNEL`: its path is the secret, and must not be shown.
 */
export function redirectToReceiver(delivery: RenderedDelivery, receiverUrl: string): RenderedDelivery | undefined {
  const request = delivery.request;
  if (!request) return undefined;
  const base = new URL(receiverUrl);
  let path = `/${delivery.channel}`;
  if (!request.url.includes(PLACEHOLDER_OPEN)) {
    try {
      const written = new URL(request.url);
      path = written.pathname + written.search;
    } catch {
      // not a URL: the channel's name will do
    }
  }
  return { ...delivery, request: { ...request, url: new URL(path, base).href } };
}
