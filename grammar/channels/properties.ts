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

