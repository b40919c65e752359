/**
 * Turns rendered deliveries into what the preview panel shows: per channel,
 * the message as its receiver displays it (parsed from the body the
 * dispatcher would send, so the preview shows exactly what goes out) and the
 * raw HTTP request or email beside it. Pure and serialisable: it is posted
 * to the webview as is.
 */
import type { RenderedDelivery } from '../../../grammar/render/delivery';

export interface PreviewSelection {
  readonly notifier?: string;
  readonly sample?: string;
  readonly event?: string;
}

export interface PreviewChoices {
  readonly notifiers: readonly string[];
  /** Samples that fit the selected notifier's events. */
  readonly samples: readonly { readonly name: string; readonly event: string }[];
  /** The selected notifier's events (for catalog examples). */
  readonly events: readonly string[];
}

export interface PreviewModel {
  readonly fileName: string;
  readonly selection: PreviewSelection;
  readonly choices: PreviewChoices;
  readonly deliveries: readonly DeliveryView[];
  /** Render errors and, when the file does not analyse cleanly, its errors. */
  readonly problems: readonly PreviewProblem[];
  /** Notifiers not rendered (e.g. `when false;`), with why. */
  readonly skipped: readonly string[];
  /** Set in untrusted workspaces: the preview still works, sending does not. */
  readonly restricted: boolean;
}

export interface PreviewProblem {
  readonly where?: string;
  readonly message: string;
  /** 1-based line in the file, when known. */
  readonly line?: number;
}

export interface DeliveryView {
  readonly notifier: string;
  readonly event: string;
  readonly sample: string | null;
  readonly channel: RenderedDelivery['channel'];
  /** The notifier's `scope`, for the header (LANGUAGE.md 2.3). */
  readonly scope?: string;
  /** Which message of a fan-out or digest this is, e.g. `item 2` or `group "contoso" · 2 events` (LANGUAGE.md 2.1, 2.2). */
  readonly part?: string;
  readonly receiver: ReceiverView;
  readonly raw: RawView;
}

export interface SlackField {
  readonly title: string;
  readonly value: string;
  readonly short: boolean;
}

export interface DiscordField {
  readonly name: string;
  readonly value: string;
  readonly inline: boolean;
}

export type ReceiverView =
  | {
      readonly kind: 'slack';
      readonly text: string;
      readonly attachments: readonly { readonly color: string | null; readonly text: string; readonly fields: readonly SlackField[] }[];
    }
  | { readonly kind: 'teams-adaptive'; readonly card: unknown }
  | {
      readonly kind: 'teams-messagecard';
      readonly title: string;
      readonly text: string;
      readonly color: string | null;
      readonly facts: readonly { readonly name: string; readonly value: string }[];
    }
  | {
      readonly kind: 'discord';
      readonly content: string;
      readonly embeds: readonly {
        readonly title: string;
        readonly description: string;
        readonly color: string | null;
        readonly fields: readonly DiscordField[];
      }[];
    }
  | {
      readonly kind: 'email';
      readonly from: string | null;
      readonly to: readonly string[];
      readonly cc: readonly string[];
      readonly bcc: readonly string[];
      readonly subject: string;
      readonly text: string | null;
      readonly html: string | null;
    }
  /** A webhook: the receiver is a program; the request is what it sees. */
  | { readonly kind: 'webhook' }
  /** The body is not what the service expects (not JSON): shown raw, with why. */
  | { readonly kind: 'unreadable'; readonly reason: string };

export type RawView =
  | {
      readonly kind: 'http';
      readonly method: string;
      readonly url: string;
      readonly headers: readonly (readonly [string, string])[];
      /** Pretty-printed when JSON. */
      readonly body: string | null;
      readonly bodyIsJson: boolean;
    }
  | { readonly kind: 'email'; readonly headers: readonly (readonly [string, string])[]; readonly text: string | null; readonly html: string | null };

const SLACK_NAMED_COLORS: Record<string, string> = { good: '#2eb886', warning: '#daa038', danger: '#a30200' };

/** Slack accepts `#rrggbb` or the three names; anything else shows no bar colour. */
export function slackColor(color: unknown): string | null {
  if (typeof color !== 'string') return null;
  if (SLACK_NAMED_COLORS[color]) return SLACK_NAMED_COLORS[color]!;
  return /^#?[0-9a-f]{6}$/i.test(color) ? (color.startsWith('#') ? color : '#' + color) : null;
}

/** Discord embeds carry colours as integers. */
export function discordColor(color: unknown): string | null {
  if (typeof color !== 'number' || !Number.isInteger(color) || color < 0 || color > 0xffffff) return null;
  return '#' + color.toString(16).padStart(6, '0');
}

/** MessageCard `themeColor` is hex without `#`. */
function hexColor(color: unknown): string | null {
  if (typeof color !== 'string') return null;
  const m = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(color);
  return m ? '#' + m[1] : null;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}

function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function parseJson(body: string | null): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (body === null) return { ok: false, reason: 'the request has no body' };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (e) {
    return { ok: false, reason: `the body is not JSON (${(e as Error).message})` };
  }
}

export function slackView(body: unknown): ReceiverView {
  const b = record(body);
  return {
    kind: 'slack',
    text: str(b.text),
    attachments: list(b.attachments).map((a) => {
      const att = record(a);
      return {
        color: slackColor(att.color),
        text: str(att.text),
        fields: list(att.fields).map((f) => {
          const field = record(f);
          return { title: str(field.title), value: str(field.value), short: field.short === true };
        }),
      };
    }),
  };
}

export function teamsView(body: unknown): ReceiverView {
  const b = record(body);
  if (b['@type'] === 'MessageCard') {
    const facts = list(b.sections).flatMap((s) =>
      list(record(s).facts).map((f) => ({ name: str(record(f).name), value: str(record(f).value) })),
    );
    return { kind: 'teams-messagecard', title: str(b.title), text: str(b.text), color: hexColor(b.themeColor), facts };
  }
  const attachment = list(b.attachments)
    .map(record)
    .find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (!attachment) return { kind: 'unreadable', reason: 'no Adaptive Card attachment in the message' };
  return { kind: 'teams-adaptive', card: attachment.content };
}

export function discordView(body: unknown): ReceiverView {
  const b = record(body);
  return {
    kind: 'discord',
    content: str(b.content),
    embeds: list(b.embeds).map((e) => {
      const embed = record(e);
      return {
        title: str(embed.title),
        description: str(embed.description),
        color: discordColor(embed.color),
        fields: list(embed.fields).map((f) => {
          const field = record(f);
          return { name: str(field.name), value: str(field.value), inline: field.inline === true };
        }),
      };
    }),
  };
}

/**
 * The headers every request carries, added by the dispatcher at send time
 * (spec section 9); the preview shows them so the request is complete.
 */
export function dispatcherHeaders(d: RenderedDelivery, version: string): [string, string][] {
  return [
    ['User-Agent', `notify/${version}`],
    ['X-Notify-Event', d.event],
    ['X-Notify-Event-Id', d.transport.eventId],
  ];
}

function rawView(d: RenderedDelivery, version: string): RawView {
  if (d.email) {
    const e = d.email;
    const headers: [string, string][] = [
      ['From', e.from ?? '(notify.smtp.from / SMTP_FROM)'],
      ['To', e.to.join(', ')],
    ];
    if (e.cc.length) headers.push(['Cc', e.cc.join(', ')]);
    if (e.bcc.length) headers.push(['Bcc', e.bcc.join(', ')]);
    headers.push(['Subject', e.subject]);
    return { kind: 'email', headers, text: e.text, html: e.html };
  }
  const r = d.request!;
  const parsed = parseJson(r.body);
  return {
    kind: 'http',
    method: r.method,
    url: r.url,
    headers: [
      ...Object.entries(r.headers).filter(([name]) => !/^(user-agent|x-notify-event|x-notify-event-id)$/i.test(name)),
      ...dispatcherHeaders(d, version),
    ],
    body: parsed.ok ? JSON.stringify(parsed.value, null, 2) : r.body,
    bodyIsJson: parsed.ok,
  };
}

function receiverView(d: RenderedDelivery): ReceiverView {
  if (d.email) return { kind: 'email', ...d.email };
  if (d.channel === 'webhook') return { kind: 'webhook' };
  const parsed = parseJson(d.request?.body ?? null);
  if (!parsed.ok) return { kind: 'unreadable', reason: parsed.reason };
  switch (d.channel) {
    case 'slack':
      return slackView(parsed.value);
    case 'teams':
      return teamsView(parsed.value);
    case 'discord':
      return discordView(parsed.value);
    default:
      return { kind: 'webhook' };
  }
}

export function deliveryView(d: RenderedDelivery, version = '0.0.0'): DeliveryView {
  return {
    notifier: d.notifier,
    event: d.event,
    sample: d.sample,
    channel: d.channel,
    ...(d.scope !== undefined ? { scope: d.scope } : {}),
    ...(partLabel(d) !== undefined ? { part: partLabel(d) } : {}),
    receiver: receiverView(d),
    raw: rawView(d, version),
  };
}

function partLabel(d: RenderedDelivery): string | undefined {
  if (d.item !== undefined) return `item ${d.item + 1}`;
  if (d.group !== undefined) return `group "${d.group}" · ${d.count ?? 1} event${d.count === 1 ? '' : 's'}`;
  return undefined;
}

export function buildPreviewModel(input: {
  fileName: string;
  selection: PreviewSelection;
  choices: PreviewChoices;
  deliveries: readonly RenderedDelivery[];
  problems: readonly PreviewProblem[];
  skipped?: readonly string[];
  restricted: boolean;
  /** Notify's version, for the User-Agent header the dispatcher sends. */
  version?: string;
}): PreviewModel {
  return {
    fileName: input.fileName,
    selection: input.selection,
    choices: input.choices,
    deliveries: input.deliveries.map((d) => deliveryView(d, input.version)),
    problems: input.problems,
    skipped: input.skipped ?? [],
    restricted: input.restricted,
  };
}
