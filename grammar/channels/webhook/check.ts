import { diagnostic } from '../../diagnostics';
import { constantText, describeType } from '../../check/expressions';
import { didYouMean } from '../../check/suggest';
import type { Expr } from '../../syntax/ast';
import type { ChannelCheck } from '../channel';
import { AUTH_SCHEMES, SIGNING_SCHEMES, type SchemeDef } from './schemes';

/** `auth` and `signing` (spec section 6): a known scheme with exactly its keys, each a string or a secret. */
export function checkWebhookProperty(name: string, value: Expr, check: ChannelCheck): void {
  if (name === 'auth') checkScheme(value, 'auth', AUTH_SCHEMES, check);
  if (name === 'signing') checkScheme(value, 'signing', SIGNING_SCHEMES, check);
}

function checkScheme(value: Expr, what: 'auth' | 'signing', schemes: Readonly<Record<string, SchemeDef>>, check: ChannelCheck): void {
  if (value.kind !== 'Map') return;
  const entries = new Map(value.entries.map((e) => [e.key.toLowerCase(), e]));
  const schemeEntry = entries.get('scheme');
  // Only a diagnostic needs the list: not built on every `auth`.
  const known = () => Object.keys(schemes).map((s) => `"${s}"`).join(', ');
  if (!schemeEntry) {
    check.report(diagnostic('NTF203', value.span, `\`${what}\` needs a \`scheme\`: one of ${known()}.`));
    return;
  }
  const scheme = schemeEntry.value ? constantText(schemeEntry.value) : undefined;
  if (scheme === undefined) return; // computed: checked at render time
  const rule = Object.hasOwn(schemes, scheme) ? schemes[scheme] : undefined;
  const at = schemeEntry.value?.span ?? schemeEntry.span;
  if (!rule) {
    const suggestion = Object.keys(schemes).find((s) => s === scheme.toLowerCase()) ?? didYouMean(scheme, Object.keys(schemes));
    check.report(
      diagnostic('NTF203', at, `Unknown \`${what}\` scheme "${scheme}"; use one of ${known()}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`, {
        fixes: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ span: at, newText: `"${suggestion}"` }], preferred: true }] : [],
      }),
    );
    return;
  }
  const missing = rule.required.filter((k) => !entries.has(k));
  if (missing.length) {
    check.report(
      diagnostic('NTF203', at, `\`${what}\` with scheme "${scheme}" needs ${missing.map((k) => `\`${k}\``).join(' and ')}: ${schemeExample(what, scheme, rule)}.`),
    );
  }
  const allowed = new Set(['scheme', ...rule.required, ...rule.optional]);
  for (const entry of value.entries) {
    if (allowed.has(entry.key.toLowerCase())) continue;
    const suggestion = didYouMean(entry.key, [...allowed]);
    check.report(
      diagnostic('NTF203', entry.keySpan, `\`${what}\` with scheme "${scheme}" takes no key \`${entry.key}\`: ${schemeExample(what, scheme, rule)}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`, {
        fixes: suggestion ? [{ title: `Change to \`${suggestion}\``, edits: [{ span: entry.keySpan, newText: suggestion }], preferred: true }] : [],
      }),
    );
  }
  for (const entry of value.entries) {
    if (entry.key.toLowerCase() === 'scheme' || !entry.value) continue;
    const t = check.typeOf(entry.value);
    if (t && t.kind !== 'string' && t.kind !== 'secret' && t.kind !== 'any') {
      check.report(diagnostic('NTF203', entry.value.span, `\`${entry.key}\` must be a string or a secret, but this is ${describeType(t)}.`));
    }
  }
}

function schemeExample(what: string, scheme: string, rule: SchemeDef): string {
  const keys = rule.required.map((k) => `${k}: …`);
  return `\`%(scheme: "${scheme}"${keys.length ? ', ' + keys.join(', ') : ''})\``;
}
