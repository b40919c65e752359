/**
 * The schemes of a webhook's `auth` and `signing` maps (docs/delivery.md):
 * which keys each needs, and what each key means. The checker (NTF203),
 * completion and hover read this one table.
 */
export interface SchemeDef {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /** One line: what the scheme sends. */
  readonly doc: string;
  /** What each key (other than `scheme`) is. */
  readonly keys: Readonly<Record<string, string>>;
}

export const AUTH_SCHEMES: Readonly<Record<string, SchemeDef>> = {
  bearer: {
    required: ['token'],
    optional: [],
    doc: '`Authorization: Bearer <token>`.',
    keys: { token: 'The bearer token, e.g. `$Secret("api-token")`.' },
  },
  basic: {
    required: ['username', 'password'],
    optional: [],
    doc: 'HTTP Basic authentication (`Authorization: Basic <base64 of username:password>`).',
    keys: { username: 'The user name.', password: 'The password, e.g. `$Secret("hook-password")`.' },
  },
  apikey: {
    required: ['header', 'value'],
    optional: [],
    doc: 'An API key in a header of your choice.',
    keys: { header: 'The header name, e.g. `"X-Api-Key"`.', value: 'The key, e.g. `$Secret("api-key")`.' },
  },
};

export const SIGNING_SCHEMES: Readonly<Record<string, SchemeDef>> = {
  'hmac-sha256': {
    required: ['secret'],
    optional: ['header'],
    doc: 'A header (default `X-Notify-Signature`) = `sha256=<hex HMAC-SHA256 of the raw body>`.',
    keys: { secret: 'The HMAC key, e.g. `$Secret("hook-hmac")`.', header: 'The header name (default `X-Notify-Signature`).' },
  },
  'standard-webhooks': {
    required: ['secret'],
    optional: [],
    doc: 'Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`.',
    keys: { secret: 'The signing secret (`whsec_…`), e.g. `$Secret("hook-whsec")`.' },
  },
};

/** The scheme table of a property (`auth` / `signing`), if it has one. */
export function schemesOf(property: string): Readonly<Record<string, SchemeDef>> | undefined {
  return property === 'auth' ? AUTH_SCHEMES : property === 'signing' ? SIGNING_SCHEMES : undefined;
}

export const SCHEME_KEY_DOC = 'Which scheme: decides the other keys.';
