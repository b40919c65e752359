import { EvalError } from '../../functions/signature';
import { BASIC_AUTH_PLACEHOLDER, type HttpRequestSpec, type SigningSpec, type TransportOptions } from '../../render/delivery';
import { compactJson } from '../../render/json';
import type { ChannelProps, TextEntries } from '../../render/properties';
import { scalarText } from '../../render/text';
import { checkUrl } from '../http';
import { SECRET_HEADERS_VALUE } from '../../values/value';

/** The webhook channel (spec section 6): the body as written, with auth, signing and an optional envelope. */

export type HttpMethod = HttpRequestSpec['method'];
const METHODS: readonly HttpMethod[] = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'];

export type AuthSpec =
  | { readonly scheme: 'bearer'; readonly token: string }
  | { readonly scheme: 'basic'; readonly username: string; readonly password: string }
  | { readonly scheme: 'apikey'; readonly header: string; readonly value: string };

export const DEFAULT_SIGNATURE_HEADER = 'X-Notify-Signature';
/** Stands for a header value the dispatcher computes per attempt (signatures, timestamps). */
export const COMPUTED_AT_SEND = '\u2039computed at send\u203a';

export interface WebhookInput {
  readonly method: HttpMethod;
  readonly url: string;
  /** Sent as `Content-Type` when there is a body. */
  readonly contentType: string;
  readonly headers: TextEntries;
  readonly auth?: AuthSpec;
  readonly signing?: SigningSpec;
  /** null: no body (and no Content-Type). */
  readonly body: string | null;
  /** The event id (`webhook-id` of Standard Webhooks). */
  readonly eventId: string;
}

export interface WebhookOutput {
  readonly request: HttpRequestSpec;
  readonly signing?: SigningSpec;
  readonly basicAuth?: { readonly username: string; readonly password: string };
}

/**
 * Headers in this order: `Content-Type`, the user's `headers`, the auth
 * header, the signature headers. A later header replaces an earlier one of
 * the same name (case-insensitively), so `headers` can override the content
 * type and `auth` wins over a hand-written `Authorization`.
 */
export function buildWebhookRequest(input: WebhookInput): WebhookOutput {
  const headers = new HeaderList();
  if (input.body !== null) headers.set('Content-Type', input.contentType);
  for (const [name, value] of input.headers) headers.set(name, value);
  let basicAuth: WebhookOutput['basicAuth'];
  if (input.auth) {
    switch (input.auth.scheme) {
      case 'bearer':
        headers.set('Authorization', `Bearer ${input.auth.token}`);
        break;
      case 'basic':
        // The credentials may be placeholders: the dispatcher encodes them after resolving.
        headers.set('Authorization', `Basic ${BASIC_AUTH_PLACEHOLDER}`);
        basicAuth = { username: input.auth.username, password: input.auth.password };
        break;
      case 'apikey':
        headers.set(input.auth.header, input.auth.value);
        break;
    }
  }
  if (input.signing?.scheme === 'hmac-sha256') {
    headers.set(input.signing.header, `sha256=${COMPUTED_AT_SEND}`);
  } else if (input.signing?.scheme === 'standard-webhooks') {
    headers.set('webhook-id', input.eventId);
    headers.set('webhook-timestamp', COMPUTED_AT_SEND);
    headers.set('webhook-signature', `v1,${COMPUTED_AT_SEND}`);
  }
  const request: HttpRequestSpec = { method: input.method, url: checkUrl(input.url), headers: headers.toRecord(), body: input.body };
  const out: { request: HttpRequestSpec; signing?: SigningSpec; basicAuth?: WebhookOutput['basicAuth'] } = { request };
  if (input.signing) out.signing = input.signing;
  if (basicAuth) out.basicAuth = basicAuth;
  return out;
}

/** Loops rather than findIndex/fromEntries: every webhook render builds one, mostly of a single header. */
class HeaderList {
  private readonly names: string[] = [];
  private readonly values: string[] = [];
  set(name: string, value: string): void {
    checkHeader(name, value);
    const lower = name.toLowerCase();
    for (let i = 0; i < this.names.length; i++) {
      if (this.names[i]!.toLowerCase() !== lower) continue;
      this.names.splice(i, 1);
      this.values.splice(i, 1);
      break;
    }
    this.names.push(name);
    this.values.push(value);
  }
  toRecord(): Record<string, string> {
    const record: Record<string, string> = {};
    for (let i = 0; i < this.names.length; i++) {
      // An assignment to `__proto__` would set the prototype, not a header (fromEntries defines it as a property).
      if (this.names[i] === '__proto__') return Object.fromEntries(this.names.map((n, j) => [n, this.values[j]!]));
      record[this.names[i]!] = this.values[i]!;
    }
    return record;
  }
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function checkHeader(name: string, value: string): void {
  if (value === SECRET_HEADERS_VALUE && /^\u2039secret:[^\u203a]*\u203a$/.test(name)) return; // `%SecretMap`: checked at send
  if (!TOKEN.test(name)) throw new EvalError(`"${name}" is not a valid HTTP header name`);
  if (/[\r\n\0]/.test(value)) throw new EvalError(`the value of header ${name} contains ${/[\r\n]/.test(value) ? 'a line break' : 'a NUL character'}`);
}

/** Reads `auth = %(scheme: …)`; the scheme is written in lower case (spec section 6). */
export function authFromEntries(entries: TextEntries): AuthSpec {
  const get = entryReader(entries, 'auth');
  const scheme = get('scheme');
  switch (scheme) {
    case 'bearer':
      return { scheme, token: get('token') };
    case 'basic':
      return { scheme, username: get('username'), password: get('password', true) };
    case 'apikey':
      return { scheme, header: get('header'), value: get('value') };
    default:
      throw new EvalError(`auth scheme "${scheme}" is not one of "bearer", "basic", "apikey"`);
  }
}

/** Reads `signing = %(scheme: …, secret: …[, header: …])`. */
export function signingFromEntries(entries: TextEntries): SigningSpec {
  const get = entryReader(entries, 'signing');
  const scheme = get('scheme');
  switch (scheme) {
    case 'hmac-sha256': {
      const header = entries.find(([k]) => k.toLowerCase() === 'header')?.[1] || DEFAULT_SIGNATURE_HEADER;
      return { scheme, secret: get('secret'), header };
    }
    case 'standard-webhooks':
      return { scheme, secret: get('secret') };
    default:
      throw new EvalError(`signing scheme "${scheme}" is not one of "hmac-sha256", "standard-webhooks"`);
  }
}

function entryReader(entries: TextEntries, property: string): (key: string, emptyOk?: boolean) => string {
  return (key, emptyOk = false) => {
    const found = entries.find(([k]) => k.toLowerCase() === key);
    if (!found || (!emptyOk && found[1] === '')) throw new EvalError(`${property} needs a non-empty "${key}"`);
    return found[1];
  };
}

export interface EnvelopeInput {
  /** The rule that sent the message: the notifier's name (CIPP's `invoking`). */
  readonly invoking: string;
  readonly title: string;
  readonly tenant: string | null;
  readonly generatedAt: string;
  /** The rendered body: embedded as JSON when it is JSON, else as a JSON string. */
  readonly body: string;
}

/**
 * `envelope = "standard"`: CIPP's standardized alert schema, compact JSON with
 * the keys in CIPP's order. `payload` is the list of alerts: a body that is a
 * JSON array is that list (not nested again); any other body is one alert.
 * The body's own text is spliced in (not re-serialized) so numbers keep their
 * written precision.
 */
export function standardEnvelope(input: EnvelopeInput): string {
  const compact = compactJson(input.body);
  const isList = compact !== undefined && compact.startsWith('[');
  const payload = isList ? compact : `[${compact ?? JSON.stringify(input.body)}]`;
  const alertCount = isList ? (JSON.parse(compact) as unknown[]).length : 1;
  const head = JSON.stringify({
    schemaVersion: '1.0',
    source: 'notify',
    invoking: input.invoking,
    title: input.title,
    tenant: input.tenant,
    generatedAt: input.generatedAt,
    alertCount,
  });
  return `${head.slice(0, -1)},"payload":${payload}}`;
}

/** The variables that name whom an event is about, for the envelope's `tenant`. */
const TENANT_VARIABLES = ['tenant', 'tenantid', 'organization'];

export function renderWebhook(props: ChannelProps): { request: HttpRequestSpec; transport: TransportOptions } {
  const transport = props.transport();
  const url = props.required('url');
  props.at('url', () => checkUrl(url));
  const method = (props.text('method') ?? 'POST') as HttpMethod;
  if (!METHODS.includes(method)) props.at('method', () => { throw new EvalError(`method "${method}" is not one of ${METHODS.join(', ')}`); });
  const bodyless = method === 'GET' || method === 'DELETE';
  let body = props.text('body') ?? (bodyless ? null : (props.defaultText('body') ?? ''));
  const envelope = props.text('envelope') ?? 'none';
  if (envelope !== 'none' && envelope !== 'standard') props.at('envelope', () => { throw new EvalError(`envelope "${envelope}" is not "none" or "standard"`); });
  if (envelope === 'standard' && body !== null) {
    const scope = props.scope;
    const tenantKey = TENANT_VARIABLES.find((k) => scope.event.variables.has(k));
    body = standardEnvelope({
      invoking: scalarText(scope.variables.get('notifiername') ?? null),
      title: props.defaultText('title') ?? scope.event.name,
      tenant: tenantKey ? scalarText(scope.variables.get(tenantKey) ?? null) : null,
      generatedAt: scalarText(scope.variables.get('timestamp') ?? null),
      body,
    });
  }
  const authEntries = props.entries('auth');
  const signingEntries = props.entries('signing');
  const auth = authEntries && props.at('auth', () => authFromEntries(authEntries));
  const signing = signingEntries && props.at('signing', () => signingFromEntries(signingEntries));
  const out = props.at('headers', () =>
    buildWebhookRequest({
      method,
      url,
      contentType: props.text('content_type') ?? 'application/json',
      headers: props.entries('headers') ?? [],
      auth,
      signing,
      body,
      eventId: transport.eventId,
    }),
  );
  if (!out.signing && !out.basicAuth) return { request: out.request, transport };
  return {
    request: out.request,
    transport: { ...transport, ...(out.signing ? { signing: out.signing } : {}), ...(out.basicAuth ? { basicAuth: out.basicAuth } : {}) },
  };
}
