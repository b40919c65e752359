import { T } from '../../types/type';
import { defineChannel } from '../channel';
import { fromJsonBody } from '../preview';
import { COLOR_DOC, secretish } from '../properties';
import { teamsView } from './preview';
import { renderTeams } from './render';
import { teamsReply } from './reply';

export const teams = defineChannel({
  kind: 'teams',
  rateLimit: { perSecond: 4, source: 'Microsoft: a connector or Workflows webhook takes about 4 requests per second (https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#rate-limiting-for-connectors)' },
  doc: 'Posts an Adaptive Card 1.4 (Teams Workflows) or a legacy MessageCard.',
  sends: 'an Adaptive Card 1.4 in `{type: "message", attachments: [...]}` (`format = "adaptive"`, for Teams Workflows), or a MessageCard (`"messagecard"`, for legacy connectors)',
  messageNeeds: [{ anyOf: [['title', 'title']], write: 'title', template: '"$EventName"', why: "the card's `title` is also its required `summary`" }],
  properties: [
    { name: 'url', types: secretish, required: true, secretAllowed: true, literal: 'url', doc: 'Teams Workflows (or legacy connector) URL.' },
    { name: 'title', types: [T.string], messageText: true, doc: 'Card title.', defaultText: "the event's default title" },
    { name: 'text', types: [T.string], messageText: true, doc: 'Card text.', defaultText: "the event's default text" },
    { name: 'facts', types: [T.map(T.any)], messageText: true, doc: 'Facts shown as a table: a map of name to value.' },
    { name: 'color', types: [T.string], literal: 'color', doc: COLOR_DOC },
    {
      name: 'format',
      types: [T.string],
      values: ['adaptive', 'messagecard'],
      doc: '`"adaptive"` for Teams Workflows, `"messagecard"` for legacy connectors.',
      defaultText: '"adaptive"',
    },
  ],
  service: {
    name: 'Teams',
    webhookLabel: 'a Teams Workflows webhook URL',
    matches: (url) => {
      const host = url.hostname.toLowerCase();
      return host.endsWith('.logic.azure.com') || host.endsWith('.powerplatform.com') || host.endsWith('.powerautomate.com');
    },
    retired: {
      matches: (url) => {
        const host = url.hostname.toLowerCase();
        return host.endsWith('.webhook.office.com') || (host === 'outlook.office.com' && url.pathname.toLowerCase().startsWith('/webhook'));
      },
      message:
        'This is an Office 365 connector URL; Microsoft retired these connectors. Create a Teams Workflow ("Post to a channel when a webhook request is received") and use its URL in a `teams` channel.',
    },
  },
  credentials: [
    { what: 'an Office 365 connector URL (its path is the credential)', pattern: /https?:\/\/[\w.-]*(?:webhook\.office\.com|outlook\.office\.com)\/webhook\w*\/[^\s"'`]{10,}/i },
    { what: 'a signed Teams Workflows / Power Automate URL (`sig=` is the credential)', pattern: /https?:\/\/[^\s"'`]*[?&]sig=[\w%-]{10,}/ },
  ],
  render: renderTeams,
  reply: teamsReply,
  replyDoc: {
    delivered: '202 (Workflows) or 200 `1` (legacy connector)',
    failures:
      'a legacy connector answers **200 with an error text** such as `Summary or Text is required` when it drops a message; Notify reports that as a failure. 400 usually means `format` does not match the URL (Workflows need `"adaptive"`, legacy connectors `"messagecard"`)',
  },
  preview: (delivery) => fromJsonBody(delivery, teamsView),
  snippet: {
    title: 'Teams',
    description: 'A notifier that posts an Adaptive Card to a Teams Workflows webhook',
    lines: [
      '\t\turl   = \\$Secret("${3:teams-workflow}");',
      '\t\ttitle = "${4:\\$EventName}";',
      '\t\ttext  = "${5}";$0',
    ],
  },
});
