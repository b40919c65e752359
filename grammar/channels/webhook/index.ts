import { T } from '../../types/type';
import { defineChannel } from '../channel';
import { secretish } from '../properties';
import { checkWebhookProperty } from './check';
import { renderWebhook } from './render';

/** A webhook's receiver is a program: the preview shows the request it gets. */
export interface WebhookView {
  readonly kind: 'webhook';
}

export const webhook = defineChannel({
  kind: 'webhook',
  doc: 'Sends an HTTP request with the body as written.',
  sends:
    'the body as written; with `envelope = "standard"`, the object `{schemaVersion: "1.0", source: "notify", event, title, tenant, generatedAt, alertCount, payload: [body]}` where `body` is the rendered body parsed as JSON (its text if it is not JSON) and `alertCount` the length of `payload`',
  properties: [
    { name: 'url', types: secretish, required: true, secretAllowed: true, literal: 'url', doc: 'Absolute http(s) URL of the receiver.' },
    {
      name: 'method',
      types: [T.string],
      values: ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'],
      doc: 'HTTP method.',
      defaultText: '"POST"',
    },
    { name: 'headers', types: [T.map(T.any)], secretAllowed: true, httpHeaders: 'map', doc: 'Extra request headers, a map of strings (secrets allowed).' },
    {
      name: 'auth',
      types: [T.map(T.any)],
      secretAllowed: true,
      httpHeaders: 'scheme',
      doc: 'Authentication: `%(scheme: "bearer", token: …)`, `%(scheme: "basic", username: …, password: …)` or `%(scheme: "apikey", header: …, value: …)`.',
    },
    {
      name: 'signing',
      types: [T.map(T.any)],
      secretAllowed: true,
      httpHeaders: 'scheme',
      doc: 'Request signing: `%(scheme: "hmac-sha256", secret: …[, header: "X-Notify-Signature"])` or `%(scheme: "standard-webhooks", secret: "whsec_…")`.',
    },
    { name: 'body', types: [T.string], messageText: true, jsonBody: true, doc: "Request body text.", defaultText: "the event's default body" },
    { name: 'content_type', types: [T.string], doc: 'Content-Type of the body.', defaultText: '"application/json"' },
    {
      name: 'envelope',
      types: [T.string],
      values: ['none', 'standard'],
      doc: '`"standard"` wraps the body in `{schemaVersion, source, event, title, tenant, generatedAt, alertCount, payload: [body]}`.',
      defaultText: '"none"',
    },
  ],
  checkProperty: checkWebhookProperty,
  render: renderWebhook,
  replyDoc: { delivered: 'any 2xx', failures: 'the status and the start of the reply' },
  preview: (): WebhookView => ({ kind: 'webhook' }),
  snippet: {
    title: 'webhook',
    description: 'A notifier that posts JSON to a webhook',
    lines: [
      '\t\turl  = \\$Secret("${3:webhook-url}");',
      '\t\tbody = \\$ToJson(%(event: \\$EventName, id: \\$EventId$0));',
    ],
  },
});
