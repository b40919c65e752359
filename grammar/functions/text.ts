import { JsonSyntaxError, scanJson, type JsonNode } from '../catalog/jsonScan';
import { DateTimeValue, DurationValue, SecretValue, inertText, isList, isMap, type MapValue, type Value } from '../values/value';
import { EvalError } from './signature';

/**
 * A scalar as text (spec section 4): numbers in shortest JSON form, booleans
 * `true`/`false`, datetimes ISO 8601 UTC (`2026-04-28T07:12:43Z`), durations
 * as written, secrets as their placeholder, a missing value (`null`) as "".
 * Lists and maps have no text form.
 */
export function toText(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberJson(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof DateTimeValue || v instanceof DurationValue || v instanceof SecretValue) return v.toString();
  if (isList(v)) throw new EvalError('a list cannot be used as text; use $Join(", ", @list) or $ToJson(@list)');
  if (isMap(v)) throw new EvalError('a map cannot be used as text; use $ToJson(%map) or $MapItem(%map, key)');
  throw new EvalError('this value cannot be used as text');
}

function numberJson(n: number): string {
  if (!Number.isFinite(n)) throw new EvalError(`the number ${n} has no JSON form`);
  // String(n) is the shortest round-trip form; -0 is written 0, as JSON.stringify does
  return Object.is(n, -0) ? '0' : String(n);
}

/**
 * JSON text of a value: numbers and booleans stay JSON numbers and booleans,
 * map keys keep their written order (JSON.stringify would move integer-like
 * keys first), datetimes are ISO strings, durations their written text,
 * secrets their placeholder string, null stays null. `pretty` indents by two
 * spaces, as `JSON.stringify(v, null, 2)`.
 */
export function toJson(v: Value, pretty = false): string {
  return pretty ? writePretty(v, '\n') : writeCompact(v);
}

/**
 * A string as JSON. Most strings need no escape: those go around
 * JSON.stringify, which costs several times more for a short string. What it
 * escapes: quote, backslash, control characters, surrogates (lone ones; pairs
 * take the slow way too).
 */
export function jsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : '"' + s + '"';
}

/** One UTF-16 unit at a time (no `u` flag), so a surrogate half matches on its own; a regex scans faster than a charCodeAt loop. */
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/**
 * `"key":` of a map key. Keys repeat (a map literal's on every render, a
 * record's field names in every item of a list), so their quoted form is
 * kept: finding it costs less than scanning the key for escapes again.
 * Bounded: short keys only, emptied when full.
 */
function jsonKey(key: string): string {
  if (key.length > 64) return jsonString(key) + ':';
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    if (quotedKeys.size >= 1024) quotedKeys.clear();
    quoted = jsonString(key) + ':';
    quotedKeys.set(key, quoted);
  }
  return quoted;
}
const quotedKeys = new Map<string, string>();

/** Strings are built by appending (no intermediate arrays): `$ToJson` of an event's lists is a large part of a render. */
function writeCompact(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'number') return numberJson(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  // Lists and maps first: they are most of what is written, and each class test below walks a prototype chain.
  if (isList(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + writeCompact(v[i]!);
    return out + ']';
  }
  if (isMap(v)) {
    let out = '{';
    let first = true;
    for (const [k, item] of v) {
      out += (first ? '' : ',') + jsonKey(k) + writeCompact(item);
      first = false;
    }
    return out + '}';
  }
  if (v instanceof DateTimeValue || v instanceof DurationValue || v instanceof SecretValue) return JSON.stringify(v.toString());
  throw new EvalError('this value has no JSON form');
}

/** As `JSON.stringify(v, null, 2)`; `indent` is the line break and indentation of the value's own line. */
function writePretty(v: Value, indent: string): string {
  if (!isList(v) && !isMap(v)) return writeCompact(v);
  const inner = indent + '  ';
  if (isList(v)) {
    if (v.length === 0) return '[]';
    return `[${inner}${v.map((item) => writePretty(item, inner)).join(',' + inner)}${indent}]`;
  }
  if (v.size === 0) return '{}';
  return `{${inner}${[...v].map(([k, item]) => `${JSON.stringify(k)}: ${writePretty(item, inner)}`).join(',' + inner)}${indent}}`;
}

/**
 * Parses JSON text into Values: objects become ordered maps (keys in written
 * order; a repeated key keeps its first place and its last value, as
 * JSON.parse does), arrays
 * lists. Throws EvalError with the position of the problem.
 */
export function fromJson(text: string): Value {
  let node: JsonNode;
  try {
    node = scanJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new EvalError(`not valid JSON: ${e.message} at offset ${e.offset}`);
    throw e;
  }
  return toValue(node);
}

function toValue(node: JsonNode): Value {
  switch (node.kind) {
    case 'object': {
      const map = new Map<string, Value>();
      for (const e of node.entries) map.set(inertText(e.key), toValue(e.value));
      return map as MapValue;
    }
    case 'array':
      return node.items.map(toValue);
    case 'null':
      return null;
    case 'string':
      // decoded text (`\u2039` is `‹`) is data: it cannot open a placeholder
      return inertText(node.value);
    default:
      return node.value;
  }
}
