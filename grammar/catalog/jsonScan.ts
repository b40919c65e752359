import type { Json } from './catalog';

/**
 * A small strict JSON (RFC 8259) reader that remembers where every key and
 * value starts, so catalog errors and go-to-definition can point into the
 * file. `JSON.parse` cannot do that.
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
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Parses `text`; throws `JsonSyntaxError` with the offset of the problem. */
export function scanJson(text: string): JsonNode {
  const s = new Scanner(text);
  if (text.charCodeAt(0) === 0xfeff) s.pos = 1;
  const node = s.value();
  s.space();
  if (s.pos < text.length) s.fail(`unexpected ${s.what()} after the JSON value`);
  return node;
}

export function toPlainJson(node: JsonNode): Json {
  switch (node.kind) {
    case 'object': {
      const out: { [key: string]: Json } = {};
      for (const e of node.entries) out[e.key] = toPlainJson(e.value);
      return out;
    }
    case 'array':
      return node.items.map(toPlainJson);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(message: string, at = this.pos): never {
    throw new JsonSyntaxError(message, at);
  }

  what(): string {
    return this.pos < this.text.length ? JSON.stringify(this.text[this.pos]) : 'end of file';
  }

  space(): void {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else break;
    }
  }

  value(): JsonNode {
    this.space();
    const start = this.pos;
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return { kind: 'string', offset: start, value: this.string(), end: this.pos };
      case 't':
      case 'f':
      case 'n':
        for (const [word, node] of [
          ['true', { kind: 'bool', value: true }],
          ['false', { kind: 'bool', value: false }],
          ['null', { kind: 'null' }],
        ] as const) {
          if (this.text.startsWith(word, this.pos)) {
            this.pos += word.length;
            return { ...node, offset: start, end: this.pos } as JsonNode;
          }
        }
        break;
      default: {
        NUMBER.lastIndex = this.pos;
        const m = NUMBER.exec(this.text);
        if (m) {
          this.pos += m[0].length;
          return { kind: 'number', offset: start, value: Number(m[0]), end: this.pos };
        }
      }
    }
    this.fail(c === undefined ? 'unexpected end of file, expected a value' : `unexpected ${this.what()}, expected a value`);
  }

  private object(): JsonNode {
    const start = this.pos++;
    const entries: JsonEntry[] = [];
    this.space();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', offset: start, entries, end: this.pos };
    }
    for (;;) {
      this.space();
      if (this.text[this.pos] !== '"') this.fail(`expected a property name in double quotes, found ${this.what()}`);
      const keyOffset = this.pos;
      const key = this.string();
      this.space();
      if (this.text[this.pos] !== ':') this.fail(`expected ":" after the property name, found ${this.what()}`);
      this.pos++;
      entries.push({ key, keyOffset, value: this.value() });
      this.space();
      const c = this.text[this.pos++];
      if (c === '}') return { kind: 'object', offset: start, entries, end: this.pos };
      if (c !== ',') this.fail(`expected "," or "}" in an object, found ${(this.pos--, this.what())}`);
    }
  }

  private array(): JsonNode {
    const start = this.pos++;
    const items: JsonNode[] = [];
    this.space();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', offset: start, items, end: this.pos };
    }
    for (;;) {
      items.push(this.value());
      this.space();
      const c = this.text[this.pos++];
      if (c === ']') return { kind: 'array', offset: start, items, end: this.pos };
      if (c !== ',') this.fail(`expected "," or "]" in a list, found ${(this.pos--, this.what())}`);
    }
  }

  private string(): string {
    this.pos++; // opening quote
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === '\n') this.fail('unterminated string');
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\\') {
        const e = this.text[this.pos + 1];
        if (e === 'u') {
          const hex = this.text.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape in a string');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
        } else if (e !== undefined && ESCAPES[e] !== undefined) {
          out += ESCAPES[e];
          this.pos += 2;
        } else {
          this.fail(`bad escape "\\${e ?? ''}" in a string`);
        }
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.fail('control character in a string (escape it)');
      out += c;
      this.pos++;
    }
  }
}
