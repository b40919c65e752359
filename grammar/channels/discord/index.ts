import { T } from '../../types/type';
import { defineChannel } from '../channel';
import { fromJsonBody } from '../preview';
import { COLOR_DOC, secretish, type TextLimit } from '../properties';
import { discordView } from './preview';
import { DISCORD_EMBED_TOTAL, renderDiscord } from './render';
import { lowerBound } from '../../check/limits';
import { diagnostic } from '../../diagnostics';
import { discordReply } from './reply';

/** Discord's documented limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits; `content`: https://discord.com/developers/docs/resources/webhook#execute-webhook). */
const DISCORD_DOCS = 'https://discord.com/developers/docs/resources/message#embed-object-embed-limits';
const discordLimit = (max: number, more: Partial<TextLimit> = {}): TextLimit => ({ service: 'Discord', max, unit: 'characters', source: DISCORD_DOCS, ...more });

export const discord = defineChannel({
  kind: 'discord',
  rateLimit: { perSecond: 0.5, source: 'Discord: 30 webhook messages a minute per channel; the X-RateLimit-* headers of each reply say more (https://discord.com/developers/docs/topics/rate-limits)' },
  doc: 'Posts to a Discord webhook: `{content, embeds: [{title, description, color, fields}], allowed_mentions: {parse: []}}`.',
  sends: '`{content, embeds: [{title, description, color (integer), fields}], allowed_mentions: {parse: []}}`',
  messageNeeds: [{ anyOf: [['title', 'title'], ['description', 'text']], write: 'title', template: '"$EventName"', why: 'Discord rejects an embed without a title or description' }],
  // The 6,000 characters across an embed's texts, from what the file shows (the renderer checks the text sent).
  checkBlock: (block, check) => {
    let least = 0;
    for (const p of block.properties) {
      if (!p.value) continue;
      if (p.name.text === 'title' || p.name.text === 'description') least += lowerBound(p.value, 'characters');
      if (p.name.text === 'fields' && p.value.kind === 'Map') for (const e of p.value.entries) least += e.key.length + (e.value ? lowerBound(e.value, 'characters') : 0);
    }
    if (least > DISCORD_EMBED_TOTAL) {
      check.report(
        diagnostic('NTF225', block.keywordSpan, `Discord allows at most ${DISCORD_EMBED_TOTAL.toLocaleString('en-US')} characters in an embed's title, description and fields together; the text written here alone has ${least.toLocaleString('en-US')}.`),
      );
    }
  },
  properties: [
    { name: 'url', types: secretish, required: true, secretAllowed: true, literal: 'url', doc: 'Discord webhook URL.' },
    { name: 'content', types: [T.string], messageText: true, doc: 'Plain message content (mentions are never pinged).', limit: discordLimit(2000, { source: 'https://discord.com/developers/docs/resources/webhook#execute-webhook' }) },
    { name: 'title', types: [T.string], messageText: true, doc: 'Embed title.', defaultText: "the event's default title", limit: discordLimit(256) },
    { name: 'description', types: [T.string], messageText: true, doc: 'Embed description.', defaultText: "the event's default text", limit: discordLimit(4096) },
    { name: 'color', types: [T.string], literal: 'color', doc: COLOR_DOC },
    { name: 'fields', types: [T.map(T.any)], messageText: true, doc: 'Embed fields: a map of name to value.', limit: discordLimit(1024, { keyMax: 256, entriesMax: 25 }) },
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
