import { T } from '../../types/type';
import { defineChannel } from '../channel';
import { fromJsonBody } from '../preview';
import { COLOR_DOC, secretish } from '../properties';
import { SLACK_FUNCTIONS } from './blocks';
import { checkSlackBlock, checkSlackProperty } from './check';
import { slackBlocksConverter } from './convert';
import { slackView } from './preview';
import { renderSlack } from './render';
import { slackReply } from './reply';


export const slack = defineChannel({
  kind: 'slack',
  rateLimit: { perSecond: 1, source: 'Slack: incoming webhooks allow about 1 message per second (https://api.slack.com/docs/rate-limits)' },
  doc: 'Posts to a Slack incoming webhook: `{text, attachments: [{color, fields}]}`, or `{text, blocks}` with Block Kit `blocks`.',
  sends: '`{text, attachments: [{color, fields: [{title, value, short}]}]}`; with `blocks`, `{text, blocks}` (section 6.1)',
  messageNeeds: [{ anyOf: [['text', 'text']], write: 'text', template: '"$EventName at $Timestamp"', why: 'Slack rejects a message without text (`no_text`)' }],
  // With `blocks`, a missing `text` is NTF220's (one mistake, one diagnostic).
  needsNothingWhen: (property) => property === 'blocks',
  properties: [
    { name: 'url', types: secretish, required: true, secretAllowed: true, literal: 'url', doc: 'Slack incoming webhook URL (keep it in `$Secret(...)`).' },
    { name: 'text', types: [T.string], messageText: true, doc: 'Message text (Slack mrkdwn). Interpolated values are escaped for Slack.', defaultText: "the event's default text" },
    { name: 'color', types: [T.string], literal: 'color', doc: COLOR_DOC, defaultText: 'by severity' },
    {
      name: 'fields',
      types: [T.map(T.any)],
      messageText: true,
      shortFields: true,
      doc: 'Attachment fields: a map of title to value, or to `%(value: …, short: true|false)` to set `short` yourself.',
    },
    {
      name: 'blocks',
      types: [T.list(T.any)],
      messageText: true,
      doc: 'Block Kit blocks: a list of `%SlackHeader`, `%SlackSection`, `%SlackFields`, `%SlackContext`, `%SlackDivider`, `%SlackActions` or maps as Slack documents them; `text` stays the notification fallback.',
    },
  ],
  service: {
    name: 'Slack',
    webhookLabel: 'a Slack webhook URL',
    matches: (url) => url.hostname.toLowerCase() === 'hooks.slack.com',
  },
  credentials: [
    { what: 'a Slack webhook URL (its path is the credential)', pattern: /https?:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+/ },
    { what: 'a Slack token', pattern: /xox[abposr]-[A-Za-z0-9-]{10,}/ },
  ],
  checkProperty: checkSlackProperty,
  checkBlock: checkSlackBlock,
  functions: SLACK_FUNCTIONS,
  converters: [slackBlocksConverter],
  render: renderSlack,
  reply: slackReply,
  replyDoc: {
    delivered: '200 `ok`',
    failures:
      '`invalid_payload`, `no_text`, `channel_not_found`, `channel_is_archived`, `no_service`, `invalid_token`, `action_prohibited`, `posting_to_general_channel_denied`, `too_many_attachments` — each with what to do about it',
  },
  preview: (delivery) => fromJsonBody(delivery, slackView),
  snippet: {
    title: 'Slack',
    description: 'A notifier that posts to a Slack incoming webhook',
    lines: [
      '\t\turl  = \\$Secret("${3:slack-webhook}");',
      '\t\ttext = "${4:\\$EventName}";$0',
    ],
  },
});
