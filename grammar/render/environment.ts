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
): RenderScope & { readonly variables: Map<string, Value> } {
  const variables = new Map<string, Value>();
  // A loop of `set`: copying a Map with `new Map(map)` goes through its iterator, several times slower (and so does for…of here).
  const examples = exampleValues(event);
  for (let i = 0; i < examples.length; i++) variables.set(examples[i]![0], examples[i]![1]);
  if (eventValues) {
    for (const [key, def] of event.variables) {
      const given = eventValues.get(key);
      if (given !== undefined) variables.set(key, valueFromJson(given, def.type));
    }
  }
  // A send is a new event: its id replaces the example's (a sample that sets $EventId still wins).
  if (eventId !== undefined) variables.set('eventid', eventId);
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

const examples = new WeakMap<EventDef, readonly (readonly [string, Value])[]>();

/** The catalog's examples of an event as Values, converted once per event: Values are immutable, so renders share them. */
function exampleValues(event: EventDef): readonly (readonly [string, Value])[] {
  let values = examples.get(event);
  if (!values) {
    values = [...event.variables].map(([key, def]) => [key, valueFromJson(def.example, def.type)] as const);
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
