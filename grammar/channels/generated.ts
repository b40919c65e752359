import type { ChannelModule } from './channel';
import type { PropertyDef } from './properties';
import { CHANNEL_MODULES } from './registry';

/**
 * The text other files hold about the channels, made from the registry:
 * scripts/generate.mjs writes it into docs/LANGUAGE.md and
 * snippets/notify.json, and a test fails when a committed copy is stale.
 */

export const CHANNEL_TABLE_BEGIN = '<!-- channel table: generated from grammar/channels/registry.ts by scripts/generate.mjs; do not edit -->';
export const CHANNEL_TABLE_END = '<!-- end of channel table -->';

/** The channel table of docs/LANGUAGE.md section 6. */
export function channelTable(): string {
  const rows = CHANNEL_MODULES.map((m) => `| \`${m.kind}\` | ${m.properties.map(propertyText).join(', ')} | ${m.sends} |`);
  return ['| channel | properties (required in bold) | what is sent |', '| --- | --- | --- |', ...rows].join('\n');
}

function propertyText(p: PropertyDef): string {
  const name = p.required ? `**\`${p.name}\`**` : `\`${p.name}\``;
  const notes: string[] = [];
  if (p.values) {
    notes.push(p.values.map((v) => `\`"${v}"\`${p.defaultText === `"${v}"` ? ' default' : ''}`).join(', '));
    if (p.defaultText && !p.values.some((v) => p.defaultText === `"${v}"`)) notes.push(`default: ${p.defaultText}`);
  } else {
    if (p.literal === 'color') notes.push('`#rrggbb`, `good`, `warning`, `danger`');
    if (p.types.some((t) => t.kind === 'map')) notes.push('map');
    if (p.types.some((t) => t.kind === 'list') && p.types.some((t) => t.kind === 'string')) notes.push(p.literal === 'emails' ? 'comma-separated addresses, or a list' : 'string or list');
    if (p.defaultText) notes.push(`default: ${p.defaultText.startsWith('the ') || /^[A-Za-z]/.test(p.defaultText) ? p.defaultText : `\`${p.defaultText}\``}`);
  }
  if (p.secretAllowed) notes.push('secret');
  return notes.length ? `${name} (${notes.join('; ')})` : name;
}

export const REPLY_TABLE_BEGIN = '<!-- reply table: generated from grammar/channels/registry.ts by scripts/generate.mjs; do not edit -->';
export const REPLY_TABLE_END = '<!-- end of reply table -->';

/** How each HTTP channel's replies are read, for docs/delivery.md. */
export function replyTable(): string {
  const rows = CHANNEL_MODULES.flatMap((m) => (m.replyDoc ? [`| \`${m.kind}\` | ${m.replyDoc.delivered} | ${m.replyDoc.failures} |`] : []));
  return ['| channel | delivered when | common failures, as Notify reports them |', '| --- | --- | --- |', ...rows].join('\n');
}

export const RATE_TABLE_BEGIN = '<!-- rate table: generated from grammar/channels/registry.ts by scripts/generate.mjs; do not edit -->';
export const RATE_TABLE_END = '<!-- end of rate table -->';

/** Each channel's declared pace (its module's `rateLimit`), for docs/delivery.md#pacing. */
export function rateTable(): string {
  const rows = CHANNEL_MODULES.map((m) => {
    const limit: ChannelModule['rateLimit'] = m.rateLimit;
    if (!limit) return `| \`${m.kind}\` | not paced (only its replies' rate-limit headers and \`Retry-After\` count) | |`;
    const spacing = Math.round(1000 / limit.perSecond);
    return `| \`${m.kind}\` | ${limit.perSecond} a second (one every ${spacing >= 1000 ? `${spacing / 1000} s` : `${spacing} ms`}) | ${limit.source} |`;
  });
  return ['| channel | messages to one destination | source |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The event names the notifier snippets offer. */
const SNIPPET_EVENTS = 'package.added,package.promoted,package.deployed,vulnerability.detected,build.issues_opened,scan.completed,finding.new,alert.raised';

export interface Snippet {
  readonly prefix: string | readonly string[];
  readonly description: string;
  readonly body: readonly string[];
}

/** One "Notifier: <channel>" snippet per channel, in registry order. */
export function channelSnippets(): Record<string, Snippet> {
  const out: Record<string, Snippet> = {};
  for (const m of CHANNEL_MODULES) {
    out[`Notifier: ${m.snippet.title}`] = {
      prefix: [`notifier-${m.kind}`, m.kind],
      description: m.snippet.description,
      body: ['notifier "${1:Name}" {', `\ton \${2|${SNIPPET_EVENTS}|};`, '', `\t${m.kind} {`, ...m.snippet.lines, '\t}', '}'],
    };
  }
  return out;
}
