import { CHANNEL_KINDS } from '../channels/registry';
import { withConverterFixes } from '../convert';
import type { Catalog, EventDef } from '../catalog/catalog';
import { diagnostic, type Diagnostic, type Fix, type TextEdit } from '../diagnostics';
import type { EventRef, NotifierDecl, OnClause, SampleDecl, Span, StringLiteral, TemplatePart } from '../syntax/ast';
import { ChannelChecker } from './channels';
import { checkMessageDefaults } from './messageDefaults';
import { guarded, removalSpan, strictChecks, type CheckContext, type FunctionTable } from './context';
import { constantText, ExpressionChecker, guardedNames } from './expressions';
import { builtinFunctions } from './functionTable';
import { ModelBuilder, type NotifierInfo, type ScopeVariable, type SemanticModel } from './model';
import { SampleChecker } from './samples';
import { EventScope, eventVariables, indexSpellings, indexVariables } from './scope';
import { checkShapes } from './shapes';
import { didYouMean } from './suggest';

export interface CheckOptions {
  /** The file text: quick fixes that reuse written code need it. */
  readonly text?: string;
  /** The functions calls resolve against; the built-ins by default. */
  readonly functions?: FunctionTable;
  /** Variables `$Env` may read besides `NOTIFY_ENV_*` (NTF211); see grammar/functions/env.ts. */
  readonly allowedEnv?: readonly string[];
}

export interface CheckResult {
  readonly diagnostics: Diagnostic[];
  readonly model: SemanticModel;
}

/**
 * Type-checks a parsed file against a catalog (spec sections 2, 4, 5, 6):
 * events, variables, calls, operators, channel properties, structure and
 * samples, item by item: the rules over the whole file (imports, unique
 * names) are `analyze()`'s. Parse and import problems are not repeated here. Never throws:
 * a failing check costs its own diagnostics only.
 */
export function check(file: import('../syntax/ast').NotifyFile, catalog: Catalog, options: CheckOptions = {}): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const model = new ModelBuilder();
  const ctx: CheckContext = {
    model,
    functions: options.functions ?? builtinFunctions(),
    text: options.text,
    catalog,
    allowedEnv: options.allowedEnv ?? [],
    report: (d) => diagnostics.push(d),
  };
  const exprs = new ExpressionChecker(ctx);
  const channels = new ChannelChecker(ctx, exprs);
  const samples = new SampleChecker(ctx, exprs);

  const items = file.items ?? [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    // As `guarded` does, without a closure per item: a failing item costs its own diagnostics only.
    try {
      if (item.kind === 'Notifier') {
        checkNotifier(ctx, item, catalog, exprs, channels);
      } else if (item.kind === 'Sample') {
        checkSample(ctx, item, catalog, samples);
      }
    } catch (e) {
      if (strictChecks()) throw e;
    }
  }
  return { diagnostics: withConverterFixes(file, options.text, diagnostics), model };
}

/**
 * Checks a template on its own in one event's scope: what an event's
 * default texts (`body`, `text`, `title`, `subject`) must pass.
 */
export function checkTemplateForEvent(
  parts: readonly TemplatePart[],
  event: EventDef,
  options: CheckOptions = {},
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const ctx: CheckContext = {
    model: new ModelBuilder(),
    functions: options.functions ?? builtinFunctions(),
    text: options.text,
    report: (d) => diagnostics.push(d),
  };
  const scope = new EventScope(eventVariables([event]), false, [event.name]);
  guarded(undefined, () => new ExpressionChecker(ctx).parts(parts, scope, 'swim'));
  return diagnostics;
}

function checkNotifier(ctx: CheckContext, decl: NotifierDecl, catalog: Catalog, exprs: ExpressionChecker, channels: ChannelChecker): void {
  const name = decl.name ? constantText(decl.name) : undefined;
  const nameSpan = decl.name?.span ?? { start: decl.span.start, end: Math.min(decl.span.end, decl.span.start + 'notifier'.length) };
  const ons = decl.clauses.filter((c): c is OnClause => c.kind === 'On');
  if (ons.length === 0) {
    ctx.report(
      diagnostic('NTF301', nameSpan, `Notifier ${name !== undefined ? `"${name}" ` : ''}has no \`on\` clause: say which events it listens to, e.g. \`on package.added;\`.`),
    );
  }
  for (let i = 1; i < ons.length; i++) {
    const extra = ons[i]!;
    ctx.report(
      diagnostic('NTF304', extra.span, 'A notifier has exactly one `on` clause; list all its events in one: `on a.b, c.d;`.', {
        related: [{ span: ons[0]!.span, message: 'The first `on` clause' }],
        fixes: mergeOnFix(ctx, ons[0]!, extra),
      }),
    );
  }

  const events: EventDef[] = [];
  const eventNames: string[] = [];
  let unknown = false;
  for (let i = 0; i < ons.length; i++) {
    const refs = ons[i]!.events;
    for (let j = 0; j < refs.length; j++) {
      const ref = refs[j]!;
      eventNames.push(ref.name);
      const event = resolveEvent(ctx, ref, catalog);
      if (!event) unknown = true;
      else if (!events.includes(event)) events.push(event);
    }
  }
  const { variables, byKey, bySpelling, names } = cachedEventVariables(catalog, events);
  const scope = new EventScope(variables, unknown || events.length === 0, names, byKey, bySpelling);
  ctx.model.eventScopes.set(decl, variables);
  const clauses = decl.clauses;
  // `when $IsVariableDefined("X");` holds for the whole notifier, wherever it is written.
  for (let i = 0; i < clauses.length; i++) {
    const clause = clauses[i]!;
    if (clause.kind === 'When') for (const name of guardedNames(clause.condition, scope)) scope.guards.add(name);
  }

  const shapes = checkShapes(ctx, decl, scope, exprs);
  // Indexed loops and try/catch rather than for-of and `guarded` closures: once per clause of every notifier.
  for (let i = 0; i < clauses.length; i++) {
    const clause = clauses[i]!;
    try {
      if (clause.kind === 'When') exprs.condition(clause.condition, shapes.notifierScope, 'The `when` condition');
      else if (clause.kind === 'Channel') {
        const loopVariables = shapes.channelVariables;
        for (let j = 0; j < loopVariables.length; j++) ctx.model.loops.push({ range: clause.span, variable: loopVariables[j]! });
        channels.check(clause, shapes.channelScope, name);
        if (!unknown) checkMessageDefaults(ctx, clause, events);
      }
    } catch (e) {
      if (strictChecks()) throw e;
    }
  }
  const channelBlocks = decl.clauses.filter((c) => c.kind === 'Channel');
  if (channelBlocks.length === 0) {
    ctx.report(
      diagnostic('NTF302', nameSpan, `Notifier ${name !== undefined ? `"${name}" ` : ''}has no channel, so it sends nothing: add ${CHANNEL_KINDS.slice(0, -1).map((k) => `\`${k}\``).join(', ')} or \`${CHANNEL_KINDS.at(-1)} { … }\`.`),
    );
  }
  // The optional keys set only when there is a value (as spreads of `{}` would), without the spreads.
  const info: { -readonly [K in keyof NotifierInfo]: NotifierInfo[K] } = { decl, name, events, eventNames, channels: channelBlocks };
  if (shapes.scope) info.scope = shapes.scope;
  if (shapes.shape) info.shape = shapes.shape;
  ctx.model.notifiers.push(info);
}

function checkSample(ctx: CheckContext, decl: SampleDecl, catalog: Catalog, samples: SampleChecker): void {
  const name = decl.name ? constantText(decl.name) : undefined;
  const event = decl.event ? resolveEvent(ctx, decl.event, catalog) : undefined;
  const { variables, byKey, bySpelling, names } = cachedEventVariables(catalog, event ? [event] : []);
  const scope = new EventScope(variables, !event, names, byKey, bySpelling);
  ctx.model.eventScopes.set(decl, variables);
  samples.check(decl, event, scope);
  ctx.model.samples.push({ decl, name, event });
}

/** Moves the events of a second `on` into the first and removes the second (with its line, when it has one). */
function mergeOnFix(ctx: CheckContext, first: OnClause, extra: OnClause): Fix[] {
  const last = first.events[first.events.length - 1];
  const known = new Set(first.events.map((e) => e.name));
  const moved = extra.events.map((e) => e.name).filter((n) => !known.has(n) && (known.add(n), true));
  if (!last) return [];
  const edits: TextEdit[] = [{ span: removalSpan(ctx, extra.span), newText: '' }];
  if (moved.length) edits.unshift({ span: { start: last.span.end, end: last.span.end }, newText: moved.map((n) => `, ${n}`).join('') });
  return [{ title: 'Merge into the first `on` clause', edits, preferred: true }];
}

/** Many notifiers listen to the same events; their variable sets are built once per check. */
interface EventVariables {
  readonly variables: ScopeVariable[];
  /** The events' names, for the scope's messages (read only: shared by every scope of these events). */
  readonly names: readonly string[];
  readonly byKey: Map<string, ScopeVariable>;
  readonly bySpelling: Map<string, ScopeVariable>;
}

/**
 * Per catalog, not per check: `analyze()` checks a file a top-level item at
 * a time, so a per-check cache would build them again for every notifier.
 * (Read only once built; bounded, as the built-in catalog lives as long as the process.)
 */
const variableCache = new WeakMap<Catalog, Map<string, EventVariables>>();

function cachedEventVariables(catalog: Catalog, events: readonly EventDef[]): EventVariables {
  let cache = variableCache.get(catalog);
  if (!cache) variableCache.set(catalog, (cache = new Map()));
  // The names joined by spaces (one event, the usual case: its name, nothing built).
  let key = events.length === 0 ? '' : events[0]!.name;
  for (let i = 1; i < events.length; i++) key += ' ' + events[i]!.name;
  let entry = cache.get(key);
  if (!entry) {
    if (cache.size >= 1000) cache.clear();
    const variables = eventVariables(events);
    cache.set(key, (entry = { variables, names: events.map((e) => e.name), byKey: indexVariables(variables), bySpelling: indexSpellings(variables) }));
  }
  return entry;
}

function resolveEvent(ctx: CheckContext, ref: EventRef, catalog: Catalog): EventDef | undefined {
  const event = catalog.events.get(ref.name);
  if (event) return event;
  const lower = ref.name.toLowerCase();
  // event names are lower case: that fix holds even for an event of a catalog not imported yet
  const suggestion = (catalog.events.has(lower) ? lower : undefined) ?? didYouMean(ref.name, catalog.events.keys()) ?? (lower !== ref.name ? lower : undefined);
  ctx.report(
    diagnostic(
      'NTF101',
      ref.span,
      `Unknown event \`${ref.name}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''} Run \`notify events\` to list the events; import a catalog for others.`,
      { fixes: suggestion ? [{ title: `Change to \`${suggestion}\``, edits: [{ span: ref.span, newText: suggestion }], preferred: true }] : [] },
    ),
  );
  return undefined;
}

/** Notifier names and sample names are separate namespaces; each must be unique in the file. */
/** A notifier or sample name written as constant text. */
export interface DeclaredName {
  readonly kind: 'Notifier' | 'Sample';
  readonly text: string;
  readonly span: Span;
}

/**
 * NTF303: names must be unique across the whole file (notifiers and samples
 * apart). A rule over the file, not over one item: `analyze()` applies it
 * after checking the items.
 */
export function duplicateNames(names: Iterable<DeclaredName>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = { Notifier: new Map<string, Span>(), Sample: new Map<string, Span>() };
  for (const name of names) {
    const seen = first[name.kind].get(name.text);
    if (seen) out.push(duplicateNameDiagnostic(name.kind === 'Notifier' ? 'notifier' : 'sample', name.text, name.span, seen));
    else first[name.kind].set(name.text, name.span);
  }
  return out;
}

function duplicateNameDiagnostic(what: 'notifier' | 'sample', text: string, span: Span, firstSpan: Span): Diagnostic {
  return diagnostic('NTF303', span, `There is already a ${what} named "${text}"; ${what} names must be unique${what === 'notifier' ? ' (the CLI selects notifiers by name)' : ''}.`, {
    related: [{ span: firstSpan, message: `The first ${what} named "${text}"` }],
  });
}
