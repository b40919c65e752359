import { applyEdits, format, parseTree, ParseErrorCode, type Node as JsoncNode } from 'jsonc-parser';
import type { Json } from './catalog';

/**
 * Strict JSON (RFC 8259) that remembers where every key and value starts, so
 * catalog errors and go-to-definition can point into the file (`JSON.parse`
 * cannot). Read with `jsonc-parser` (VS Code's JSON reader) with comments and
 * trailing commas disallowed; this module turns its tree into ours and its
 * first error into a message in our words.
 */
export type JsonNode =
  | { readonly kind: 'object'; readonly offset: number; readonly end: number; readonly entries: readonly JsonEntry[] }
  | { readonly kind: 'array'; readonly offset: number; readonly end: number; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly offset: number; readonly end: number; readonly value: string }
  | { readonly kind: 'number'; readonly offset: number; readonly end: number; readonly value: number }
  | { readonly kind: 'bool'; readonly offset: number; readonly end: number; readonly value: boolean }
  | { readonly kind: 'null'; readonly offset: number; readonly end: number };

export interface JsonEntry {
  readonly key: string;
  readonly keyOffset: number;
  readonly value: JsonNode;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * How deep objects and lists may nest. jsonc-parser and every walker of the
 * tree recurse per level: a 10 KB file of `[[[[…` would overflow the stack
 * (and, caught, lose the file's other imports). No catalog, event or value
 * comes near this depth.
 */
export const MAX_JSON_DEPTH = 256;

/** Parses `text`; throws `JsonSyntaxError` with the offset of the (first) problem. */
export function scanJson(text: string): JsonNode {
  // A byte-order mark is allowed; a space in its place keeps every offset.
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  return strictScan(source) ?? scanWithJsonc(source);
}

/** `scanJson` by jsonc-parser alone (what finds and words errors); exported for the test that compares the two. */
export function scanWithJsonc(source: string): JsonNode {
  const tooDeep = nestingPastLimit(source);
  if (tooDeep >= 0) throw new JsonSyntaxError(`objects and lists nested deeper than ${MAX_JSON_DEPTH} levels`, tooDeep);
  const errors: { error: ParseErrorCode; offset: number; length: number }[] = [];
  const root = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) {
    const afterValue = root !== undefined && first.offset >= root.offset + root.length;
    throw new JsonSyntaxError(describe(first.error, source, first.offset, first.length, afterValue), first.offset);
  }
  if (!root) throw new JsonSyntaxError('unexpected end of file, expected a value', source.length);
  return convert(root);
}

/**
 * The tree of `text` when it is strict JSON nested at most MAX_JSON_DEPTH
 * levels, read in one pass straight into our nodes; undefined at the first
 * doubt (any error, anything unusual), and `scanJson` reads the text again
 * the slow way, which finds and words the error. So this pass only has to
 * be right on valid JSON: for a 20 MB catalog it is several times faster
 * than jsonc-parser's tree converted to ours, and makes a fraction of the
 * garbage (a test compares the two on generated and hand-written texts).
 */
export function strictScan(text: string): JsonNode | undefined {
  let i = 0;
  const n = text.length;
  const space = () => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
    }
  };
  // A string at `i` (its opening quote): its value, `i` past the closing quote; undefined if not well formed.
  const string = (): string | undefined => {
    const start = i;
    let escaped = false;
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        if (!escaped) return text.slice(start + 1, i - 1);
        try {
          // escapes checked and decoded as JSON decodes them (jsonc-parser decodes the same)
          return JSON.parse(text.slice(start, i)) as string;
        } catch {
          return undefined;
        }
      }
      if (c === 92) {
        escaped = true;
        i++;
      } else if (c < 0x20) return undefined;
    }
    return undefined;
  };
  const value = (depth: number): JsonNode | undefined => {
    const offset = i;
    const c = text.charCodeAt(i);
    if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth >= MAX_JSON_DEPTH) return undefined;
      i++;
      space();
      const close = c === 123 ? 125 : 93;
      if (text.charCodeAt(i) === close) {
        i++;
        return c === 123 ? { kind: 'object', offset, end: i, entries: [] } : { kind: 'array', offset, end: i, items: [] };
      }
      if (c === 123) {
        const entries: JsonEntry[] = [];
        for (;;) {
          if (text.charCodeAt(i) !== 34) return undefined;
          const keyOffset = i;
          const key = string();
          if (key === undefined) return undefined;
          space();
          if (text.charCodeAt(i) !== 58 /* : */) return undefined;
          i++;
          space();
          const v = value(depth + 1);
          if (!v) return undefined;
          entries.push({ key, keyOffset, value: v });
          space();
          const d = text.charCodeAt(i++);
          if (d === 125) return { kind: 'object', offset, end: i, entries };
          if (d !== 44 /* , */) return undefined;
          space();
        }
      }
      const items: JsonNode[] = [];
      for (;;) {
        const v = value(depth + 1);
        if (!v) return undefined;
        items.push(v);
        space();
        const d = text.charCodeAt(i++);
        if (d === 93) return { kind: 'array', offset, end: i, items };
        if (d !== 44) return undefined;
        space();
      }
    }
    if (c === 34) {
      const v = string();
      return v === undefined ? undefined : { kind: 'string', offset, end: i, value: v };
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) return number(offset);
    if (text.startsWith('true', i)) return { kind: 'bool', offset, end: (i += 4), value: true };
    if (text.startsWith('false', i)) return { kind: 'bool', offset, end: (i += 5), value: false };
    if (text.startsWith('null', i)) return { kind: 'null', offset, end: (i += 4) };
    return undefined;
  };
  // RFC 8259's number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
  const digits = (): boolean => {
    const from = i;
    while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    return i > from;
  };
  const number = (offset: number): JsonNode | undefined => {
    if (text.charCodeAt(i) === 45) i++;
    if (text.charCodeAt(i) === 48) i++;
    else if (!digits()) return undefined;
    if (text.charCodeAt(i) === 46 /* . */) {
      i++;
      if (!digits()) return undefined;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 43 || sign === 45) i++;
      if (!digits()) return undefined;
    }
    return { kind: 'number', offset, end: i, value: Number(text.slice(offset, i)) };
  };
  space();
  if (i >= n) return undefined;
  const root = value(0);
  if (!root) return undefined;
  space();
  return i === n ? root : undefined;
}

/** The offset of the first `{` or `[` (outside strings) that opens a level past MAX_JSON_DEPTH, or -1. */
function nestingPastLimit(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // skip the string: up to the next quote that no backslash escapes (an unterminated one runs to the end)
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
    }
  }
  return -1;
}

function convert(node: JsoncNode): JsonNode {
  const offset = node.offset;
  const end = node.offset + node.length;
  switch (node.type) {
    case 'object':
      return {
        kind: 'object',
        offset,
        end,
        entries: (node.children ?? []).map((property) => {
          const [key, value] = property.children as [JsoncNode, JsoncNode];
          return { key: key.value as string, keyOffset: key.offset, value: convert(value) };
        }),
      };
    case 'array':
      return { kind: 'array', offset, end, items: (node.children ?? []).map(convert) };
    case 'string':
      return { kind: 'string', offset, end, value: node.value as string };
    case 'number':
      return { kind: 'number', offset, end, value: node.value as number };
    case 'boolean':
      return { kind: 'bool', offset, end, value: node.value as boolean };
    default:
      return { kind: 'null', offset, end };
  }
}

/** The message of an error at `offset`, naming what was found there. */
function describe(code: ParseErrorCode, text: string, offset: number, length: number, afterValue: boolean): string {
  const found = offset < text.length ? JSON.stringify(text[offset]) : 'end of file';
  if (afterValue && (code === ParseErrorCode.InvalidSymbol || code === ParseErrorCode.EndOfFileExpected)) return `unexpected ${found} after the JSON value`;
  switch (code) {
    case ParseErrorCode.ValueExpected:
      // jsonc-parser says "value expected" for `{,`: after `{` it is a property name that is missing.
      if (/\{\s*$/.test(text.slice(Math.max(0, offset - 200), offset))) return `expected a property name in double quotes, found ${found}`;
      return offset < text.length ? `unexpected ${found}, expected a value` : 'unexpected end of file, expected a value';
    case ParseErrorCode.PropertyNameExpected:
      return `expected a property name in double quotes, found ${found}`;
    case ParseErrorCode.ColonExpected:
      return `expected ":" after the property name, found ${found}`;
    case ParseErrorCode.CommaExpected:
      return `expected "," between values, found ${found}`;
    case ParseErrorCode.CloseBraceExpected:
      return `expected "," or "}" in an object, found ${found}`;
    case ParseErrorCode.CloseBracketExpected:
      return `expected "," or "]" in a list, found ${found}`;
    case ParseErrorCode.EndOfFileExpected:
      return `unexpected ${found} after the JSON value`;
    case ParseErrorCode.UnexpectedEndOfString:
      return 'unterminated string';
    case ParseErrorCode.InvalidEscapeCharacter:
      return `bad escape "${text.slice(offset, offset + Math.min(length, 2))}" in a string`;
    case ParseErrorCode.InvalidUnicode:
      return 'bad \\u escape in a string';
    case ParseErrorCode.InvalidCharacter:
      return 'control character in a string (escape it)';
    case ParseErrorCode.InvalidCommentToken:
    case ParseErrorCode.UnexpectedEndOfComment:
      return 'comments are not allowed in JSON';
    case ParseErrorCode.UnexpectedEndOfNumber:
    case ParseErrorCode.InvalidNumberFormat:
      return `bad number ${JSON.stringify(text.slice(offset, offset + length))}`;
    default:
      return `unexpected ${found}`;
  }
}

/**
 * The written order of an object's keys. A JavaScript object lists
 * integer-like keys ("2", "10") before the others whatever order they were
 * set in; a map read from JSON (an event's `%PackageProperties`, a catalog
 * example) must keep the order the JSON wrote (LANGUAGE.md 4: maps keep
 * their written order). Kept beside the object under a symbol, which
 * `Object.entries` and `JSON.stringify` do not see.
 */
const WRITTEN_ORDER = Symbol('written key order');

/** An object's entries in the order its JSON wrote them (else in the object's own order). */
export function jsonEntries(object: { readonly [key: string]: Json }): [string, Json][] {
  const order = (object as { [WRITTEN_ORDER]?: readonly string[] })[WRITTEN_ORDER];
  return order ? order.map((k) => [k, object[k]!]) : Object.entries(object);
}

/** A JSON object whose keys keep the given order for `jsonEntries`. */
export function orderedJsonObject(entries: Iterable<readonly [string, Json]>): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  const order: string[] = [];
  for (const [k, v] of entries) {
    // A repeated key keeps its first place and its last value, as JSON.parse does.
    if (!Object.prototype.hasOwnProperty.call(out, k)) order.push(k);
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  Object.defineProperty(out, WRITTEN_ORDER, { value: order, enumerable: false });
  return out;
}

/**
 * `JSON.stringify(value, null, indent)` for data holding JSON read by this
 * module: objects are written in their written key order (`jsonEntries`),
 * where JSON.stringify would put integer-like keys first.
 */
export function jsonText(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent);
  const write = (v: unknown, at: string): string | undefined => {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    const inner = at + pad;
    const open = indent ? `\n${inner}` : '';
    const sep = indent ? `,\n${inner}` : ',';
    const close = indent ? `\n${at}` : '';
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[${open}${v.map((x) => write(x, inner) ?? 'null').join(sep)}${close}]`;
    }
    const parts: string[] = [];
    for (const [k, x] of jsonEntries(v as { [key: string]: Json })) {
      const text = write(x, inner);
      if (text !== undefined) parts.push(`${JSON.stringify(k)}:${indent ? ' ' : ''}${text}`);
    }
    return parts.length ? `{${open}${parts.join(sep)}${close}}` : '{}';
  };
  return write(value, '') ?? 'null';
}

/**
 * JSON text indented by two spaces with every token as written: keys in
 * their order, numbers with their digits (`12345678901234567890`, `1.0`),
 * strings with their escapes, repeated keys kept. For showing what was
 * received; undefined when the text is not JSON.
 */
export function indentedJson(text: string): string | undefined {
  try {
    scanJson(text);
  } catch {
    return undefined;
  }
  return applyEdits(text, format(text, undefined, { tabSize: 2, insertSpaces: true, eol: '\n' })).trim();
}

export function toPlainJson(node: JsonNode): Json {
  switch (node.kind) {
    case 'object':
      return orderedJsonObject(node.entries.map((e) => [e.key, toPlainJson(e.value)] as const));
    case 'array':
      return node.items.map(toPlainJson);
    case 'null':
      return null;
    default:
      return node.value;
  }
}
