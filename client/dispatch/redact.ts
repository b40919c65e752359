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

/** One way a value may be spelled in a reply (see spellings()). */
interface Spelling {
  /** The spelling itself: what an exact form looks for in the text. */
  readonly text: string;
  /** What is looked for in the text's skeleton (see skeleton()): `text`'s skeleton, lower-cased when caseless. */
  readonly key: string;
  /** Matched in the lower-cased skeleton (any case), not the case-kept one (base64 is case-sensitive). */
  readonly caseless: boolean;
  /** Matched in the text as it is, not in its skeleton: short values, whose skeleton would match inside ordinary words. */
  readonly exact: boolean;
  /** A piece of a longer value: a match masks the longest run of the value around it (see PARTIAL). */
  readonly anchor?: Anchor;
}

/** Where an anchor lies in the value whose runs it finds, and how long a run must be to be masked. */
interface Anchor {
  /** The value's lower-cased skeleton. */
  readonly value: string;
  readonly offset: number;
  readonly min: number;
}

interface Form extends Spelling {
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
  /** `forms` is a SpellingCache's list, shared with other redactors (worth a pattern of its own: anyForm). */
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
   * Every header revealed, by its name in lower case: the name (a receiver
   * chooses it too: `X-<secret>: 1`) and the value decoded as UTF-8 (as undici
   * and Node decode them), both masked; a header that came several times, or
   * whose masked name is another's, is joined with `, `.
   */
  revealHeaders(headers: UntrustedHeaders): Record<string, string> {
    const raw = rawHeadersOf(headers);
    const texts: string[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) texts.push(raw[i]!.toString('latin1').toLowerCase(), raw[i + 1]!.toString('utf8'));
    // Most replies' headers (Date, Connection, Content-Length…) hold no value: one test of them all, joined by a
    // character no form holds (so no match spans two texts), says so at once; else each text is masked.
    const clean = this.holdsNothing(texts.join('\u0001'));
    // No prototype: a receiver's `__proto__` or `constructor` header is a header like any other.
    const joined = Object.create(null) as Record<string, string>;
    for (let i = 0; i + 1 < texts.length; i += 2) {
      const name = clean ? texts[i]! : this.mask(texts[i]!, false);
      const value = texts[i + 1]!;
      joined[name] = name in joined ? `${joined[name]}, ${value}` : value;
    }
    if (!clean) for (const name in joined) joined[name] = this.mask(joined[name]!, false);
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

  /**
   * True when `text` surely holds no form of any value: the quick test of
   * `mask` (a plain text, one pattern of every form on its skeleton, no
   * ellipsis that could end a cut value). False means "look closer".
   */
  private holdsNothing(text: string): boolean {
    this.expand();
    if (this.forms.length === 0) return true;
    if (!this.shared || text.length > QUICK_TEST_CHARS * 8 || ESCAPE_START.test(text)) return false;
    return this.quickVerdict(text);
  }

  /**
   * The quick test's answer for `text` under the shared list: remembered per
   * list (the list is frozen, so the answer cannot change), because the
   * deliveries of a send mask the same few texts again and again (the
   * target URL, a reply's `Connection` and `Keep-Alive` headers).
   */
  private quickVerdict(text: string): boolean {
    let known = quickVerdicts.get(this.forms);
    if (known === undefined) quickVerdicts.set(this.forms, (known = new Map()));
    let clean = known.get(text);
    if (clean === undefined) {
      const quick = anyForm(this.forms);
      const sk = quick ? skeleton(text) : null;
      clean = quick !== null && !quick.test(sk!.lower) && !hasEllipsis(sk!.lower);
      // texts that differ every time (a Date header, an id) must not pile up
      if (known.size >= 256) known.clear();
      known.set(text, clean);
    }
    return clean;
  }

  private mask(text: string, truncated: boolean): string {
    if (text === '') return text;
    this.expand();
    if (this.forms.length === 0) return text;
    if (!this.sorted) {
      (this.forms as Form[]).sort(formOrder);
      this.sorted = true;
    }
    const hits: Hit[] = [];
    const plain = !ESCAPE_START.test(text);
    // Most texts a delivery masks (the reply's headers, the URL, a short reply) hold no value at all:
    // one pattern of every form, tried on the text's skeleton, says so at once. It is compiled once per
    // shared list (SpellingCache), so a redactor with a list of its own goes straight to the search per
    // form, as do longer texts, and a cut text always does (the start of a value may end it).
    if (this.shared && plain && !truncated && text.length <= QUICK_TEST_CHARS) {
      if (this.quickVerdict(text)) return text;
      this.find({ text, original: identityRange }, skeleton(text), truncated, hits);
    }
    // Most texts (a reply's Date header, an empty body) have no escapes: the text itself is the only view.
    else if (plain) this.find({ text, original: identityRange }, skeleton(text), truncated, hits);
    else for (const view of views(text)) this.find(view, skeleton(view.text), truncated, hits);
    return applyHits(text, hits);
  }

  private find(view: View, sk: Skeleton, truncated: boolean, hits: Hit[]): void {
    const { text } = view;
    // Which characters of the view a mask already covers; made on the first hit (most texts have none).
    let taken: Uint8Array | null = null;
    const take = (start: number, end: number, mask: string): boolean => {
      taken ??= new Uint8Array(text.length);
      if (!isFree(taken, start, end)) return false;
      taken.fill(1, start, end);
      hits.push({ ...view.original(start, end), mask });
      return true;
    };
    for (const form of this.forms) {
      if (form.exact) {
        for (let from = 0; ; ) {
          const at = text.indexOf(form.text, from);
          if (at < 0) break;
          const end = at + form.text.length;
          from = at + 1;
          if (form.whole && (isWordChar(text, at - 1) || isWordChar(text, end))) continue;
          take(at, end, form.mask);
        }
        continue;
      }
      const hay = form.caseless ? sk.lower : sk.strict;
      const anchor = form.anchor;
      for (let from = 0; ; ) {
        let at = hay.indexOf(form.key, from);
        if (at < 0) break;
        let end = at + form.key.length;
        from = at + 1;
        if (anchor) {
          // The run of the value around the anchor, as far as the text goes on agreeing with it.
          const v = anchor.value;
          let before = 0;
          while (at - before > 0 && anchor.offset - before > 0 && hay.charCodeAt(at - before - 1) === v.charCodeAt(anchor.offset - before - 1)) before++;
          let after = form.key.length;
          while (end < hay.length && anchor.offset + after < v.length && hay.charCodeAt(end) === v.charCodeAt(anchor.offset + after)) {
            after++;
            end++;
          }
          at -= before;
          if (end - at < anchor.min) continue;
        }
        take(sk.start(at), sk.end(end), form.mask);
      }
    }
    // A secret cut by a length limit leaves its start at the end of the text (or before an ellipsis).
    // An escape cut in two (`%2`, `&#4`, `\u00`) ends it too, and so does a character cut in two, which
    // decodes to U+FFFD: the mask then runs to the end of the text.
    const ends: [at: number, through: number][] = [];
    if (truncated) {
      ends.push([sk.lower.length, sk.lower.length]);
      const partial = PARTIAL_ESCAPE.exec(sk.strict);
      if (partial) ends.push([partial.index, sk.lower.length]);
    }
    if (hasEllipsis(sk.lower)) for (const m of sk.lower.matchAll(/\u2026|\.\.\./g)) ends.push([m.index, m.index]);
    for (const [end0, through] of ends) {
      let end = end0;
      while (end > 0 && sk.lower.charCodeAt(end - 1) === 0xfffd) end--;
      for (const form of this.forms) {
        if (form.exact || form.anchor || form.key.length < 2 * SHORT_SECRET) continue;
        const hay = form.caseless ? sk.lower : sk.strict;
        for (let k = Math.min(form.key.length - 1, end); k >= SHORT_SECRET; k--) {
          if (hay.startsWith(form.key.slice(0, k), end - k) && take(sk.start(end - k), through === sk.lower.length ? text.length : sk.end(Math.max(end, through)), form.mask)) break;
        }
      }
    }
  }
}

/** Appends the forms of each `[value, mask]` not already in `forms` (the first value to claim a spelling keeps it). */
function addForms(forms: Form[], values: readonly (readonly [string, string])[], known: SpellingCache | undefined): void {
  const seen = new Set<string>();
  for (const f of forms) seen.add(formId(f));
  for (const [value, mask] of values) {
    const whole = value.length < SHORT_SECRET;
    for (const spelling of known ? known.of(value) : spellings(value)) {
      const id = formId(spelling);
      if (spelling.text === '' || seen.has(id)) continue;
      seen.add(id);
      forms.push({ ...spelling, mask, whole });
    }
  }
}

/** What makes two spellings the same search. */
function formId(s: Spelling): string {
  if (s.anchor) return `a\0${s.anchor.offset}\0${s.anchor.value}`;
  return s.exact ? `e\0${s.text}` : `${s.caseless ? 'i' : 's'}\0${s.key}`;
}

/**
 * Every spelling of a value and of its fragments that a receiver may echo
 * (docs/security.md, "What the redactor masks", lists them: keep the two alike).
 * Besides these, the text is decoded (views()) and searched through its
 * skeleton (skeleton()), so case, ignorable characters and fullwidth forms
 * need no spellings of their own.
 */
function spellings(value: string): Spelling[] {
  const out: Spelling[] = [];
  const short = value.length < SHORT_SECRET;
  const add = (text: string, caseless: boolean) => {
    const sk = skeleton(text);
    const key = caseless ? sk.lower : sk.strict;
    // A value of mostly ignorable characters has too short a skeleton to tell from ordinary words.
    out.push({ text, key, caseless, exact: short || key.length < SHORT_SECRET });
  };
  for (const piece of [value, ...fragments(value)]) {
    add(piece, true);
    const bytes = Buffer.from(piece, 'utf8');
    const latin1 = bytes.toString('latin1');
    if (latin1 !== piece) add(latin1, true);
    for (const b64 of base64Forms(piece)) add(b64, false);
    if (short) continue;
    add(bytes.toString('hex'), true);
    if (/[^\0-\x7f]/.test(piece)) {
      // UTF-16 read as UTF-8 (as a reply is): its ASCII shows through the skeleton, the rest as U+FFFD and stray bytes.
      add(Buffer.from(piece, 'utf16le').toString('utf8'), true);
      add(Buffer.from(piece, 'utf16le').swap16().toString('utf8'), true);
    }
    add([...piece].reverse().join(''), true);
    const rot = rot13(piece);
    if (rot !== piece) add(rot, true);
    const twice = Buffer.from(bytes.toString('base64')).toString('base64');
    add(twice, false);
    add(twice.replace(/=+$/, ''), false);
    // A URL's runs (`https://hooks.`) are everyday text: its distinctive fragments have runs of their own.
    if (!URL_LIKE.test(piece)) out.push(...anchors(skeleton(piece).lower));
  }
  return out;
}

/**
 * The shortest run of a value (of `length` skeleton characters) that is
 * masked on its own: half the value, but at least 8 characters (a shorter
 * run is an everyday word: `pass`, `2024`) and at most 12 (enough that what
 * stays unmasked of a long token does not matter). Values shorter than 8
 * characters are masked whole only.
 */
export function partialRun(length: number): number {
  return Math.min(12, Math.max(PARTIAL_MIN, Math.ceil(length / 2)));
}

const PARTIAL_MIN = 8;

/**
 * Pieces of a value's lower-cased skeleton such that every run of at least
 * partialRun() characters holds one whole: of `a` characters, every `step`
 * characters (and one at the end), where `a + step - 1` is the run length.
 * Each is searched for; a match is grown to the run of the value around it.
 */
function anchors(value: string): Spelling[] {
  if (value.length < PARTIAL_MIN) return [];
  const min = partialRun(value.length);
  const a = Math.ceil(min / 2) + 1;
  const step = min - a + 1;
  const out: Spelling[] = [];
  const offsets = new Set<number>();
  for (let o = 0; o + a <= value.length; o += step) offsets.add(o);
  offsets.add(value.length - a);
  for (const offset of offsets) {
    const key = value.slice(offset, offset + a);
    out.push({ text: key, key, caseless: true, exact: false, anchor: { value, offset, min } });
  }
  return out;
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.charCodeAt(0) & 31) + 12) % 26 + (c.charCodeAt(0) & 96) + 1));
}

/**
 * A text reduced to what a secret's spelling cannot hide: ignorable
 * characters dropped (whitespace, zero-width characters, the soft hyphen,
 * NUL — so UTF-16 of ASCII, MIME-wrapped base64 and a secret spelled out
 * with spaces or tabs show through), fullwidth ASCII (U+FF01–U+FF5E) folded
 * to ASCII; `lower` the same lower-cased character by character. `start` and
 * `end` map a range of it back to the text. Each character becomes none or
 * one, so a spelling in the text is a spelling's skeleton in the skeleton.
 */
interface Skeleton {
  readonly strict: string;
  readonly lower: string;
  start(i: number): number;
  end(j: number): number;
}

/** The characters a skeleton drops (written once: the patterns below are made from it). */
const IGNORABLE = '\\t-\\r \\0\\xa0\\xad\\u1680\\u180e\\u2000-\\u200d\\u2028\\u2029\\u202f\\u205f\\u2060\\u3000\\ufeff';
const IGNORABLE_RUNS = new RegExp(`[${IGNORABLE}]+`, 'g');
/** Characters that change in a skeleton besides case (most short texts have none: no copy, no map). */
const FOLDED = new RegExp(`[${IGNORABLE}\\uff01-\\uff5e]`);
const FULLWIDTH = /[\uff01-\uff5e]/g;

function skeleton(text: string): Skeleton {
  if (!FOLDED.test(text)) return { strict: text, lower: lowerEach(text), start: sameIndex, end: sameIndex };
  let strict = text.replace(IGNORABLE_RUNS, '');
  if (strict.length && FOLDED.test(strict)) strict = strict.replace(FULLWIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  // Where each skeleton character is in the text: worked out only when something was found.
  let from: Int32Array | null = null;
  const at = (i: number): number => {
    from ??= skeletonOffsets(text, strict.length);
    return from[i]!;
  };
  return { strict, lower: lowerEach(strict), start: (i) => (i < strict.length ? at(i) : text.length), end: (j) => (j > 0 ? at(j - 1) + 1 : 0) };
}

function skeletonOffsets(text: string, length: number): Int32Array {
  const from = new Int32Array(length);
  let k = 0;
  let last = 0;
  for (const m of text.matchAll(IGNORABLE_RUNS)) {
    for (let i = last; i < m.index; i++) from[k++] = i;
    last = m.index + m[0].length;
  }
  for (let i = last; i < text.length; i++) from[k++] = i;
  return from;
}

/** Lower case, one code unit for one (`İ` lower-cases to two: it stays as it is), so offsets stay the skeleton's. */
function lowerEach(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const c of text) {
    const l = c.toLowerCase();
    out += l.length === c.length ? l : c;
  }
  return out;
}

function sameIndex(i: number): number {
  return i;
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
  private readonly byValue = new Map<string, readonly Spelling[]>();
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
      list.sort(formOrder);
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

  of(value: string): readonly Spelling[] {
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
  if (!URL_LIKE.test(value)) return [];
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

/**
 * One pattern matching, in a text's lower-cased skeleton, anything a form of
 * `forms` could match (made once per list, for the SpellingCache's frozen
 * lists); null when some form has no skeleton to look for.
 */
const anyForms = new WeakMap<readonly Form[], RegExp | null>();
/** Redactor.quickVerdict's answers, per shared list of forms. */
const quickVerdicts = new WeakMap<readonly Form[], Map<string, boolean>>();
function anyForm(forms: readonly Form[]): RegExp | null {
  let pattern = anyForms.get(forms);
  if (pattern === undefined) {
    const keys = forms.map((f) => (f.exact ? skeleton(f.text).lower : f.caseless ? f.key : lowerEach(f.key)));
    pattern = keys.includes('') ? null : new RegExp(keys.map((k) => k.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')).join('|'));
    anyForms.set(forms, pattern);
  }
  return pattern;
}

function hasEllipsis(text: string): boolean {
  return text.includes('…') || text.includes('...');
}

/** A character that may start an escape one of the views decodes (Redactor.mask skips the decoded views without one). */
const ESCAPE_START = /[\\&%+]|=(?:[0-9a-fA-F]{2}|\r?\n)/;

/** Whole spellings longer first (a value inside a longer one is masked as the longer), runs of values after them. */
function formOrder(a: Form, b: Form): number {
  return (a.anchor ? 1 : 0) - (b.anchor ? 1 : 0) || b.key.length - a.key.length;
}

function identityRange(start: number, end: number): { start: number; end: number } {
  return { start, end };
}

function isFree(taken: Uint8Array, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (taken[i]) return false;
  return true;
}

type Family = 'json' | 'html' | 'percent' | 'plus' | 'bytes';
const ALL: ReadonlySet<Family> = new Set(['json', 'html', 'percent']);

/**
 * The text as it is; decoded by each escape family on its own (a JSON text
 * may hold a literal `&amp;` that is part of the secret); by all at once and
 * twice over (an escape inside an escape); with `+` as a space; and with the
 * byte escapes of C and quoted-printable (`\xNN`, `=NN`, `=` at a line end)
 * decoded, also inside JSON (`\\x41`).
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
  const bytes = decodeView(identity, BYTES);
  if (bytes) yield bytes;
  const json = decodeView(identity, new Set(['json']));
  const jsonBytes = json && decodeView(json, BYTES);
  if (jsonBytes) yield jsonBytes;
}

const BYTES: ReadonlySet<Family> = new Set(['bytes']);

/** The start of an escape that a cut left unfinished, at the very end of a text. */
const PARTIAL_ESCAPE = /(?:[%=][0-9a-fA-F]?|&#?[xX]?[0-9A-Za-z]{0,7}|\\(?:u[0-9a-fA-F]{0,3}|x[0-9a-fA-F]?)?)$/;

const ESCAPES =
  /\\u[0-9a-fA-F]{4}|\\[\\/"'bfnrt]|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?|(?:%[0-9a-fA-F]{2})+|(?:\\x[0-9a-fA-F]{2}|=[0-9a-fA-F]{2}|=\r?\n)+|\+/g;
/** One byte escape of a run of them (`%NN`, `\xNN`, `=NN`), or a quoted-printable soft line break (no byte). */
const BYTE_ESCAPE = /[%=]([0-9a-fA-F]{2})|\\x([0-9a-fA-F]{2})|=\r?\n/g;
const JSON_SIMPLE: Readonly<Record<string, string>> = { '\\': '\\', '/': '/', '"': '"', "'": "'", b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes every escape of `view.text` of `families`, keeping where each decoded character came from. */
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
    const family: Family =
      token === '+' ? 'plus' : token.startsWith('%') ? 'percent' : token.startsWith('=') || token.startsWith('\\x') ? 'bytes' : token.startsWith('\\') ? 'json' : 'html';
    if (!families.has(family)) {
      literal(at, last);
    } else if (token === '+') {
      if (families.has('plus')) {
        emit(' ', at, at + 1);
        changed = true;
      } else literal(at, at + 1);
    } else if (family === 'json' && token.startsWith('\\u')) {
      emit(String.fromCharCode(parseInt(token.slice(2), 16)), at, last);
      changed = true;
    } else if (family === 'json') {
      emit(JSON_SIMPLE[token[1]!]!, at, last);
      changed = true;
    } else if (family === 'html') {
      const decoded = decodeHTML(token);
      if (decoded === token) literal(at, last);
      else {
        // A legacy entity without `;` may decode only its start (`&ampx` → `&x`): map the rest literally.
        emit(decoded, at, last);
        changed = true;
      }
    } else {
      // Each byte and where its escape is in the text.
      const codes: number[] = [];
      const from: number[] = [];
      const to: number[] = [];
      for (const e of token.matchAll(BYTE_ESCAPE)) {
        const hex = e[1] ?? e[2];
        if (hex === undefined) continue;
        codes.push(parseInt(hex, 16));
        from.push(at + e.index);
        to.push(at + e.index + e[0].length);
      }
      const bytes = Buffer.from(codes);
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
      let k = 0;
      for (const c of decoded) {
        const n = Buffer.byteLength(c, 'utf8');
        emit(c, from[k]!, to[k + n - 1]!);
        k += n;
      }
      for (; k < bytes.length; k++) emit(String.fromCharCode(bytes[k]!), from[k]!, to[k]!);
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
  // Half a surrogate pair would be written as U+FFFD.
  else if (cut > 0 && (text.charCodeAt(cut - 1) & 0xfc00) === 0xd800) cut--;
  return text.slice(0, cut) + '…';
}
