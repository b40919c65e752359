import { BASIC_AUTH_PLACEHOLDER, type EmailSpec, type RenderedDelivery } from '../../grammar/render/delivery';
import { RESERVED_HEADERS } from '../../grammar/channels/properties';
import { envNotAllowedMessage, isEnvAllowed } from '../../grammar/functions/env';
import { forEachBracketed, PLACEHOLDER_OPEN, SECRET_HEADERS_VALUE } from '../../grammar/values/value';
import { Redactor, SpellingCache } from './redact';
import { Secret, missingSecretMessage, type EnvLike, type SecretSource } from './secrets';
import { hmacSecretProblem, standardWebhooksKey } from './signing';

function standardWebhooksKeyProblem(secret: string): string | null {
  const key = standardWebhooksKey(secret);
  return typeof key === 'string' ? key : null;
}

/** The request with every placeholder replaced by its value, ready to send. */
export interface ResolvedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

export type ResolvedSigning =
  | { readonly scheme: 'hmac-sha256'; readonly secret: Secret; readonly header: string }
  | { readonly scheme: 'standard-webhooks'; readonly secret: Secret };

export interface Resolved {
  readonly request?: ResolvedRequest;
  readonly email?: EmailSpec;
  readonly signing?: ResolvedSigning;
  /** Masks every value that was put in, for everything reported afterwards. */
  readonly redactor: Redactor;
}

export interface ResolveOptions {
  readonly secrets: SecretSource;
  readonly env: EnvLike;
  /** `$Env(...)` is refused unless allowed (the editor disables it in untrusted workspaces). */
  readonly allowEnv: boolean;
  /** Variables `$Env` may read besides NOTIFY_ENV_* (grammar/functions/env.ts). */
  readonly allowedEnv?: readonly string[];
}

/** A placeholder that cannot be resolved; the message says how to fix it. */
export class ResolveError extends Error {
  override name = 'ResolveError';
}

/**
 * Replaces `‹secret:name›` / `‹env:NAME›` placeholders everywhere in the
 * delivery (URL, headers, body, signing secret, basic credentials, email
 * fields), and the `‹basic›` header stand-in with the encoded credentials.
 * Every lookup happens first, so all missing values are reported together.
 */
export async function resolveDelivery(delivery: RenderedDelivery, options: ResolveOptions): Promise<Resolved> {
  return resolveDeliveryNow(delivery, options);
}

/**
 * resolveDelivery, without waiting when the secret source answers at once
 * (SecretSource.getNow, the environment): the dispatcher's way, one await
 * fewer per secret. Otherwise the secrets are asked one by one, in order.
 * A problem is thrown, or rejected when there was something to wait for.
 */
export function resolveDeliveryNow(delivery: RenderedDelivery, options: ResolveOptions): Resolved | Promise<Resolved> {
  const wanted = placeholdersIn(collectTexts(delivery));
  const getNow = options.secrets.getNow;
  if (getNow) return withValues(delivery, valuesOf(wanted, getNow, options), options);
  return secretsOf(wanted, options.secrets).then((secrets) => withValues(delivery, valuesOf(wanted, (name) => secrets.get(name), options), options));
}

/** The delivery with these values put in (resolveDelivery). */
function withValues(delivery: RenderedDelivery, values: Values, options: ResolveOptions): Resolved {
  const redactor = redactorOf(values, options.secrets);
  const basic = delivery.transport.basicAuth;
  const basicCredentials = basic ? basicCredentialsOf(basic, values.byPlaceholder, redactor) : null;
  const request = delivery.request ? resolvedRequest(delivery.request, values.byPlaceholder, redactor, basicCredentials) : undefined;
  const email = delivery.email ? resolvedEmail(delivery.email, values.byPlaceholder) : undefined;
  const signing = delivery.transport.signing ? resolvedSigning(delivery.transport.signing, values.byPlaceholder) : undefined;
  return { request, email, signing, redactor };
}

/** A redactor of these values, sharing their spellings with the other deliveries from the same secret source. */
function redactorOf(values: Values, secrets: SecretSource): Redactor {
  let known = spellingCaches.get(secrets);
  if (!known) spellingCaches.set(secrets, (known = new SpellingCache()));
  const redactor = new Redactor(known);
  for (const [placeholder, value] of values.byPlaceholder) redactor.add(value, placeholder);
  return redactor;
}

/** The base64 `user:password` of `transport.basicAuth`, registered with the redactor. */
function basicCredentialsOf(basic: NonNullable<RenderedDelivery['transport']['basicAuth']>, values: ReadonlyMap<string, string>, redactor: Redactor): string {
  const username = fillIn(basic.username, values);
  const password = fillIn(basic.password, values);
  if (username.includes(':')) throw new ResolveError('the basic auth username must not contain ":"');
  redactor.add(`${username}:${password}`, BASIC_AUTH_PLACEHOLDER);
  return Buffer.from(`${username}:${password}`).toString('base64');
}

function resolvedRequest(
  given: NonNullable<RenderedDelivery['request']>,
  values: ReadonlyMap<string, string>,
  redactor: Redactor,
  basicCredentials: string | null,
): ResolvedRequest {
  const headers: Record<string, string> = {};
  for (const name in given.headers) {
    const value = given.headers[name]!;
    const secretMap = secretMapName(name, value);
    if (secretMap !== null) {
      for (const [k, v] of headersFromSecret(secretMap, values.get(name) ?? '')) {
        redactor.add(v, name);
        putHeader(headers, k, v);
      }
      continue;
    }
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new ResolveError(`header ${name} cannot be set: the connection sets it from the URL`);
    }
    let filled = fillIn(value, values);
    if (filled.includes(BASIC_AUTH_PLACEHOLDER)) {
      if (basicCredentials === null) {
        throw new ResolveError(`header ${name} uses basic credentials, but the delivery has no transport.basicAuth`);
      }
      filled = filled.split(BASIC_AUTH_PLACEHOLDER).join(basicCredentials);
    }
    putHeader(headers, name, filled);
  }
  return {
    method: given.method,
    url: fillIn(given.url, values),
    headers,
    body: given.body === null ? null : fillIn(given.body, values),
  };
}

function resolvedEmail(e: EmailSpec, values: ReadonlyMap<string, string>): EmailSpec {
  const fill = (text: string): string => fillIn(text, values);
  const fillOrNull = (t: string | null) => (t === null ? null : fill(t));
  return {
    from: fillOrNull(e.from),
    to: e.to.map(fill),
    cc: e.cc.map(fill),
    bcc: e.bcc.map(fill),
    subject: fill(e.subject),
    text: fillOrNull(e.text),
    html: fillOrNull(e.html),
  };
}

function resolvedSigning(spec: NonNullable<RenderedDelivery['transport']['signing']>, values: ReadonlyMap<string, string>): ResolvedSigning {
  const secret = new Secret('signing', fillIn(spec.secret, values));
  const problem = spec.scheme === 'hmac-sha256' ? hmacSecretProblem(secret.reveal()) : standardWebhooksKeyProblem(secret.reveal());
  if (problem !== null) throw new ResolveError(problem);
  return spec.scheme === 'hmac-sha256' ? { scheme: 'hmac-sha256', secret, header: spec.header } : { scheme: 'standard-webhooks', secret };
}

/**
 * `text` with each placeholder replaced by its value (one left as it is when it has none).
 * Every key of `values` is a whole match of PLACEHOLDER_PATTERN, and each match is one of the spans
 * forEachBracketed finds, so looking each span up replaces exactly what the pattern would.
 */
function fillIn(text: string, values: ReadonlyMap<string, string>): string {
  if (!text.includes(PLACEHOLDER_OPEN)) return text;
  let out = '';
  let done = 0;
  forEachBracketed(text, (open, close) => {
    const value = values.get(text.slice(open, close + 1));
    if (value === undefined) return;
    out += text.slice(done, open) + value;
    done = close + 1;
  });
  return done === 0 ? text : out + text.slice(done);
}

/** A later header replaces an earlier one of the same name, as when rendering (webhook/render.ts). */
function putHeader(headers: Record<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (const k in headers) if (k.toLowerCase() === lower) delete headers[k];
  headers[name] = value;
}

/** One cache of value spellings per secret source: the values it hands out, for the deliveries of one send. */
const spellingCaches = new WeakMap<SecretSource, SpellingCache>();

/** The secret's name when a header entry stands for `%SecretMap(name)` (`‹secret:name›: ‹headers›`), else null. */
function secretMapName(name: string, value: string): string | null {
  if (value !== SECRET_HEADERS_VALUE) return null;
  const m = /^\u2039secret:([^\u203a\u2039]*)\u203a$/.exec(name);
  return m ? m[1]! : null;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The headers a `%SecretMap` secret holds (LANGUAGE.md 8): a JSON object of
 * header names to strings. Messages name the secret, never its content.
 */
export function headersFromSecret(secret: string, json: string): [string, string][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    // JSON.parse's message quotes the text: it must not reach any output.
    throw new ResolveError(`secret ${secret} is not valid JSON: %SecretMap needs a JSON object of header names to text values, e.g. {"X-Api-Key": "…"}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const what = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    throw new ResolveError(`secret ${secret} must hold a JSON object of header names to text values, not ${what}`);
  }
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!TOKEN.test(name)) throw new ResolveError(`secret ${secret}: "${name.slice(0, 40)}" is not a valid HTTP header name`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw new ResolveError(`secret ${secret}: header ${name} cannot be set: the connection sets it from the URL`);
    if (typeof value !== 'string') {
      const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      throw new ResolveError(`the value of "${name}" in secret ${secret} must be a string, not ${what}`);
    }
    if (/[\r\n\0]/.test(value)) throw new ResolveError(`the value of "${name}" in secret ${secret} contains ${/[\r\n]/.test(value) ? 'a line break' : 'a NUL character'}`);
    out.push([name, value]);
  }
  return out;
}

function collectTexts(delivery: RenderedDelivery): string[] {
  const texts: string[] = [];
  const r = delivery.request;
  if (r) {
    texts.push(r.url);
    for (const name in r.headers) texts.push(r.headers[name]!);
    for (const name in r.headers) if (secretMapName(name, r.headers[name]!) !== null) texts.push(name);
    if (r.body !== null) texts.push(r.body);
  }
  const e = delivery.email;
  if (e) {
    texts.push(...e.to, ...e.cc, ...e.bcc, e.subject);
    for (const t of [e.from, e.text, e.html]) if (t !== null) texts.push(t);
  }
  const t = delivery.transport;
  if (t.signing) texts.push(t.signing.secret);
  if (t.basicAuth) texts.push(t.basicAuth.username, t.basicAuth.password);
  return texts;
}

/** The distinct placeholders in `texts`, in order of first appearance: each one's text, source and name. */
interface Wanted {
  readonly placeholders: string[];
  readonly sources: ('secret' | 'env')[];
  readonly names: string[];
}

function placeholdersIn(texts: readonly string[]): Wanted {
  const wanted: Wanted = { placeholders: [], sources: [], names: [] };
  for (let i = 0; i < texts.length; i++) if (texts[i]!.includes(PLACEHOLDER_OPEN)) placeholdersOf(texts[i]!, wanted);
  return wanted;
}

/** Adds the placeholders of `text` to `wanted` (the spans of forEachBracketed that start `‹secret:` or `‹env:`). */
function placeholdersOf(text: string, wanted: Wanted): void {
  forEachBracketed(text, (open, close) => wantPlaceholder(text, open, close, wanted));
}

/** `text[open..close]` (a `‹`, then no `‹` or `›` until `›`), if it is a placeholder not yet wanted. */
function wantPlaceholder(text: string, open: number, close: number, wanted: Wanted): void {
  const source = text.startsWith('secret:', open + 1) ? 'secret' : text.startsWith('env:', open + 1) ? 'env' : null;
  if (source === null) return;
  // The placeholder text itself (placeholderFor spells it the same way).
  const placeholder = text.slice(open, close + 1);
  if (wanted.placeholders.includes(placeholder)) return;
  wanted.placeholders.push(placeholder);
  wanted.sources.push(source);
  wanted.names.push(text.slice(open + 2 + source.length, close));
}

/** The wanted secrets from a source that must be waited for: asked one by one, in order. */
async function secretsOf(wanted: Wanted, secrets: SecretSource): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  for (let i = 0; i < wanted.names.length; i++) {
    if (wanted.sources[i] === 'secret') out.set(wanted.names[i]!, await secrets.get(wanted.names[i]!));
  }
  return out;
}

/** The value of the `i`th wanted placeholder, or why it has none. */
function putValue(values: Values, wanted: Wanted, i: number, secret: (name: string) => string | undefined, options: ResolveOptions): void {
  const name = wanted.names[i]!;
  const value = wanted.sources[i] === 'secret' ? secret(name) : envValue(name, options);
  if (value === undefined || value instanceof EnvProblem) (values.problems ??= []).push(value === undefined ? missingSecretMessage(name) : value.message);
  else values.byPlaceholder.set(wanted.placeholders[i]!, value);
}

/** Why `$Env(name)` has no value. */
class EnvProblem {
  constructor(readonly message: string) {}
}

function envValue(name: string, options: ResolveOptions): string | EnvProblem {
  if (!options.allowEnv) return new EnvProblem(`$Env("${name}") is not allowed here: environment values are disabled in untrusted workspaces`);
  if (!isEnvAllowed(name, options.allowedEnv)) return new EnvProblem(envNotAllowedMessage(name));
  const value = options.env[name];
  return value === undefined ? new EnvProblem(`environment variable ${name} is not set (used by $Env("${name}"))`) : value;
}

/** The value of each wanted placeholder, in the order they were wanted. */
interface Values {
  readonly byPlaceholder: Map<string, string>;
  /** What is missing or not allowed, while they are looked up. */
  problems: string[] | null;
}

/** Every wanted placeholder's value, `secret` giving the secrets'; all problems in one ResolveError. */
function valuesOf(wanted: Wanted, secret: (name: string) => string | undefined, options: ResolveOptions): Values {
  const values: Values = { byPlaceholder: new Map(), problems: null };
  for (let i = 0; i < wanted.placeholders.length; i++) putValue(values, wanted, i, secret, options);
  const problems = values.problems;
  if (problems !== null) throw new ResolveError(problems.join('; '));
  return values;
}
