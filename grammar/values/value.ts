/**
 * Runtime values of the evaluator. Plain JS values where they fit; small
 * classes where a value must remember what it is (a datetime is not a
 * number; a secret is not a string and never holds its value here).
 */
export type Value =
  | string
  | number
  | boolean
  | null
  | DateTimeValue
  | DurationValue
  | SecretValue
  | readonly Value[]
  | MapValue;

/** An ordered map; keys keep their written order (ToJson relies on it). */
export type MapValue = ReadonlyMap<string, Value>;

export class DateTimeValue {
  constructor(readonly epochMs: number) {}
  /** ISO 8601 UTC without fractional seconds when whole: `2026-04-28T07:12:43Z`. */
  toString(): string {
    const iso = new Date(this.epochMs).toISOString();
    return iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso;
  }
}

export class DurationValue {
  /** `text` is the duration as written, which is how it renders. */
  constructor(readonly ms: number, readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/**
 * A reference to a secret (`$Secret(name)`) or an environment variable
 * (`$Env(name)`). Rendering never resolves it: it prints a placeholder
 * (`‹secret:name›` / `‹env:NAME›`) that only the dispatcher replaces, at send
 * time, with the real value. So no rendered delivery, preview or render
 * output can contain a secret value.
 */
export class SecretValue {
  constructor(readonly source: 'secret' | 'env', readonly name: string) {}
  toString(): string {
    return placeholderFor(this.source, this.name);
  }
}

/**
 * `%SecretMap(name)`: a secret holding a JSON object of header names to
 * values. Still a secret everywhere (its placeholder is the secret's); only
 * `headers` knows to expand it, which the dispatcher does at send time.
 */
export class SecretMapValue extends SecretValue {
  constructor(name: string) {
    super('secret', name);
  }
}

/** The value shown for the headers a `%SecretMap` stands for (`‹secret:NAME›: ‹headers›`). */
export const SECRET_HEADERS_VALUE = '\u2039headers\u203a';

export const PLACEHOLDER_OPEN = '\u2039';
export const PLACEHOLDER_CLOSE = '\u203a';

export function placeholderFor(source: 'secret' | 'env', name: string): string {
  return `${PLACEHOLDER_OPEN}${source}:${name}${PLACEHOLDER_CLOSE}`;
}

/**
 * Text that comes from outside the notifier file (event values from a
 * catalog example, an `--event-file` or a captured event; what `$FromJson`
 * decodes) made inert: a `‹` in it is followed by a zero-width space, so it
 * can never open a placeholder (LANGUAGE.md 8). Without this an event whose
 * title is `‹secret:aws›` would be sent with that secret's value. The mark
 * shows as nothing; text already marked is left as it is.
 */
export function inertText(text: string): string {
  return text.includes(PLACEHOLDER_OPEN) ? text.replace(INERT_OPEN, '\u2039\u200b') : text;
}

const INERT_OPEN = /\u2039(?!\u200b)/g;

/** Matches every placeholder in a rendered string; group 1 = source, group 2 = name. */
export const PLACEHOLDER_PATTERN = /\u2039(secret|env):([^\u203a\u2039]*)\u203a/g;

/**
 * Calls `span(open, close)` for each `‹…›` in `text` with no `‹` inside, left
 * to right (`open` and `close` are the offsets of its `‹` and `›`): the spans
 * PLACEHOLDER_PATTERN can match, which also need `secret:` or `env:` after
 * the `‹`. A scan by indexOf, for the dispatcher, which runs it on every text
 * of every delivery: a RegExp exec loop there cost more while V8 warms up.
 */
export function forEachBracketed(text: string, span: (open: number, close: number) => void): void {
  let open = text.indexOf(PLACEHOLDER_OPEN);
  while (open >= 0) {
    const close = text.indexOf(PLACEHOLDER_CLOSE, open + 1);
    if (close < 0) return;
    const reopen = text.indexOf(PLACEHOLDER_OPEN, open + 1);
    if (reopen < 0 || reopen > close) span(open, close);
    open = reopen;
  }
}

export function isMap(v: Value): v is MapValue {
  return v instanceof Map;
}
export function isList(v: Value): v is readonly Value[] {
  return Array.isArray(v);
}
