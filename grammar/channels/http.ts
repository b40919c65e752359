import { EvalError } from '../functions/signature';
import type { HttpRequestSpec } from '../render/delivery';
import { PLACEHOLDER_OPEN } from '../values/value';

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

/** The chat services take one JSON document, sent compact. */
export function jsonPost(url: string, payload: unknown): HttpRequestSpec {
  return jsonTextPost(url, JSON.stringify(payload));
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
