import { EvalError } from '../functions/signature';
import { jsonString } from '../functions/text';
import type { HttpRequestSpec } from '../render/delivery';
import type { Place, PlacedEscape } from '../render/escape';
import { PLACEHOLDER_OPEN, PLACEHOLDER_PATTERN } from '../values/value';

/**
 * A URL must be absolute http(s). A URL holding a secret or environment
 * placeholder is only known at send time; the dispatcher checks it then.
 */
export function checkUrl(url: string, property = 'url'): string {
  // The set first: it holds only URLs without placeholders, and a URL seen before needs no scan.
  if (validUrls.has(url) || url.includes(PLACEHOLDER_OPEN)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new EvalError(`${property} "${shown(url)}" is not an absolute URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new EvalError(`${property} "${shown(url)}" must start with http:// or https://`);
  }
  if (url.length <= 2048) {
    if (validUrls.size >= 256) validUrls.clear();
    validUrls.add(url);
  }
  return url;
}

/** URLs that passed: a file's URLs are mostly constants, checked again on every render, and parsing one is a good part of a small render's time. */
const validUrls = new Set<string>();

/**
 * The escape of a URL property (LANGUAGE.md 6.4): a value is put in by where
 * it falls in the URL, so event data can neither move the request to another
 * host nor end the path or query it was written into.
 */
export function urlEscape(property: string): PlacedEscape {
  let escape = urlEscapes.get(property);
  if (!escape) urlEscapes.set(property, (escape = Object.assign((text: string, place?: Place) => placeInUrl(property, text, place), { placed: true as const, property })));
  return escape;
}

const urlEscapes = new Map<string, PlacedEscape>();

function placeInUrl(property: string, text: string, place: Place | undefined): string {
  if (!place || place.configured) return text;
  const { before, next } = place;
  if (before === '' && next !== undefined && (next === '' || BASE_END.test(next))) return text;
  const part = urlPartAfter(before);
  // After written host text, a value may begin the path (`"https://example.com$Path"`); it is then a path value.
  if (part === 'host' && text.startsWith('/')) return text.replace(IN_PATH, percentEncoded);
  if (part === 'scheme' || part === 'host' || part === 'host start') {
    if ((part === 'host start' ? HOST_START_VALUE : HOST_INNER_VALUE).test(text)) return text;
    const allowed = part === 'host start' ? 'letters, digits, "-" and "."' : 'letters, digits and "-" ("." only where a value begins the host)';
    throw new EvalError(`${property}: the value "${shown(text)}" cannot go into the scheme or host of "${shown(before)}…": a value there may hold only ${allowed}`);
  }
  const special = part === 'path' ? IN_PATH : part === 'query' ? IN_QUERY : IN_FRAGMENT;
  return text.replace(special, percentEncoded);
}

/** Written text after a value that makes the value the URL's base: the path, query or fragment begins. */
const BASE_END = /^[/?#]/;
const HOST_START_VALUE = /^[A-Za-z0-9.-]*$/;
const HOST_INNER_VALUE = /^[A-Za-z0-9-]*$/;
// Tab, LF and CR are dropped by URL parsers; ‹ › would let event text pass for a secret placeholder.
const IN_PATH = /[?#\\\t\n\r\u2039\u203a\u200b]/g;
const IN_QUERY = /[#\t\n\r\u2039\u203a\u200b]/g;
const IN_FRAGMENT = /[\t\n\r\u2039\u203a\u200b]/g;

function percentEncoded(ch: string): string {
  return encodeURIComponent(ch);
}

type UrlPart = 'scheme' | 'host start' | 'host' | 'path' | 'query' | 'fragment';

/** The part of a URL that text appended to `before` is in. */
function urlPartAfter(before: string): UrlPart {
  // A placeholder's value is known at send time only: one opening the URL stands for a base, any other for a host.
  const text = before.includes(PLACEHOLDER_OPEN) ? before.replace(PLACEHOLDER_PATTERN, (_m, _source, _name, offset: number) => (offset === 0 ? 's://h' : 'h')) : before;
  const scheme = text.indexOf('://');
  if (scheme < 0) return 'scheme';
  const rest = text.slice(scheme + 3);
  const end = rest.search(/[/\\?#]/);
  if (end < 0) return rest === '' || rest.endsWith('@') ? 'host start' : 'host';
  const hash = rest.indexOf('#', end);
  if (hash >= 0) return 'fragment';
  return rest.indexOf('?', end) >= 0 ? 'query' : 'path';
}

/**
 * JSON already written by `toJson` (functions/text), spliced into a payload
 * as it is. What a user wrote as a map (a Teams card element, a Slack block)
 * goes out this way: parsed back into a JavaScript object and serialized
 * again, its integer-like keys ("2", "10") would move before the others.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/** The chat services take one JSON document, sent compact; `JsonText` in it is sent as written. */
export function jsonPost(url: string, payload: unknown): HttpRequestSpec {
  return jsonTextPost(url, payloadJson(payload));
}

/** JSON.stringify's output for the renderers' own objects, arrays and scalars, with `JsonText` spliced in. */
function payloadJson(v: unknown): string {
  if (v instanceof JsonText) return v.text;
  if (typeof v === 'string') return jsonString(v);
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined || typeof x === 'function' ? 'null' : payloadJson(x))).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const parts: string[] = [];
    for (const [k, x] of Object.entries(v)) if (x !== undefined && typeof x !== 'function') parts.push(`${jsonString(k)}:${payloadJson(x)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * `jsonPost` of a body written as JSON text already: a renderer with a fixed
 * shape writes it with `jsonString` (functions/text), because JSON.stringify
 * of even a small nested object costs about as much as the rest of a Slack
 * render (Node 20).
 */
export function jsonTextPost(url: string, body: string): HttpRequestSpec {
  return { method: 'POST', url: checkUrl(url), headers: { 'Content-Type': 'application/json' }, body };
}

/** Short enough to sit beside another field (Slack and Mattermost `short`, Discord `inline`). */
export const SHORT_FIELD_MAX = 40;

/** At most SHORT_FIELD_MAX characters on one line (LANGUAGE.md 6.1): a value that breaks its line does not fit beside another. */
export function isShort(value: string): boolean {
  return value.length <= SHORT_FIELD_MAX && !/[\r\n]/.test(value);
}

/** A computed URL as an error message quotes it: one line, cut short (it may be any text a variable held). */
function shown(url: string): string {
  const line = url.replace(/\s+/g, ' ');
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}

/** Length in UTF-8 bytes, as services count their limits (lone surrogates count as U+FFFD's three). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return bytes;
}
