import type { ChannelBlock, Expr, Span } from '../syntax/ast';
import { EvalError } from '../functions/signature';
import { DEFAULT_BACKOFF_MS, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, MAX_RETRIES, durationProblem, type PropertyDef, type TextLimit } from '../channels/properties';
import { urlEscape, utf8Length } from '../channels/http';
import type { RenderWarning, TransportOptions } from './delivery';
import { defaultTemplate, type DefaultKey } from './defaults';
import { EvalFailure, NO_ESCAPE, type Evaluator } from './evaluate';
import type { Escape } from './escape';
import type { RenderScope } from './environment';
import { describeValue, scalarText } from './text';
import { DurationValue, SECRET_HEADERS_VALUE, SecretMapValue, isList, isMap, type MapValue, type Value } from '../values/value';

/** Text entries of a map property (`fields`, `facts`, `headers`, `auth`), in written order. */
export type TextEntries = readonly (readonly [key: string, value: string])[];

/**
 * Reads the properties of one channel block, evaluating each on demand.
 * A property set twice (NTF204) counts once: the first one written.
 * Property names are lower case (spec section 6): another spelling is not the property.
 */
export class ChannelProps {
  /** The block's written values by name (looked up once here, not at each of the dozen reads of a render). */
  private readonly values: ReadonlyMap<string, Expr>;

  constructor(
    readonly block: ChannelBlock,
    private readonly ev: Evaluator,
    readonly scope: RenderScope,
    /** The channel's property table: its documented limits are checked on the text each property renders to. */
    defs?: ReadonlyMap<string, PropertyDef>,
  ) {
    this.values = propertyValues(block);
    this.limits = defs ? limitsOf(defs) : NO_LIMITS;
    this.urls = defs ? urlsOf(defs) : NO_URLS;
  }

  /** The properties that are URLs (`literal: 'url'`): their values are put in by where they fall (LANGUAGE.md 6.4), whichever channel reads them. */
  private readonly urls: ReadonlySet<string>;

  /** The limits of `defs` by property name; most channels have few or none, so most reads find nothing here quickly. */
  private readonly limits: ReadonlyMap<string, TextLimit>;

  /**
   * A property's documented limit on the text about to be sent (spec
   * section 6.1): a render error at the property naming the limit and the
   * size. A limit that only clips (Gmail) is a warning on the delivery.
   */
  private limited<T extends string | undefined>(name: string, text: T): T {
    if (text === undefined || this.limits === NO_LIMITS) return text;
    const limit = this.limits.get(name);
    if (!limit) return text;
    if (!limit.warning) overLimit(limit, limit.max, text, name, this.spanOf(name));
    else {
      const size = sizeIn(limit.unit, text);
      if (size > limit.max) {
        this.warnings.push({ message: `${limit.service} allows at most ${limit.max} ${limit.unit} in ${name}; this has ${size} (${limit.warning})`, span: this.spanOf(name) });
      }
    }
    return text;
  }

  /** Render warnings of this channel's delivery (LANGUAGE.md 6.3). */
  readonly warnings: RenderWarning[] = [];

  private expr(name: string): Expr | undefined {
    return this.values.get(name);
  }

  /** The span of a property's value, else of the channel keyword. */
  spanOf(name: string): Span {
    return this.expr(name)?.span ?? this.block.keywordSpan;
  }

  /** Runs `fn`; a problem it reports without a place is placed on the property `name`. */
  at<T>(name: string, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof EvalError && !(error instanceof EvalFailure)) throw new EvalFailure(error.message, this.spanOf(name));
      throw error;
    }
  }

  /** A required text property (e.g. `url`). */
  required(name: string, escape: Escape = NO_ESCAPE): string {
    const text = this.text(name, escape);
    if (text === undefined) throw new EvalFailure(`${this.block.channel} needs the property ${name}`, this.block.keywordSpan);
    return text;
  }

  has(name: string): boolean {
    return this.expr(name) !== undefined;
  }

  value(name: string): Value | undefined {
    const e = this.expr(name);
    return e && this.ev.expr(e);
  }

  /** The property as text; see `evaluateText` for what `escape` applies to. */
  text(name: string, escape: Escape = NO_ESCAPE): string | undefined {
    const e = this.expr(name);
    if (e && escape === NO_ESCAPE && this.urls.has(name)) escape = urlEscape(name);
    return this.limited(name, e && this.ev.text(e, escape));
  }

  /** The property as text, or the event's default text for `key`, or "". */
  textOrDefault(name: string, key: DefaultKey, escape: Escape = NO_ESCAPE): string {
    return this.text(name, escape) ?? this.limited(name, this.defaultText(key, escape)) ?? '';
  }

  /** The event's default text, rendered with this render's variables; undefined when the event has none. */
  defaultText(key: DefaultKey, escape: Escape = NO_ESCAPE): string | undefined {
    const parts = defaultTemplate(this.scope.event, key);
    if (!parts) return undefined;
    try {
      return this.ev.template(parts, escape);
    } catch (error) {
      // Spans inside a default point into the catalog's text, not the file.
      if (error instanceof EvalFailure) throw new EvalFailure(`in the default ${key} of event ${this.scope.event.name}: ${error.message}`, undefined);
      throw error;
    }
  }

  /**
   * A map property as text entries. Written keys and written text stay as
   * they are; values (and keys of a computed map) go through `escape`.
   */
  entries(name: string, escape: Escape = NO_ESCAPE): TextEntries | undefined {
    const entries = this.rawEntries(name, escape);
    const limit = this.limits.get(name);
    if (!entries || !limit || limit.warning) return entries;
    const span = this.spanOf(name);
    if (limit.entriesMax !== undefined && entries.length > limit.entriesMax) {
      throw new EvalFailure(`${limit.service} allows at most ${limit.entriesMax} fields in ${name}; there are ${entries.length}`, span);
    }
    for (const [key, value] of entries) {
      if (limit.keyMax !== undefined) overLimit(limit, limit.keyMax, key, `the name of ${name} "${key}"`, span);
      overLimit(limit, limit.max, value, `${name} "${key}"`, span);
    }
    return entries;
  }

  private rawEntries(name: string, escape: Escape): TextEntries | undefined {
    const e = this.expr(name);
    if (!e) return undefined;
    if (e.kind === 'Map') {
      const out = new Map<string, string>();
      for (const entry of e.entries) {
        if (!entry.value) continue;
        out.set(entry.key, this.ev.text(entry.value, escape));
      }
      return [...out];
    }
    const value = this.ev.expr(e);
    if (value === null) return [];
    // Headers from one secret: one stand-in entry, expanded by the dispatcher (LANGUAGE.md 6, 8).
    if (value instanceof SecretMapValue) return [[value.toString(), SECRET_HEADERS_VALUE]];
    if (!isMap(value)) throw new EvalFailure(`${name} must be a map, but this is ${describeValue(value)}`, e.span);
    return [...value].map(([k, v]) => [escape(k), escape(textAt(v, e, `the value of "${k}"`))] as const);
  }

  /**
   * A map property whose values the service takes as free-form JSON
   * (PagerDuty's `custom_details`): the values keep their types (numbers,
   * booleans, lists, maps; LANGUAGE.md 6), unlike `entries`, which makes
   * each value text for the fields a service shows as text.
   */
  map(name: string): MapValue | undefined {
    const e = this.expr(name);
    if (!e) return undefined;
    const value = this.ev.expr(e);
    if (value === null) return new Map();
    if (!isMap(value)) throw new EvalFailure(`${name} must be a map, but this is ${describeValue(value)}`, e.span);
    return value;
  }

  /**
   * The property's written expression with the evaluator, for a channel that
   * renders by the syntax (Slack's block helpers escape only their mrkdwn
   * arguments); undefined when the property is not written.
   */
  read<T>(name: string, fn: (expr: Expr, ev: Evaluator) => T): T | undefined {
    const e = this.expr(name);
    return e && fn(e, this.ev);
  }

  /** Common properties: timeout, retries, backoff (spec section 6), and the event id. */
  transport(): TransportOptions {
    const timeout = this.value('timeout');
    const retries = this.value('retries');
    const backoff = this.value('backoff');
    return {
      timeoutMs: timeout === undefined ? DEFAULT_TIMEOUT_MS : durationOf(timeout, this.expr('timeout')!, 'timeout'),
      retries: retries === undefined ? DEFAULT_RETRIES : retriesOf(retries, this.expr('retries')!),
      backoffMs: backoff === undefined ? DEFAULT_BACKOFF_MS : backoffOf(backoff, this.expr('backoff')!),
      eventId: this.scope.deliveryId ?? scalarText(this.scope.variables.get('eventid') ?? null),
    };
  }
}

/** The size of `text` in the limit's unit. */
export function sizeIn(unit: TextLimit['unit'], text: string): number {
  return unit === 'bytes' ? utf8Length(text) : text.length;
}

/** Throws the render error of a text over a documented limit ("Discord allows at most 256 characters in title; this has 300"). */
export function overLimit(limit: TextLimit, max: number, text: string, where: string, span: Span | undefined): void {
  const size = sizeIn(limit.unit, text);
  if (size > max) throw new EvalFailure(`${limit.service} allows at most ${max} ${limit.unit} in ${where}; this has ${size}`, span);
}

const NO_LIMITS: ReadonlyMap<string, TextLimit> = new Map();
const channelLimits = new WeakMap<ReadonlyMap<string, PropertyDef>, ReadonlyMap<string, TextLimit>>();

function limitsOf(defs: ReadonlyMap<string, PropertyDef>): ReadonlyMap<string, TextLimit> {
  let limits = channelLimits.get(defs);
  if (!limits) {
    const map = new Map<string, TextLimit>();
    for (const [name, def] of defs) if (def.limit) map.set(name, def.limit);
    channelLimits.set(defs, (limits = map.size ? map : NO_LIMITS));
  }
  return limits;
}

const NO_URLS: ReadonlySet<string> = new Set();
const channelUrls = new WeakMap<ReadonlyMap<string, PropertyDef>, ReadonlySet<string>>();

function urlsOf(defs: ReadonlyMap<string, PropertyDef>): ReadonlySet<string> {
  let urls = channelUrls.get(defs);
  if (!urls) {
    const set = new Set<string>();
    for (const [name, def] of defs) if (def.literal === 'url') set.add(name);
    channelUrls.set(defs, (urls = set.size ? set : NO_URLS));
  }
  return urls;
}

const blockValues = new WeakMap<ChannelBlock, ReadonlyMap<string, Expr>>();

/** Each property's value by name, the first written one, once per block (a channel reads a dozen names per render). */
function propertyValues(block: ChannelBlock): ReadonlyMap<string, Expr> {
  let values = blockValues.get(block);
  if (!values) {
    const map = new Map<string, Expr>();
    for (const p of block.properties) if (p.value && !map.has(p.name.text)) map.set(p.name.text, p.value);
    blockValues.set(block, (values = map));
  }
  return values;
}

/** A value as text, with the error (a list or map) pointing at `at`. */
export function textAt(value: Value, at: Expr, what: string): string {
  try {
    return scalarText(value);
  } catch (error) {
    throw new EvalFailure(`${what}: ${(error as Error).message}`, at.span);
  }
}

function durationOf(value: Value, at: Expr, name: string): number {
  if (value instanceof DurationValue) {
    const problem = durationProblem('timeout', value.ms);
    if (problem !== null) throw new EvalFailure(`${problem}, not ${value.ms}ms`, at.span);
    return value.ms;
  }
  throw new EvalFailure(`${name} must be a duration such as 10s, but this is ${describeValue(value)}`, at.span);
}

function retriesOf(value: Value, at: Expr): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_RETRIES) return value;
  throw new EvalFailure(`retries must be a whole number from 0 to ${MAX_RETRIES}, but this is ${typeof value === 'number' ? value : describeValue(value)}`, at.span);
}

function backoffOf(value: Value, at: Expr): number[] {
  if (!isList(value) || value.length === 0) {
    throw new EvalFailure(`backoff must be a non-empty list of durations such as @(10s, 1m, 5m)`, at.span);
  }
  return value.map((item, i) => {
    if (!(item instanceof DurationValue)) throw new EvalFailure(`backoff item ${i + 1} must be a duration, but it is ${describeValue(item)}`, at.span);
    const problem = durationProblem('backoff', item.ms);
    if (problem !== null) throw new EvalFailure(`backoff item ${i + 1}: ${problem}`, at.span);
    return item.ms;
  });
}
