import { T } from '../../types/type';
import { defineChannel } from '../channel';
import { fromJsonBody } from '../preview';
import { COLOR_DOC, secretish } from '../properties';
import { mattermostView } from './preview';
import { MATTERMOST_MAX_TEXT, renderMattermost } from './render';
import { mattermostReply } from './reply';

export const mattermost = defineChannel({
  kind: 'mattermost',
  doc: 'Posts to a Mattermost incoming webhook (Slack-compatible): `{text, username, attachments: [{color, fields}]}`.',
  sends:
    '`{text, username, attachments: [{color, fields: [{title, value, short}]}]}` (`username` only when written); text is Markdown. Values interpolated into `text` and `fields` get a zero-width space after each `@` (they cannot mention `@channel` or a person). `text` is at most 16,383 characters, the default post size of Mattermost.',
  messageNeeds: [{ anyOf: [['text', 'text'], ['fields', undefined]], write: 'text', template: '"$EventName at $Timestamp"', why: 'Mattermost rejects a post without text or attachments' }],
  properties: [
    { name: 'url', types: secretish, required: true, secretAllowed: true, literal: 'url', doc: 'Mattermost incoming webhook URL (`https://…/hooks/<id>`; keep it in `$Secret(...)`).' },
    { name: 'text', types: [T.string], messageText: true, doc: 'Message text (Markdown). Interpolated values cannot mention anyone.', defaultText: "the event's default text", limit: { service: 'Mattermost', max: MATTERMOST_MAX_TEXT, unit: 'characters', source: 'https://developers.mattermost.com/integrate/webhooks/incoming/' } },
    { name: 'color', types: [T.string], literal: 'color', doc: COLOR_DOC, defaultText: 'by severity' },
    { name: 'fields', types: [T.map(T.any)], messageText: true, doc: 'Attachment fields: a map of title to value.' },
    { name: 'username', types: [T.string], doc: 'Name shown as the sender, when the server allows overriding it.' },
  ],
  service: {
    name: 'Mattermost',
    webhookLabel: 'a Mattermost webhook URL',
    // Mattermost is self-hosted: its webhook URLs are known by their path, `/hooks/` and a 26-character id.
    matches: (url) => /^\/hooks\/[a-z0-9]{26}$/.test(url.pathname),
  },
  credentials: [{ what: 'a Mattermost webhook URL (its path is the credential)', pattern: /https?:\/\/[^\s"'`/]+(?:\/[^\s"'`/]+)*\/hooks\/[a-z0-9]{26}(?![a-z0-9])/ }],
  render: renderMattermost,
  reply: mattermostReply,
  replyDoc: {
    delivered: '200 `ok`',
    failures: '`web.incoming_webhook.invalid.app_error` means the webhook was deleted; 501 that the administrator turned incoming webhooks off; other `web.incoming_webhook.*` errors that Mattermost could not read the message',
  },
  preview: (delivery) => fromJsonBody(delivery, mattermostView),
  snippet: {
    title: 'Mattermost',
    description: 'A notifier that posts to a Mattermost incoming webhook',
    lines: ['\t\turl  = \\$Secret("${3:mattermost-webhook}");', '\t\ttext = "${4:\\$EventName}";$0'],
  },
});
