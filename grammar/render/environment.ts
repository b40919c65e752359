import type { EventDef, Json } from '../catalog/catalog';
import type { CallContext, FunctionDef } from '../functions/signature';
import type { SampleDecl } from '../syntax/ast';
import { EvalFailure, createEvaluator, type EvalEnv, type EvalLimits } from './evaluate';
import type { RenderBudget } from './budget';
import { valueFromJson } from './jsonValue';
import { DateTimeValue, type Value } from '../values/value';

/** Upper bound on one regex call in `$MatchesRegex`/`$RegexReplace` (ReDoS guard). */
export const REGEX_TIMEOUT_MS = 250;

export interface RenderScope {
  readonly event: EventDef;
  /** Keyed by lower-cased name. */
  readonly variables: ReadonlyMap<string, Value>;
  /**
   * The `X-Notify-Event-Id` of the deliveries rendered in this scope when it
   * is not `$EventId`: each message of a fan-out or digest is its own delivery,
   * which a receiver deduplicating by id must not drop (LANGUAGE.md 9).
   */
  readonly deliveryId?: string;
  /** Recipient groups for `@name` entries of to/cc/bcc (LANGUAGE.md 2.4). */
  readonly recipients?: import('../catalog/recipients').RecipientBook;
}

/**
 * The variables of one render: the catalog's examples (or a captured event's
 * values where it gives them), overridden by the sample's assignments (in order; each may read the ones before it), with
 * `$EventName` and `$NotifierName` always those of the render itself.
 */
export function buildScope(
  event: EventDef,
  notifierName: string,
  sample: SampleDecl | undefined,
  functions: (name: string) => FunctionDef | undefined,
  limits?: Partial<EvalLimits>,
  budget?: RenderBudget,
  eventValues?: ReadonlyMap<string, Json>,
  eventId?: string,
): RenderScope & { readonly variables: Variables } {
  // The examples are the base; the captured event's values, the ids and names and the sample's assignments go on top.
  const variables = new Variables(exampleValues(event));
  if (eventValues) {
    for (const [key, def] of event.variables) {
      const given = eventValues.get(key);
      // A secret-typed variable names its secret in the catalog; an event's data never chooses which secret is sent.
      if (given !== undefined && def.type.kind !== 'secret') variables.set(key, valueFromJson(given, def.type));
    }
  }
  // A send is a new event: its id replaces the example's (a captured event's or a sample's $EventId still wins).
  if (eventId !== undefined && eventValues?.get('eventid') === undefined) variables.set('eventid', eventId);
  variables.set('eventname', event.name);
  variables.set('notifiername', notifierName);
  for (const assignment of sample?.assignments ?? []) {
    if (!assignment.value) continue;
    const key = assignment.variable.name.toLowerCase();
    const env = makeEnv(variables, functions, limits, budget);
    const value = createEvaluator(env).expr(assignment.value);
    variables.set(key, coerceToDeclared(value, event.variables.get(key)?.type.kind, assignment.value.span));
  }
  if (sample?.assignments.length) {
    // A sample cannot change which event and notifier this is.
    variables.set('eventname', event.name);
    variables.set('notifiername', notifierName);
  }
  return { event, variables };
}

/**
 * The variables of one render: a base shared by every render that starts
 * from the same values (an event's catalog examples, converted once), with
 * this render's own values on top (ids, names, scope, sample assignments, a
 * fan-out's item). Copying the examples into a new Map for every render was
 * a tenth of a small render's time. Reads and iteration are those of one Map
 * made by setting the base's entries and then the own ones; the base is
 * never written.
 */
export class Variables implements ReadonlyMap<string, Value> {
  private readonly own = new Map<string, Value>();

  constructor(private readonly base: ReadonlyMap<string, Value>) {}

  get(key: string): Value | undefined {
    const value = this.own.get(key);
    return value !== undefined ? value : this.base.get(key);
  }

  has(key: string): boolean {
    return this.own.has(key) || this.base.has(key);
  }

  set(key: string, value: Value): this {
    this.own.set(key, value);
    return this;
  }

  get size(): number {
    let size = this.base.size;
    for (const key of this.own.keys()) if (!this.base.has(key)) size++;
    return size;
  }

  /** Iteration (rare: a digest's records, tests) goes through one flat copy. */
  private flat(): Map<string, Value> {
    const map = new Map<string, Value>(this.base);
    for (const [key, value] of this.own) map.set(key, value);
    return map;
  }

  forEach(fn: (value: Value, key: string, map: ReadonlyMap<string, Value>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.flat()) fn.call(thisArg, value, key, this);
  }

  entries(): ReturnType<Map<string, Value>['entries']> {
    return this.flat().entries();
  }

  keys(): ReturnType<Map<string, Value>['keys']> {
    return this.flat().keys();
  }

  values(): ReturnType<Map<string, Value>['values']> {
    return this.flat().values();
  }

  [Symbol.iterator](): ReturnType<Map<string, Value>['entries']> {
    return this.flat().entries();
  }
}

const examples = new WeakMap<EventDef, ReadonlyMap<string, Value>>();

/** The catalog's examples of an event as Values, converted once per event: Values are immutable, so renders share them. */
function exampleValues(event: EventDef): ReadonlyMap<string, Value> {
  let values = examples.get(event);
  if (!values) {
    values = new Map([...event.variables].map(([key, def]) => [key, valueFromJson(def.example, def.type)] as const));
    examples.set(event, values);
  }
  return values;
}

/** A sample writes datetimes as ISO strings, as catalogs do. */
function coerceToDeclared(value: Value, kind: string | undefined, span: { start: number; end: number }): Value {
  if (kind === 'datetime' && typeof value === 'string') {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new EvalFailure(`"${value}" is not an ISO 8601 datetime`, span);
    return new DateTimeValue(ms);
  }
  return value;
}

export function makeEnv(
  variables: ReadonlyMap<string, Value>,
  functions: (name: string) => FunctionDef | undefined,
  limits?: Partial<EvalLimits>,
  budget?: RenderBudget,
): EvalEnv {
  const ts = variables.get('timestamp');
  return { variables, functions, limits, ctx: new RenderContext(variables, ts instanceof DateTimeValue ? ts : new DateTimeValue(0), budget) };
}

/** What the functions of one render may know (a class, not a literal with a closure: one is made per render and fan-out item). */
class RenderContext implements CallContext {
  readonly regexTimeoutMs = REGEX_TIMEOUT_MS;
  readonly allowedEnv?: readonly string[];
  constructor(
    private readonly variables: ReadonlyMap<string, Value>,
    readonly timestamp: DateTimeValue,
    readonly budget?: RenderBudget,
  ) {
    if (budget) this.allowedEnv = budget.allowedEnv;
  }
  isVariableDefined(name: string): boolean {
    return this.variables.has(name.replace(/^[$@%]/, '').toLowerCase());
  }
  variable(name: string): Value | undefined {
    return this.variables.get(name.replace(/^[$@%]/, '').toLowerCase());
  }
}
