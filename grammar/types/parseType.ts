import { T, type Type, type RecordField } from './type';

/**
 * Parses a catalog type string (spec sections 4 and 7):
 * `string number bool datetime duration secret any`, `list<T>`, `map<T>`
 * and records `{Key: T, Other: T}`. Whitespace is allowed between tokens.
 * `offset` (on error) is where in `text` the problem is.
 */
export function parseType(text: string): { type?: Type; error?: string; offset?: number } {
  const p = new TypeParser(text);
  try {
    const type = p.type();
    p.skipSpace();
    if (p.pos < text.length) p.fail(`unexpected "${text[p.pos]}" after the type`);
    return { type };
  } catch (e) {
    if (e instanceof TypeSyntaxError) return { error: e.message, offset: e.offset };
    throw e;
  }
}

const SCALARS: Readonly<Record<string, Type>> = {
  string: T.string,
  number: T.number,
  bool: T.bool,
  datetime: T.datetime,
  duration: T.duration,
  secret: T.secret,
  any: T.any,
};

/** Names as in spec section 1: a letter, then letters, digits, `_` or `-`, not ending in `_` or `-`. */
const NAME = /[A-Za-z](?:[A-Za-z0-9_-]*[A-Za-z0-9])?/y;

class TypeSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

class TypeParser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(message: string, at = this.pos): never {
    throw new TypeSyntaxError(message, at);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private expect(ch: string, what: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== ch) this.fail(`expected "${ch}" ${what}${this.found()}`);
    this.pos++;
  }

  private found(): string {
    return this.pos < this.text.length ? `, found "${this.text[this.pos]}"` : ', found the end';
  }

  private name(): string | undefined {
    this.skipSpace();
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  type(): Type {
    this.skipSpace();
    const start = this.pos;
    if (this.text[this.pos] === '{') return this.record();
    const word = this.name();
    if (word === undefined) this.fail(`expected a type${this.found()}`);
    const scalar = SCALARS[word];
    if (scalar) return scalar;
    if (word === 'list' || word === 'map') {
      this.expect('<', `after "${word}"`);
      const inner = this.type();
      this.expect('>', `to close "${word}<"`);
      return word === 'list' ? T.list(inner) : T.map(inner);
    }
    const lower = word.toLowerCase();
    const hint = SCALARS[lower] || lower === 'list' || lower === 'map' ? ` (did you mean "${lower}"?)` : '';
    this.fail(`unknown type "${word}"${hint}; expected string, number, bool, datetime, duration, secret, any, list<T>, map<T> or {Key: T}`, start);
  }

  private record(): Type {
    this.pos++; // '{'
    const fields = new Map<string, RecordField>();
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'record', fields };
    }
    for (;;) {
      this.skipSpace();
      const keyAt = this.pos;
      const key = this.name();
      if (key === undefined) this.fail(`expected a field name${this.found()}`);
      if (fields.has(key.toLowerCase())) this.fail(`field "${key}" is declared twice`, keyAt);
      this.expect(':', `after field "${key}"`);
      fields.set(key.toLowerCase(), { name: key, type: this.type() });
      this.skipSpace();
      const ch = this.text[this.pos];
      if (ch === ',') {
        this.pos++;
        continue;
      }
      if (ch === '}') {
        this.pos++;
        return { kind: 'record', fields };
      }
      this.fail(`expected "," or "}" in a record type${this.found()}`);
    }
  }
}
