import { T } from '../../types/type';
import { defineChannel } from '../channel';
import { fromJsonBody } from '../preview';
import { COLOR_DOC, secretish } from '../properties';
import { discordView } from './preview';
import { renderDiscord } from './render';
import { discordReply } from './reply';

export const discord = defineChannel({
  kind: 'discord',
  rateLimit: { perSecond: 0.5, source: 'Discord: 30 webhook messages a minute per channel; the X-RateLimit-* headers of each reply say more (https://discord.com/developers/docs/topics/rate-limits)' },
  doc: 'Posts to a Discord webhook: `{content, embeds: [{title, description, color, fields}], allowed_mentions: {parse: []}}`.',
  sends: '`{content, embeds: [{title, description, color (integer), fields}], allowed_mentions: {parse: []}}`',
  messageNeeds: [{ anyOf: [['title', 'title'], ['description', 'text']], write: 'title', template: '"$EventName"', why: 'Discord rejects an embed without a title or description' }],
  properties: [
    { name: 'url', types: secretish, required: true, secretAllowed: true, literal: 'url', doc: 'Discord webhook URL.' },
    { name: 'content', types: [T.string], messageText: true, doc: 'Plain message content (mentions are never pinged).' },
    { name: 'title', types: [T.string], messageText: true, doc: 'Embed title.', defaultText: "the event's default title" },
    { name: 'description', types: [T.string], messageText: true, doc: 'Embed description.', defaultText: "the event's default text" },
    { name: 'color', types: [T.string], literal: 'color', doc: COLOR_DOC },
    { name: 'fields', types: [T.map(T.any)], messageText: true, doc: 'Embed fields: a map of name to value.' },
  ],
  service: {
    name: 'Discord',
    webhookLabel: 'a Discord webhook URL',
    matches: (url) => /^(?:ptb\.|canary\.)?discord(?:app)?\.com$/.test(url.hostname.toLowerCase()) && url.pathname.toLowerCase().startsWith('/api/webhooks'),
  },
  credentials: [{ what: 'a Discord webhook URL with its token', pattern: /https?:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[\w-]{10,}/ }],
  render: renderDiscord,
  reply: discordReply,
  replyDoc: {
    delivered: '204 (or 200)',
    failures:
      '`50035 Invalid Form Body` with each field error (`embeds[0].description: Must be 4096 or fewer in length.`); 429 waits `retry_after`; `10015 Unknown Webhook` means the webhook was deleted',
  },
  preview: (delivery) => fromJsonBody(delivery, discordView),
  snippet: {
    title: 'Discord',
    description: 'A notifier that posts an embed to a Discord webhook',
    lines: [
      '\t\turl         = \\$Secret("${3:discord-webhook}");',
      '\t\ttitle       = "${4:\\$EventName}";',
      '\t\tdescription = "${5}";$0',
    ],
  },
});
