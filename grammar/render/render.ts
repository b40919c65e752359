import type { Catalog, EventDef, Json } from '../catalog/catalog';
import { lookupFunction } from '../functions/builtins';
import { EvalError, type FunctionDef } from '../functions/signature';
import type { ChannelBlock, ChannelKind, DigestClause, EachClause, NotifierDecl, NotifyFile, SampleDecl, ScopeClause, Span, StringLiteral, WhenClause } from '../syntax/ast';
import { isList, isMap, SecretValue, type Value } from '../values/value';
import { toText } from '../functions/text';
import { CHANNELS } from '../channels/registry';
import type { ChannelOutput } from '../channels/channel';
import type { RenderedDelivery, RenderWarning } from './delivery';
import { RenderBudget, type BudgetLimits } from './budget';
import { buildScope, makeEnv, Variables, type RenderScope } from './environment';
import { EvalFailure, createEvaluator, evaluateCondition, type EvalEnv, type EvalLimits } from './evaluate';
import { ChannelProps, overLimit } from './properties';
import { fixtureValues, type FixtureKind } from './fixtures';

/**
 * `notify render` and the preview (spec section 10): which notifiers, with
 * which event values, and the deliveries each channel would send.
 */

export interface RenderSelection {
  readonly notifier?: string;
  readonly sample?: string;
  readonly event?: string;
  /**
   * Values of a captured event (`--event-file`), keyed by lower-cased variable
   * name, already checked against the catalog's types. They replace the
   * catalog examples, and no sample is used.
   */
  readonly eventValues?: ReadonlyMap<string, Json>;
  /**
   * An edge-case fixture (LANGUAGE.md 10.6): each notifier's event gets the
   * fixture's values made from its catalog types; no sample is used.
   */
  readonly fixture?: FixtureKind;
}

export interface RenderError {
  readonly notifier?: string;
  readonly channel?: string;
  readonly message: string;
  /** Where in the file, when the problem is in the file (not in a catalog default). */
  readonly span?: Span;
}

/**
 * A notifier that would not send for the selected values. `rendered: true`:
 * a `when` condition is false, but its deliveries are still rendered (a user
 * previewing a disabled notifier still wants to see its payload; whoever
 * sends leaves it out). `rendered: false`: it does not listen to the event of
 * the chosen `--sample`/`--event`, so it has no deliveries.
 */
export interface SkippedNotifier {
  readonly notifier: string;
  readonly reason: string;
  readonly rendered: boolean;
  readonly span?: Span;
  /** The notifier listens to the event but makes no message (a fan-out over an empty list): render and send say so. */
  readonly noMessage?: boolean;
}

export interface RenderResult {
  readonly deliveries: RenderedDelivery[];
  readonly errors: RenderError[];
  readonly skipped: SkippedNotifier[];
}

export interface RenderOptions {
  readonly limits?: Partial<EvalLimits>;
  /** The total one render may spend (regex steps, time) across all its notifiers; see budget.ts. */
  readonly budget?: Partial<BudgetLimits>;
  /** Variables `$Env` may read besides `NOTIFY_ENV_*`; see grammar/functions/env.ts. */
  readonly allowedEnv?: readonly string[];
  /** Milliseconds for the time budget (the host's CPU clock); the wall clock by default. */
  readonly clock?: () => number;
  /** The function table; the built-ins unless a test says otherwise. */
  readonly functions?: (name: string) => FunctionDef | undefined;
  /**
   * `$EventId` of the rendered event. A send passes a new id each time (a
   * receiver deduplicates on it); without one, the catalog example's id is
   * used, so `notify render` and the preview stay reproducible.
   */
  readonly eventId?: string;
}

/** The text of a name literal (names are written without interpolation). */
export function literalText(lit: StringLiteral | undefined): string | undefined {
  if (!lit) return undefined;
  const only = lit.parts.length === 1 ? lit.parts[0]! : undefined;
  if (only?.kind === 'Text') return only.value;
  return lit.parts.map((p) => (p.kind === 'Text' ? p.value : '')).join('');
}

interface Plan {
  readonly notifier: NotifierDecl;
  readonly name: string;
  readonly event: string;
  readonly sample?: SampleDecl;
  /** A digest's batch (LANGUAGE.md 2.2): every event it groups, in order; the first is `event`/`sample`. */
  readonly batch?: readonly { readonly event: string; readonly sample?: SampleDecl }[];
  readonly recipients?: import('../catalog/recipients').RecipientBook;
}

export function render(file: NotifyFile, catalog: Catalog, selection: RenderSelection, options: RenderOptions = {}): RenderResult {
  const result: RenderResult = { deliveries: [], errors: [], skipped: [] };
  const plans = plan(file, catalog, selection, result);
  const functions = options.functions ?? lookupFunction;
  const budget = new RenderBudget(options.budget, options.clock, options.allowedEnv ?? []);
  for (const p of plans) renderNotifier(catalog.recipients ? { ...p, recipients: catalog.recipients } : p, catalog, functions, options.limits, budget, result, selection, options.eventId);
  return result;
}

/** Spec section 10's selection rules; problems go to `result.errors`. */
function plan(file: NotifyFile, catalog: Catalog, selection: RenderSelection, result: RenderResult): Plan[] {
  const { notifiers, samples } = namedItems(file);

  if (selection.sample !== undefined && selection.event !== undefined) {
    planError(result, 'choose either a sample or an event, not both');
    return [];
  }
  if (selection.sample !== undefined && selection.fixture !== undefined) {
    planError(result, 'choose either a sample or a fixture, not both');
    return [];
  }
  let targets = notifiers;
  if (selection.notifier !== undefined) {
    targets = notifiers.filter((n) => n.name === selection.notifier);
    if (!targets.length) {
      planError(result, `no notifier named "${selection.notifier}" in the file (notifiers: ${quoted(notifiers.map((n) => n.name))})`);
      return [];
    }
  }
  const chosenSample = selection.sample === undefined ? undefined : samples.find((s) => s.name === selection.sample);
  if (selection.sample !== undefined && !chosenSample) {
    planError(result, `no sample named "${selection.sample}" in the file (samples: ${quoted(samples.map((s) => s.name))})`);
    return [];
  }
  if (chosenSample && !chosenSample.decl.event) {
    planError(result, `sample "${chosenSample.name}" names no event`, undefined, chosenSample.decl.span);
    return [];
  }
  if (selection.event !== undefined && !catalog.events.has(selection.event)) {
    planError(result, `unknown event "${selection.event}"`);
    return [];
  }

  const plans: Plan[] = [];
  const explicit = selection.notifier !== undefined;
  for (const { decl, name } of targets) {
    const { events } = shapeOf(decl);
    if (!events.length) {
      planError(result, 'the notifier has no `on` clause naming its events', name, decl.name?.span ?? decl.span);
      continue;
    }
    let chosen: { event: string; sample?: SampleDecl } | undefined;
    if (chosenSample) {
      const event = chosenSample.decl.event!.name;
      if (events.includes(event)) chosen = { event, sample: chosenSample.decl };
      else if (explicit) planError(result, `sample "${chosenSample.name}" is for event ${event}, which the notifier does not listen to (it listens to ${events.join(', ')})`, name);
      else result.skipped.push({ notifier: name, reason: `does not listen to ${event}, the event of sample "${chosenSample.name}"`, rendered: false });
    } else if (selection.event !== undefined) {
      const event = selection.event;
      if (events.includes(event)) chosen = { event };
      else if (explicit) planError(result, `the notifier does not listen to event ${event} (it listens to ${events.join(', ')})`, name);
      else result.skipped.push({ notifier: name, reason: `does not listen to ${event}`, rendered: false });
    } else if (selection.eventValues || selection.fixture !== undefined) {
      chosen = { event: events[0]! };
    } else {
      const fitting = samples.find((s) => s.decl.event && events.includes(s.decl.event.name));
      chosen = fitting ? { event: fitting.decl.event!.name, sample: fitting.decl } : { event: events[0]! };
    }
    if (!chosen) continue;
    if (!catalog.events.has(chosen.event)) {
      planError(result, `unknown event ${chosen.event}`, name);
      continue;
    }
    // A digest without a chosen sample or event takes every fitting sample as its batch.
    let batch: { event: string; sample?: SampleDecl }[] | undefined;
    if (shapeOf(decl).digest) {
      batch = [chosen];
      if (!chosenSample && selection.event === undefined && chosen.sample) {
        batch = samples
          .filter((s) => s.decl.event && events.includes(s.decl.event.name) && catalog.events.has(s.decl.event.name))
          .map((s) => ({ event: s.decl.event!.name, sample: s.decl }));
      }
    }
    const planned: { -readonly [K in keyof Plan]: Plan[K] } = { notifier: decl, name, event: chosen.event };
    if (chosen.sample) planned.sample = chosen.sample;
    if (batch) planned.batch = batch;
    plans.push(planned);
  }
  if (!explicit && targets.length && !plans.length && !result.errors.length) {
    if (chosenSample) planError(result, `no notifier listens to ${chosenSample.decl.event!.name}, the event of sample "${chosenSample.name}"`);
    else if (selection.event !== undefined) planError(result, `no notifier listens to event ${selection.event}`);
  }
  return plans;
}

function planError(result: RenderResult, message: string, notifier?: string, span?: Span): void {
  result.errors.push({ ...(notifier !== undefined ? { notifier } : {}), message, ...(span ? { span } : {}) });
}

interface NamedItems {
  readonly notifiers: readonly { readonly decl: NotifierDecl; readonly name: string }[];
  readonly samples: readonly { readonly decl: SampleDecl; readonly name: string }[];
}

const namedItemsOf = new WeakMap<NotifyFile, NamedItems>();

/** The file's notifiers and samples with their names, once per syntax tree (trees are immutable). */
function namedItems(file: NotifyFile): NamedItems {
  let items = namedItemsOf.get(file);
  if (!items) {
    const notifiers: { decl: NotifierDecl; name: string }[] = [];
    const samples: { decl: SampleDecl; name: string }[] = [];
    for (const item of file.items) {
      const name = item.kind === 'Import' ? undefined : literalText(item.name);
      if (name === undefined) continue;
      if (item.kind === 'Notifier') notifiers.push({ decl: item, name });
      else if (item.kind === 'Sample') samples.push({ decl: item, name });
    }
    namedItemsOf.set(file, (items = { notifiers, samples }));
  }
  return items;
}

/** A notifier's clauses by what they do, once per syntax tree rather than searched at every render. */
interface NotifierShape {
  readonly events: readonly string[];
  readonly digest?: DigestClause;
  /** `each`, unless a digest groups instead. */
  readonly each?: EachClause;
  readonly whens: readonly WhenClause[];
  readonly channels: readonly ChannelBlock[];
  /** `scope NAME;` as written (the checker reports unknown names). */
  readonly scope?: string;
}

const shapes = new WeakMap<NotifierDecl, NotifierShape>();

function shapeOf(decl: NotifierDecl): NotifierShape {
  let shape = shapes.get(decl);
  if (!shape) {
    const on = decl.clauses.find((c) => c.kind === 'On');
    const digest = decl.clauses.find((c): c is DigestClause => c.kind === 'Digest');
    const each = digest ? undefined : decl.clauses.find((c): c is EachClause => c.kind === 'Each');
    const scope = decl.clauses.find((x): x is ScopeClause => x.kind === 'Scope')?.name?.text;
    shape = {
      events: on && on.kind === 'On' ? on.events.map((e) => e.name) : [],
      ...(digest ? { digest } : {}),
      ...(each ? { each } : {}),
      whens: decl.clauses.filter((c): c is WhenClause => c.kind === 'When'),
      channels: decl.clauses.filter((c): c is ChannelBlock => c.kind === 'Channel'),
      ...(scope !== undefined ? { scope } : {}),
    };
    shapes.set(decl, shape);
  }
  return shape;
}

function quoted(names: readonly string[]): string {
  return names.length ? names.map((n) => `"${n}"`).join(', ') : 'none';
}

function renderNotifier(
  p: Plan,
  catalog: Catalog,
  functions: (name: string) => FunctionDef | undefined,
  limits: Partial<EvalLimits> | undefined,
  budget: RenderBudget,
  result: RenderResult,
  selection: RenderSelection,
  eventId: string | undefined,
): void {
  const shape = shapeOf(p.notifier);
  const { digest, each, scope: scopeName } = shape;
  const members = p.batch ?? [p.sample ? { event: p.event, sample: p.sample } : { event: p.event }];
  // One prepared event per batch member: its variables, and whether its `when` holds.
  const prepared: { event: EventDef; sampleName: string | null; variables: Variables; env: EvalEnv }[] = [];
  for (const member of members) {
    const event = catalog.events.get(member.event)!;
    const sampleName = literalText(member.sample?.name) ?? null;
    let variables: Variables;
    try {
      variables = buildScope(event, p.name, member.sample, functions, limits, budget, eventValuesOf(selection, event), eventId).variables;
    } catch (e) {
      result.errors.push({ notifier: p.name, ...describe(e, sampleName ? `in sample "${sampleName}": ` : '') });
      continue;
    }
    variables.set('scope', scopeName ?? '');
    const env = makeEnv(variables, functions, limits, budget);
    let holds = true;
    for (const clause of shape.whens) {
      if (!clause.condition) continue;
      try {
        if (!evaluateCondition(clause.condition, env)) {
          const values = sampleName ? `sample "${sampleName}"` : `the example ${event.name}`;
          if (digest && members.length > 1) {
            result.skipped.push({ notifier: p.name, reason: `${values} is left out of the digest: a when condition is false for it`, rendered: false, span: clause.span });
          } else {
            result.skipped.push({ notifier: p.name, reason: `a when condition is false for ${values}`, rendered: true, span: clause.span });
          }
          holds = false;
          break;
        }
      } catch (e) {
        result.errors.push({ notifier: p.name, ...describe(e, 'in a when condition: ') });
      }
    }
    // A lone event renders even when its `when` is false (the preview shows what it would send).
    if (holds || !digest || members.length === 1) prepared.push({ event, sampleName, variables, env });
  }

  if (digest) {
    const groups = new Map<string, typeof prepared>();
    for (const m of prepared) {
      let key: string;
      try {
        key = digest.key ? valueText(createEvaluator(m.env).expr(digest.key)) : '';
      } catch (e) {
        result.errors.push({ notifier: p.name, ...describe(e, 'in the digest key: ') });
        continue;
      }
      const group = groups.get(key);
      if (group) group.push(m);
      else groups.set(key, [m]);
    }
    let index = 0;
    for (const [key, group] of groups) {
      const first = group[0]!;
      const deliveryId = `${idOf(first.variables)}:group-${index++}`;
      const variables = new Variables(first.variables);
      variables.set('events', group.map((m) => eventRecord(m.event, m.variables)));
      variables.set('count', group.length);
      variables.set('digestkey', key);
      const env = makeEnv(variables, functions, limits, budget);
      const extra = { group: key, count: group.length, samples: group.map((m) => m.sampleName) };
      renderChannels(p, { event: first.event, variables, deliveryId }, env, { ...headOf(p.name, first.event, first.sampleName, scopeName), ...extra }, result);
    }
    return;
  }

  const only = prepared[0];
  if (!only) return;
  if (!each) {
    renderChannels(p, { event: only.event, variables: only.variables }, only.env, headOf(p.name, only.event, only.sampleName, scopeName), result);
    return;
  }
  let items: readonly Value[];
  try {
    const list = each.list ? createEvaluator(only.env).expr(each.list) : [];
    if (!isList(list)) throw new EvalFailure('`each` fans out over a list, but this is not one', each.list?.span);
    items = list;
  } catch (e) {
    result.errors.push({ notifier: p.name, ...describe(e, 'in the each list: ') });
    return;
  }
  if (!items.length) {
    const listName = each.list?.kind === 'Variable' ? `${each.list.sigil}${each.list.name} is empty` : 'the list is empty';
    result.skipped.push({ notifier: p.name, reason: `fans out over an empty list (${listName})`, rendered: false, span: each.span, noMessage: true });
    return;
  }
  const key = each.variable?.name.toLowerCase();
  items.forEach((value, i) => {
    const variables = new Variables(only.variables);
    if (key) variables.set(key, value);
    const env = makeEnv(variables, functions, limits, budget);
    const deliveryId = `${idOf(only.variables)}:item-${i}`;
    renderChannels(p, { event: only.event, variables, deliveryId }, env, { ...headOf(p.name, only.event, only.sampleName, scopeName), item: i }, result);
  });
}

/** The event's values a render takes from outside: a fixture's, or a captured event's (a function, not a closure per render). */
function eventValuesOf(selection: RenderSelection, event: EventDef): ReadonlyMap<string, Json> | undefined {
  return selection.fixture !== undefined ? fixtureValues(event, selection.fixture) : selection.eventValues;
}

function headOf(notifier: string, event: EventDef, sample: string | null, scope: string | undefined): DeliveryHead {
  return scope ? { notifier, event: event.name, sample, scope } : { notifier, event: event.name, sample };
}

type DeliveryHead = Pick<RenderedDelivery, 'notifier' | 'event' | 'sample' | 'item' | 'group' | 'count' | 'samples' | 'scope'>;

function renderChannels(p: Plan, scope: RenderScope, env: EvalEnv, head: DeliveryHead, result: RenderResult): void {
  if (p.recipients && !scope.recipients) scope = { ...scope, recipients: p.recipients };
  for (const clause of shapeOf(p.notifier).channels) {
    try {
      const props = new ChannelProps(clause, createEvaluator(env), scope, CHANNELS[clause.channel].properties);
      result.deliveries.push(delivery(head, clause.channel, renderChannel(clause, props), props.warnings));
    } catch (e) {
      result.errors.push({ notifier: p.name, channel: clause.channel, ...describe(e, '') });
    }
  }
}


/** One event of a digest as a record of its variables, keyed by their catalog spelling. */
function eventRecord(event: EventDef, variables: ReadonlyMap<string, Value>): Value {
  const record = new Map<string, Value>();
  for (const [key, def] of event.variables) record.set(def.name, variables.get(key) ?? null);
  return record;
}

function idOf(variables: ReadonlyMap<string, Value>): string {
  const id = variables.get('eventid');
  return id === undefined || id === null || isList(id) || isMap(id) ? '' : toText(id);
}

function valueText(v: Value): string {
  if (isList(v) || isMap(v)) throw new EvalError('a digest key must be a scalar, not a list or map');
  if (v instanceof SecretValue) throw new EvalError('a digest cannot group by a secret');
  return toText(v);
}

/** The channel module's output, with the service's limit on the whole message checked (spec section 6.3). */
function renderChannel(block: ChannelBlock, props: ChannelProps): ChannelOutput {
  const module = CHANNELS[block.channel].module;
  const output = module.render(props);
  const limit = module.messageLimit;
  if (limit && output.request?.body != null) overLimit(limit, limit.max, output.request.body, 'a message', block.keywordSpan);
  return output;
}

/**
 * The delivery's fields in a fixed order, written out: spreading objects of a
 * different shape per channel into one was a fifth of a render's time.
 */
function delivery(head: DeliveryHead, channel: ChannelKind, out: ChannelOutput, warnings: readonly RenderWarning[]): RenderedDelivery {
  const d: { -readonly [K in keyof RenderedDelivery]?: RenderedDelivery[K] } = { notifier: head.notifier, event: head.event, sample: head.sample };
  if (head.scope !== undefined) d.scope = head.scope;
  if (head.item !== undefined) d.item = head.item;
  if (head.group !== undefined) d.group = head.group;
  if (head.count !== undefined) d.count = head.count;
  if (head.samples !== undefined) d.samples = head.samples;
  d.channel = channel;
  if (out.request) d.request = out.request;
  else d.email = out.email;
  d.transport = out.transport;
  if (warnings.length) d.warnings = warnings;
  return d as RenderedDelivery;
}

function describe(e: unknown, prefix: string): { message: string; span?: Span } {
  if (e instanceof EvalFailure) return { message: prefix + e.message, ...(e.span ? { span: e.span } : {}) };
  if (e instanceof EvalError) return { message: prefix + e.message };
  // A bug in the renderer must not take down the CLI or the preview; say what broke.
  return { message: `${prefix}internal error while rendering: ${e instanceof Error ? e.message : String(e)}` };
}
