import type { ChannelKind, Span } from '../syntax/ast';

/**
 * What rendering produces and the dispatcher sends: one delivery per notifier
 * and channel. Secret and environment values appear only as placeholders
 * (`‹secret:name›`, `‹env:NAME›`, see ../values/value); the dispatcher resolves them.
 *
 * `notify render` prints `{ notifier, event, sample, channel, request | email }`
 * of each delivery (spec section 10); `transport` is for the dispatcher only.
 */
export interface RenderedDelivery {
  readonly notifier: string;
  readonly event: string;
  /** The sample's name, or null when the catalog's example values were used. */
  readonly sample: string | null;
  readonly channel: ChannelKind;
  /** Fan-out (`each`, LANGUAGE.md 2.1): the 0-based index of the item this delivery is for. */
  readonly item?: number;
  /** Digest (`digest by`, LANGUAGE.md 2.2): the group's key as text. */
  readonly group?: string;
  /** Digest: how many events the group holds. */
  readonly count?: number;
  /** Digest: the sample name of each event of the group (null for a catalog example). */
  readonly samples?: readonly (string | null)[];
  /** The notifier's `scope` (LANGUAGE.md 2.3), when it declares one. */
  readonly scope?: string;
  readonly request?: HttpRequestSpec;
  readonly email?: EmailSpec;
  readonly transport: TransportOptions;
  /**
   * What renders but will not show as written (a limit that clips, such as
   * Gmail's; LANGUAGE.md 6.3). Absent when there is none; never sent, never
   * printed in `notify render`'s JSON.
   */
  readonly warnings?: readonly RenderWarning[];
}

/** A render warning: the message, at the property's value when it is in the file. */
export interface RenderWarning {
  readonly message: string;
  readonly span?: Span;
}

export interface HttpRequestSpec {
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'GET' | 'DELETE';
  readonly url: string;
  /** Header names in canonical case (`Content-Type`), in a stable order. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body text; null for none (GET/DELETE without body). */
  readonly body: string | null;
}

export interface EmailSpec {
  readonly from: string | null;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  readonly text: string | null;
  readonly html: string | null;
}

export type SigningSpec =
  | { readonly scheme: 'hmac-sha256'; readonly secret: string; readonly header: string }
  | { readonly scheme: 'standard-webhooks'; readonly secret: string };

export interface TransportOptions {
  readonly timeoutMs: number;
  readonly retries: number;
  /** Waits before attempt 2, 3, …; the last one repeats. */
  readonly backoffMs: readonly number[];
  /** Computed by the dispatcher over the final (secret-resolved) body. */
  readonly signing?: SigningSpec;
  /** The event id sent as `X-Notify-Event-Id` on every attempt. */
  readonly eventId: string;
  /**
   * For `auth = %(scheme: "basic", …)`: the renderer cannot base64-encode a
   * placeholder, so it writes the header `Authorization: Basic ‹basic›`
   * (BASIC_AUTH_PLACEHOLDER) and puts the credentials here (possibly holding
   * placeholders); the dispatcher encodes them after resolving.
   */
  readonly basicAuth?: { readonly username: string; readonly password: string };
}

/** Stands in a header value for the base64 `username:password` of `transport.basicAuth`. */
export const BASIC_AUTH_PLACEHOLDER = '\u2039basic\u203a';

/** What a fan-out, digest or scope adds to a printed delivery (LANGUAGE.md 10); nothing for a plain notifier. */
export function shapeFields(d: RenderedDelivery): { scope?: string; item?: number; group?: string; count?: number; samples?: readonly (string | null)[] } {
  return {
    ...(d.scope !== undefined ? { scope: d.scope } : {}),
    ...(d.item !== undefined ? { item: d.item } : {}),
    ...(d.group !== undefined ? { group: d.group, ...(d.count !== undefined ? { count: d.count } : {}), ...(d.samples ? { samples: d.samples } : {}) } : {}),
  };
}
