import type { CredentialPattern } from '../channels/channel';
import { CHANNEL_MODULES } from '../channels/registry';
import type { Span, StringLiteral } from '../syntax/ast';

/**
 * Facts about literal text the channel checks need: what looks like a
 * credential, what an email address is, and
 * where in the source a piece of a string's text was written.
 */

export interface CredentialMatch {
  /** What was found, for the message: "a Slack webhook URL". */
  readonly what: string;
  readonly index: number;
  readonly length: number;
}

/** Credentials of no one service; each channel module lists its service's own. */
export const GENERIC_CREDENTIALS: readonly CredentialPattern[] = [
  { what: 'a Standard Webhooks signing secret', pattern: /whsec_[A-Za-z0-9+/=]{8,}/ },
  { what: 'a bearer token', pattern: /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/i },
  { what: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{20,}/ },
];

let credentialPatterns: readonly CredentialPattern[] | undefined;
let credentialFilters: readonly RegExp[] | undefined;

/**
 * One regex per flag set, the alternation of every pattern with those flags:
 * a string matches one of them exactly when it matches one of the patterns,
 * and almost every string of a file matches none, so it is scanned once or
 * twice instead of once per pattern (a dozen). Only plain and `i` patterns
 * without back-references or named groups are combined; with any other, no
 * filter (each pattern is tried, as before).
 */
function filtersOf(patterns: readonly CredentialPattern[]): readonly RegExp[] {
  const byFlags = new Map<string, string[]>();
  for (const { pattern } of patterns) {
    if ((pattern.flags !== '' && pattern.flags !== 'i') || /\\[1-9k]|\(\?</.test(pattern.source)) return [];
    const sources = byFlags.get(pattern.flags) ?? [];
    sources.push(`(?:${pattern.source})`);
    byFlags.set(pattern.flags, sources);
  }
  return [...byFlags].map(([flags, sources]) => new RegExp(sources.join('|'), flags));
}

/** The first thing in `text` that looks like a credential, or undefined. */
export function findCredential(text: string): CredentialMatch | undefined {
  credentialPatterns ??= [...CHANNEL_MODULES.flatMap((m): readonly CredentialPattern[] => m.credentials ?? []), ...GENERIC_CREDENTIALS];
  credentialFilters ??= filtersOf(credentialPatterns);
  // Loops, not `some` with a closure: every string of every property passes here.
  const filters = credentialFilters;
  if (filters.length) {
    let any = false;
    for (let i = 0; i < filters.length && !any; i++) any = filters[i]!.test(text);
    if (!any) return undefined;
  }
  for (const { what, pattern } of credentialPatterns) {
    const m = pattern.exec(text);
    if (m) return { what, index: m.index, length: m[0].length };
  }
  return undefined;
}

/** Keys whose literal value is a credential wherever they appear in a channel's maps. */
export const CREDENTIAL_KEYS: ReadonlySet<string> = new Set([
  'token',
  'password',
  'secret',
  'apikey',
  'api_key',
  'api-key',
  'authorization',
  'x-api-key',
  'client_secret',
]);

const ADDRESS = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\.][^\s@<>(),;:"[\]\\]*$/;

/** `ops@example.com` or `Ops Team <ops@example.com>`. */
export function isEmailAddress(text: string): boolean {
  const t = text.trim();
  const named = /^[^<>]*<([^<>]*)>$/.exec(t);
  const addr = named ? named[1]!.trim() : t;
  return ADDRESS.test(addr) && !addr.includes('..');
}

/**
 * A string's text with each character's source offset, so a piece of it (an
 * email address, a credential) can be pointed at exactly. Interpolations and
 * tags become `\u0000`, which marks a piece as not constant.
 */
export interface MappedText {
  readonly text: string;
  /** Source offset of each character of `text`; one extra entry for the end. */
  readonly offsets: readonly number[];
}

export const DYNAMIC = '\u0000';

export function mapStringText(str: StringLiteral): MappedText {
  let text = '';
  const offsets: number[] = [];
  const parts = str.parts;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    if (part.kind === 'Text') {
      // Escapes make the value shorter than the source; then point at the whole part.
      const exact = part.value.length === part.span.end - part.span.start;
      text += part.value;
      for (let i = 0; i < part.value.length; i++) offsets.push(exact ? part.span.start + i : part.span.start);
      if (!exact && part.value.length > 0) offsets[offsets.length - 1] = part.span.end - 1;
    } else {
      text += DYNAMIC;
      offsets.push(part.span.start);
    }
  }
  offsets.push(str.parts.length ? str.parts[str.parts.length - 1]!.span.end : str.contentSpan.end);
  return { text, offsets };
}

/** The `text` of `mapStringText(str)`, without the offsets. */
export function mappedText(str: StringLiteral): string {
  const parts = str.parts;
  // One part, the usual string: its value as is, nothing concatenated.
  if (parts.length === 1) return parts[0]!.kind === 'Text' ? parts[0]!.value : DYNAMIC;
  let text = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    text += part.kind === 'Text' ? part.value : DYNAMIC;
  }
  return text;
}

/** Source span of `text[from, to)` of a mapped string. */
export function spanOf(mapped: MappedText, from: number, to: number): Span {
  const start = mapped.offsets[from] ?? mapped.offsets[mapped.offsets.length - 1]!;
  const last = to > from ? mapped.offsets[to - 1] : undefined;
  return { start, end: last === undefined ? start : last + 1 };
}

/** `Critical vulnerabilities` → `critical-vulnerabilities`: a secret name derived from a notifier name. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
}
