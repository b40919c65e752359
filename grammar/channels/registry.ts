import type { ChannelModule, Converter } from './channel';
import { discord } from './discord';
import { email } from './email';
import { googlechat } from './googlechat';
import { mattermost } from './mattermost';
import { ntfy } from './ntfy';
import { pagerduty } from './pagerduty';
import { COMMON_PROPERTIES, type PropertyDef } from './properties';
import { genericReply, isRetryableStatus, type Reply, type ReplyVerdict } from './reply';
import { slack } from './slack';
import { teams } from './teams';
import { webhook } from './webhook';

/**
 * The channels, in the order docs, completion and snippets list them. A new
 * channel is a folder beside these (see README.md here) and one entry below;
 * every keyword list, the TextMate grammar, the snippets and the docs' channel
 * table come from this list.
 */
export const CHANNEL_MODULES = [webhook, slack, teams, discord, googlechat, mattermost, ntfy, pagerduty, email] as const;

export type ChannelKind = (typeof CHANNEL_MODULES)[number]['kind'];

/** What the preview shows for a delivery of any channel. */
export type ChannelView = ReturnType<(typeof CHANNEL_MODULES)[number]['preview']>;

/** A registered channel: its module, and its properties with the common ones (timeout, retries, backoff). */
export interface Channel {
  readonly kind: ChannelKind;
  readonly doc: string;
  readonly properties: ReadonlyMap<string, PropertyDef>;
  readonly module: ChannelModule;
}

export const CHANNEL_KINDS: readonly ChannelKind[] = CHANNEL_MODULES.map((m) => m.kind);

export const CHANNELS: Readonly<Record<ChannelKind, Channel>> = Object.fromEntries(
  CHANNEL_MODULES.map((m): [ChannelKind, Channel] => [
    m.kind,
    { kind: m.kind, doc: m.doc, module: m, properties: new Map([...m.properties, ...COMMON_PROPERTIES].map((p) => [p.name, p])) },
  ]),
) as Record<ChannelKind, Channel>;

export function isChannelKind(word: string): word is ChannelKind {
  return Object.hasOwn(CHANNELS, word);
}

/** Reads the reply of `channel`'s service into a verdict a person can act on. */
export function interpretReply(channel: ChannelKind, reply: Reply): ReplyVerdict {
  const read = CHANNELS[channel].module.reply;
  if (!read) return genericReply(reply);
  // The body is the receiver's: JSON of a shape the service never sends (`"message": {}`, `"errors": "x"`)
  // must not throw out of a channel's reading — that ended the delivery as an internal error, not retried
  // (a 503) and recorded with 0 attempts. A reading that fails is the generic one: the status decides.
  try {
    const verdict = read(reply);
    if (typeof verdict.ok === 'boolean' && (verdict.error === null || typeof verdict.error === 'string')) {
      // LANGUAGE.md 9: 408, 429 and 5xx are retried whatever their body says; a service's error code in it names the error, the status decides the retry
      return !verdict.ok && !verdict.retryable && isRetryableStatus(reply.status) ? { ...verdict, retryable: true } : verdict;
    }
  } catch {
    // below
  }
  return genericReply(reply);
}

/** The channel whose service a URL belongs to, and whether that endpoint is retired (its NTF209 message). */
export function serviceOfUrl(text: string): { readonly kind: ChannelKind; readonly retired?: string } | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  for (const m of CHANNEL_MODULES) {
    const service: ChannelModule['service'] = m.service;
    if (service?.retired?.matches(url)) return { kind: m.kind, retired: service.retired.message };
    if (service?.matches(url)) return { kind: m.kind };
  }
  return undefined;
}

/** The functions channel modules add to the one function table (grammar/functions/builtins.ts). */
export const CHANNEL_FUNCTIONS = CHANNEL_MODULES.flatMap((m) => (m as ChannelModule).functions ?? []);

/** Every channel's converters, with the channel they belong to; ids are unique (test/grammar/channels/registry.test.ts). */
export const CONVERTERS: readonly (Converter & { readonly channel: ChannelKind })[] = CHANNEL_MODULES.flatMap((m) => {
  const converters: readonly Converter[] = (m as ChannelModule).converters ?? [];
  return converters.map((c) => ({ ...c, channel: m.kind }));
});

/** The kinds in backquotes for messages: "`webhook`, `slack`, …, `email`". */
export function quotedKinds(): string {
  return CHANNEL_KINDS.map((k) => `\`${k}\``).join(', ');
}
