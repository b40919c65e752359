/**
 * Pacing, the part that needs no clock: which messages share a destination,
 * how far apart the channel module's `rateLimit` puts them, and how long a
 * send will take (the preview's "12 messages to Slack: about 12 s"). The
 * dispatcher's pacer (client/dispatch/pacer.ts) waits by the same numbers.
 */
import type { RenderedDelivery } from '../render/delivery';
import type { RateLimit } from './channel';
import { CHANNELS, type ChannelKind } from './registry';

export function rateLimitOf(channel: ChannelKind): RateLimit | undefined {
  return CHANNELS[channel].module.rateLimit;
}

/** The time one message takes of the destination's budget. */
export function paceIntervalMs(limit: RateLimit | undefined): number {
  return limit && limit.perSecond > 0 ? 1000 / limit.perSecond : 0;
}

/**
 * One destination: the service and its URL without the query (a Discord
 * `?thread_id=` or `?wait=true` is the same webhook). Placeholders may stand
 * in for secrets; a URL that does not parse is its own destination.
 */
export function destinationKey(channel: ChannelKind, url: string): string {
  try {
    const u = new URL(url);
    return `${channel} ${u.origin}${u.pathname}`;
  } catch {
    return `${channel} ${url}`;
  }
}

export interface SendEstimate {
  readonly channel: ChannelKind;
  /** How the service is named: "Slack". */
  readonly service: string;
  readonly messages: number;
  /** Each message takes its slot: messages ÷ perSecond, in whole seconds rounded up. */
  readonly seconds: number;
  /** "12 messages to Slack: about 12 s" */
  readonly text: string;
}

/**
 * How long sending these deliveries takes because of pacing: one line per
 * destination that gets more than one message and whose channel declares a
 * rate limit. Other destinations are not paced and are left out.
 */
export function estimateSendTime(deliveries: readonly Pick<RenderedDelivery, 'channel' | 'request'>[]): SendEstimate[] {
  const groups = new Map<string, { channel: ChannelKind; messages: number }>();
  for (const d of deliveries) {
    if (!d.request || !rateLimitOf(d.channel)) continue;
    const key = destinationKey(d.channel, d.request.url);
    const group = groups.get(key);
    if (group) group.messages++;
    else groups.set(key, { channel: d.channel, messages: 1 });
  }
  const out: SendEstimate[] = [];
  for (const { channel, messages } of groups.values()) {
    if (messages < 2) continue;
    const seconds = Math.ceil((messages * paceIntervalMs(rateLimitOf(channel))) / 1000);
    const service = CHANNELS[channel].module.service?.name ?? channel;
    out.push({ channel, service, messages, seconds, text: `${messages} messages to ${service}: about ${formatSeconds(seconds)}` });
  }
  return out;
}

function formatSeconds(s: number): string {
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
}
