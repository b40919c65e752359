import { T } from '../../types/type';
import type { EmailSpec } from '../../render/delivery';
import { defineChannel } from '../channel';
import { strList } from '../properties';
import { renderEmail } from './render';

export interface EmailView extends EmailSpec {
  readonly kind: 'email';
}

export const email = defineChannel({
  kind: 'email',
  doc: 'Sends an email through SMTP (settings or SMTP_* environment variables).',
  sends: 'an SMTP message through nodemailer',
  properties: [
    { name: 'to', types: [T.string, strList], required: true, literal: 'emails', doc: 'Recipients: comma-separated addresses, or a list.' },
    { name: 'cc', types: [T.string, strList], literal: 'emails', doc: 'Copy recipients.' },
    { name: 'bcc', types: [T.string, strList], literal: 'emails', doc: 'Blind copy recipients.' },
    { name: 'from', types: [T.string], literal: 'emails', doc: 'Sender address.', defaultText: 'SMTP_FROM / notify.smtp.from' },
    { name: 'subject', types: [T.string], messageText: true, doc: 'Subject line.', defaultText: "the event's default subject" },
    { name: 'body', types: [T.string], messageText: true, doc: 'Plain-text body.', defaultText: "the event's default text" },
    { name: 'html', types: [T.string], messageText: true, doc: 'HTML body; interpolated values are HTML-escaped.' },
  ],
  render: renderEmail,
  preview: (delivery): EmailView => ({ kind: 'email', ...delivery.email! }),
  snippet: {
    title: 'email',
    description: 'A notifier that sends an email',
    lines: [
      '\t\tto      = "${3:team@example.com}";',
      '\t\tsubject = "${4:\\$EventName}";',
      '\t\tbody    = >>',
      '${5:Event \\$EventName (\\$EventId) at \\$Timestamp}',
      '>>;$0',
    ],
  },
});
