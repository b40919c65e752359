import { T } from '../../types/type';
import { defineChannel } from '../channel';
import { fromJsonBody } from '../preview';
import { secretish, type TextLimit } from '../properties';
import { pagerDutyView } from './preview';
import { PAGERDUTY_EVENTS_URL, PAGERDUTY_LIMITS, renderPagerDuty } from './render';
import { pagerDutyReply } from './reply';

const pagerDutyLimit = (max: number): TextLimit => ({ service: 'PagerDuty', max, unit: 'characters', source: 'https://developer.pagerduty.com/docs/events-api-v2/trigger-events/' });

export const pagerduty = defineChannel({
  kind: 'pagerduty',
  rateLimit: { perSecond: 2, source: 'PagerDuty: 120 events a minute per routing key (https://developer.pagerduty.com/docs/events-api-v2-overview#api-limits)' },
  doc: 'Sends a PagerDuty Events API v2 event: triggers, acknowledges or resolves an alert.',
  sends:
    '`{routing_key, event_action, dedup_key, payload: {summary, source, severity, custom_details}}` to the Events API (`payload` only for `"trigger"`); `custom_details` is free-form JSON: its values keep their JSON types (`%(Score: $VulnerabilityScore)` sends `{"Score": 9.8}`; lists and maps as JSON arrays and objects), in written order; `dedup_key` defaults to the event id, so a later `"resolve"` of the same event closes the alert; `severity` defaults to the event\'s severity (critical; high or error → error; medium or warning → warning; else info). `summary` is at most 1,024 characters (judged only for `"trigger"`, the one action that sends it) and `dedup_key` 255, the limits of PagerDuty.',
  messageNeeds: [{ anyOf: [['summary', 'title']], write: 'summary', template: '"$EventName"', why: 'PagerDuty rejects a trigger without a `summary`' }],
  // only a trigger sends `summary`; an action computed at render time is not guessed
  needsNothingWhen: (property, constant) => property === 'event_action' && (constant === undefined || constant.trim().toLowerCase() !== 'trigger'),
  properties: [
    { name: 'routing_key', types: secretish, required: true, secretAllowed: true, doc: 'Integration key of an Events API v2 integration (keep it in `$Secret(...)`).' },
    { name: 'event_action', types: [T.string], values: ['trigger', 'acknowledge', 'resolve'], doc: 'What happens to the alert.', defaultText: '"trigger"' },
    { name: 'dedup_key', types: [T.string], doc: 'Names the alert, so later events update it.', defaultText: 'the event id', limit: pagerDutyLimit(PAGERDUTY_LIMITS.dedupKey) },
    { name: 'summary', types: [T.string], messageText: true, doc: 'The alert title shown in PagerDuty.', defaultText: "the event's default title", limit: pagerDutyLimit(PAGERDUTY_LIMITS.summary), sentOnlyWhen: { property: 'event_action', oneOf: ['trigger'], byDefault: true } },
    { name: 'source', types: [T.string], messageText: true, doc: 'What the alert is about (a host, a service).', defaultText: '"notify"' },
    { name: 'severity', types: [T.string], values: ['critical', 'error', 'warning', 'info'], doc: 'Alert severity.', defaultText: "the event's severity" },
    { name: 'custom_details', types: [T.map(T.any)], messageText: true, doc: 'More facts shown with the alert: a map of name to value, sent as JSON (numbers, booleans, lists and maps keep their types).' },
    { name: 'url', types: secretish, secretAllowed: true, literal: 'url', doc: 'The Events API endpoint (e.g. the EU one, `https://events.eu.pagerduty.com/v2/enqueue`).', defaultText: `"${PAGERDUTY_EVENTS_URL}"` },
  ],
  service: {
    name: 'PagerDuty',
    webhookLabel: 'the PagerDuty Events API URL',
    matches: (url) => /^events(\.eu)?\.pagerduty\.com$/.test(url.hostname.toLowerCase()),
  },
  render: renderPagerDuty,
  reply: pagerDutyReply,
  replyDoc: {
    delivered: '202 `{"status": "success"}`',
    failures: '400 `invalid event` with each error (a wrong `routing_key` says so); 429 (rate limit) and 5xx are retried',
  },
  preview: (delivery) => fromJsonBody(delivery, pagerDutyView),
  snippet: {
    title: 'PagerDuty',
    description: 'A notifier that triggers a PagerDuty alert',
    lines: ['\t\trouting_key = \\$Secret("${3:pagerduty-routing-key}");', '\t\tsummary     = "${4:\\$EventName}";$0'],
  },
});
