import { genericReply, type Reply, type ReplyVerdict } from '../reply';

/** Teams Workflows answer 202; legacy connectors 200 `1`, or 200 with an error text when they drop a message. */
export function teamsReply(reply: Reply): ReplyVerdict {
  const text = reply.body.trim();
  if (reply.status >= 200 && reply.status < 300) {
    // Legacy connectors answer 200 even when they drop the message, with the error as text ("1" means delivered).
    if (text === '' || text === '1' || text.startsWith('{')) return { ok: true, retryable: false, error: null };
    if (/HTTP error 429/i.test(text)) {
      return { ok: false, retryable: true, error: `Teams is throttling this webhook: ${text.slice(0, 200)}` };
    }
    if (/required|bad request|error|invalid|failed/i.test(text)) {
      return { ok: false, retryable: false, error: `Teams refused the message (HTTP ${reply.status}): ${text.slice(0, 300)}` };
    }
    return { ok: true, retryable: false, error: null };
  }
  if (reply.status === 400 && /Summary or Text is required/i.test(text)) {
    return { ok: false, retryable: false, error: 'Teams refused the card: "Summary or Text is required" — set `text` or `title`' };
  }
  if (reply.status === 400) {
    return {
      ok: false,
      retryable: false,
      error: `Teams could not read the card (HTTP 400${text ? `: ${text.slice(0, 300)}` : ''}); check \`format\` matches the URL (Workflows: "adaptive", legacy connector: "messagecard")`,
    };
  }
  if (reply.status === 401 || reply.status === 403) {
    return {
      ok: false,
      retryable: false,
      error: `Teams refused the webhook URL (HTTP ${reply.status}): the workflow may be turned off or the URL's signature (sig=) is wrong; copy the URL again from the workflow`,
    };
  }
  if (reply.status === 404) {
    return { ok: false, retryable: false, error: 'the Teams webhook was not found (HTTP 404): the workflow or connector was deleted, or the URL is wrong' };
  }
  return genericReply(reply);
}
