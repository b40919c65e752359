import type { Expr, ForeachTag, Span, TemplatePart } from '../syntax/ast';
import { EvalError, type CallContext, type FunctionDef } from '../functions/signature';
import { DateTimeValue, DurationValue, SecretMapValue, SecretValue, isList, isMap, type MapValue, type Value } from '../values/value';
import { describeValue, scalarText } from './text';
import type { Escape, PlacedEscape } from './escape';

/**
 * The evaluator of spec sections 3 and 4: expressions and templates over the
 * syntax tree, with the event's variables as Values. Pure and deterministic
 * (functions get the event's timestamp, never the clock) and bounded: output
 * size, foreach nesting, loop iterations and expression depth all have limits
 * that end evaluation with a clear error instead of a hang.
 */

export interface EvalLimits {
  /** Longest text any one template or function may produce (UTF-16 code units). */
  readonly maxOutput: number;
  /** How deep `foreach` tags may nest. */
  readonly maxForeachDepth: number;
  /** Loop iterations allowed in one evaluation (all loops together). */
  readonly maxIterations: number;
  /** How deep expressions and templates may nest. */
  readonly maxDepth: number;
}

export const DEFAULT_LIMITS: EvalLimits = {
  maxOutput: 1024 * 1024,
  maxForeachDepth: 16,
  maxIterations: 100_000,
  maxDepth: 200,
};

export interface EvalEnv {
  /** The event's variables, keyed by lower-cased name. */
  readonly variables: ReadonlyMap<string, Value>;
  /** Built-in functions by name (case-insensitive); the renderer passes `lookupFunction`. */
  readonly functions: (name: string) => FunctionDef | undefined;
  readonly ctx: CallContext;
  readonly limits?: Partial<EvalLimits>;
}

/** An evaluation error with the span of the node that failed. */
export class EvalFailure extends EvalError {
  constructor(message: string, readonly span: Span | undefined) {
    super(message);
  }
}

/** No escaping: written and interpolated text alike go through as they are. */
export const NO_ESCAPE: Escape = (text) => text;

/** Evaluates an expression to a Value. */
export function evaluate(expr: Expr, env: EvalEnv): Value {
  return new Evaluator(env).expr(expr);
}

/**
 * Evaluates an expression as text: a string literal renders its written text
 * verbatim and its interpolated values through `escape`; any other expression
 * is one interpolated value, so its whole text is escaped.
 */
export function evaluateText(expr: Expr, env: EvalEnv, escape: Escape = NO_ESCAPE): string {
  return new Evaluator(env).text(expr, escape);
}

/** Renders template parts (a string's content, or a catalog default text). */
export function renderTemplate(parts: readonly TemplatePart[], env: EvalEnv, escape: Escape = NO_ESCAPE, span?: Span): string {
  return new Evaluator(env).template(parts, escape, span);
}

/** Evaluates a condition: `true`/`false`; a missing value counts as false. */
export function evaluateCondition(expr: Expr, env: EvalEnv): boolean {
  const ev = new Evaluator(env);
  return ev.bool(ev.expr(expr), expr.span, 'a condition');
}

/** Lets callers that evaluate many expressions share one budget (iterations, depth). */
export function createEvaluator(env: EvalEnv): Evaluator {
  return new Evaluator(env);
}

/**
 * Expressions and templates are compiled to closures once per syntax tree
 * (the tree of one analysis; nodes are immutable), so a render runs no
 * `switch` over node kinds and resolves no names: variable keys are
 * lower-cased, loop variables bound to slots and literals built at compile
 * time. What a render may spend stays where it was: each closure checks its
 * nesting level (known at compile time: nothing re-enters the evaluator, so a
 * node's depth below the expression evaluated is fixed) against this
 * render's limits, loops count iterations and every loop turn and function
 * call asks the budget's clock, which reads it every 64th time.
 */
type ValueFn = (ev: Evaluator) => Value;
/**
 * Returns `text` with template parts appended, escaping interpolated values
 * with `escape`; `span` is the template's, for the error of a text over the
 * output limit. The text is passed along rather than kept in a builder
 * object: one fewer allocation per template, and V8 appends to a string as
 * cheaply either way.
 */
type PartsFn = (ev: Evaluator, escape: Escape, text: string, span: Span | undefined) => string;
type TemplateFn = (ev: Evaluator, escape: Escape, span: Span | undefined) => string;
type TextFn = (ev: Evaluator, escape: Escape) => string;

const exprFns = new WeakMap<Expr, ValueFn>();
const textFns = new WeakMap<Expr, TextFn>();
const templateFns = new WeakMap<readonly TemplatePart[], TemplateFn>();

export class Evaluator {
  readonly limits: EvalLimits;
  readonly variables: ReadonlyMap<string, Value>;
  /** Loop iterations so far, all loops of every expression evaluated with this evaluator together. */
  iterations = 0;
  /** The current item of each enclosing `foreach`, by nesting level. */
  readonly slots: Value[] = [];
  /**
   * Evaluating with provenance (a URL computed by an expression, LANGUAGE.md
   * 6.4): text from event data is wrapped in DATA_OPEN … DATA_CLOSE, so the
   * URL's placement rules can be applied to each character by where it came from.
   */
  marking = false;
  private markedCtx: CallContext | undefined;

  /** The functions' context; while marking, what a function reads of the event is marked as data too. */
  callContext(): CallContext {
    const ctx = this.env.ctx;
    if (!this.marking || !ctx.variable) return ctx;
    return (this.markedCtx ??= Object.assign(Object.create(ctx) as CallContext, { variable: (name: string) => { const v = ctx.variable!(name); return v === undefined ? v : markedData(v); } }));
  }

  /** A value as the language sees it: while marking, without the provenance marks (comparisons, keys). */
  plain(value: Value): Value {
    return this.marking ? stripMarks(value) : value;
  }

  constructor(readonly env: EvalEnv) {
    this.limits = env.limits ? { ...DEFAULT_LIMITS, ...env.limits } : DEFAULT_LIMITS;
    this.variables = env.variables;
  }

  text(expr: Expr, escape: Escape): string {
    let fn = textFns.get(expr);
    if (!fn) textFns.set(expr, (fn = compileText(expr)));
    return fn(this, escape);
  }

  template(parts: readonly TemplatePart[], escape: Escape, span?: Span): string {
    let fn = templateFns.get(parts);
    if (!fn) templateFns.set(parts, (fn = compileTemplate(parts, 1, NO_LOOPS)));
    return fn(this, escape, span);
  }

  expr(expr: Expr): Value {
    let fn = exprFns.get(expr);
    if (!fn) exprFns.set(expr, (fn = compileExpr(expr, 1, NO_LOOPS)));
    return fn(this);
  }

  bool(value: Value, span: Span, what: string): boolean {
    if (value === null) return false;
    if (typeof value === 'boolean') return value;
    throw new EvalFailure(`${what} must be true or false, but this is ${describeValue(value)}`, span);
  }

  /** A node `depth` levels below the evaluated expression or template is being evaluated. */
  enter(depth: number, span: Span | undefined): void {
    if (depth > this.limits.maxDepth) throw new EvalFailure(`expressions are nested more than ${this.limits.maxDepth} deep`, span);
  }

  textOf(value: Value, span: Span): string {
    if (typeof value === 'string') return value;
    try {
      return scalarText(value);
    } catch (error) {
      throw new EvalFailure((error as Error).message, span);
    }
  }

  checkSize(text: string, span: Span | undefined): string {
    if (text.length > this.limits.maxOutput) throw new EvalFailure(tooLong(this.limits.maxOutput), span);
    return text;
  }
}

const NO_LOOPS: readonly string[] = [];

// ------------------------------------------------------------ compiling text

/** Parentheses around a string are looked through: `("a $X")` is text with `$X` escaped, as `"a $X"`. */
function compileText(root: Expr): TextFn {
  let expr = root;
  while (expr.kind === 'Paren' && expr.expr) expr = expr.expr;
  const span = expr.span;
  if (expr.kind === 'String') {
    const template = compileTemplate(expr.parts, 1, NO_LOOPS);
    return (ev, escape) => template(ev, escape, span);
  }
  const value = compileExpr(expr, 1, NO_LOOPS);
  // A variable is one value whatever it holds; any other expression (a call, an index…) may mix written text with event data.
  const mayMix = expr.kind !== 'Variable';
  return (ev, escape) => {
    const v = value(ev);
    if (mayMix && typeof v === 'string' && (escape as Partial<PlacedEscape>).placed === true) return ev.checkSize(placeByProvenance(ev, escape, value, v, span), span);
    return ev.checkSize(put(ev, escape, v, span, '', ''), span);
  };
}

/**
 * A URL computed by an expression (`$Trim("https://$Tenant.example.com/x")`,
 * `$Replace(…)`, `$MapItem(%FromJson(…), …)`): the expression is evaluated
 * again with provenance, and each run of characters that came from event
 * data is put in by where it falls in the final URL, as a template's values
 * are (LANGUAGE.md 6.4). Written text stays as written; a URL that is data
 * throughout is a base, as a variable is.
 */
function placeByProvenance(ev: Evaluator, escape: Escape, value: ValueFn, plainText: string, span: Span): string {
  const was = ev.marking;
  ev.marking = true;
  let marked: Value | undefined;
  try {
    marked = value(ev);
  } catch (error) {
    if (!(error instanceof UntoldProvenance)) throw error;
  } finally {
    ev.marking = was;
  }
  const segments = typeof marked === 'string' && stripMarks(marked) === plainText ? dataSegments(marked) : undefined;
  if (!segments) throw new EvalFailure(`${(escape as PlacedEscape).property}: ${UNTOLD}`, span);
  if (segments.length === 1) return put(ev, escape, plainText, span, '', '');
  let out = '';
  segments.forEach((segment, i) => {
    if (!segment.data) return void (out += segment.text);
    const after = segments[i + 1];
    out += put(ev, escape, segment.text, span, out, after === undefined ? '' : after.data ? undefined : after.text);
  });
  return out;
}

/** Thrown while marking by a call that mixed data and written text: `placeByProvenance` reports it at the property. */
class UntoldProvenance extends Error {}

const UNTOLD =
  'cannot tell which characters of this URL come from event data (a function changed the text around a value); build the URL as a string template with the values in it, e.g. "https://$Tenant.example.com/…"';

// ------------------------------------------------------------ provenance marks

/** Noncharacters (never in text an event sends to a service) around text from event data, while marking. */
const DATA_OPEN = '\ufdd0';
const DATA_CLOSE = '\ufdd1';
const MARKS = /[\ufdd0\ufdd1]/g;

/** Event data marked: every non-empty string in it (list items, map values), deeply. */
function markedData(value: Value): Value {
  if (typeof value === 'string') return value === '' ? value : DATA_OPEN + value.replace(MARKS, '') + DATA_CLOSE;
  if (isList(value)) return value.map(markedData);
  if (isMap(value)) return new Map([...value].map(([k, v]) => [k, markedData(v)]));
  return value;
}

function stripMarks(value: Value): Value {
  if (typeof value === 'string') return value.includes(DATA_OPEN) || value.includes(DATA_CLOSE) ? value.replace(MARKS, '') : value;
  if (isList(value)) return value.some(hasMarks) ? value.map(stripMarks) : value;
  if (isMap(value)) return [...value.values()].some(hasMarks) ? new Map([...value].map(([k, v]) => [k, stripMarks(v)])) : value;
  return value;
}

function hasMarks(value: Value): boolean {
  if (typeof value === 'string') return value.includes(DATA_OPEN);
  if (isList(value)) return value.some(hasMarks);
  if (isMap(value)) return [...value.values()].some(hasMarks);
  return false;
}

/** Whether any string in the value holds text outside marks (written in the file). */
function hasWrittenText(value: Value): boolean {
  if (typeof value === 'string') return (dataSegments(value) ?? []).some((s) => !s.data && s.text !== '');
  if (isList(value)) return value.some(hasWrittenText);
  if (isMap(value)) return [...value.values()].some(hasWrittenText);
  return false;
}

/** Runs of written text and of data in a marked text; undefined when its marks do not pair up. */
function dataSegments(marked: string): { readonly text: string; readonly data: boolean }[] | undefined {
  const out: { text: string; data: boolean }[] = [];
  let depth = 0;
  let text = '';
  const flush = (data: boolean) => {
    if (text !== '') out.push({ text, data });
    text = '';
  };
  for (const ch of marked) {
    if (ch === DATA_OPEN) {
      if (depth++ === 0) flush(false);
    } else if (ch === DATA_CLOSE) {
      if (depth === 0) return undefined;
      if (--depth === 0) flush(true);
    } else text += ch;
  }
  if (depth !== 0) return undefined;
  flush(false);
  return out.length ? out : [{ text: '', data: false }];
}

/**
 * A call while marking, when an argument holds event data: the function runs
 * on the marked arguments, and its marks are kept when they are where the
 * plain call's text is (most text functions keep text they do not change).
 * Otherwise the marks say nothing: a result made from data alone is data; one
 * from data and written text cannot be told apart, and the URL is refused.
 */
function callMarked(def: FunctionDef, args: readonly Value[], ctx: CallContext): Value {
  const plain = def.call(args.map(stripMarks), ctx);
  let marked: Value | undefined;
  try {
    marked = def.call(args, ctx);
  } catch {
    marked = undefined;
  }
  if (marked !== undefined && valuesEqual(stripMarks(marked), plain)) return hasMarks(marked) ? marked : markedData(plain);
  if (args.some(hasWrittenText)) throw new UntoldProvenance(UNTOLD);
  return markedData(plain);
}

/**
 * A value's text through `escape`; an escape that reads where the value goes
 * (a URL's) gets its place, and its refusal is placed on the value.
 */
function put(ev: Evaluator, escape: Escape, value: Value, span: Span, before: string, next: string | undefined): string {
  // While marking, an interpolated value is data as a whole, as a template's values are (a secret is configuration).
  if (ev.marking) return value instanceof SecretValue ? escape(value.toString()) : escape(markedData(ev.textOf(stripMarks(value), span)) as string);
  const text = ev.textOf(value, span);
  if ((escape as Partial<PlacedEscape>).placed !== true) return escape(text);
  try {
    return escape(text, { before, next, configured: value instanceof SecretValue });
  } catch (error) {
    if (error instanceof EvalError && !(error instanceof EvalFailure)) throw new EvalFailure(error.message, span);
    throw error;
  }
}

/** A template entered at `depth`; its interpolated expressions are one level below. */
function compileTemplate(parts: readonly TemplatePart[], depth: number, loops: readonly string[]): TemplateFn {
  const body = compileParts(parts, depth + 1, loops, '');
  return (ev, escape, span) => {
    ev.enter(depth, span);
    return body(ev, escape, '', span);
  };
}

/** `end` is what follows the last part: '' at the end of a template, undefined in a tag's body (unknown until rendered). */
function compileParts(parts: readonly TemplatePart[], depth: number, loops: readonly string[], end: string | undefined): PartsFn {
  const fns = parts.map((part, i) => {
    const after = parts[i + 1];
    return compilePart(part, depth, loops, after === undefined ? end : after.kind === 'Text' ? after.value : undefined);
  });
  if (fns.length === 1) return fns[0]!;
  if (fns.length === 2) {
    const [a, b] = fns as [PartsFn, PartsFn];
    return (ev, escape, text, span) => b(ev, escape, a(ev, escape, text, span), span);
  }
  return (ev, escape, text, span) => {
    for (let i = 0; i < fns.length; i++) text = fns[i]!(ev, escape, text, span);
    return text;
  };
}

/** `next`: the written text right after the part (see Place.next). */
function compilePart(part: TemplatePart, depth: number, loops: readonly string[], next: string | undefined): PartsFn {
  const span = part.span;
  switch (part.kind) {
    case 'Text': {
      const text = part.value;
      return (ev, _escape, before, templateSpan) => append(ev, before, text, templateSpan ?? span);
    }
    case 'Interpolation': {
      if (!part.expr) return fail('incomplete interpolation', span);
      const value = compileExpr(part.expr, depth, loops);
      const exprSpan = part.expr.span;
      return (ev, escape, text, templateSpan) => append(ev, text, put(ev, escape, value(ev), exprSpan, text, next), templateSpan ?? span);
    }
    case 'If': {
      if (!part.condition) return fail('`if` without a condition', span);
      const condition = compileExpr(part.condition, depth, loops);
      const conditionSpan = part.condition.span;
      const then = part.then ? compileParts(part.then, depth, loops, undefined) : undefined;
      const otherwise = part.else ? compileParts(part.else, depth, loops, undefined) : undefined;
      return (ev, escape, text, templateSpan) => {
        const branch = ev.bool(condition(ev), conditionSpan, 'an `if` condition') ? then : otherwise;
        return branch ? branch(ev, escape, text, templateSpan) : text;
      };
    }
    case 'Foreach':
      return compileForeach(part, depth, loops);
  }
}

function compileForeach(tag: ForeachTag, depth: number, loops: readonly string[]): PartsFn {
  if (!tag.variable || !tag.list) return fail('incomplete `foreach`', tag.span);
  const span = tag.span;
  const level = loops.length;
  const list = compileExpr(tag.list, depth, loops);
  const listSpan = tag.list.span;
  const { sigil, span: variableSpan } = tag.variable;
  const body = compileParts(tag.body, depth, [...loops, tag.variable.name.toLowerCase()], undefined);
  return (ev, escape, text, templateSpan) => {
    const { maxForeachDepth, maxIterations } = ev.limits;
    if (level >= maxForeachDepth) throw new EvalFailure(`foreach tags are nested more than ${maxForeachDepth} deep`, span);
    const items = list(ev);
    if (items === null) return text;
    if (!isList(items)) throw new EvalFailure(`foreach needs a list, but this is ${describeValue(items)}`, listSpan);
    const budget = ev.env.ctx.budget;
    for (const item of items) {
      if (++ev.iterations > maxIterations) throw new EvalFailure(`loops ran more than ${maxIterations} times in one evaluation`, span);
      budget?.checkTime();
      checkItemKind(sigil, item, variableSpan);
      ev.slots[level] = item;
      text = body(ev, escape, text, templateSpan);
    }
    return text;
  };
}

function fail(message: string, span: Span): () => never {
  return () => {
    throw new EvalFailure(message, span);
  };
}

// ------------------------------------------------------------ compiling expressions

/**
 * Past this depth nodes are compiled when first evaluated, one level at a
 * time: a tree nested thousands deep (a long `&&` chain) must not overflow
 * the stack while compiling. With the default limit (200) such a node is
 * never compiled: its check ends the evaluation first.
 */
const EAGER_DEPTH = 256;

/** `expr` is entered at `depth`: that is the level its own limit check compares. */
function compileExpr(expr: Expr, depth: number, loops: readonly string[]): ValueFn {
  if (depth <= EAGER_DEPTH) return compileNode(expr, depth, loops);
  let fn: ValueFn | undefined;
  return (ev) => {
    ev.enter(depth, expr.span);
    return (fn ??= compileNode(expr, depth, loops))(ev);
  };
}

function compileNode(expr: Expr, depth: number, loops: readonly string[]): ValueFn {
  const span = expr.span;
  const below = depth + 1;
  switch (expr.kind) {
    case 'Number':
    case 'Bool': {
      const value = expr.value;
      return (ev) => (ev.enter(depth, span), value);
    }
    case 'Duration': {
      const value = new DurationValue(expr.ms, expr.raw);
      return (ev) => (ev.enter(depth, span), value);
    }
    case 'String': {
      const template = compileTemplate(expr.parts, below, loops);
      return (ev) => (ev.enter(depth, span), template(ev, NO_ESCAPE, span));
    }
    case 'Variable': {
      const key = expr.name.toLowerCase();
      // The innermost loop variable of that name, else the event's variable ("" / null when it has none, spec section 4).
      const slot = loops.lastIndexOf(key);
      if (slot >= 0) return (ev) => (ev.enter(depth, span), ev.slots[slot]!);
      return (ev) => (ev.enter(depth, span), ev.marking ? markedData(ev.variables.get(key) ?? null) : ev.variables.get(key) ?? null);
    }
    case 'Paren': {
      if (!expr.expr) return (ev) => (ev.enter(depth, span), fail('empty parentheses', span)());
      const inner = compileExpr(expr.expr, below, loops);
      return (ev) => (ev.enter(depth, span), inner(ev));
    }
    case 'List': {
      const items = expr.items.map((item) => compileExpr(item, below, loops));
      return (ev) => {
        ev.enter(depth, span);
        const out: Value[] = [];
        for (let i = 0; i < items.length; i++) out.push(items[i]!(ev));
        return out;
      };
    }
    case 'Map': {
      const keys = expr.entries.map((entry) => entry.key);
      const values = expr.entries.map((entry) => (entry.value ? compileExpr(entry.value, below, loops) : fail(`the key "${entry.key}" has no value`, entry.span)));
      return (ev) => {
        ev.enter(depth, span);
        const map = new Map<string, Value>();
        for (let i = 0; i < keys.length; i++) map.set(keys[i]!, values[i]!(ev));
        return map;
      };
    }
    case 'Member': {
      const object = compileExpr(expr.object, below, loops);
      if (!expr.member) return (ev) => (ev.enter(depth, span), object(ev), fail('a name is missing after "."', span)());
      const name = expr.member.text;
      return (ev) => (ev.enter(depth, span), member(object(ev), name, span));
    }
    case 'Index': {
      const object = compileExpr(expr.object, below, loops);
      if (!expr.index) return (ev) => (ev.enter(depth, span), object(ev), fail('an index is missing inside [ ]', span)());
      const key = compileExpr(expr.index, below, loops);
      return (ev) => {
        ev.enter(depth, span);
        const o = object(ev);
        return index(o, ev.plain(key(ev)), span);
      };
    }
    case 'Unary': {
      if (!expr.operand) return (ev) => (ev.enter(depth, span), fail('"!" needs an operand', span)());
      const operand = compileExpr(expr.operand, below, loops);
      const operandSpan = expr.operand.span;
      return (ev) => (ev.enter(depth, span), !ev.bool(operand(ev), operandSpan, 'the operand of "!"'));
    }
    case 'Binary':
      return compileBinary(expr, depth, loops);
    case 'Call':
      return compileCall(expr, depth, loops);
    case 'Unquoted': {
      const message = `unquoted text "${expr.text}": put it in quotes`;
      return (ev) => (ev.enter(depth, span), fail(message, span)());
    }
  }
}

function compileBinary(expr: Extract<Expr, { kind: 'Binary' }>, depth: number, loops: readonly string[]): ValueFn {
  const { op, span } = expr;
  if (!expr.right) return (ev) => (ev.enter(depth, span), fail(`"${op}" needs a right operand`, span)());
  const left = compileExpr(expr.left, depth + 1, loops);
  const right = compileExpr(expr.right, depth + 1, loops);
  const leftSpan = expr.left.span;
  const rightSpan = expr.right.span;
  if (op === '&&' || op === '||') {
    const leftWhat = `the left operand of "${op}"`;
    const rightWhat = `the right operand of "${op}"`;
    const and = op === '&&';
    return (ev) => {
      ev.enter(depth, span);
      const l = ev.bool(left(ev), leftSpan, leftWhat);
      if (and ? !l : l) return l;
      return ev.bool(right(ev), rightSpan, rightWhat);
    };
  }
  if (op === '==' || op === '!=') {
    const equal = op === '==';
    return (ev) => {
      ev.enter(depth, span);
      const l = ev.plain(left(ev));
      const r = ev.plain(right(ev));
      if (l !== null && r !== null && kindOf(l) !== kindOf(r)) throw new EvalFailure(`cannot compare ${describeValue(l)} with ${describeValue(r)}`, span);
      return valuesEqual(l, r) === equal;
    };
  }
  const holds: (order: number) => boolean =
    op === '<' ? (o) => o < 0 : op === '<=' ? (o) => o <= 0 : op === '>' ? (o) => o > 0 : (o) => o >= 0;
  return (ev) => {
    ev.enter(depth, span);
    const l = ev.plain(left(ev));
    const r = ev.plain(right(ev));
    // An ordering with a missing value cannot hold (a `when` on an event that lacks the variable is false).
    if (l === null || r === null) return false;
    return holds(compareOrder(l, r, span));
  };
}

function compileCall(expr: Extract<Expr, { kind: 'Call' }>, depth: number, loops: readonly string[]): ValueFn {
  const { span, sigil, name, nameSpan } = expr;
  const args = expr.args.map((arg) => compileExpr(arg, depth + 1, loops));
  // The function is looked up once per function table (a render passes the same table every time).
  let table: EvalEnv['functions'] | undefined;
  let fn: FunctionDef | undefined;
  return (ev) => {
    ev.enter(depth, span);
    const env = ev.env;
    if (env.functions !== table) {
      table = env.functions;
      fn = table(name);
    }
    const def = fn;
    if (!def) throw new EvalFailure(`unknown function ${sigil}${name}`, nameSpan);
    const values: Value[] = [];
    for (let i = 0; i < args.length; i++) values.push(args[i]!(ev));
    let result: Value;
    env.ctx.budget?.checkTime();
    try {
      const ctx = ev.callContext();
      result = ev.marking && values.some(hasMarks) ? callMarked(def, values, ctx) : def.call(values, ctx);
    } catch (error) {
      if (error instanceof EvalFailure || error instanceof UntoldProvenance) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new EvalFailure(`${sigil}${def.name}: ${message}`, span);
    }
    if (sigil === '@' && result !== null && !isList(result)) {
      throw new EvalFailure(`@${def.name} returned ${describeValue(result)}, not a list`, span);
    }
    // A %SecretMap is a map whose entries are known only when sending.
    if (sigil === '%' && result !== null && !isMap(result) && !(result instanceof SecretMapValue)) {
      throw new EvalFailure(`%${def.name} returned ${describeValue(result)}, not a map`, span);
    }
    if (typeof result === 'string') ev.checkSize(result, span);
    return result;
  };
}

/** `text + piece`, within the output limit; `span` is where the error points. */
function append(ev: Evaluator, text: string, piece: string, span: Span | undefined): string {
  const next = text + piece;
  if (next.length > ev.limits.maxOutput) throw new EvalFailure(tooLong(ev.limits.maxOutput), span);
  return next;
}

function tooLong(max: number): string {
  return `the rendered text is longer than the limit of ${max} characters`;
}

function checkItemKind(sigil: '$' | '@' | '%', item: Value, span: Span): void {
  const ok = sigil === '@' ? isList(item) || item === null : sigil === '%' ? isMap(item) || item === null : !isList(item) && !isMap(item);
  if (!ok) {
    const want = sigil === '@' ? 'lists (use @)' : sigil === '%' ? 'maps (use %)' : 'scalars (use $)';
    throw new EvalFailure(`the loop variable is written for ${want}, but an item is ${describeValue(item)}`, span);
  }
}

function member(object: Value, name: string, span: Span): Value {
  if (object === null) return null;
  if (!isMap(object)) throw new EvalFailure(`cannot read .${name} of ${describeValue(object)}`, span);
  return mapGet(object, name);
}

/** Map keys are matched exactly first, then case-insensitively (record fields are case-insensitive). */
export function mapGet(map: MapValue, key: string): Value {
  const exact = map.get(key);
  if (exact !== undefined) return exact;
  const lower = key.toLowerCase();
  for (const [k, v] of map) if (k.toLowerCase() === lower) return v;
  return null;
}

function index(object: Value, key: Value, span: Span): Value {
  if (object === null) return null;
  if (isList(object)) {
    if (typeof key !== 'number' || !Number.isInteger(key)) {
      throw new EvalFailure(`a list index must be a whole number, but this is ${describeValue(key)}`, span);
    }
    if (key < 0 || key >= object.length) {
      throw new EvalFailure(`index ${key} is out of range: the list has ${object.length} item${object.length === 1 ? '' : 's'}`, span);
    }
    return object[key]!;
  }
  if (isMap(object)) {
    if (typeof key !== 'string') throw new EvalFailure(`a map key must be a string, but this is ${describeValue(key)}`, span);
    return mapGet(object, key);
  }
  throw new EvalFailure(`cannot index ${describeValue(object)}`, span);
}

type Kind = 'string' | 'number' | 'bool' | 'datetime' | 'duration' | 'secret' | 'list' | 'map' | 'null';

function kindOf(value: Value): Kind {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof DateTimeValue) return 'datetime';
  if (value instanceof DurationValue) return 'duration';
  if (value instanceof SecretValue) return 'secret';
  return isList(value) ? 'list' : 'map';
}

/** Structural equality; strings compare case-sensitively (spec section 4). */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === null || b === null) return a === b;
  if (kindOf(a) !== kindOf(b)) return false;
  if (a instanceof DateTimeValue) return a.epochMs === (b as DateTimeValue).epochMs;
  if (a instanceof DurationValue) return a.ms === (b as DurationValue).ms;
  if (a instanceof SecretValue) return a.source === (b as SecretValue).source && a.name === (b as SecretValue).name;
  if (isList(a)) {
    const bl = b as readonly Value[];
    return a.length === bl.length && a.every((item, i) => valuesEqual(item, bl[i]!));
  }
  if (isMap(a)) {
    const bm = b as MapValue;
    if (a.size !== bm.size) return false;
    for (const [k, v] of a) {
      const w = bm.get(k);
      if (w === undefined || !valuesEqual(v, w)) return false;
    }
    return true;
  }
  return a === b;
}

function compareOrder(a: Value, b: Value, span: Span): number {
  const ka = kindOf(a);
  if (ka === kindOf(b)) {
    if (ka === 'number') return (a as number) - (b as number);
    if (ka === 'datetime') return (a as DateTimeValue).epochMs - (b as DateTimeValue).epochMs;
    if (ka === 'duration') return (a as DurationValue).ms - (b as DurationValue).ms;
    if (ka === 'string') return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  }
  throw new EvalFailure(`cannot order ${describeValue(a)} and ${describeValue(b)}: use two numbers, datetimes, durations or strings`, span);
}
