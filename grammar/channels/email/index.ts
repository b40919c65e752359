import { T } from '../../types/type';
import type { EmailSpec } from '../../render/delivery';
import { defineChannel } from '../channel';
import { strList, type TextLimit } from '../properties';
import { renderEmail } from './render';

/** Gmail shows "[Message clipped]" past about 102 KB of HTML; Google does not document it (measured: https://www.spamresource.com/2022/01/what-is-gmail-clipping-and-what-to-do.html). */
const GMAIL_CLIP: TextLimit = { service: 'Gmail', max: 102 * 1024, unit: 'bytes', source: 'https://www.spamresource.com/2022/01/what-is-gmail-clipping-and-what-to-do.html', warning: 'Gmail clips a longer message behind "View entire message"' };

export interface EmailView extends EmailSpec {
  readonly kind: 'email';
}

export const email = defineChannel({
  kind: 'email',
  doc: 'Sends an email through SMTP (settings or SMTP_* environment variables).',
  sends: 'an SMTP message through nodemailer',
  messageNeeds: [
    { anyOf: [['subject', 'subject']], write: 'subject', template: '"$EventName"', why: 'an email needs a subject' },
    { anyOf: [['body', 'text'], ['html', undefined]], write: 'body', template: '"$EventName at $Timestamp"', why: 'an email needs a body' },
  ],
  properties: [
    { name: 'to', types: [T.string, strList], required: true, literal: 'emails', doc: 'Recipients: comma-separated addresses, or a list.' },
    { name: 'cc', types: [T.string, strList], literal: 'emails', doc: 'Copy recipients.' },
    { name: 'bcc', types: [T.string, strList], literal: 'emails', doc: 'Blind copy recipients.' },
    { name: 'from', types: [T.string], literal: 'emails', doc: 'Sender address.', defaultText: 'SMTP_FROM / notify.smtp.from' },
    { name: 'subject', types: [T.string], messageText: true, doc: 'Subject line.', defaultText: "the event's default subject" },
    { name: 'body', types: [T.string], messageText: true, doc: 'Plain-text body.', defaultText: "the event's default text" },
    { name: 'html', types: [T.string], messageText: true, doc: 'HTML body; interpolated values are HTML-escaped.', limit: GMAIL_CLIP },
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
