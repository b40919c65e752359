/**
 * Turns rendered deliveries into what the preview panel shows: per channel,
 * the message as its receiver displays it (the channel module's `preview`)
 * and the raw HTTP request or email beside it. Pure and serialisable: it is posted
 * to the webview as is.
 */
import { estimateSendTime } from '../../../grammar/channels/pacing';
import { parseJson } from '../../../grammar/channels/preview';
import { CHANNELS, type ChannelView } from '../../../grammar/channels/registry';
import type { RenderedDelivery } from '../../../grammar/render/delivery';
import type { EventSourceView } from './eventSource';

/** Per channel, what its module's `preview` makes of a delivery (grammar/channels/<kind>/preview.ts). */
export type ReceiverView = ChannelView;

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
  /**
   * The label of the default choice: "First matching sample", or for a
   * digest the batch it renders, "digest: 3 events by $Tenant" (LANGUAGE.md 2.2).
   */
  readonly defaultLabel: string;
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
  /** How long pacing makes sending these, per destination: "12 messages to Slack: about 12 s" (docs/delivery.md#pacing). Absent when nothing is paced. */
  readonly pacing?: readonly string[];
  /** An event file or fixture in use instead of the example (eventSource.ts). */
  readonly source?: EventSourceView;
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
  /** Render warnings (LANGUAGE.md 6.3): sent, but not shown as written (Gmail clips). */
  readonly warnings?: readonly string[];
}

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
  | { readonly kind: 'smtp'; readonly headers: readonly (readonly [string, string])[]; readonly text: string | null; readonly html: string | null };

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
    return { kind: 'smtp', headers, text: e.text, html: e.html };
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
  return CHANNELS[d.channel].module.preview(d) as ReceiverView;
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
    ...(d.warnings?.length ? { warnings: d.warnings.map((w) => w.message) } : {}),
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
  source?: EventSourceView;
}): PreviewModel {
  return {
    fileName: input.fileName,
    selection: input.selection,
    choices: input.choices,
    deliveries: input.deliveries.map((d) => deliveryView(d, input.version)),
    problems: input.problems,
    skipped: input.skipped ?? [],
    restricted: input.restricted,
    ...pacingOf(input.deliveries),
    ...(input.source ? { source: input.source } : {}),
  };
}

function pacingOf(deliveries: readonly RenderedDelivery[]): { pacing?: readonly string[] } {
  const pacing = estimateSendTime(deliveries).map((e) => e.text);
  return pacing.length ? { pacing } : {};
}
