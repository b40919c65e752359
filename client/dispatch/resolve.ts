import { BASIC_AUTH_PLACEHOLDER, type EmailSpec, type RenderedDelivery } from '../../grammar/render/delivery';
import { RESERVED_HEADERS } from '../../grammar/channels/properties';
import { envNotAllowedMessage, isEnvAllowed } from '../../grammar/functions/env';
import { PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN, PLACEHOLDER_PATTERN, SECRET_HEADERS_VALUE } from '../../grammar/values/value';
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
  const texts = collectTexts(delivery);
  const values = await lookUpAll(texts, options);
  let known = spellingCaches.get(options.secrets);
  if (!known) spellingCaches.set(options.secrets, (known = new SpellingCache()));
  const redactor = new Redactor(known);
  for (const [placeholder, value] of values) redactor.add(value, placeholder);
  const fill = (text: string): string => fillIn(text, values);

  let basicCredentials: string | null = null;
  const basic = delivery.transport.basicAuth;
  if (basic) {
    const username = fill(basic.username);
    const password = fill(basic.password);
    if (username.includes(':')) throw new ResolveError('the basic auth username must not contain ":"');
    redactor.add(`${username}:${password}`, BASIC_AUTH_PLACEHOLDER);
    basicCredentials = Buffer.from(`${username}:${password}`).toString('base64');
  }

  let request: ResolvedRequest | undefined;
  if (delivery.request) {
    const headers: Record<string, string> = {};
    const put = (name: string, value: string) => putHeader(headers, name, value);
    const given = delivery.request.headers;
    for (const name in given) {
      const value = given[name]!;
      const secretMap = secretMapName(name, value);
      if (secretMap !== null) {
        for (const [k, v] of headersFromSecret(secretMap, values.get(name) ?? '')) {
          redactor.add(v, name);
          put(k, v);
        }
        continue;
      }
      if (RESERVED_HEADERS.has(name.toLowerCase())) {
        throw new ResolveError(`header ${name} cannot be set: the connection sets it from the URL`);
      }
      let filled = fill(value);
      if (filled.includes(BASIC_AUTH_PLACEHOLDER)) {
        if (basicCredentials === null) {
          throw new ResolveError(`header ${name} uses basic credentials, but the delivery has no transport.basicAuth`);
        }
        filled = filled.split(BASIC_AUTH_PLACEHOLDER).join(basicCredentials);
      }
      put(name, filled);
    }
    request = {
      method: delivery.request.method,
      url: fill(delivery.request.url),
      headers,
      body: delivery.request.body === null ? null : fill(delivery.request.body),
    };
  }

  let email: EmailSpec | undefined;
  if (delivery.email) {
    const e = delivery.email;
    const fillOrNull = (t: string | null) => (t === null ? null : fill(t));
    email = {
      from: fillOrNull(e.from),
      to: e.to.map(fill),
      cc: e.cc.map(fill),
      bcc: e.bcc.map(fill),
      subject: fill(e.subject),
      text: fillOrNull(e.text),
      html: fillOrNull(e.html),
    };
  }

  let signing: ResolvedSigning | undefined;
  const spec = delivery.transport.signing;
  if (spec) {
    const secret = new Secret('signing', fill(spec.secret));
    const problem = spec.scheme === 'hmac-sha256' ? hmacSecretProblem(secret.reveal()) : standardWebhooksKeyProblem(secret.reveal());
    if (problem !== null) throw new ResolveError(problem);
    signing =
      spec.scheme === 'hmac-sha256'
        ? { scheme: 'hmac-sha256', secret, header: spec.header }
        : { scheme: 'standard-webhooks', secret };
  }

  return { request, email, signing, redactor };
}

/**
 * `text` with each placeholder replaced by its value (one left as it is when it has none).
 * A scan rather than `replace(PLACEHOLDER_PATTERN, fn)`, which calls back per match: every key of
 * `values` is a whole match of the pattern, and a match runs from a `‹` to the first `›` after it
 * with no `‹` in between, so looking up each such span replaces exactly what the pattern would.
 */
function fillIn(text: string, values: ReadonlyMap<string, string>): string {
  let open = text.indexOf(PLACEHOLDER_OPEN);
  if (open < 0) return text;
  let out = '';
  let done = 0;
  while (open >= 0) {
    const close = text.indexOf(PLACEHOLDER_CLOSE, open + 1);
    if (close < 0) break;
    const reopen = text.indexOf(PLACEHOLDER_OPEN, open + 1);
    if (reopen >= 0 && reopen < close) {
      open = reopen;
      continue;
    }
    const value = values.get(text.slice(open, close + 1));
    if (value !== undefined) {
      out += text.slice(done, open) + value;
      done = close + 1;
    }
    open = reopen;
  }
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
    if (/[\r\n\0]/.test(value)) throw new ResolveError(`the value of "${name}" in secret ${secret} contains a line break`);
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

const PLACEHOLDERS = new RegExp(PLACEHOLDER_PATTERN);

/** Placeholder text → value, for every placeholder in `texts`. */
async function lookUpAll(texts: readonly string[], options: ResolveOptions): Promise<Map<string, string>> {
  const wanted = new Map<string, { source: 'secret' | 'env'; name: string }>();
  for (const text of texts) {
    if (!text.includes(PLACEHOLDER_OPEN)) continue;
    // An exec loop on this module's own copy of the pattern: matchAll would clone the RegExp per text.
    PLACEHOLDERS.lastIndex = 0;
    for (let m = PLACEHOLDERS.exec(text); m !== null; m = PLACEHOLDERS.exec(text)) {
      // The match is the placeholder text itself (placeholderFor spells it the same way).
      if (!wanted.has(m[0])) wanted.set(m[0], { source: m[1] as 'secret' | 'env', name: m[2]! });
    }
  }
  const values = new Map<string, string>();
  const problems: string[] = [];
  for (const [placeholder, { source, name }] of wanted) {
    if (source === 'secret') {
      const value = await options.secrets.get(name);
      if (value === undefined) problems.push(missingSecretMessage(name));
      else values.set(placeholder, value);
    } else if (!options.allowEnv) {
      problems.push(`$Env("${name}") is not allowed here: environment values are disabled in untrusted workspaces`);
    } else if (!isEnvAllowed(name, options.allowedEnv)) {
      problems.push(envNotAllowedMessage(name));
    } else {
      const value = options.env[name];
      if (value === undefined) problems.push(`environment variable ${name} is not set (used by $Env("${name}"))`);
      else values.set(placeholder, value);
    }
  }
  if (problems.length > 0) throw new ResolveError(problems.join('; '));
  return values;
}
