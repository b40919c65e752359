/**
 * The decisions of "Send Test Notification" that need no editor: what to
 * ask (only when there is a choice), how a target is named to the user
 * (never with a secret in it), and how a failure is turned into an action.
 * Pure, so it is unit-tested.
 */
import type { RenderedDelivery } from '../../../grammar/render/delivery';
import { PLACEHOLDER_PATTERN } from '../../../grammar/values/value';
import type { FileOutline } from '../outline';

/** Placeholders stay as they are (`‹secret:slack-hook›`); only the host of a literal URL is named. */
export function targetHost(delivery: RenderedDelivery): string {
  if (delivery.email) return [...delivery.email.to, ...delivery.email.cc, ...delivery.email.bcc].join(', ');
  const url = delivery.request?.url ?? '';
  // Read from the text: a placeholder in the host would be mangled by URL parsing.
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1];
  if (authority !== undefined) {
    const host = authority.slice(authority.lastIndexOf('@') + 1);
    if (host !== '' && !/[\u2039\u203a]/.test(host)) return host;
  }
  return url;
}

/**
 * How the target is shown in the confirmation: the URL as rendered (secrets
 * are placeholders there) and, when the URL came from a secret, the host it
 * resolves to — the user must know where the message goes, not the secret.
 */
export function describeTarget(delivery: RenderedDelivery, resolvedHost?: string): string {
  if (delivery.email) return `email to ${targetHost(delivery)}`;
  const url = delivery.request?.url ?? '';
  const host = targetHost(delivery);
  if (host !== url) return `${delivery.request?.method ?? 'POST'} ${host} (${url})`;
  return resolvedHost ? `${delivery.request?.method ?? 'POST'} ${resolvedHost} (${url})` : `${delivery.request?.method ?? 'POST'} ${url}`;
}

/** The key under which "yes, send to this target" is remembered: the masked URL (or recipients) and the channel. */
export function confirmationKey(delivery: RenderedDelivery, resolvedHost?: string): string {
  const target = delivery.email ? targetHost(delivery) : (delivery.request?.url ?? '');
  return `${delivery.channel} ${target} ${resolvedHost ?? ''}`.trim();
}

/** The names of the secrets a delivery needs, in order of appearance. */
export function secretsUsed(delivery: RenderedDelivery): string[] {
  const texts: string[] = [];
  // Header names too: `%SecretMap` stands in the headers as `‹secret:name›: ‹headers›`.
  if (delivery.request) texts.push(delivery.request.url, ...Object.entries(delivery.request.headers).flat(), delivery.request.body ?? '');
  if (delivery.email) texts.push(delivery.email.subject, delivery.email.text ?? '', delivery.email.html ?? '', ...delivery.email.to);
  const basic = delivery.transport.basicAuth;
  if (basic) texts.push(basic.username, basic.password);
  const signing = delivery.transport.signing;
  if (signing) texts.push(signing.secret);
  const names: string[] = [];
  for (const text of texts) {
    for (const m of text.matchAll(new RegExp(PLACEHOLDER_PATTERN.source, 'g'))) {
      if (m[1] === 'secret' && !names.includes(m[2]!)) names.push(m[2]!);
    }
  }
  return names;
}

/** The secret a failed send was missing (from the dispatcher's message), for a "Set Secret" button. */
export function missingSecretIn(error: string | null): string | undefined {
  if (!error) return undefined;
  return /secret "([^"]+)" is not set/.exec(error)?.[1];
}

/** True when the dispatcher refused a private/loopback destination or plain http (the setting would allow it). */
export function refusedAsPrivate(error: string | null): boolean {
  return !!error && /(private, loopback, link-local|plain http:\/\/ is refused)/.test(error);
}

export interface ChannelOption {
  readonly label: string;
  readonly description: string;
  /** Indexes into the deliveries the choice sends. */
  readonly indexes: readonly number[];
}

/** One entry per delivery, plus "all" when there is more than one. */
export function channelOptions(deliveries: readonly RenderedDelivery[]): ChannelOption[] {
  const options: ChannelOption[] = deliveries.map((d, i) => ({ label: d.channel, description: targetHost(d), indexes: [i] }));
  if (deliveries.length > 1) {
    options.unshift({ label: 'All channels', description: deliveries.map((d) => d.channel).join(', '), indexes: deliveries.map((_, i) => i) });
  }
  return options;
}

/** One line for the output channel and the notification. */
export function resultLine(r: {
  notifier: string;
  channel: string;
  target: string;
  ok: boolean;
  status: number | null;
  attempts: number;
  durationMs: number;
  error: string | null;
}): string {
  const status = r.status !== null ? `status ${r.status}` : 'no reply';
  const attempts = `${r.attempts} attempt${r.attempts === 1 ? '' : 's'}`;
  const head = `[${r.notifier}/${r.channel}] ${r.ok ? 'delivered' : 'FAILED'} to ${r.target}: ${status}, ${attempts}, ${r.durationMs} ms`;
  return r.error ? `${head} — ${r.error}` : head;
}

/**
 * `notify.defaultTimeout` applies to channels that do not set `timeout`
 * themselves (the renderer has already filled in the language's 10s there).
 */
export function withDefaultTimeout(deliveries: readonly RenderedDelivery[], outline: FileOutline, timeoutMs: number | undefined): RenderedDelivery[] {
  if (timeoutMs === undefined || timeoutMs <= 0) return [...deliveries];
  return deliveries.map((d) => {
    const notifier = outline.notifiers.find((n) => n.name === d.notifier);
    if (!notifier || notifier.channelsWithTimeout.includes(d.channel)) return d;
    return { ...d, transport: { ...d.transport, timeoutMs } };
  });
}
