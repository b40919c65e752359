import { genericReply, type Reply, type ReplyVerdict } from '../reply';

/** Slack incoming webhooks answer 200 `ok`, or 4xx with an error code as plain text. */
const SLACK_ERRORS: Readonly<Record<string, string>> = {
  invalid_payload: 'Slack could not read the message (invalid_payload): the body is not valid Slack JSON; check `text` and `fields`',
  invalid_blocks: 'Slack refused the blocks (invalid_blocks): a block breaks a Block Kit rule; check each block\'s type and fields (docs/LANGUAGE.md section 6.1)',
  invalid_blocks_format: 'Slack could not read `blocks` (invalid_blocks_format): it must be a list of block objects',
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

export function slackReply(reply: Reply): ReplyVerdict {
  const code = reply.body.trim();
  // Slack's incoming webhooks answer exactly 200 `ok` when they post the message (docs/delivery.md).
  if (reply.status === 200 && code === 'ok') return { ok: true, retryable: false, error: null };
  // An own property only: a body of `constructor` or `toString` is no Slack error code (it made a 503 final).
  const known = Object.hasOwn(SLACK_ERRORS, code) ? SLACK_ERRORS[code] : undefined;
  if (known) return { ok: false, retryable: false, error: `${known} (HTTP ${reply.status})` };
  if (reply.status >= 200 && reply.status < 300) {
    return {
      ok: false,
      retryable: false,
      error: `Slack answered ${reply.status} without \`ok\`${code ? `: ${code.replace(/\s+/g, ' ').slice(0, 300)}` : ''}; the message may not have been posted (is the URL a Slack incoming webhook?)`,
    };
  }
  return genericReply(reply);
}
