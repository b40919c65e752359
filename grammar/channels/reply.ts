import type { ChannelKind } from '../syntax/ast';
import { isRetryableStatus } from '../../client/dispatch/retry';

/** How a service's reply reads: delivered or not, worth retrying, and what to tell the person. */
export interface ReplyVerdict {
  readonly ok: boolean;
  readonly retryable: boolean;
  readonly error: string | null;
  /** Discord says how long to wait in its JSON body. */
  readonly retryAfterMs?: number | null;
}

export interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const SLACK_ERRORS: Readonly<Record<string, string>> = {
  invalid_payload: 'Slack could not read the message (invalid_payload): the body is not valid Slack JSON; check `text` and `fields`',
  no_text: 'Slack refused a message without text (no_text): set `text`',
  too_many_attachments: 'Slack refused the message (too_many_attachments): a message can have at most 100 attachments',
  channel_not_found: 'the Slack channel of this webhook no longer exists (channel_not_found): create a new webhook for an existing channel',
  channel_is_archived: 'the Slack channel of this webhook is archived (channel_is_archived): unarchive it or create a webhook for another channel',
  no_service: 'the Slack webhook is disabled or was removed (no_service): create a new incoming webhook and update the secret',
  invalid_token: 'the Slack webhook URL is no longer valid (invalid_token): create a new incoming webhook and update the secret',
  action_prohibited: 'a Slack workspace admin restricted posting to this channel (action_prohibited)',
  posting_to_general_channel_denied:
    'only admins may post to this Slack channel (posting_to_general_channel_denied): use another channel or ask an admin',
};

/** Reads the reply of `channel`'s service into a verdict a person can act on. */
export function interpretReply(channel: ChannelKind, reply: Reply): ReplyVerdict {
  switch (channel) {
    case 'slack':
      return slack(reply);
    case 'teams':
      return teams(reply);
    case 'discord':
      return discord(reply);
    default:
      return generic(reply);
  }
}

function generic({ status, body, headers }: Reply): ReplyVerdict {
  if (status >= 200 && status < 300) return { ok: true, retryable: false, error: null };
  if (status >= 300 && status < 400) {
    const location = headerText(headers['location']);
    return {
      ok: false,
      retryable: false,
      error:
        `the receiver answered ${status} (redirect${location ? ` to ${location}` : ''}); ` +
        'redirects are never followed: put the final URL in the notifier',
    };
  }
  const snippet = body.trim().replace(/\s+/g, ' ').slice(0, 300);
  return {
    ok: false,
    retryable: isRetryableStatus(status),
    error: `the receiver answered ${status}${statusHint(status)}${snippet ? `: ${snippet}` : ''}`,
  };
}

function statusHint(status: number): string {
  if (status === 401 || status === 403) return ' (check the credentials: auth, token or signing secret)';
  if (status === 404 || status === 410) return ' (check the URL: the hook may have been deleted)';
  if (status === 413) return ' (the body is too large)';
  if (status === 429) return ' (rate limited)';
  return '';
}

function slack(reply: Reply): ReplyVerdict {
  const code = reply.body.trim();
  // Slack's incoming webhooks answer exactly 200 `ok` when they post the message (docs/delivery.md).
  if (reply.status === 200 && code === 'ok') return { ok: true, retryable: false, error: null };
  const known = SLACK_ERRORS[code];
  if (known) return { ok: false, retryable: false, error: `${known} (HTTP ${reply.status})` };
  if (reply.status >= 200 && reply.status < 300) {
    return { ok: false, retryable: false, error: `Slack answered ${reply.status} without \`ok\`${code ? `: ${code.replace(/\s+/g, ' ').slice(0, 300)}` : ''}; the message may not have been posted (is the URL a Slack incoming webhook?)` };
  }
  return generic(reply);
}

function teams(reply: Reply): ReplyVerdict {
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
  return generic(reply);
}

interface DiscordError {
  code?: number;
  message?: string;
  errors?: unknown;
  retry_after?: number;
}

function discord(reply: Reply): ReplyVerdict {
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
  if (json?.message) {
    return { ok: false, retryable: isRetryableStatus(reply.status), error: `Discord answered ${reply.status}: ${json.message}${json.code ? ` (code ${json.code})` : ''}` };
  }
  return generic(reply);
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

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : value ?? '';
}
