import { inspect } from 'node:util';
import { decodeHTML } from 'entities';

/**
 * Text that came from outside: a receiver's reply body, its headers, an
 * error message of undici or nodemailer. It cannot be printed as it is —
 * `String(x)`, `${x}`, `JSON.stringify` and `util.inspect` show a stand-in —
 * and the only way to get its text is `Redactor.reveal`, which masks every
 * secret first. So an echoed secret reaches an output only if the redactor
 * misses it, never because someone forgot to call it.
 */
let rawOf: (u: Untrusted) => string;

/** What printing outside text shows, whichever way it is printed. */
abstract class Unprintable {
  toString(): string {
    return Untrusted.SHOWN;
  }

  toJSON(): string {
    return Untrusted.SHOWN;
  }

  [inspect.custom](): string {
    return `${this.constructor.name}(${Untrusted.SHOWN})`;
  }
}

export class Untrusted extends Unprintable {
  static readonly SHOWN = '‹unredacted text›';
  readonly #raw: string;
  /** The text was cut by a length limit: its end may hold the start of a secret. */
  readonly truncated: boolean;

  private constructor(raw: string, truncated: boolean) {
    super();
    this.#raw = raw;
    this.truncated = truncated;
  }

  static of(raw: string, options?: { truncated?: boolean }): Untrusted {
    return new Untrusted(raw, options?.truncated ?? false);
  }

  /** Our own words around outside text: `Untrusted.text\`SMTP error: ${reply}\``. */
  static text(strings: TemplateStringsArray, ...values: readonly (string | number | Untrusted)[]): Untrusted {
    let raw = strings[0]!;
    let truncated = false;
    values.forEach((v, i) => {
      if (v instanceof Untrusted) {
        raw += v.#raw;
        truncated ||= v.truncated;
      } else raw += String(v);
      raw += strings[i + 1]!;
    });
    return new Untrusted(raw, truncated);
  }

  get length(): number {
    return this.#raw.length;
  }

  isEmpty(): boolean {
    return this.#raw.trim() === '';
  }

  static {
    // The one reader of the raw text, kept in this module for the Redactor.
    rawOf = (u) => u.#raw;
  }
}

let rawHeadersOf: (h: UntrustedHeaders) => readonly (Buffer | string)[];

/**
 * A reply's headers as they came — name, value, name, value, as bytes (or
 * text) — Untrusted like its body: one object for them all, not decoded
 * until the redactor reads them. Printed, it shows a stand-in;
 * Redactor.revealHeaders is the only reader.
 */
export class UntrustedHeaders extends Unprintable {
  readonly #raw: readonly (Buffer | string)[];

  constructor(raw: readonly (Buffer | string)[]) {
    super();
    this.#raw = raw;
  }

  static {
    rawHeadersOf = (h) => h.#raw;
  }
}

/**
 * Values shorter than this are masked only as whole words (not next to a
 * letter or digit): masking every `a` of a reply because a secret is `a`
 * would make every reply unreadable and tell the reader the secret.
 */
export const SHORT_SECRET = 4;

interface Form {
  readonly text: string;
  readonly mask: string;
  /** Only where not touching a letter or digit on either side. */
  readonly whole: boolean;
}

export interface RevealOptions {
  /** Cut the masked text to this many characters (never inside a placeholder). */
  readonly maxChars?: number;
  /** Fold whitespace runs to one space and trim (after masking). */
  readonly fold?: boolean;
}

/**
 * Replaces every known secret value in text with its placeholder. Each value
 * is registered with the fragments a receiver may echo on their own (the
 * path segments, query values and user-info of a URL), and each of those is
 * found in every spelling receivers use: as is, base64 at any byte offset
 * (a Basic header, SMTP `AUTH PLAIN`), Latin-1 mojibake, and — by decoding
 * the text rather than by listing encodings — JSON escapes (`\/`, `\uXXXX`),
 * HTML entities (named, decimal, hex), percent-encoding in either case and
 * `+` for space, one inside the other too. Masking happens before any cut,
 * and a text that was cut has a trailing start of a secret masked as well.
 */
export class Redactor {
  private readonly pending: [string, string][] = [];
  private forms: readonly Form[] = [];
  private sorted = true;
  /** `forms` is the SpellingCache's list, shared with other redactors: copied before it changes. */
  private shared = false;

  /** `known`: the spellings of values worked out by earlier redactors of the same send (see SpellingCache). */
  constructor(private readonly known?: SpellingCache) {}

  /** Registers `value` (its fragments and encodings) to be shown as `mask`. */
  add(value: string, mask: string): void {
    // The encodings are worked out on first use: most sends report nothing that needs them.
    if (value !== '') this.pending.push([value, mask]);
  }

  get size(): number {
    this.expand();
    return this.forms.length;
  }

  /** The only way to read an Untrusted text: masked, then cut and folded as asked. */
  reveal(text: Untrusted, options?: RevealOptions): string;
  reveal(text: Untrusted | null, options?: RevealOptions): string | null;
  reveal(text: Untrusted | null, options?: RevealOptions): string | null {
    if (text === null) return null;
    // A text cut by a limit may end inside an escape (`%D0%B`, `&#10`, `\u00`): that piece means nothing; drop it.
    const raw = text.truncated ? rawOf(text).replace(PARTIAL_ESCAPE, '') : rawOf(text);
    let out = this.mask(raw, text.truncated);
    if (options === undefined) return out;
    if (options.fold) out = out.replace(/\s+/g, ' ').trim();
    if (options.maxChars !== undefined) out = cutOutsidePlaceholders(out, options.maxChars);
    return out;
  }

  /**
   * Every header revealed, by its name in lower case: the value decoded as
   * UTF-8 (as undici and Node decode them), then masked; a header that came
   * several times is joined with `, `.
   */
  revealHeaders(headers: UntrustedHeaders): Record<string, string> {
    const raw = rawHeadersOf(headers);
    // No prototype: a receiver's `__proto__` or `constructor` header is a header like any other.
    const joined = Object.create(null) as Record<string, string>;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i]!.toString('latin1').toLowerCase();
      const value = raw[i + 1]!.toString('utf8');
      joined[name] = name in joined ? `${joined[name]}, ${value}` : value;
    }
    for (const name in joined) joined[name] = this.mask(joined[name]!, false);
    return joined;
  }

  /** Masks text of our own making that may hold a resolved value (an error naming a URL). */
  redact(text: string): string;
  redact(text: string | null): string | null;
  redact(text: string | null): string | null {
    if (text === null || text === '') return text;
    return this.mask(text, false);
  }

  private expand(): void {
    if (this.pending.length === 0) return;
    if (this.forms.length === 0 && this.known) {
      // The deliveries of one send mostly hold the same values: their sorted forms are made once.
      this.forms = this.known.formsOf(this.pending);
      this.shared = true;
      this.sorted = true;
    } else {
      const forms = this.shared ? [...this.forms] : (this.forms as Form[]);
      addForms(forms, this.pending, this.known);
      this.forms = forms;
      this.shared = false;
      this.sorted = false;
    }
    this.pending.length = 0;
  }

  private mask(text: string, truncated: boolean): string {
    if (text === '') return text;
    this.expand();
    if (this.forms.length === 0) return text;
    if (!this.sorted) {
      (this.forms as Form[]).sort(longerFirst);
      this.sorted = true;
    }
    const plain = !ESCAPE_START.test(text);
    // Most texts a delivery masks (the reply's headers, the URL, a short reply) hold no value at all:
    // one pattern of every form says so at once. It is compiled once per shared list (SpellingCache), so
    // a redactor with a list of its own goes straight to the search per form, as do longer texts, and a
    // cut text or one with an ellipsis always does (the start of a value may end it).
    if (this.shared && plain && !truncated && text.length <= QUICK_TEST_CHARS && !anyForm(this.forms).test(text) && !hasEllipsis(text)) return text;
    return this.search(text, plain, truncated);
  }

  /** Every form masked in `text` (and in its decoded views when it has escapes). */
  private search(text: string, plain: boolean, truncated: boolean): string {
    const hits: Hit[] = [];
    // Most texts (a reply's Date header, an empty body) have no escapes: the text itself is the only view.
    if (plain) this.find({ text, original: identityRange }, truncated, hits);
    else for (const view of views(text)) this.find(view, truncated, hits);
    return applyHits(text, hits);
  }

  private find(view: View, truncated: boolean, hits: Hit[]): void {
    const { text } = view;
    // Which characters a mask already covers; made on the first hit (most texts have none).
    let taken: Uint8Array | null = null;
    for (const form of this.forms) {
      let from = 0;
      for (;;) {
        const at = text.indexOf(form.text, from);
        if (at < 0) break;
        const end = at + form.text.length;
        from = at + 1;
        if (form.whole && (isWordChar(text, at - 1) || isWordChar(text, end))) continue;
        taken ??= new Uint8Array(text.length);
        if (!isFree(taken, at, end)) continue;
        taken.fill(1, at, end);
        hits.push({ ...view.original(at, end), mask: form.mask });
      }
    }
    // A secret cut by a length limit leaves its start at the end of the text (or before an ellipsis).
    // An escape cut in two (`%2`, `&#4`, `\u00`) ends it too: the mask then runs to the end of the text.
    const ends: [at: number, through: number][] = [];
    if (truncated) {
      ends.push([text.length, text.length]);
      const partial = PARTIAL_ESCAPE.exec(text);
      if (partial) ends.push([partial.index, text.length]);
    }
    if (hasEllipsis(text)) for (const m of text.matchAll(/\u2026|\.\.\./g)) ends.push([m.index, m.index]);
    if (!ends.length) return;
    taken ??= new Uint8Array(text.length);
    for (const [end, through] of ends) {
      for (const form of this.forms) {
        if (form.whole || form.text.length < 2 * SHORT_SECRET) continue;
        for (let k = Math.min(form.text.length - 1, end); k >= SHORT_SECRET; k--) {
          if (text.startsWith(form.text.slice(0, k), end - k) && isFree(taken, end - k, end)) {
            taken.fill(1, end - k, through);
            hits.push({ ...view.original(end - k, through), mask: form.mask });
            break;
          }
        }
      }
    }
  }
}

/** Appends the forms of each `[value, mask]` not already in `forms` (the first value to claim a spelling keeps it). */
function addForms(forms: Form[], values: readonly (readonly [string, string])[], known: SpellingCache | undefined): void {
  const seen = new Set<string>();
  for (const f of forms) seen.add(f.text);
  for (const [value, mask] of values) {
    const whole = value.length < SHORT_SECRET;
    for (const text of known ? known.of(value) : spellings(value)) {
      if (text === '' || seen.has(text)) continue;
      seen.add(text);
      forms.push({ text, mask, whole });
    }
  }
}

/** Every spelling of a value and of its fragments that a receiver may echo (see Redactor). */
function spellings(value: string): string[] {
  const out: string[] = [];
  for (const piece of [value, ...fragments(value)]) {
    out.push(piece);
    const latin1 = Buffer.from(piece, 'utf8').toString('latin1');
    if (latin1 !== piece) out.push(latin1);
    out.push(...base64Forms(piece));
  }
  return out;
}

interface FormsNode {
  readonly next: Map<string, FormsNode>;
  forms?: readonly Form[];
}

/**
 * The spellings of values, kept for the redactors of one send (one per
 * delivery, mostly of the same few secrets): working them out is most of
 * what a redactor costs. It holds what the secret source holds, and lives
 * as long as the caller keeps it (resolve.ts: as long as the secret source).
 */
export class SpellingCache {
  private readonly byValue = new Map<string, readonly string[]>();
  /** The sorted forms of lists of `[value, mask]` pairs: a path of value, mask, value, mask… through nested maps. */
  private byValues: FormsNode = { next: new Map() };
  private nodes = 0;

  /** The sorted forms of these `[value, mask]` pairs, in this order: one frozen list per list of pairs, shared by redactors. */
  formsOf(values: readonly (readonly [string, string])[]): readonly Form[] {
    // Keyed by the strings themselves rather than one joined key: the values come from the secret source as
    // the same string objects each time, whose hashes V8 keeps, so looking a list up costs no string building.
    if (this.nodes >= 1024) {
      this.byValues = { next: new Map() };
      this.nodes = 0;
    }
    let node = this.byValues;
    for (const [value, mask] of values) node = this.step(this.step(node, value), mask);
    if (!node.forms) {
      const list: Form[] = [];
      addForms(list, values, this);
      list.sort(longerFirst);
      node.forms = Object.freeze(list);
    }
    return node.forms;
  }

  private step(node: FormsNode, key: string): FormsNode {
    let next = node.next.get(key);
    if (!next) {
      node.next.set(key, (next = { next: new Map() }));
      this.nodes++;
    }
    return next;
  }

  of(value: string): readonly string[] {
    let known = this.byValue.get(value);
    if (!known) {
      // Values that differ per delivery (a URL with an id in it) must not pile up.
      if (this.byValue.size >= 256) this.byValue.clear();
      this.byValue.set(value, (known = spellings(value)));
    }
    return known;
  }
}

/**
 * The parts of a secret that a receiver may show on their own: a URL's
 * path segments, query values, fragment and user-info. A fragment is
 * registered when it can be told from ordinary words: at least 6 characters
 * with something besides lower-case letters and `-` (a token, an id, a
 * signature), or at least 16 characters of anything.
 */
function fragments(value: string): string[] {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return [];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [];
  }
  const raw: string[] = [url.username, url.password, url.hash.slice(1), ...url.pathname.split('/')];
  for (const [, v] of url.searchParams) raw.push(v);
  for (const part of url.search.slice(1).split('&')) raw.push(part.slice(part.indexOf('=') + 1));
  const out = new Set<string>();
  for (const r of raw) {
    for (const p of [r, safeDecode(r)]) if (distinctive(p)) out.add(p);
  }
  return [...out];
}

function distinctive(p: string): boolean {
  return p.length >= 16 || (p.length >= 6 && /[^a-z-]/.test(p));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Base64 of the value as it appears inside a longer base64 text: for each of
 * the three byte offsets, the characters that depend on the value's bytes
 * only (so `user:pass` in a Basic header and `\0user\0pass` in SMTP AUTH
 * PLAIN are found through the password alone), in both alphabets; and the
 * whole padded and unpadded encodings.
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const out = [bytes.toString('base64'), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url')];
  if (bytes.length >= 6) {
    for (let k = 0; k < 3; k++) {
      const enc = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64').replace(/=+$/, '');
      const first = Math.ceil((8 * k) / 6);
      const last = Math.floor((8 * (k + bytes.length)) / 6);
      const core = enc.slice(first, last);
      out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return out;
}

interface Hit {
  readonly start: number;
  readonly end: number;
  readonly mask: string;
}

/** A text to search, and where each of its ranges lies in the original. */
interface View {
  readonly text: string;
  original(start: number, end: number): { start: number; end: number };
}

/** Texts up to this long are first tested against every form at once (Redactor.mask). */
const QUICK_TEST_CHARS = 512;

/** One pattern matching any of `forms`, made once per list (for the SpellingCache's frozen lists). */
const anyForms = new WeakMap<readonly Form[], RegExp>();
function anyForm(forms: readonly Form[]): RegExp {
  let pattern = anyForms.get(forms);
  if (!pattern) anyForms.set(forms, (pattern = new RegExp(forms.map((f) => f.text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')).join('|'))));
  return pattern;
}

function hasEllipsis(text: string): boolean {
  return text.includes('…') || text.includes('...');
}

/** A character that may start an escape one of the views decodes (Redactor.mask skips the decoded views without one). */
const ESCAPE_START = /[\\&%+]/;

function longerFirst(a: Form, b: Form): number {
  return b.text.length - a.text.length;
}

function identityRange(start: number, end: number): { start: number; end: number } {
  return { start, end };
}

function isFree(taken: Uint8Array, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (taken[i]) return false;
  return true;
}

type Family = 'json' | 'html' | 'percent' | 'plus';
const ALL: ReadonlySet<Family> = new Set(['json', 'html', 'percent']);

/**
 * The text as it is; decoded by each escape family on its own (a JSON text
 * may hold a literal `&amp;` that is part of the secret); by all at once and
 * twice over (an escape inside an escape); and with `+` as a space.
 */
function* views(text: string): Generator<View> {
  const identity: View = { text, original: identityRange };
  yield identity;
  if (!ESCAPE_START.test(text)) return;
  for (const family of ['json', 'html', 'percent'] as const) {
    const one = decodeView(identity, new Set([family]));
    if (one) yield one;
  }
  const once = decodeView(identity, ALL);
  if (once) {
    yield once;
    const twice = decodeView(once, ALL);
    if (twice) yield twice;
  }
  // One escape family inside another, in either order (JSON in HTML, percent in JSON, …).
  for (const outer of ['json', 'html', 'percent'] as const) {
    const first = decodeView(identity, new Set([outer]));
    if (!first) continue;
    for (const inner of ['json', 'html', 'percent'] as const) {
      if (inner === outer) continue;
      const second = decodeView(first, new Set([inner]));
      if (second) yield second;
    }
  }
  const plus = decodeView(identity, new Set<Family>(['percent', 'plus']));
  if (plus) yield plus;
}

/** The start of an escape that a cut left unfinished, at the very end of a text. */
const PARTIAL_ESCAPE = /(?:%[0-9a-fA-F]?|&#?[xX]?[0-9A-Za-z]{0,7}|\\(?:u[0-9a-fA-F]{0,3})?)$/;


const ESCAPES =
  /\\u[0-9a-fA-F]{4}|\\[\\/"'bfnrt]|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?|(?:%[0-9a-fA-F]{2})+|\+/g;
const JSON_SIMPLE: Readonly<Record<string, string>> = { '\\': '\\', '/': '/', '"': '"', "'": "'", b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes every escape of `view.text` (JSON, HTML, percent), keeping where each decoded character came from. */
function decodeView(view: View, families: ReadonlySet<Family>): View | null {
  const src = view.text;
  let out = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let last = 0;
  let changed = false;
  const emit = (s: string, a: number, b: number) => {
    for (let i = 0; i < s.length; i++) {
      starts.push(a);
      ends.push(b);
    }
    out += s;
  };
  const literal = (a: number, b: number) => {
    for (let i = a; i < b; i++) {
      starts.push(i);
      ends.push(i + 1);
    }
    out += src.slice(a, b);
  };
  for (const m of src.matchAll(ESCAPES)) {
    const token = m[0];
    const at = m.index;
    literal(last, at);
    last = at + token.length;
    const family: Family = token === '+' ? 'plus' : token.startsWith('\\') ? 'json' : token.startsWith('&') ? 'html' : 'percent';
    if (!families.has(family)) {
      literal(at, last);
    } else if (token === '+') {
      if (families.has('plus')) {
        emit(' ', at, at + 1);
        changed = true;
      } else literal(at, at + 1);
    } else if (token.startsWith('\\u')) {
      emit(String.fromCharCode(parseInt(token.slice(2), 16)), at, last);
      changed = true;
    } else if (token.startsWith('\\')) {
      emit(JSON_SIMPLE[token[1]!]!, at, last);
      changed = true;
    } else if (token.startsWith('&')) {
      const decoded = decodeHTML(token);
      if (decoded === token) literal(at, last);
      else {
        // A legacy entity without `;` may decode only its start (`&ampx` → `&x`): map the rest literally.
        emit(decoded, at, last);
        changed = true;
      }
    } else {
      const bytes = Buffer.from(token.replace(/%/g, ''), 'hex');
      // UTF-8 as far as it decodes (a cut may end mid-character); any bytes left over as Latin-1.
      let valid = bytes.length;
      let decoded = '';
      for (; valid > 0 && valid >= bytes.length - 3; valid--) {
        try {
          decoded = utf8.decode(bytes.subarray(0, valid));
          break;
        } catch {
          decoded = '';
        }
      }
      if (decoded === '') valid = 0;
      let pos = at;
      for (const c of decoded) {
        const next = pos + 3 * Buffer.byteLength(c, 'utf8');
        emit(c, pos, next);
        pos = next;
      }
      for (const b of bytes.subarray(valid)) {
        emit(String.fromCharCode(b), pos, pos + 3);
        pos += 3;
      }
      changed = true;
    }
  }
  if (!changed) return null;
  literal(last, src.length);
  return {
    text: out,
    original(start, end) {
      const a = view.original(starts[start]!, starts[start]! + 1).start;
      const b = view.original(ends[end - 1]! - 1, ends[end - 1]!).end;
      return { start: a, end: b };
    },
  };
}

function isWordChar(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  return /[\p{L}\p{N}]/u.test(text[i]!);
}

function applyHits(text: string, hits: Hit[]): string {
  if (hits.length === 0) return text;
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let pos = 0;
  let lastMask: string | null = null;
  for (const h of hits) {
    if (h.end <= pos) continue;
    if (h.start < pos) {
      // Overlaps the previous mask: extend it, no second placeholder.
      pos = h.end;
      continue;
    }
    if (h.start > pos) lastMask = null;
    out += text.slice(pos, h.start);
    if (lastMask !== h.mask) out += h.mask;
    lastMask = h.mask;
    pos = h.end;
  }
  return out + text.slice(pos);
}

/**
 * The first `max` characters, never ending inside a placeholder (`‹secret:…`
 * cut in two would show less than the mask and invite guessing what it was),
 * with `…` when anything was cut.
 */
export function cutOutsidePlaceholders(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max;
  const open = text.lastIndexOf('‹', cut - 1);
  if (open >= 0 && text.indexOf('›', open) >= cut) cut = open;
  return text.slice(0, cut) + '…';
}
