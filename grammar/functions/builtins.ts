import type { Sigil } from '../syntax/ast';
import { envNotAllowedMessage, isEnvAllowed } from './env';
import { T, sameType, sigilOf, type Type } from '../types/type';
import { DateTimeValue, DurationValue, SecretMapValue, SecretValue, isList, isMap, type MapValue, type Value } from '../values/value';
import { EvalError, type ArgProblem, type CallContext, type FunctionDef, type ParamDef } from './signature';
import { fromJson, toJson, toText } from './text';
import { formatDate } from './dateFormat';
import { compileRegex, RegexBudgetError, RegexError, regexReplaceAll, regexTest, type StepBudget } from './regex';
import { globMatches } from './glob';
import { CHANNEL_FUNCTIONS } from '../channels/registry';

/**
 * The built-in functions of spec section 5: one table for the checker
 * (params, sigils, result types, constant-argument checks), the editor
 * (docs) and the evaluator (implementations).
 */

// ------------------------------------------------------------------ helpers

const ALL_SIGILS: readonly Sigil[] = ['$', '@', '%'];
const SCALAR: readonly Sigil[] = ['$'];

const p = (name: string, type: ParamDef['type'], doc?: string, extra: Partial<ParamDef> = {}): ParamDef => ({ name, type, doc, ...extra });
const opt = (name: string, type: ParamDef['type'], doc?: string): ParamDef => p(name, type, doc, { optional: true });

/** An argument as text; lists, maps and secrets have none a function could work on. */
function text(fn: string, param: string, v: Value | undefined): string {
  if (v === undefined) return '';
  if (v instanceof SecretValue) throw new EvalError(`${fn}: ${param} is a secret, whose value is only known when sending; it cannot be used here`);
  if (isList(v) || isMap(v)) throw new EvalError(`${fn}: ${param} must be a scalar, not a ${isList(v) ? 'list' : 'map'}`);
  return toText(v);
}

function integer(fn: string, param: string, v: Value | undefined, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new EvalError(`${fn}: ${param} must be a whole number, not ${describe(v)}`);
  if (v < min) throw new EvalError(`${fn}: ${param} must be at least ${min}, not ${v}`);
  return v;
}

function list(fn: string, param: string, v: Value | undefined): readonly Value[] {
  if (v !== undefined && isList(v)) return v;
  throw new EvalError(`${fn}: ${param} must be a list, not ${describe(v)}`);
}

function map(fn: string, param: string, v: Value | undefined): MapValue {
  if (v !== undefined && isMap(v)) return v;
  throw new EvalError(`${fn}: ${param} must be a map, not ${describe(v)}`);
}

function describe(v: Value | undefined): string {
  if (v === undefined || v === null) return 'nothing';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 30 ? v.slice(0, 30) + '…' : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof DateTimeValue) return 'a datetime';
  if (v instanceof DurationValue) return 'a duration';
  if (v instanceof SecretValue) return 'a secret';
  return isList(v) ? 'a list' : 'a map';
}

/** Value equality for `$Contains` and `$ListIndexOf`: same kind and same value (strings case-sensitively). */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a instanceof DateTimeValue && b instanceof DateTimeValue) return a.epochMs === b.epochMs;
  if (a instanceof DurationValue && b instanceof DurationValue) return a.ms === b.ms;
  if (a instanceof SecretValue && b instanceof SecretValue) return a.source === b.source && a.name === b.name;
  if (isList(a) && isList(b)) return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]!));
  if (isMap(a) && isMap(b)) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !valuesEqual(v, b.get(k)!)) return false;
    return true;
  }
  return false;
}

/** A constant pattern that does not compile, for the checker. */
function regexProblem(index: number, pattern: Value | undefined): ArgProblem[] {
  if (typeof pattern !== 'string') return [];
  try {
    compileRegex(pattern);
    return [];
  } catch (e) {
    if (e instanceof RegexError) return [{ index, message: e.message }];
    throw e;
  }
}

/** A regex step budget derived from the render's limit: deterministic, unlike a clock. */
const STEPS_PER_MS = 8_000; // measured: 5–10 million VM steps per second on a laptop-class CPU
function budgetFor(ctx: CallContext): StepBudget {
  return { remaining: Math.max(100_000, Math.floor(ctx.regexTimeoutMs * STEPS_PER_MS)) };
}

/** One regex call, charged to the render's budget when there is one (its steps and time are shared by all calls). */
function regexCall<R>(fn: string, ctx: CallContext, run: (budget: StepBudget) => R): R {
  try {
    return ctx.budget ? ctx.budget.regex(run, (e) => e instanceof RegexBudgetError) : run(budgetFor(ctx));
  } catch (e) {
    if (e instanceof RegexError) throw new EvalError(`${fn}: ${e.message}`);
    throw e;
  }
}

const COMPARE_OPS = ['<', '>', '<=', '>=', '=', '!='] as const;

function compareValues(a: Value, op: string, b: Value): boolean {
  let c: number;
  if (typeof a === 'number' && typeof b === 'number') c = a - b;
  else if (a instanceof DurationValue && b instanceof DurationValue) c = a.ms - b.ms;
  else if (a instanceof DateTimeValue && b instanceof DateTimeValue) c = a.epochMs - b.epochMs;
  else {
    const x = text('Compare', 'a', a);
    const y = text('Compare', 'b', b);
    c = x < y ? -1 : x > y ? 1 : 0; // ordinal (UTF-16 code units), case-sensitive
  }
  switch (op) {
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '>=':
      return c >= 0;
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    default:
      throw new EvalError(`Compare: the operator must be one of ${COMPARE_OPS.map((o) => `"${o}"`).join(' ')}, not ${JSON.stringify(op)}`);
  }
}

function isEmpty(v: Value): boolean {
  return v === null || v === '';
}

function itemType(t: Type | undefined): Type {
  return t && t.kind === 'list' ? t.item : T.any;
}

/** The type of a map's values, or of a record's fields when they all share one. */
function valueType(t: Type | undefined): Type {
  if (!t) return T.any;
  if (t.kind === 'map') return t.value;
  if (t.kind === 'record') {
    const types = [...t.fields.values()].map((f) => f.type);
    return types.length > 0 && types.every((x) => sameType(x, types[0]!)) ? types[0]! : T.any;
  }
  return T.any;
}

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// ------------------------------------------------------------------ table

type Def = Omit<FunctionDef, 'own' | 'sigils'> & { own?: boolean; sigils?: readonly Sigil[] };

function def(d: Def): FunctionDef {
  return { own: false, sigils: SCALAR, ...d };
}

const stringFn = (name: string, doc: string, f: (s: string) => string): FunctionDef =>
  def({
    name,
    doc,
    params: [p('text', 'scalar')],
    returns: () => T.string,
    call: ([s]) => f(text(name, 'text', s)),
  });

const HASH_FORMATS = ['hex', 'base64'];
const HASH_ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'];

/** `$PackageHash(format, algorithm)`: a hash the event carries, re-encoded; never computed here (a render has no package file). */
function packageHash(format: string, algorithm: string, ctx: CallContext): string {
  const alg = algorithm.toUpperCase().replace('-', '');
  if (!HASH_ALGORITHMS.includes(alg)) throw new EvalError(`PackageHash: the algorithm must be one of ${HASH_ALGORITHMS.map((x) => `"${x}"`).join(' ')}, not ${JSON.stringify(algorithm)}`);
  const fmt = format.toLowerCase();
  if (!HASH_FORMATS.includes(fmt)) throw new EvalError(`PackageHash: the format must be "hex" or "base64", not ${JSON.stringify(format)}`);
  const hashes = ctx.variable?.('PackageHashes');
  let hex: Value | undefined = hashes !== undefined && isMap(hashes) ? [...hashes].find(([k]) => k.toUpperCase().replace('-', '') === alg)?.[1] : undefined;
  if ((hex === undefined || hex === null || hex === '') && alg === 'SHA1') hex = ctx.variable?.('PackageHash');
  if (typeof hex !== 'string' || hex === '') throw new EvalError(`PackageHash: the event carries no ${alg} hash (%PackageHashes)`);
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) throw new EvalError(`PackageHash: the ${alg} hash the event carries is not hex: ${JSON.stringify(hex.slice(0, 20))}`);
  return fmt === 'hex' ? hex.toLowerCase() : hexToBase64(hex);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function hexToBase64(hex: string): string {
  const bytes = hex.match(/../g)!.map((b) => parseInt(b, 16));
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]! + (b === undefined ? '=' : BASE64[(n >> 6) & 63]!) + (c === undefined ? '=' : BASE64[n & 63]!);
  }
  return out;
}

const CORE_FUNCTIONS: readonly FunctionDef[] = [
  def({
    name: 'ToJson',
    doc: 'JSON text of a value: numbers and booleans stay JSON, map keys keep their written order; `pretty` indents.',
    params: [p('value', 'value'), opt('pretty', T.bool, 'indent by two spaces')],
    returns: () => T.string,
    call: ([v, pretty]) => {
      if (pretty !== undefined && typeof pretty !== 'boolean') throw new EvalError(`ToJson: pretty must be true or false, not ${describe(pretty)}`);
      return toJson(v ?? null, pretty === true);
    },
  }),
  def({
    name: 'FromJson',
    sigils: ALL_SIGILS,
    doc: 'Parses JSON text; `$FromJson` for a scalar, `@FromJson` for a list, `%FromJson` for an object (checked when rendering).',
    params: [p('text', 'scalar')],
    returns: () => T.any,
    call: ([s]) => fromJson(text('FromJson', 'text', s)),
  }),
  stringFn('JSEncode', 'Escapes text for use inside a JSON (or JavaScript) string literal, without the quotes.', (s) => JSON.stringify(s).slice(1, -1)),
  def({
    name: 'Join',
    doc: 'Joins the items of a list of scalars with a separator (separator first, as in OtterScript).',
    params: [p('separator', 'scalar'), p('list', 'list')],
    returns: () => T.string,
    checkArgs: (types) => {
      const item = itemType(types[1]);
      if (item.kind === 'any' || (sigilOf(item) === '$' && item.kind !== 'secret')) return [];
      return [{ index: 1, message: `Join needs a list of scalars, but the items are ${item.kind === 'secret' ? 'secrets' : sigilOf(item) === '@' ? 'lists' : 'maps'}; use $ToJson or a foreach tag` }];
    },
    call: ([sep, l]) =>
      list('Join', 'list', l)
        .map((item, i) => text('Join', `item ${i}`, item))
        .join(text('Join', 'separator', sep)),
  }),
  def({
    name: 'Split',
    sigils: ['@'],
    doc: 'Splits text at every occurrence of a separator (an empty separator splits into characters).',
    params: [p('text', 'scalar'), p('separator', 'scalar')],
    returns: () => T.list(T.string),
    call: ([s, sep]) => text('Split', 'text', s).split(text('Split', 'separator', sep)),
  }),
  stringFn('ToUpper', 'Upper-case text.', (s) => s.toUpperCase()),
  stringFn('ToLower', 'Lower-case text.', (s) => s.toLowerCase()),
  stringFn('Trim', 'Text without leading and trailing white space.', (s) => s.trim()),
  def({
    name: 'Substring',
    doc: 'Part of a text from a 0-based offset, to the end or for `length` characters (clamped to the text).',
    params: [p('text', 'scalar'), p('offset', T.number), opt('length', T.number)],
    returns: () => T.string,
    call: ([s, off, len]) => {
      const t = text('Substring', 'text', s);
      const start = integer('Substring', 'offset', off);
      return len === undefined ? t.slice(start) : t.slice(start, start + integer('Substring', 'length', len));
    },
  }),
  def({
    name: 'Replace',
    doc: 'Replaces every occurrence of `find` (case-sensitive) with `with`.',
    params: [p('text', 'scalar'), p('find', 'scalar'), p('with', 'scalar')],
    returns: () => T.string,
    checkArgs: (_types, consts) => (consts[1] === '' ? [{ index: 1, message: 'Replace: find must not be empty' }] : []),
    call: ([s, find, by]) => {
      const t = text('Replace', 'text', s);
      const f = text('Replace', 'find', find);
      return f === '' ? t : t.split(f).join(text('Replace', 'with', by));
    },
  }),
  def({
    name: 'RegexReplace',
    doc: 'Replaces every match of a regular expression; `with` may use `$1`, `$<name>` and `$&` (write them as `` `$1 `` in a string).',
    params: [p('text', 'scalar'), p('pattern', 'scalar'), p('with', 'scalar')],
    returns: () => T.string,
    checkArgs: (_types, consts) => regexProblem(1, consts[1]),
    call: ([s, pattern, by], ctx) =>
      regexCall('RegexReplace', ctx, (budget) =>
        regexReplaceAll(text('RegexReplace', 'text', s), text('RegexReplace', 'pattern', pattern), text('RegexReplace', 'with', by), budget),
      ),
  }),
  def({
    name: 'Truncate',
    own: true,
    doc: 'Text cut to at most `length` characters: a longer text keeps its start and ends with `suffix` (default `…`), the whole within `length`. For the limits of the services (spec section 6.1).',
    params: [p('text', 'scalar'), p('length', T.number), opt('suffix', 'scalar', 'what ends a cut text; "…" by default')],
    returns: () => T.string,
    checkArgs: (_types, consts) => {
      const n = consts[1];
      return typeof n === 'number' && (!Number.isInteger(n) || n < 0) ? [{ index: 1, message: `Truncate: length must be a whole number of at least 0, not ${n}` }] : [];
    },
    call: ([s, n, suffix]) => truncate(text('Truncate', 'text', s), integer('Truncate', 'length', n), suffix === undefined ? '…' : text('Truncate', 'suffix', suffix)),
  }),
  padFn('PadLeft', 'Pads text on the left to `length` characters with `char` (default a space).', (t, n, c) => t.padStart(n, c)),
  padFn('PadRight', 'Pads text on the right to `length` characters with `char` (default a space).', (t, n, c) => t.padEnd(n, c)),
  def({
    name: 'MatchesRegex',
    doc: 'Whether a regular expression matches anywhere in the text (unanchored, case-sensitive).',
    params: [p('text', 'scalar'), p('pattern', 'scalar')],
    returns: () => T.bool,
    checkArgs: (_types, consts) => regexProblem(1, consts[1]),
    call: ([s, pattern], ctx) => regexCall('MatchesRegex', ctx, (budget) => regexTest(text('MatchesRegex', 'pattern', pattern), text('MatchesRegex', 'text', s), budget)),
  }),
  def({
    name: 'Matches',
    own: true,
    doc: 'Whether the whole text matches a wildcard pattern: `*` any characters, `?` one character; case-insensitive.',
    params: [p('text', 'scalar'), p('glob', 'scalar')],
    returns: () => T.bool,
    call: ([s, glob]) => globMatches(text('Matches', 'text', s), text('Matches', 'glob', glob)),
  }),
  def({
    name: 'StartsWith',
    own: true,
    doc: 'Whether the text starts with a prefix (case-sensitive).',
    params: [p('text', 'scalar'), p('prefix', 'scalar')],
    returns: () => T.bool,
    call: ([s, pre]) => text('StartsWith', 'text', s).startsWith(text('StartsWith', 'prefix', pre)),
  }),
  def({
    name: 'EndsWith',
    own: true,
    doc: 'Whether the text ends with a suffix (case-sensitive).',
    params: [p('text', 'scalar'), p('suffix', 'scalar')],
    returns: () => T.bool,
    call: ([s, suf]) => text('EndsWith', 'text', s).endsWith(text('EndsWith', 'suffix', suf)),
  }),
  def({
    name: 'Contains',
    own: true,
    doc: 'Whether a text contains a substring (case-sensitive), or a list contains an item.',
    params: [p('textOrList', 'value'), p('item', 'value')],
    returns: () => T.bool,
    checkArgs: (types) => {
      const haystack = types[0];
      if (!haystack || haystack.kind === 'any') return [];
      if (haystack.kind === 'map' || haystack.kind === 'record') return [{ index: 0, message: 'Contains takes a text or a list, not a map; use $MapItem or @MapKeys' }];
      if (haystack.kind === 'secret') return [{ index: 0, message: 'Contains cannot look into a secret: its value is only known when sending' }];
      const needle = types[1];
      if (haystack.kind !== 'list' && needle && (needle.kind === 'list' || needle.kind === 'map' || needle.kind === 'record' || needle.kind === 'secret'))
        return [{ index: 1, message: 'Contains looks for a scalar in a text' }];
      return [];
    },
    call: ([hay, item]) => {
      if (hay !== undefined && isList(hay)) return hay.some((x) => valuesEqual(x, item ?? null));
      return text('Contains', 'text', hay).includes(text('Contains', 'item', item));
    },
  }),
  def({
    name: 'Compare',
    doc: 'Compares two values with an operator `<` `>` `<=` `>=` `=` `!=`: as numbers when both are numbers (durations and datetimes by time), otherwise as text (ordinal, case-sensitive).',
    params: [p('a', 'scalar'), p('operator', T.string, 'one of < > <= >= = !='), p('b', 'scalar')],
    returns: () => T.bool,
    checkArgs: (_types, consts) => {
      const op = consts[1];
      if (typeof op === 'string' && !(COMPARE_OPS as readonly string[]).includes(op))
        return [{ index: 1, message: `Compare: the operator must be one of ${COMPARE_OPS.map((o) => `"${o}"`).join(' ')}, not ${JSON.stringify(op)}` }];
      return [];
    },
    call: ([a, op, b]) => compareValues(a ?? null, text('Compare', 'operator', op), b ?? null),
  }),
  def({
    name: 'Coalesce',
    sigils: ALL_SIGILS,
    doc: 'The first argument that is not empty (empty: undefined or the empty string); nothing when all are.',
    params: [p('a', 'value'), p('b', 'value', undefined, { variadic: true })],
    returns: (_sigil, types) => (types.length > 0 && types.every((t) => sameType(t, types[0]!)) ? types[0]! : T.any),
    call: (args) => args.find((a) => !isEmpty(a)) ?? null,
  }),
  stringFn('HtmlEncode', 'Escapes `& < > " \'` for HTML.', (s) => s.replace(/[&<>"']/g, (c) => HTML[c]!)),
  stringFn('UrlEncode', 'Percent-encodes text for a URL component (as encodeURIComponent).', (s) => encodeURIComponent(s)),
  def({
    name: 'ListCount',
    doc: 'The number of items in a list.',
    params: [p('list', 'list')],
    returns: () => T.number,
    call: ([l]) => list('ListCount', 'list', l).length,
  }),
  def({
    name: 'ListItem',
    sigils: ALL_SIGILS,
    doc: 'The item at a 0-based index; the call sigil says its kind (`$` scalar, `%` map, `@` list).',
    params: [p('list', 'list'), p('index', T.number)],
    returns: (_sigil, types) => itemType(types[0]),
    call: ([l, i]) => {
      const items = list('ListItem', 'list', l);
      const index = integer('ListItem', 'index', i);
      if (index >= items.length) throw new EvalError(`ListItem: index ${index} is out of range (the list has ${items.length} item${items.length === 1 ? '' : 's'})`);
      return items[index]!;
    },
  }),
  def({
    name: 'ListIndexOf',
    doc: 'The 0-based index of the first item equal to a value, or -1.',
    params: [p('list', 'list'), p('item', 'value')],
    returns: () => T.number,
    call: ([l, item]) => list('ListIndexOf', 'list', l).findIndex((x) => valuesEqual(x, item ?? null)),
  }),
  def({
    name: 'MapItem',
    sigils: ALL_SIGILS,
    doc: 'The value of a key (exact, else case-insensitive); nothing when the map has no such key.',
    params: [p('map', 'map'), p('key', 'scalar')],
    returns: (_sigil, types) => valueType(types[0]),
    checkArgs: (types, consts) => {
      const t = types[0];
      const key = consts[1];
      if (t?.kind === 'record' && typeof key === 'string' && !t.fields.has(key.toLowerCase())) {
        const known = [...t.fields.values()].map((f) => f.name).join(', ');
        return [{ index: 1, message: `MapItem: the record has no key "${key}" (it has ${known || 'no keys'})` }];
      }
      return [];
    },
    call: ([m, k]) => {
      const entries = map('MapItem', 'map', m);
      const key = text('MapItem', 'key', k);
      if (entries.has(key)) return entries.get(key)!;
      const lower = key.toLowerCase();
      for (const [name, v] of entries) if (name.toLowerCase() === lower) return v;
      return null;
    },
  }),
  def({
    name: 'MapKeys',
    sigils: ['@'],
    doc: 'The keys of a map, in their written order.',
    params: [p('map', 'map')],
    returns: () => T.list(T.string),
    call: ([m]) => [...map('MapKeys', 'map', m).keys()],
  }),
  def({
    name: 'CountBy',
    own: true,
    sigils: ['%'],
    doc: 'Counts a list of records (or maps) by the text of one field, e.g. `%CountBy(@Events, "Severity")` → `%(Critical: 2, Info: 1)`; keys in first-appearance order.',
    params: [p('list', 'list'), p('field', T.string)],
    returns: () => T.map(T.number),
    call: ([l, f]) => {
      const items = list('CountBy', 'list', l);
      const field = text('CountBy', 'field', f).toLowerCase();
      const counts = new Map<string, number>();
      for (const item of items) {
        let key = '';
        if (item !== null && isMap(item)) {
          for (const [name, v] of item) if (name.toLowerCase() === field) key = text('CountBy', `the field ${field}`, v);
        } else throw new EvalError(`CountBy: the list's items must be records or maps, not ${describe(item)}`);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    },
  }),
  dateFn('Date', "The event's $Timestamp formatted (.NET-style custom format, default `yyyy-MM-ddTHH:mm:ss`), in UTC so renders are reproducible."),
  dateFn('DateUtc', "The event's $Timestamp formatted in UTC (.NET-style custom format, default `yyyy-MM-ddTHH:mm:ss`)."),
  def({
    name: 'IsVariableDefined',
    doc: 'Whether the event being rendered defines a variable (the name with or without its sigil).',
    params: [p('name', T.string)],
    returns: () => T.bool,
    call: ([name], ctx) => ctx.isVariableDefined(text('IsVariableDefined', 'name', name).replace(/^[$@%]/, '').replace(/^\{(.*)\}$/, '$1')),
  }),
  def({
    name: 'PackageHash',
    doc: "ProGet's package hash: the event's hash for `algorithm` (`SHA1` default, `SHA256`, `SHA512`; from `%PackageHashes`, SHA-1 also from `$PackageHash`) in `format` `hex` (default, lower case) or `base64`. It computes no hash: it selects and re-encodes one the event carries.",
    reads: ['PackageHashes', 'PackageHash'],
    params: [opt('format', T.string, '"hex" (default) or "base64"'), opt('algorithm', T.string, '"SHA1" (default), "SHA256" or "SHA512"')],
    returns: () => T.string,
    checkArgs: (_types, consts) => {
      const problems: ArgProblem[] = [];
      const [f, a] = consts;
      if (typeof f === 'string' && !HASH_FORMATS.includes(f.toLowerCase())) problems.push({ index: 0, message: `PackageHash: the format must be "hex" or "base64", not ${JSON.stringify(f)}` });
      if (typeof a === 'string' && !HASH_ALGORITHMS.includes(a.toUpperCase().replace('-', ''))) problems.push({ index: 1, message: `PackageHash: the algorithm must be one of ${HASH_ALGORITHMS.map((x) => `"${x}"`).join(' ')}, not ${JSON.stringify(a)}` });
      return problems;
    },
    call: ([f, a], ctx) => packageHash(f === undefined ? 'hex' : text('PackageHash', 'format', f), a === undefined ? 'SHA1' : text('PackageHash', 'algorithm', a), ctx),
  }),
  def({
    name: 'PackageProperty',
    doc: "A property of the package's metadata (ProGet's `$PackageProperty`, read from `%PackageProperties`); without it, `default` when given, else a render error (ProGet does not send the notification then).",
    reads: ['PackageProperties'],
    params: [p('name', 'scalar'), opt('default', 'scalar')],
    returns: () => T.string,
    call: ([n, d], ctx) => {
      const name = text('PackageProperty', 'name', n);
      const props = ctx.variable?.('PackageProperties');
      const found = props !== undefined && isMap(props) ? [...props].find(([k]) => k.toLowerCase() === name.toLowerCase()) : undefined;
      if (found && found[1] !== null) return text('PackageProperty', name, found[1]);
      if (d !== undefined) return text('PackageProperty', 'default', d);
      throw new EvalError(`PackageProperty: the package has no property ${JSON.stringify(name)} (%PackageProperties) and no default was given`);
    },
  }),
  secretFn('Secret', 'secret', 'A secret from the editor\'s secret storage or NOTIFY_SECRET_<NAME>, resolved only when sending; allowed in url, headers, auth and signing.'),
  def({
    name: 'SecretMap',
    own: true,
    sigils: ['%'],
    doc: 'Headers from one secret holding a JSON object (`{"X-Api-Key": "…"}`), resolved only when sending; only as the whole value of `headers`.',
    params: [p('name', T.string)],
    returns: () => T.map(T.secret),
    checkArgs: (_types, consts) => (typeof consts[0] === 'string' && consts[0].trim() === '' ? [{ index: 0, message: 'SecretMap: the name must not be empty' }] : []),
    call: ([n]) => {
      const value = text('SecretMap', 'name', n);
      if (value.trim() === '') throw new EvalError('SecretMap: the name must not be empty');
      return new SecretMapValue(value);
    },
  }),
  secretFn('Env', 'env', 'A value from the process environment, resolved only when sending; allowed only where secrets are.'),
];

/** At most `max` UTF-16 code units, never splitting a surrogate pair; the suffix counts towards `max`. */
export function truncate(t: string, max: number, suffix: string): string {
  if (t.length <= max) return t;
  if (suffix.length >= max) return cut(suffix, max);
  return cut(t, max - suffix.length) + suffix;
}

function cut(t: string, n: number): string {
  const code = t.charCodeAt(n - 1);
  // A high surrogate at the end would be half a character.
  return code >= 0xd800 && code <= 0xdbff ? t.slice(0, n - 1) : t.slice(0, n);
}

function padFn(name: string, doc: string, pad: (t: string, n: number, c: string) => string): FunctionDef {
  return def({
    name,
    doc,
    params: [p('text', 'scalar'), p('length', T.number), opt('char', 'scalar', 'one character; a space by default')],
    returns: () => T.string,
    checkArgs: (_types, consts) => {
      const c = consts[2];
      return typeof c === 'string' && c.length !== 1 ? [{ index: 2, message: `${name}: char must be exactly one character, not ${JSON.stringify(c)}` }] : [];
    },
    call: ([s, n, c]) => {
      const fill = c === undefined ? ' ' : text(name, 'char', c);
      if (fill.length !== 1) throw new EvalError(`${name}: char must be exactly one character, not ${JSON.stringify(fill)}`);
      return pad(text(name, 'text', s), integer(name, 'length', n), fill);
    },
  });
}

function dateFn(name: string, doc: string): FunctionDef {
  return def({
    name,
    doc,
    params: [opt('format', T.string, 'e.g. "yyyy-MM-dd HH:mm"')],
    returns: () => T.string,
    checkArgs: (_types, consts) => {
      const f = consts[0];
      if (typeof f !== 'string') return [];
      try {
        formatDate(0, f);
        return [];
      } catch (e) {
        if (e instanceof EvalError) return [{ index: 0, message: `${name}: ${e.message}` }];
        throw e;
      }
    },
    call: ([f], ctx) => {
      try {
        return formatDate(ctx.timestamp.epochMs, f === undefined ? undefined : text(name, 'format', f));
      } catch (e) {
        if (e instanceof EvalError && !e.message.startsWith(name)) throw new EvalError(`${name}: ${e.message}`);
        throw e;
      }
    },
  });
}

function secretFn(name: string, source: 'secret' | 'env', doc: string): FunctionDef {
  return def({
    name,
    own: true,
    secretLike: true,
    doc,
    params: [p('name', T.string)],
    returns: () => T.secret,
    checkArgs: (_types, consts) => {
      const n = consts[0];
      if (typeof n !== 'string') return [];
      if (n.trim() === '') return [{ index: 0, message: `${name}: the name must not be empty` }];
      if (source === 'env' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n))
        return [{ index: 0, message: `Env: ${JSON.stringify(n)} is not an environment variable name (letters, digits and _, not starting with a digit)` }];
      return [];
    },
    call: ([n], ctx) => {
      const value = text(name, 'name', n);
      if (value.trim() === '') throw new EvalError(`${name}: the name must not be empty`);
      // A computed name cannot be checked before rendering; a literal one already was (NTF211).
      if (source === 'env' && !isEnvAllowed(value, ctx.allowedEnv)) throw new EvalError(envNotAllowedMessage(value));
      return new SecretValue(source, value);
    },
  });
}

/** The language's functions, then those the channel modules add (`%SlackSection`, …). */
export const FUNCTIONS: readonly FunctionDef[] = [...CORE_FUNCTIONS, ...CHANNEL_FUNCTIONS];

const BY_NAME = new Map(FUNCTIONS.map((f) => [f.name.toLowerCase(), f]));

/** Case-insensitive, as all names are (`$tojson` is `$ToJson`). */
export function lookupFunction(name: string): FunctionDef | undefined {
  return BY_NAME.get(name.toLowerCase());
}
