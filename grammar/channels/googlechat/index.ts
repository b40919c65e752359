import { T } from '../../types/type';
import { defineChannel } from '../channel';
import { fromJsonBody } from '../preview';
import { secretish } from '../properties';
import { googleChatView } from './preview';
import { GOOGLE_CHAT_MAX_BYTES, renderGoogleChat } from './render';
import { googleChatReply } from './reply';

export const googlechat = defineChannel({
  kind: 'googlechat',
  rateLimit: { perSecond: 1, source: 'Google Chat: 1 message per second per space through incoming webhooks (https://developers.google.com/workspace/chat/limits)' },
  doc: 'Posts to a Google Chat incoming webhook: `{text}`, with a card (`cardsV2`) when `title`, `subtitle` or `fields` is set.',
  sends: '`{text, cardsV2: [{cardId: "notify", card: {header: {title, subtitle}, sections: [{widgets: [{decoratedText: {topLabel, text, wrapText}}]}]}}]}`; the card only when `title`, `subtitle` or `fields` is set. Values interpolated into `text` get a zero-width space after each `<` (they cannot become mentions such as `<users/all>` or links); in the card they are HTML-escaped. At most 32,000 bytes, the limit of Google Chat.',
  messageLimit: { service: 'Google Chat', max: GOOGLE_CHAT_MAX_BYTES, unit: 'bytes', source: 'https://developers.google.com/workspace/chat/api/reference/rest/v1/spaces.messages' },
  messageNeeds: [{ anyOf: [['text', 'text'], ['title', undefined], ['fields', undefined]], write: 'text', template: '"$EventName at $Timestamp"', why: 'Google Chat rejects an empty message' }],
  properties: [
    { name: 'url', types: secretish, required: true, secretAllowed: true, literal: 'url', doc: 'Google Chat incoming webhook URL; its `key` and `token` are credentials (keep it in `$Secret(...)`).' },
    {
      name: 'text',
      types: [T.string],
      messageText: true,
      doc: 'Message text (Google Chat formatting: `*bold*`, `_italic_`, `~strike~`, `` `code` ``, `<url|label>`). Interpolated values cannot become mentions or links.',
      defaultText: "the event's default text",
    },
    { name: 'title', types: [T.string], messageText: true, doc: 'Card title; interpolated values are HTML-escaped.' },
    { name: 'subtitle', types: [T.string], messageText: true, doc: 'Card subtitle.' },
    { name: 'fields', types: [T.map(T.any)], messageText: true, doc: 'Card rows: a map of label to value.' },
  ],
  service: {
    name: 'Google Chat',
    webhookLabel: 'a Google Chat webhook URL',
    matches: (url) => url.hostname.toLowerCase() === 'chat.googleapis.com' && url.pathname.startsWith('/v1/spaces/'),
  },
  credentials: [
    { what: 'a Google Chat webhook URL (its `key` and `token` are the credential)', pattern: /https?:\/\/chat\.googleapis\.com\/v1\/spaces\/[^\s"'`]*[?&]token=[\w%-]{10,}/ },
  ],
  render: renderGoogleChat,
  reply: googleChatReply,
  replyDoc: {
    delivered: '200 with the created message',
    failures:
      '`RESOURCE_EXHAUSTED` (rate limited) is retried; `NOT_FOUND` means the space or webhook was deleted; `PERMISSION_DENIED` / `UNAUTHENTICATED` a wrong or revoked key or token; `INVALID_ARGUMENT` a message Chat cannot read, with its message',
  },
  preview: (delivery) => fromJsonBody(delivery, googleChatView),
  snippet: {
    title: 'Google Chat',
    description: 'A notifier that posts to a Google Chat incoming webhook',
    lines: ['\t\turl  = \\$Secret("${3:googlechat-webhook}");', '\t\ttext = "${4:\\$EventName}";$0'],
  },
});
