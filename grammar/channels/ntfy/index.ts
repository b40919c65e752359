import { T } from '../../types/type';
import { defineChannel } from '../channel';
import { secretish, strList } from '../properties';
import { ntfyView } from './preview';
import { NTFY_MAX_MESSAGE_BYTES, renderNtfy } from './render';
import { ntfyReply } from './reply';

export const ntfy = defineChannel({
  kind: 'ntfy',
  doc: 'Publishes to an ntfy topic (ntfy.sh or your own server): the message as the body, title, priority, tags, click and markdown as headers.',
  sends:
    'a `POST` to the topic URL with the message as a `text/plain` body and the headers `Title`, `Priority`, `Tags`, `Click`, `Markdown: yes` and, with `token`, `Authorization: Bearer`; header text that is not plain ASCII is sent as an RFC 2047 encoded word. The message is at most 4,096 bytes, the message limit of ntfy.sh.',
  properties: [
    { name: 'url', types: secretish, required: true, secretAllowed: true, literal: 'url', doc: 'The topic URL, e.g. `https://ntfy.sh/my-alerts` (on ntfy.sh the topic name is the secret: keep it in `$Secret(...)`).' },
    { name: 'message', types: [T.string], messageText: true, doc: 'The notification text.', defaultText: "the event's default text", limit: { service: 'ntfy', max: NTFY_MAX_MESSAGE_BYTES, unit: 'bytes', source: 'https://docs.ntfy.sh/config/#message-limits' } },
    { name: 'title', types: [T.string], messageText: true, doc: 'The notification title.', defaultText: "the event's default title" },
    {
      name: 'priority',
      types: [T.string],
      values: ['min', 'low', 'default', 'high', 'urgent', 'max'],
      doc: 'How the phone alerts: `"min"` to `"urgent"` (`"max"` is `"urgent"`). By default `"high"` for critical, high and error events, else `"default"`.',
      defaultText: 'by severity',
    },
    { name: 'tags', types: [T.string, strList], messageText: true, doc: 'Tags, comma-separated or a list; emoji short codes (`warning`, `rotating_light`) show as emoji.' },
    { name: 'click', types: [T.string], literal: 'url', doc: 'The URL a tap on the notification opens.' },
    { name: 'markdown', types: [T.bool], doc: 'Render the message as Markdown.', defaultText: 'false' },
    { name: 'token', types: secretish, secretAllowed: true, doc: 'Access token of a protected topic, sent as `Authorization: Bearer …` (keep it in `$Secret(...)`).' },
  ],
  service: {
    name: 'ntfy',
    webhookLabel: 'an ntfy.sh topic URL',
    matches: (url) => url.hostname.toLowerCase() === 'ntfy.sh' && /^\/[\w-]+$/.test(url.pathname),
  },
  credentials: [{ what: 'an ntfy access token', pattern: /\btk_[a-z0-9]{29}\b/ }],
  render: renderNtfy,
  reply: ntfyReply,
  replyDoc: {
    delivered: '200 with the published message',
    failures: '429 (`42901` and friends) is retried; 401 and 403 mean a protected topic (set `token`); 413 a message too large; each with the error ntfy gives',
  },
  preview: ntfyView,
  snippet: {
    title: 'ntfy',
    description: 'A notifier that publishes to an ntfy topic',
    lines: ['\t\turl     = \\$Secret("${3:ntfy-topic}");', '\t\ttitle   = "${4:\\$EventName}";', '\t\tmessage = "${5}";$0'],
  },
});
