import type { ChannelKind } from '../syntax/ast';
import { T, type Type } from '../types/type';

/**
 * The channel properties of spec section 6: one table for the checker
 * (NTF201–NTF210), completion and hover (docs), and the renderer (defaults).
 */
export interface PropertyDef {
  readonly name: string;
  /** Accepted types; a value must fit one of them. */
  readonly types: readonly Type[];
  readonly required?: boolean;
  readonly doc: string;
  /** `$Secret`/`$Env` may flow here (url, headers, auth, signing). */
  readonly secretAllowed?: boolean;
  /** Message text a person reads: a secret here is NTF210. */
  readonly messageText?: boolean;
  /** Closed set of allowed literal values (e.g. method). */
  readonly values?: readonly string[];
  /** What kind of literal check applies to constant values. */
  readonly literal?: 'url' | 'emails' | 'color' | 'retries';
  /** Shown in completion/hover: the default when left out. */
  readonly defaultText?: string;
}

export interface ChannelSpec {
  readonly kind: ChannelKind;
  readonly doc: string;
  readonly properties: ReadonlyMap<string, PropertyDef>;
}

const durationList = T.list(T.duration);
const secretish = [T.string, T.secret];
const strList = T.list(T.string);

/** Every channel takes these (spec section 6). */
const COMMON: PropertyDef[] = [
  { name: 'timeout', types: [T.duration], doc: 'Time allowed for one attempt.', defaultText: '10s' },
  { name: 'retries', types: [T.number], doc: 'Retries after a failed attempt (0–10).', literal: 'retries', defaultText: '3' },
  {
    name: 'backoff',
    types: [durationList],
    doc: 'Waits before each retry; the last value repeats. ±20 % jitter; a larger Retry-After wins.',
    defaultText: '@(10s, 1m, 5m)',
  },
];

const COLOR_DOC = 'Colour: `#rrggbb`, or `good`, `warning`, `danger`.';

function spec(kind: ChannelKind, doc: string, props: PropertyDef[]): ChannelSpec {
  return { kind, doc, properties: new Map([...props, ...COMMON].map((p) => [p.name, p])) };
}

export const CHANNELS: Readonly<Record<ChannelKind, ChannelSpec>> = {
  webhook: spec('webhook', 'Sends an HTTP request with the body as written.', [
    { name: 'url', types: secretish, required: true, secretAllowed: true, literal: 'url', doc: 'Absolute http(s) URL of the receiver.' },
    {
      name: 'method',
      types: [T.string],
      values: ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'],
      doc: 'HTTP method.',
      defaultText: '"POST"',
    },
    { name: 'headers', types: [T.map(T.any)], secretAllowed: true, doc: 'Extra request headers, a map of strings (secrets allowed).' },
    {
      name: 'auth',
      types: [T.map(T.any)],
      secretAllowed: true,
      doc: 'Authentication: `%(scheme: "bearer", token: …)`, `%(scheme: "basic", username: …, password: …)` or `%(scheme: "apikey", header: …, value: …)`.',
    },
    {
      name: 'signing',
      types: [T.map(T.any)],
      secretAllowed: true,
      doc: 'Request signing: `%(scheme: "hmac-sha256", secret: …[, header: "X-Notify-Signature"])` or `%(scheme: "standard-webhooks", secret: "whsec_…")`.',
    },
    { name: 'body', types: [T.string], messageText: true, doc: "Request body text.", defaultText: "the event's default body" },
    { name: 'content_type', types: [T.string], doc: 'Content-Type of the body.', defaultText: '"application/json"' },
    {
      name: 'envelope',
      types: [T.string],
      values: ['none', 'standard'],
      doc: '`"standard"` wraps the body in `{schemaVersion, source, event, title, tenant, generatedAt, alertCount, payload: [body]}`.',
      defaultText: '"none"',
    },
  ]),
  slack: spec('slack', 'Posts to a Slack incoming webhook: `{text, attachments: [{color, fields}]}`.', [
    { name: 'url', types: secretish, required: true, secretAllowed: true, literal: 'url', doc: 'Slack incoming webhook URL (keep it in `$Secret(...)`).' },
    { name: 'text', types: [T.string], messageText: true, doc: 'Message text (Slack mrkdwn). Interpolated values are escaped for Slack.', defaultText: "the event's default text" },
    { name: 'color', types: [T.string], literal: 'color', doc: COLOR_DOC, defaultText: 'by severity' },
    { name: 'fields', types: [T.map(T.any)], messageText: true, doc: 'Attachment fields: a map of title to value.' },
  ]),
  teams: spec('teams', 'Posts an Adaptive Card 1.4 (Teams Workflows) or a legacy MessageCard.', [
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
  ]),
  discord: spec('discord', 'Posts to a Discord webhook: `{content, embeds: [{title, description, color, fields}], allowed_mentions: {parse: []}}`.', [
    { name: 'url', types: secretish, required: true, secretAllowed: true, literal: 'url', doc: 'Discord webhook URL.' },
    { name: 'content', types: [T.string], messageText: true, doc: 'Plain message content (mentions are never pinged).' },
    { name: 'title', types: [T.string], messageText: true, doc: 'Embed title.', defaultText: "the event's default title" },
    { name: 'description', types: [T.string], messageText: true, doc: 'Embed description.', defaultText: "the event's default text" },
    { name: 'color', types: [T.string], literal: 'color', doc: COLOR_DOC },
    { name: 'fields', types: [T.map(T.any)], messageText: true, doc: 'Embed fields: a map of name to value.' },
  ]),
  email: spec('email', 'Sends an email through SMTP (settings or SMTP_* environment variables).', [
    { name: 'to', types: [T.string, strList], required: true, literal: 'emails', doc: 'Recipients: comma-separated addresses, or a list.' },
    { name: 'cc', types: [T.string, strList], literal: 'emails', doc: 'Copy recipients.' },
    { name: 'bcc', types: [T.string, strList], literal: 'emails', doc: 'Blind copy recipients.' },
    { name: 'from', types: [T.string], literal: 'emails', doc: 'Sender address.', defaultText: 'SMTP_FROM / notify.smtp.from' },
    { name: 'subject', types: [T.string], messageText: true, doc: 'Subject line.', defaultText: "the event's default subject" },
    { name: 'body', types: [T.string], messageText: true, doc: 'Plain-text body.', defaultText: "the event's default text" },
    { name: 'html', types: [T.string], messageText: true, doc: 'HTML body; interpolated values are HTML-escaped.' },
  ]),
};

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRIES = 3;
export const DEFAULT_BACKOFF_MS: readonly number[] = [10_000, 60_000, 300_000];
export const MAX_RETRIES = 10;
/** Headers the connection owns: written in `headers`, they are an error (NTF203) and refused at send. */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);
/** Longest `timeout`: a longer one would overflow timers (25d fires at once) and hold a send for hours. */
export const MAX_TIMEOUT_MS = 10 * 60_000;
/** Longest `backoff` wait: the dispatcher never waits longer between attempts anyway. */
export const MAX_BACKOFF_MS = 5 * 60_000;

/** Why a `timeout` or `backoff` duration is out of bounds, or null. */
export function durationProblem(property: 'timeout' | 'backoff', ms: number): string | null {
  const max = property === 'timeout' ? MAX_TIMEOUT_MS : MAX_BACKOFF_MS;
  if (!Number.isFinite(ms) || ms > max) return `\`${property}\` can be at most ${property === 'timeout' ? '10m' : '5m'}`;
  if (property === 'timeout' ? ms <= 0 : ms < 0) return `\`${property}\` must be longer than 0`;
  return null;
}

