import { T, type Type } from '../types/type';

/**
 * A channel property (spec section 6), as each channel module lists them: one
 * table for the checker (NTF201–NTF210), completion and hover (docs), and the
 * renderer (defaults).
 */
export interface PropertyDef {
  readonly name: string;
  /** Accepted types; a value must fit one of them. */
  readonly types: readonly Type[];
  readonly required?: boolean;
  readonly doc: string;
  /** `$Secret`/`$Env` may flow here (url, headers, auth, signing). */
  readonly secretAllowed?: boolean;
  /** Message text a person reads: a secret here is NTF210. */
  readonly messageText?: boolean;
  /** Closed set of allowed literal values (e.g. method). */
  readonly values?: readonly string[];
  /** What kind of literal check applies to constant values. */
  readonly literal?: 'url' | 'emails' | 'color' | 'retries';
  /** Shown in completion/hover: the default when left out. */
  readonly defaultText?: string;
  /**
   * What becomes HTTP headers: `map` (names and values written by the user),
   * `scheme` (an `auth`/`signing` map whose keys may name a header). Checked
   * as header names and values (grammar/check/soundness.ts).
   */
  readonly httpHeaders?: 'map' | 'scheme';
  /** A map of text whose values may also be written `%(value: …, short: bool)` (Slack attachment fields). */
  readonly shortFields?: boolean;
  /** A request body sent as `content_type` (JSON by default): NTF212 when it plainly is not JSON. */
  readonly jsonBody?: boolean;
  /**
   * The service's documented limit on this property's text (for a map: on
   * each value; `keyMax` on each key, `entriesMax` on the number of
   * entries). Checked at check time from what the file shows (NTF225,
   * NTF226 for a `warning` limit) and at render time on the text sent.
   */
  readonly limit?: TextLimit;
  /**
   * The property is sent only when another property has one of these values
   * (PagerDuty's `summary` travels only with `event_action = "trigger"`), so
   * its limit is judged only then. `byDefault`: whether it is sent when that
   * property is not written.
   */
  readonly sentOnlyWhen?: { readonly property: string; readonly oneOf: readonly string[]; readonly byDefault: boolean };
}

/** A documented size limit of a service (docs/LANGUAGE.md section 6.1 lists them with their sources). */
export interface TextLimit {
  /** How messages name the service: "Discord". */
  readonly service: string;
  readonly max: number;
  /** `characters` are UTF-16 code units (JavaScript's and the services' `length`); `bytes` UTF-8. */
  readonly unit: 'characters' | 'bytes';
  /** Where the service documents the figure. */
  readonly source: string;
  /** Set when going over degrades the message instead of failing it (Gmail clips): the reason, and the check is a warning (NTF226). */
  readonly warning?: string;
  readonly keyMax?: number;
  readonly entriesMax?: number;
}

const durationList = T.list(T.duration);
/** A URL or a secret holding one. */
export const secretish = [T.string, T.secret];
export const strList = T.list(T.string);

/** Every channel takes these (spec section 6). */
export const COMMON_PROPERTIES: readonly PropertyDef[] = [
  { name: 'timeout', types: [T.duration], doc: 'Time allowed for one attempt.', defaultText: '10s' },
  { name: 'retries', types: [T.number], doc: 'Retries after a failed attempt (0–10).', literal: 'retries', defaultText: '3' },
  {
    name: 'backoff',
    types: [durationList],
    doc: 'Waits before each retry; the last value repeats. ±20 % jitter; a larger Retry-After wins.',
    defaultText: '@(10s, 1m, 5m)',
  },
];

export const COLOR_DOC = 'Colour: `#rrggbb`, or `good`, `warning`, `danger`.';


export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRIES = 3;
export const DEFAULT_BACKOFF_MS: readonly number[] = [10_000, 60_000, 300_000];
export const MAX_RETRIES = 10;
/** Headers the connection owns: written in `headers`, they are an error (NTF203) and refused at send. */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);
/** Longest `timeout`: a longer one would overflow timers (25d fires at once) and hold a send for hours. */
export const MAX_TIMEOUT_MS = 10 * 60_000;
/** Longest `backoff` wait: the dispatcher never waits longer between attempts anyway. */
export const MAX_BACKOFF_MS = 5 * 60_000;

/** Why a `timeout` or `backoff` duration is out of bounds, or null. */
export function durationProblem(property: 'timeout' | 'backoff', ms: number): string | null {
  const max = property === 'timeout' ? MAX_TIMEOUT_MS : MAX_BACKOFF_MS;
  if (!Number.isFinite(ms) || ms > max) return `\`${property}\` can be at most ${property === 'timeout' ? '10m' : '5m'}`;
  if (property === 'timeout' ? ms <= 0 : ms < 0) return `\`${property}\` must be longer than 0`;
  return null;
}

