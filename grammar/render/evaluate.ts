import type { Expr, ForeachTag, Span, StringLiteral, TemplatePart } from '../syntax/ast';
import { EvalError, type CallContext, type FunctionDef } from '../functions/signature';
import { DateTimeValue, DurationValue, SecretMapValue, SecretValue, isList, isMap, type MapValue, type Value } from '../values/value';
import { describeValue, scalarText } from './text';
import type { Escape } from './escape';

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

/** A chain of loop scopes over the event's variables. */
interface Scope {
  readonly name: string;
  readonly value: Value;
  readonly parent: Scope | undefined;
}

export class Evaluator {
  private readonly limits: EvalLimits;
  private iterations = 0;
  private depth = 0;
  private foreachDepth = 0;
  private scope: Scope | undefined;

  constructor(private readonly env: EvalEnv) {
    this.limits = { ...DEFAULT_LIMITS, ...env.limits };
  }

  text(expr: Expr, escape: Escape): string {
    while (expr.kind === 'Paren' && expr.expr) expr = expr.expr;
    if (expr.kind === 'String') return this.template(expr.parts, escape, expr.span);
    return this.checkSize(escape(this.textOf(this.expr(expr), expr.span)), expr.span);
  }

  template(parts: readonly TemplatePart[], escape: Escape, span?: Span): string {
    const out = new TextBuilder(this.limits.maxOutput, span);
    this.enter(span);
    try {
      this.appendParts(parts, escape, out);
    } finally {
      this.depth--;
    }
    return out.toString();
  }

  expr(expr: Expr): Value {
    this.enter(expr.span);
    try {
      return this.exprInner(expr);
    } finally {
      this.depth--;
    }
  }

  bool(value: Value, span: Span, what: string): boolean {
    if (value === null) return false;
    if (typeof value === 'boolean') return value;
    throw new EvalFailure(`${what} must be true or false, but this is ${describeValue(value)}`, span);
  }

  // ------------------------------------------------------------ templates

  private appendParts(parts: readonly TemplatePart[], escape: Escape, out: TextBuilder): void {
    for (const part of parts) {
      switch (part.kind) {
        case 'Text':
          out.append(part.value, part.span);
          break;
        case 'Interpolation': {
          if (!part.expr) throw new EvalFailure('incomplete interpolation', part.span);
          out.append(escape(this.textOf(this.expr(part.expr), part.expr.span)), part.span);
          break;
        }
        case 'If': {
          if (!part.condition) throw new EvalFailure('`if` without a condition', part.span);
          const holds = this.bool(this.expr(part.condition), part.condition.span, 'an `if` condition');
          const branch = holds ? part.then : part.else;
          if (branch) this.appendParts(branch, escape, out);
          break;
        }
        case 'Foreach':
          this.appendForeach(part, escape, out);
          break;
      }
    }
  }

  private appendForeach(tag: ForeachTag, escape: Escape, out: TextBuilder): void {
    if (!tag.variable || !tag.list) throw new EvalFailure('incomplete `foreach`', tag.span);
    if (this.foreachDepth >= this.limits.maxForeachDepth) {
      throw new EvalFailure(`foreach tags are nested more than ${this.limits.maxForeachDepth} deep`, tag.span);
    }
    const list = this.expr(tag.list);
    if (list === null) return;
    if (!isList(list)) throw new EvalFailure(`foreach needs a list, but this is ${describeValue(list)}`, tag.list.span);
    const variable = tag.variable;
    const saved = this.scope;
    this.foreachDepth++;
    try {
      for (const item of list) {
        if (++this.iterations > this.limits.maxIterations) {
          throw new EvalFailure(`loops ran more than ${this.limits.maxIterations} times in one evaluation`, tag.span);
        }
        this.env.ctx.budget?.checkTime();
        checkItemKind(variable.sigil, item, variable.span);
        this.scope = { name: variable.name.toLowerCase(), value: item, parent: saved };
        this.appendParts(tag.body, escape, out);
      }
    } finally {
      this.scope = saved;
      this.foreachDepth--;
    }
  }

  // ------------------------------------------------------------ expressions

  private exprInner(expr: Expr): Value {
    switch (expr.kind) {
      case 'Number':
        return expr.value;
      case 'Bool':
        return expr.value;
      case 'Duration':
        return new DurationValue(expr.ms, expr.raw);
      case 'String':
        return this.template(expr.parts, NO_ESCAPE, expr.span);
      case 'Variable':
        return this.lookup(expr.name);
      case 'Paren':
        if (!expr.expr) throw new EvalFailure('empty parentheses', expr.span);
        return this.expr(expr.expr);
      case 'List':
        return expr.items.map((item) => this.expr(item));
      case 'Map': {
        const map = new Map<string, Value>();
        for (const entry of expr.entries) {
          if (!entry.value) throw new EvalFailure(`the key "${entry.key}" has no value`, entry.span);
          map.set(entry.key, this.expr(entry.value));
        }
        return map;
      }
      case 'Member': {
        const object = this.expr(expr.object);
        if (!expr.member) throw new EvalFailure('a name is missing after "."', expr.span);
        return member(object, expr.member.text, expr.span);
      }
      case 'Index': {
        const object = this.expr(expr.object);
        if (!expr.index) throw new EvalFailure('an index is missing inside [ ]', expr.span);
        return index(object, this.expr(expr.index), expr.span);
      }
      case 'Unary': {
        if (!expr.operand) throw new EvalFailure('"!" needs an operand', expr.span);
        return !this.bool(this.expr(expr.operand), expr.operand.span, 'the operand of "!"');
      }
      case 'Binary':
        return this.binary(expr);
      case 'Call':
        return this.call(expr);
      case 'Unquoted':
        throw new EvalFailure(`unquoted text "${expr.text}": put it in quotes`, expr.span);
    }
  }

  private lookup(name: string): Value {
    const key = name.toLowerCase();
    for (let s = this.scope; s; s = s.parent) if (s.name === key) return s.value;
    // A variable the event does not define renders as "" (null in $ToJson), spec section 4.
    return this.env.variables.get(key) ?? null;
  }

  private binary(expr: Extract<Expr, { kind: 'Binary' }>): Value {
    if (!expr.right) throw new EvalFailure(`"${expr.op}" needs a right operand`, expr.span);
    if (expr.op === '&&' || expr.op === '||') {
      const left = this.bool(this.expr(expr.left), expr.left.span, `the left operand of "${expr.op}"`);
      if (expr.op === '&&' ? !left : left) return left;
      return this.bool(this.expr(expr.right), expr.right.span, `the right operand of "${expr.op}"`);
    }
    const left = this.expr(expr.left);
    const right = this.expr(expr.right);
    if (expr.op === '==' || expr.op === '!=') {
      if (left !== null && right !== null && kindOf(left) !== kindOf(right)) {
        throw new EvalFailure(`cannot compare ${describeValue(left)} with ${describeValue(right)}`, expr.span);
      }
      const same = valuesEqual(left, right);
      return expr.op === '==' ? same : !same;
    }
    // An ordering with a missing value cannot hold (a `when` on an event that lacks the variable is false).
    if (left === null || right === null) return false;
    const order = compareOrder(left, right, expr.span);
    switch (expr.op) {
      case '<':
        return order < 0;
      case '<=':
        return order <= 0;
      case '>':
        return order > 0;
      case '>=':
        return order >= 0;
    }
  }

  private call(expr: Extract<Expr, { kind: 'Call' }>): Value {
    const fn = this.env.functions(expr.name);
    if (!fn) throw new EvalFailure(`unknown function ${expr.sigil}${expr.name}`, expr.nameSpan);
    const args = expr.args.map((arg) => this.expr(arg));
    let result: Value;
    this.env.ctx.budget?.checkTime();
    try {
      result = fn.call(args, this.env.ctx);
    } catch (error) {
      if (error instanceof EvalFailure) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new EvalFailure(`${expr.sigil}${fn.name}: ${message}`, expr.span);
    }
    if (expr.sigil === '@' && result !== null && !isList(result)) {
      throw new EvalFailure(`@${fn.name} returned ${describeValue(result)}, not a list`, expr.span);
    }
    // A %SecretMap is a map whose entries are known only when sending.
    if (expr.sigil === '%' && result !== null && !isMap(result) && !(result instanceof SecretMapValue)) {
      throw new EvalFailure(`%${fn.name} returned ${describeValue(result)}, not a map`, expr.span);
    }
    if (typeof result === 'string') this.checkSize(result, expr.span);
    return result;
  }

  // ------------------------------------------------------------ helpers

  private textOf(value: Value, span: Span): string {
    try {
      return scalarText(value);
    } catch (error) {
      throw new EvalFailure((error as Error).message, span);
    }
  }

  private checkSize(text: string, span: Span | undefined): string {
    if (text.length > this.limits.maxOutput) throw new EvalFailure(tooLong(this.limits.maxOutput), span);
    return text;
  }

  private enter(span: Span | undefined): void {
    if (++this.depth > this.limits.maxDepth) {
      this.depth--;
      throw new EvalFailure(`expressions are nested more than ${this.limits.maxDepth} deep`, span);
    }
  }
}

class TextBuilder {
  private readonly chunks: string[] = [];
  private length = 0;
  constructor(private readonly max: number, private readonly span: Span | undefined) {}
  append(text: string, span: Span): void {
    this.length += text.length;
    if (this.length > this.max) throw new EvalFailure(tooLong(this.max), this.span ?? span);
    this.chunks.push(text);
  }
  toString(): string {
    return this.chunks.join('');
  }
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
