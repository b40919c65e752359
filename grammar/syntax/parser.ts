/**
 * `parse`: text of a `.notify` file → syntax tree + syntax diagnostics
 * (NTF001–NTF006). Never throws; on broken text the tree holds everything
 * that could be read, with missing pieces left undefined.
 *
 * A hand-written recursive-descent parser over the tokens of ./lexer that
 * builds the tree of ./ast directly (the TypeScript compiler's model; why not
 * a parser generator: docs/decisions.md). Error recovery is LL(k) recovery
 * as parser generators do it (chevrotain's, which this parser replaced with
 * the same results):
 *
 * - a missing token is inserted when the token found can follow it, and an
 *   extra token is deleted when the expected one comes right after it;
 * - a repetition (`clause*`, `property*`, …) that meets junk skips to the
 *   next token that can continue it or the token after it;
 * - otherwise the rule fails and the parser resynchronises: it skips to the
 *   first token that can follow one of the rules being parsed, and the rule
 *   whose follow it is goes on from there (outer rules give up).
 *
 * The follow sets are written out per call site below (`Site`). A failing
 * rule does not throw: it sets `failing`, returns what it has read (a
 * partial node), and its callers skip the rest of their body until one
 * resynchronises. Searches for resynchronisation points use an index of the
 * token positions per type, so recovery costs time linear in the input
 * however much is left unclosed, and nesting is a language limit
 * (MAX_NESTING, NTF005) rather than the host's stack.
 */
import { BIDI_CONTROLS } from './controls';
import type * as A from './ast';
import type { ChannelBlock, Item, NotifyFile } from './ast';
import { CHANNEL_KINDS, quotedKinds } from '../channels/registry';
import { diagnostic, type Diagnostic } from '../diagnostics';
import { editDistance } from '../editDistance';
import { durationMs, lex } from './lexer';
import { TT as T } from './tokenTypes';
import type { LexToken, TokenType } from './tokenTypes';
import { scanTemplate, type TemplateSink } from './template';
import { firstAtOrAfter, firstNotBelow } from './spanIndex';
import { describeToken, mismatchMessage, noViableAltMessage, TOP_LEVEL_EXPECTATION, withEndOfInputName } from './messages';

export interface ParseResult {
  file: NotifyFile;
  diagnostics: Diagnostic[];
}

/** How deep expressions may nest (LANGUAGE.md section 3, NTF005). */
export const MAX_NESTING = 64;

// ------------------------------------------------------------------ token sets

const NTYPES = T.ALL_TOKEN_TYPES.length;
type TokenSet = Uint8Array;
function set(...types: TokenType[]): TokenSet {
  const s = new Uint8Array(NTYPES);
  for (const t of types) s[t.idx] = 1;
  return s;
}
const FIRST_PRIMARY_TYPES = [T.NumberLit, T.DurationLit, T.True, T.False, T.StringLit, T.Unquoted, T.Variable, T.FuncName, T.LParen, T.ListOpen, T.MapOpen];
const FIRST_EXPR_TYPES = [T.Bang, ...FIRST_PRIMARY_TYPES];
const FIRST_PRIMARY = set(...FIRST_PRIMARY_TYPES);
const FIRST_ITEM = set(T.Import, T.Notifier, T.Sample);
const FIRST_CLAUSE = set(T.On, T.When, T.ChannelKw, T.Name);
const FIRST_ASSIGNMENT = set(T.Variable, T.Name);
const FIRST_SUFFIX = set(T.Dot, T.LBracket);
const FIRST_EXPR = set(...FIRST_EXPR_TYPES);
const ONLY_NAME = set(T.Name);
const ONLY_COMMA = set(T.Comma);
const ONLY_EOF = set(T.EOF);
const FIRST_MAP_ENTRY = set(T.Name, T.StringLit);
/** Operands `primary` reads as one token (`literal`), and the tokens that would make more of an expression after one. */
const SIMPLE_OPERAND = set(T.NumberLit, T.DurationLit, T.True, T.False, T.StringLit, T.Unquoted, T.Variable);
const CONTINUES_OPERAND = set(T.OrOp, T.AndOp, T.CompareOp, T.Dot, T.LBracket);

/**
 * What may come next after a token or a rule call inside its rule: the first
 * tokens of the rest of the rule, and whether that rest may be empty (then
 * the caller's rest follows too).
 */
interface Site {
  readonly first: TokenSet;
  readonly nullable: boolean;
}
const site = (nullable: boolean, ...types: TokenType[]): Site => ({ first: set(...types), nullable });
const END = site(true);
const S = {
  fileItem: site(true, T.Import, T.Notifier, T.Sample),
  importName: site(false, T.Semi),
  notifierName: site(false, T.LCurly),
  notifierLCurly: site(false, T.On, T.When, T.ChannelKw, T.Name, T.RCurly),
  notifierClause: site(false, T.On, T.When, T.ChannelKw, T.Name, T.RCurly),
  blockName: site(false, T.LCurly),
  blockLCurly: site(false, T.Name, T.RCurly),
  blockProperty: site(false, T.Name, T.RCurly),
  onEvent: site(false, T.Comma, T.Semi),
  onComma: site(false, T.Name),
  eventDot: site(false, T.Name),
  eventName: site(true, T.Dot),
  whenExpr: site(false, T.Semi),
  propertyEq: site(false, ...FIRST_EXPR_TYPES),
  valueSemi: site(false, T.Semi),
  sampleName: site(false, T.For),
  sampleFor: site(false, T.Name),
  sampleEvent: site(false, T.LCurly),
  sampleLCurly: site(false, T.Variable, T.Name, T.RCurly),
  sampleAssignment: site(false, T.Variable, T.Name, T.RCurly),
  assignmentVar: site(false, T.Eq),
  orOperand: site(true, T.OrOp),
  orOp: site(false, ...FIRST_EXPR_TYPES),
  andOperand: site(true, T.AndOp),
  andOp: site(false, ...FIRST_EXPR_TYPES),
  bang: site(false, ...FIRST_EXPR_TYPES),
  compareOperand: site(true, T.CompareOp),
  compareOp: site(false, ...FIRST_PRIMARY_TYPES),
  postfix: site(true, T.Dot, T.LBracket),
  suffixDot: site(false, T.Name),
  suffixLBracket: site(false, ...FIRST_EXPR_TYPES),
  suffixExpr: site(false, T.RBracket),
  callFunc: site(false, T.LParen),
  callLParen: site(false, ...FIRST_EXPR_TYPES, T.RParen),
  argsRParen: site(false, T.RParen),
  argOperand: site(true, T.Comma),
  argComma: site(false, ...FIRST_EXPR_TYPES),
  parenLParen: site(false, ...FIRST_EXPR_TYPES),
  parenExpr: site(false, T.RParen),
  mapOpen: site(false, T.Name, T.StringLit, T.RParen),
  mapEntry: site(false, T.Comma, T.RParen),
  mapComma: site(false, T.Name, T.StringLit),
  entryKey: site(false, T.Colon),
  entryColon: site(false, ...FIRST_EXPR_TYPES),
} as const;

/** Tokens that end a statement or start a construct: skipping an over-deep expression stops there. */
const STOPS = set(T.Semi, T.LCurly, T.RCurly, T.Import, T.Notifier, T.Sample, T.On, T.When, T.ChannelKw, T.For, T.EOF);

// ------------------------------------------------------------------ errors

type ErrorName = 'MismatchedTokenException' | 'NoViableAltException' | 'NotAllInputParsedException';

export interface ParseError {
  readonly name: ErrorName;
  readonly message: string;
  readonly token: LexToken;
  readonly previousToken?: LexToken;
}

const EOF_TOKEN: LexToken = { tokenType: T.EOF, image: '', startOffset: NaN, end: NaN };

export function isRealToken(t: LexToken | undefined): t is LexToken {
  return t !== undefined && t.tokenType !== T.EOF;
}

const CLOSERS = new Set([T.RCurly, T.RParen, T.RBracket]);

/** The last token that starts before `offset` (tokens are in source order). */
function tokenBefore(tokens: readonly LexToken[], offset: number): LexToken | undefined {
  let lo = 0;
  let hi = tokens.length - 1;
  let best: LexToken | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.startOffset < offset) {
      best = tokens[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}


/** The spelling of an event name; the parser reports NTF001 for any other. */
export const EVENT_NAME = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;

/** Text to write inside double quotes so that it reads as `text` (graves escape `"`, `$` and `` ` ``). */
export function quoteText(text: string): string {
  return `"${text.replace(/[`"$]/g, (c) => '`' + c)}"`;
}

function clipForTitle(s: string): string {
  return s.length > 24 ? `${s.slice(0, 21)}…` : s;
}

/**
 * "Nothing yet" for the bounds of an extent, as small integers: a text
 * offset is below 2^29, so 2^30 - 1 is above every start and -1 below every
 * end. Not Infinity: V8 gives an object field that once held a non-integer
 * number a boxed representation, and a span built from such a field makes
 * every `{ start, end }` of the program box both its numbers (an allocation
 * per span made and per offset read). Infinity is only what an empty
 * extent's `result()` says, as before.
 */
const NO_START = 0x3fffffff;
const NO_END = -1;

/** The extent of a node from its real tokens and children (start = Infinity when empty). */
class Extent {
  private lo = NO_START;
  private hi = NO_END;
  tok(t: LexToken | undefined): this {
    if (t !== undefined) {
      if (t.startOffset < this.lo) this.lo = t.startOffset;
      if (t.end > this.hi) this.hi = t.end;
    }
    return this;
  }
  span(s: A.Span | undefined): this {
    if (s !== undefined) {
      if (s.start < this.lo) this.lo = s.start;
      if (s.end > this.hi) this.hi = s.end;
    }
    return this;
  }
  /** `span` of each node's span: one call for a list of children. */
  spans(nodes: readonly { readonly span: A.Span }[]): this {
    for (let i = 0; i < nodes.length; i++) {
      const s = nodes[i]!.span;
      if (s.start < this.lo) this.lo = s.start;
      if (s.end > this.hi) this.hi = s.end;
    }
    return this;
  }
  get empty(): boolean {
    return this.lo === NO_START;
  }
  get end(): number {
    return this.hi === NO_END ? -Infinity : this.hi;
  }
  result(): A.Span {
    return bounds(this.lo, this.hi);
  }
}

function bounds(lo: number, hi: number): A.Span {
  return lo === NO_START || hi === NO_END ? { start: lo === NO_START ? Infinity : lo, end: hi === NO_END ? -Infinity : hi } : { start: lo, end: hi };
}

/**
 * The span `new Extent().tok(a).tok(b).tok(c).span(s).span(s2).result()` gives, without the
 * Extent: for the nodes built from a fixed set of tokens and children (once per node).
 */
function cover(a: LexToken | undefined, b: LexToken | undefined, c: LexToken | undefined, s: A.Span | undefined, s2?: A.Span): A.Span {
  let lo = NO_START;
  let hi = NO_END;
  if (a !== undefined) {
    if (a.startOffset < lo) lo = a.startOffset;
    if (a.end > hi) hi = a.end;
  }
  if (b !== undefined) {
    if (b.startOffset < lo) lo = b.startOffset;
    if (b.end > hi) hi = b.end;
  }
  if (c !== undefined) {
    if (c.startOffset < lo) lo = c.startOffset;
    if (c.end > hi) hi = c.end;
  }
  if (s !== undefined) {
    if (s.start < lo) lo = s.start;
    if (s.end > hi) hi = s.end;
  }
  if (s2 !== undefined) {
    if (s2.start < lo) lo = s2.start;
    if (s2.end > hi) hi = s2.end;
  }
  return lo !== NO_START && hi !== NO_END ? { start: lo, end: hi } : bounds(lo, hi);
}

// ------------------------------------------------------------------ tree builder

/**
 * What strings and templates need while a tree is built: the text, the
 * diagnostics so far, the semantic-token sink, and how deep the string being
 * read is nested. ./template and ./tokens use it too.
 */
export class TreeBuilder {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly text: string,
    /** Optional listener for the pieces of strings (semantic tokens). */
    readonly sink?: TemplateSink,
    /** Nesting depth of the expression the strings read here are in. */
    public depth = 0,
  ) {}

  /** A string token as a tree node (its content parsed as a template). */
  string(t: LexToken): A.StringLiteral {
    const info = t.str!;
    this.sink?.stringToken?.(t);
    const parts = scanTemplate(this, info.textStart, info.contentEnd, info.quote === 'swim');
    const span = { start: t.startOffset, end: t.end };
    const contentSpan = { start: info.contentStart, end: info.contentEnd };
    // Two literals rather than a spread: one of the parser's most frequent nodes.
    return info.marker !== undefined
      ? { kind: 'String', span, quote: info.quote, marker: info.marker, contentSpan, parts }
      : { kind: 'String', span, quote: info.quote, contentSpan, parts };
  }

  variable(t: LexToken): A.VariableRef {
    const start = t.startOffset;
    const end = t.end;
    if (t.tokenType === T.Name) {
      // A sample variable written without its sigil (already reported).
      return { kind: 'Variable', span: { start, end }, sigil: '$', name: t.image, nameSpan: { start, end }, braced: false };
    }
    const braced = t.image[1] === '{';
    const name = braced ? t.image.slice(2, -1) : t.image.slice(1);
    const nameStart = start + (braced ? 2 : 1);
    return {
      kind: 'Variable',
      span: { start, end },
      sigil: t.image[0] as A.Sigil,
      name,
      nameSpan: { start: nameStart, end: nameStart + name.length },
      braced,
    };
  }

  /**
   * The expression of `tokens` (code inside a string: `$(…)`, `$F(…)`, a tag),
   * one nesting level deeper than the string. Its errors are added here.
   */
  expression(tokens: LexToken[], fallbackAt: number, quiet: readonly { readonly span: A.Span }[], opener: A.Span): A.Expr | undefined {
    if (this.depth >= MAX_NESTING) {
      this.tooDeep(opener);
      return undefined;
    }
    const p = new Parser(this, tokens, this.depth + 1, 'the end of the expression');
    const mark = this.diagnostics.length;
    const expr = p.parseExpression();
    if (p.errors.length === 0) return expr; // the usual case: nothing to put before what building it found
    // The parse errors before what building the expression found (the order of equal spans).
    const built = this.diagnostics.splice(mark);
    addParseErrors(this, p.errors, { fallback: { start: fallbackAt, end: fallbackAt }, quiet, tokens });
    this.diagnostics.push(...built);
    return expr;
  }

  /** NTF005 at `span`: nesting beyond MAX_NESTING. */
  tooDeep(span: A.Span): void {
    this.diagnostics.push(
      diagnostic('NTF005', span, `This expression nests more than ${MAX_NESTING} levels deep (brackets, calls, lists, maps, \`!\` and strings in strings); split it up`),
    );
  }
}

/**
 * The parser's errors as diagnostics. An error whose found token starts a
 * later line than the previous token is about something missing at the end
 * of that previous line (a `;`, a `}`), so it is placed there, zero-width.
 */
function addParseErrors(
  b: TreeBuilder,
  errors: readonly ParseError[],
  /** `quiet`: what the lexer reported (no parse error is added where one of them starts). */
  context: { fallback: A.Span; quiet: readonly { readonly span: A.Span }[]; tokens: readonly LexToken[] },
): void {
  if (errors.length === 0) return; // the usual case, once per expression in a string: no Set, no closure
  const seen = new Set<number>();
  const text = b.text;
  const lineBreakBetween = (from: number, to: number): boolean => {
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) return true;
    }
    return false;
  };
  for (const e of errors) {
    const found = isRealToken(e.token) ? e.token : undefined;
    const prev = isRealToken(e.previousToken) ? e.previousToken : found ? tokenBefore(context.tokens, found.startOffset) : undefined;
    let message = e.message;
    if (e.name === 'NotAllInputParsedException') message = `Unexpected ${describeToken(found)}`;
    let span: A.Span;
    // Junk between top-level items is reported where it is, not as something missing before it.
    const junk = e.message.startsWith(TOP_LEVEL_EXPECTATION);
    const missing =
      !found ||
      (!junk &&
        prev !== undefined &&
        (lineBreakBetween(prev.end, found.startOffset) || (e.name === 'MismatchedTokenException' && CLOSERS.has(found.tokenType))));
    if (!missing && found) span = { start: found.startOffset, end: found.end };
    else if (prev) span = { start: prev.end, end: prev.end };
    else span = context.fallback;
    if (found?.tokenType === T.LParen && prev?.tokenType === T.Variable && prev.end < found.startOffset) {
      message = `Unexpected '(' after \`${prev.image}\`: a call is written without a space before '(', e.g. \`${prev.image}(…)\``;
      span = { start: found.startOffset, end: found.end };
    }
    const gapStart = prev ? prev.end : span.start;
    const gapEnd = found ? found.end : span.end;
    // Already reported: an unterminated string, or a character the lexer rejected.
    if (context.quiet.some((q) => q.span.start >= gapStart && q.span.start <= gapEnd)) continue;
    if ((prev?.str && !prev.str.terminated) || (found?.str && !found.str.terminated)) continue;
    if (seen.has(span.start)) continue;
    seen.add(span.start);
    b.diagnostics.push(diagnostic('NTF001', span, message));
  }
}

// ------------------------------------------------------------------ parser

class Parser {
  readonly errors: ParseError[] = [];
  /** Index of the next token (LA(1)); `tokens.length` is the end. */
  private pos = 0;
  /** Set while a failed rule's callers give up (see the file comment). */
  private failing = false;
  /** Call sites of the rules being parsed (outermost first; the start rule has none). */
  private readonly sites: (Site | undefined)[] = [];
  /** Resynchronisation sets of the frames in `sites` (see resyncSet). */
  private readonly unions: TokenSet[] = [];
  private readonly text: string;
  /** Positions of each token type, built on the first recovery search. */
  private positions: Int32Array[] | undefined;

  constructor(
    private readonly b: TreeBuilder,
    private readonly tokens: readonly LexToken[],
    private depth: number,
    /** How the end of the input is called in messages. */
    private readonly endName: string,
  ) {
    this.text = b.text;
  }

  // ---------------------------------------------------------------- cursor

  private la(k: number): LexToken {
    return this.tokens[this.pos + k - 1] ?? EOF_TOKEN;
  }
  private laType(k: number): TokenType {
    return (this.tokens[this.pos + k - 1] ?? EOF_TOKEN).tokenType;
  }
  /** The token before LA(1), as the error's previous token. */
  private prev(): LexToken {
    return this.pos > 0 ? this.tokens[this.pos - 1]! : EOF_TOKEN;
  }
  /** Consumes LA(1), which the caller's lookahead has already matched. */
  private next(): LexToken {
    return this.tokens[this.pos++]!;
  }

  private typeAt(i: number): TokenType {
    return i < this.tokens.length ? this.tokens[i]!.tokenType : T.EOF;
  }

  /** The first position at or after `from` whose token type is in `s` (the end if none). */
  private firstIn(s: TokenSet, from: number): number {
    const n = this.tokens.length;
    if (from >= n) return n;
    if (!this.positions) {
      const counts = new Int32Array(NTYPES);
      for (const t of this.tokens) counts[t.tokenType.idx]!++;
      const pos = Array.from(counts, (c) => new Int32Array(c));
      const fill = new Int32Array(NTYPES);
      this.tokens.forEach((t, i) => {
        const idx = t.tokenType.idx;
        pos[idx]![fill[idx]!++] = i;
      });
      this.positions = pos;
    }
    let best = n;
    for (let type = 0; type < NTYPES; type++) {
      if (!s[type]) continue;
      const list = this.positions[type]!;
      const lo = firstNotBelow(list, from);
      if (lo < list.length && list[lo]! < best) best = list[lo]!;
    }
    return best;
  }

  // ---------------------------------------------------------------- errors and recovery

  private saveError(name: ErrorName, message: string, token: LexToken, previousToken?: LexToken): void {
    this.errors.push(previousToken === undefined ? { name, message, token } : { name, message, token, previousToken });
  }

  private message(expected: TokenType, actual: LexToken, rule: string): string {
    return withEndOfInputName(this.endName, () => mismatchMessage(expected, actual, rule));
  }

  /** The tokens that may follow the token at `after` given the rules being parsed (for single-token insertion). */
  private follows(after: Site): TokenSet | undefined {
    if (!after.nullable) return after.first;
    const out = new Uint8Array(after.first);
    for (let i = this.sites.length - 1; i >= 0; i--) {
      const s = this.sites[i];
      if (s === undefined) break;
      for (let t = 0; t < NTYPES; t++) if (s.first[t]) out[t] = 1;
      if (!s.nullable) break;
    }
    return out;
  }

  private canInsert(after: Site): boolean {
    const f = this.follows(after);
    return f !== undefined && f[this.laType(1).idx] === 1;
  }

  /**
   * Consumes a token of `type`, which the grammar requires here. If LA(1)
   * is not one: the error is recorded, then the token is inserted (LA(1) can
   * follow it), or LA(1) is deleted (the expected token is next), or the rule
   * fails. Returns the real token consumed, if any.
   */
  private consume(type: TokenType, after: Site, rule: string): LexToken | undefined {
    const t = this.la(1);
    if (t.tokenType === type) {
      this.pos++;
      return t;
    }
    this.saveError('MismatchedTokenException', this.message(type, t, rule), t, this.prev());
    if (this.canInsert(after)) return undefined;
    if (this.laType(2) === type) {
      this.pos++;
      return this.next();
    }
    this.failing = true;
    return undefined;
  }

  private noViableAlt(rule: string): void {
    const t = this.la(1);
    this.saveError('NoViableAltException', withEndOfInputName(this.endName, () => noViableAltMessage(t, rule)), t, this.prev());
    this.failing = true;
  }

  /** The tokens a failed rule may resynchronise at: what may follow any rule being parsed, and the end. */
  private resyncSet(): TokenSet {
    // unions[i]: the union for sites[0..i], kept while those frames stay (so each is built once).
    const sites = this.sites;
    const unions = this.unions;
    if (unions.length > sites.length) unions.length = sites.length;
    for (let i = unions.length; i < sites.length; i++) {
      const below = i === 0 ? ONLY_EOF : unions[i - 1]!;
      const s = sites[i];
      if (s === undefined) unions.push(below);
      else {
        const u = new Uint8Array(below);
        for (let t = 0; t < NTYPES; t++) if (s.first[t]) u[t] = 1;
        unions.push(u);
      }
    }
    return sites.length === 0 ? ONLY_EOF : unions[sites.length - 1]!;
  }

  private enter(s: Site | undefined): void {
    if (this.unions.length > this.sites.length) this.unions.length = this.sites.length;
    this.sites.push(s);
  }

  /**
   * Leaves a rule. If it failed: skip to the first token that can follow any
   * rule being parsed; if that token follows this rule, the failure ends
   * here (the caller goes on), otherwise it stays for the caller.
   */
  private leave(): void {
    if (this.failing) {
      const at = this.firstIn(this.resyncSet(), this.pos);
      const type = this.typeAt(at);
      const mine = this.sites[this.sites.length - 1];
      if (mine === undefined ? type === T.EOF : mine.first[type.idx] === 1) {
        this.pos = at;
        this.failing = false;
      }
    }
    this.sites.pop();
  }

  /**
   * After a repetition ends on a token that neither continues it nor is
   * `expected` (the token after it): skip to the next token that is either,
   * with an error, unless a later single-token recovery will do or the
   * resynchronisation point comes first. Returns true to repeat again.
   */
  private repetitionRecovery(expected: TokenType, after: Site | undefined, first: TokenSet, rule: string): boolean {
    const found = this.la(1);
    if (found.tokenType === expected) return false;
    // Single-token insertion or deletion of `expected` will handle it.
    if ((after !== undefined && this.canInsert(after)) || this.laType(2) === expected) return false;
    const p = this.pos;
    const n = this.tokens.length;
    const resync = this.typeAt(this.firstIn(this.resyncSet(), p));
    const notFound = (at: number) => (at === n ? Infinity : at);
    const atExpected = expected === T.EOF ? n : notFound(this.firstIn(set(expected), p));
    const atFirst = notFound(this.firstIn(first, p));
    const atResync = resync === T.EOF ? n : this.firstIn(set(resync), p);
    const q = Math.min(atExpected, atFirst, atResync);
    if (q !== atExpected && q !== atFirst) return false;
    this.pos = q;
    this.saveError('MismatchedTokenException', this.message(expected, found, rule), found, this.prev());
    return q !== atExpected;
  }

  // ---------------------------------------------------------------- nesting limit

  /** NTF005 at LA(1), then skips the over-deep operand it opens (to its closing bracket or the end of the statement). */
  private skipTooDeep(): void {
    const first = this.la(1);
    this.b.tooDeep({ start: first.startOffset, end: first.end });
    let balance = 0;
    for (;;) {
      const type = this.laType(1);
      if (STOPS[type.idx]) return;
      this.pos++;
      if (type === T.LParen || type === T.ListOpen || type === T.MapOpen || type === T.LBracket) balance++;
      else if (type === T.RParen || type === T.RBracket) {
        if (--balance <= 0) return;
      } else if (balance === 0 && type !== T.Bang && type !== T.FuncName) return;
    }
  }

  // ---------------------------------------------------------------- file level

  parseFile(): Item[] {
    const items: Item[] = [];
    this.enter(undefined);
    for (;;) {
      let stuck = false;
      while (!this.failing && FIRST_ITEM[this.laType(1).idx]) {
        const before = this.pos;
        const item = this.item();
        if (item) items.push(item);
        if ((stuck = this.pos === before)) break;
      }
      if (stuck || this.failing || !this.repetitionRecovery(T.EOF, undefined, FIRST_ITEM, 'file')) break;
    }
    this.leave();
    this.notAllInput();
    return items;
  }

  parseExpression(): A.Expr | undefined {
    this.enter(undefined);
    const expr = this.orExpr(END);
    this.leave();
    this.notAllInput();
    return expr;
  }

  private notAllInput(): void {
    if (this.pos < this.tokens.length) {
      const t = this.la(1);
      this.saveError('NotAllInputParsedException', `Unexpected ${describeToken(t)}`, t);
    }
  }

  private item(): Item | undefined {
    this.enter(S.fileItem);
    let item: Item | undefined;
    switch (this.laType(1)) {
      case T.Import:
        item = this.importDecl();
        break;
      case T.Notifier:
        item = this.notifierDecl();
        break;
      default:
        item = this.sampleDecl();
    }
    this.leave();
    return item;
  }

  private importDecl(): A.ImportDecl {
    this.enter(END);
    const kw = this.next();
    const path = this.nameString(S.importName, 'An import path');
    const semi = this.failing ? undefined : this.consume(T.Semi, END, 'importDecl');
    this.leave();
    const ext = new Extent().tok(kw).tok(semi).span(path?.span);
    return { kind: 'Import', span: ext.result(), path };
  }

  /** A declaration's name or path: a string without `$…`, or unquoted text (NTF004). */
  private nameString(s: Site, what: string): A.StringLiteral | undefined {
    this.enter(s);
    let lit: A.StringLiteral | undefined;
    const t = this.la(1);
    if (t.tokenType === T.StringLit) {
      this.pos++;
      lit = this.string(t);
      const dynamic = lit.parts.find((p) => p.kind !== 'Text');
      if (dynamic) {
        this.b.diagnostics.push(
          diagnostic('NTF001', dynamic.span, `${what} is fixed text: it cannot contain \`$…\` or template tags (write \`\`$ for a dollar sign)`),
        );
      }
    } else if (t.tokenType === T.Unquoted) {
      this.pos++;
      this.unquotedDiagnostic(t);
      const span = { start: t.startOffset, end: t.end };
      lit = { kind: 'String', span, quote: '"', contentSpan: span, parts: [{ kind: 'Text', span, value: t.image }] };
    } else {
      this.noViableAlt('nameString');
    }
    this.leave();
    return lit;
  }

  private notifierDecl(): A.NotifierDecl {
    this.enter(END);
    const kw = this.next();
    const ext = new Extent().tok(kw);
    const name = this.nameString(S.notifierName, "A notifier's name");
    ext.span(name?.span);
    const clauses: A.Clause[] = [];
    let open: LexToken | undefined;
    let close: LexToken | undefined;
    if (!this.failing) open = this.consume(T.LCurly, S.notifierLCurly, 'notifierDecl');
    if (!this.failing) {
      for (;;) {
        let stuck = false;
        while (!this.failing && FIRST_CLAUSE[this.laType(1).idx]) {
          const before = this.pos;
          const clause = this.clause();
          if (clause) clauses.push(clause);
          if ((stuck = this.pos === before)) break;
        }
        if (stuck || this.failing || !this.repetitionRecovery(T.RCurly, END, FIRST_CLAUSE, 'notifierDecl')) break;
      }
    }
    if (!this.failing) close = this.consume(T.RCurly, END, 'notifierDecl');
    this.leave();
    ext.spans(clauses).tok(open).tok(close);
    const bodySpan = open ? { start: open.startOffset, end: close ? close.end : ext.end } : undefined;
    return { kind: 'Notifier', span: ext.result(), name, clauses, bodySpan };
  }

  private clause(): A.Clause | undefined {
    this.enter(S.notifierClause);
    let clause: A.Clause | undefined;
    const type = this.laType(1);
    if (type === T.On) clause = this.onClause();
    else if (type === T.When) clause = this.whenClause();
    else if (type === T.ChannelKw) clause = this.channelBlock();
    else if (type === T.Name && this.contextual() !== undefined) clause = this.contextualClause();
    else if (type === T.Name && this.laType(2) === T.LCurly) this.unknownBlock();
    else if (type === T.Name && this.laType(2) === T.Eq) this.strayProperty();
    else this.noViableAlt('clause');
    this.leave();
    return clause;
  }

  /**
   * `each`, `digest`, `scope` start a clause only when what follows fits
   * (LANGUAGE.md 2: contextual words), so `scope = …;` stays a stray property.
   */
  private contextual(): 'each' | 'digest' | 'scope' | undefined {
    const word = this.la(1).image;
    const next = this.laType(2);
    if (word === 'each' && next === T.Variable) return 'each';
    if (word === 'digest' && next === T.Name && this.la(2).image === 'by') return 'digest';
    if (word === 'scope' && (next === T.Name || next === T.Semi)) return 'scope';
    return undefined;
  }

  private contextualClause(): A.Clause {
    const which = this.contextual()!;
    this.enter(END);
    const kw = this.next();
    const keywordSpan = { start: kw.startOffset, end: kw.end };
    const ext = new Extent().tok(kw);
    let clause: A.Clause;
    if (which === 'each') {
      const v = this.next();
      ext.tok(v);
      const variable = this.b.variable(v);
      let list: A.Expr | undefined;
      const inTok = this.la(1);
      if (inTok.tokenType === T.Name && inTok.image === 'in') {
        ext.tok(this.next());
        list = this.expression(S.valueSemi);
        ext.span(list?.span);
      } else {
        this.b.diagnostics.push(diagnostic('NTF001', { start: v.startOffset, end: v.end }, `Write the list to fan out over after \`in\`, e.g. \`each ${v.image} in @Alerts;\``));
        this.skipToSemi();
      }
      clause = { kind: 'Each', span: keywordSpan, keywordSpan, variable, list };
    } else if (which === 'digest') {
      ext.tok(this.next()); // `by`
      const key = this.expression(S.valueSemi);
      ext.span(key?.span);
      clause = { kind: 'Digest', span: keywordSpan, keywordSpan, key };
    } else {
      let name: A.Identifier | undefined;
      if (this.laType(1) === T.Name) {
        const n = this.next();
        ext.tok(n);
        name = { kind: 'Identifier', span: { start: n.startOffset, end: n.end }, text: n.image };
      } else {
        this.b.diagnostics.push(diagnostic('NTF001', keywordSpan, 'Say the scope, e.g. `scope organization;` or `scope product;`'));
      }
      clause = { kind: 'Scope', span: keywordSpan, keywordSpan, name };
    }
    if (!this.failing) ext.tok(this.consume(T.Semi, END, 'contextualClause'));
    this.leave();
    return { ...clause, span: ext.result() };
  }

  /** Skips to the `;` ending a clause (not past the notifier's `}`). */
  private skipToSemi(): void {
    while (this.laType(1) !== T.Semi && this.laType(1) !== T.RCurly && this.laType(1) !== T.EOF) this.next();
  }

  /** `webhok { … }`: a misspelt channel; read so the rest of the notifier survives, reported, left out of the tree. */
  private unknownBlock(): void {
    this.enter(END);
    const name = this.next();
    this.block('unknownBlock');
    this.leave();
    const span = { start: name.startOffset, end: name.end };
    const guess = CHANNEL_KINDS.find((k) => editDistance(k, name.image.toLowerCase()) <= 2);
    const fixes = guess ? [{ title: `Change to \`${guess}\``, edits: [{ span, newText: guess }], preferred: true }] : [];
    this.b.diagnostics.push(
      diagnostic(
        'NTF001',
        span,
        `Unknown clause \`${name.image}\`${guess ? ` (did you mean \`${guess}\`?)` : ''}: a notifier holds \`on\`, \`when\` and channels (${quotedKinds()})`,
        { fixes },
      ),
    );
  }

  /** `{ property* }` of a channel (or misspelt channel) block. */
  private block(rule: string): { open?: LexToken; close?: LexToken; properties: A.Property[]; ext: Extent } {
    const ext = new Extent();
    const properties: A.Property[] = [];
    const open = this.consume(T.LCurly, S.blockLCurly, rule);
    let close: LexToken | undefined;
    if (!this.failing) {
      for (;;) {
        while (!this.failing && this.laType(1) === T.Name) {
          properties.push(this.property(S.blockProperty));
        }
        if (this.failing || !this.repetitionRecovery(T.RCurly, END, ONLY_NAME, rule)) break;
      }
    }
    if (!this.failing) close = this.consume(T.RCurly, END, rule);
    ext.spans(properties);
    return { open, close, properties, ext };
  }

  /** `url = …;` directly in a notifier: the channel block is missing. */
  private strayProperty(): void {
    this.enter(END);
    const prop = this.property(END);
    this.leave();
    this.b.diagnostics.push(
      diagnostic('NTF001', prop.name.span, `\`${prop.name.text}\` is a channel property: put it inside a channel block, e.g. \`slack { ${prop.name.text} = …; }\``),
    );
  }

  private onClause(): A.OnClause {
    this.enter(END);
    const kw = this.next();
    const ext = new Extent().tok(kw);
    const events: A.EventRef[] = [];
    const first = this.eventName(S.onEvent);
    if (first) events.push(first);
    if (!this.failing) {
      for (;;) {
        while (!this.failing && this.laType(1) === T.Comma) {
          ext.tok(this.next());
          const ev = this.eventName(S.onEvent);
          if (ev) events.push(ev);
        }
        if (this.failing || !this.repetitionRecovery(T.Semi, END, ONLY_COMMA, 'onClause')) break;
      }
    }
    if (!this.failing) ext.tok(this.consume(T.Semi, END, 'onClause'));
    this.leave();
    ext.spans(events);
    return { kind: 'On', span: ext.result(), events };
  }

  private eventName(s: Site): A.EventRef | undefined {
    this.enter(s);
    const parts: LexToken[] = [];
    const first = this.consume(T.Name, S.eventName, 'eventName');
    if (first) parts.push(first);
    while (!this.failing && this.laType(1) === T.Dot) {
      parts.push(this.next());
      const name = this.consume(T.Name, S.eventName, 'eventName');
      if (name) parts.push(name);
    }
    this.leave();
    if (parts.length === 0) return undefined;
    const span = { start: parts[0]!.startOffset, end: parts[parts.length - 1]!.end };
    let contiguous = true;
    for (let i = 1; i < parts.length; i++) if (parts[i]!.startOffset !== parts[i - 1]!.end) contiguous = false;
    const name = parts.map((p) => p.image).join('');
    if (!contiguous) {
      this.b.diagnostics.push(
        diagnostic('NTF001', span, `An event name is written without spaces, e.g. \`${name}\``, {
          fixes: [{ title: `Write \`${name}\``, edits: [{ span, newText: name }], preferred: true }],
        }),
      );
    } else if (parts[parts.length - 1]!.tokenType === T.Name && !EVENT_NAME.test(name)) {
      const lower = name.toLowerCase();
      const fixes = EVENT_NAME.test(lower) ? [{ title: `Write \`${lower}\``, edits: [{ span, newText: lower }], preferred: true }] : [];
      this.b.diagnostics.push(
        diagnostic('NTF001', span, `Event names are lower-case dotted names such as \`package.added\`; \`${name}\` is not one.${fixes.length ? ` Did you mean \`${lower}\`?` : ''}`, { fixes }),
      );
    }
    return { kind: 'EventRef', span, name };
  }

  private whenClause(): A.WhenClause {
    this.enter(END);
    const kw = this.next();
    let condition = this.expression(S.whenExpr);
    if (!this.failing && condition && this.laType(1) === T.Eq) condition = this.assignmentMeantAsEquality(condition);
    const semi = this.failing ? undefined : this.consume(T.Semi, END, 'whenClause');
    this.leave();
    return { kind: 'When', span: cover(kw, semi, undefined, condition?.span), condition };
  }

  private channelBlock(): A.ChannelBlock {
    this.enter(END);
    const kw = this.next();
    const { open, close, properties, ext } = this.block('channelBlock');
    this.leave();
    ext.tok(kw).tok(open).tok(close);
    const bodySpan = open ? { start: open.startOffset, end: close ? close.end : ext.end } : undefined;
    return {
      kind: 'Channel',
      span: ext.result(),
      channel: kw.image as A.ChannelKind,
      keywordSpan: { start: kw.startOffset, end: kw.end },
      properties,
      bodySpan,
    };
  }

  private property(s: Site): A.Property {
    this.enter(s);
    const nameTok = this.next();
    const eq = this.consume(T.Eq, S.propertyEq, 'property');
    const value = this.failing ? undefined : this.expression(S.valueSemi);
    const semi = this.failing ? undefined : this.consume(T.Semi, END, 'property');
    this.leave();
    const name: A.Identifier = { kind: 'Identifier', span: { start: nameTok.startOffset, end: nameTok.end }, text: nameTok.image };
    return { kind: 'Property', span: cover(nameTok, eq, semi, value?.span), name, value };
  }

  private sampleDecl(): A.SampleDecl {
    this.enter(END);
    const kw = this.next();
    const ext = new Extent().tok(kw);
    const name = this.nameString(S.sampleName, "A sample's name");
    ext.span(name?.span);
    let event: A.EventRef | undefined;
    let open: LexToken | undefined;
    let close: LexToken | undefined;
    const assignments: A.SampleAssignment[] = [];
    if (!this.failing) ext.tok(this.consume(T.For, S.sampleFor, 'sampleDecl'));
    if (!this.failing) {
      event = this.eventName(S.sampleEvent);
      ext.span(event?.span);
    }
    if (!this.failing) open = this.consume(T.LCurly, S.sampleLCurly, 'sampleDecl');
    if (!this.failing) {
      for (;;) {
        while (!this.failing && FIRST_ASSIGNMENT[this.laType(1).idx]) {
          assignments.push(this.assignment());
        }
        if (this.failing || !this.repetitionRecovery(T.RCurly, END, FIRST_ASSIGNMENT, 'sampleDecl')) break;
      }
    }
    if (!this.failing) close = this.consume(T.RCurly, END, 'sampleDecl');
    this.leave();
    ext.spans(assignments).tok(open).tok(close);
    const bodySpan = open ? { start: open.startOffset, end: close ? close.end : ext.end } : undefined;
    return { kind: 'Sample', span: ext.result(), name, event, assignments, bodySpan };
  }

  private assignment(): A.SampleAssignment {
    this.enter(S.sampleAssignment);
    const v = this.next();
    if (v.tokenType === T.Name) {
      // A bare name is read too, to report the missing sigil with a fix.
      const span = { start: v.startOffset, end: v.end };
      this.b.diagnostics.push(
        diagnostic('NTF001', span, `A sample sets variables, written with their sigil: \`$${v.image}\``, {
          fixes: [{ title: `Write \`$${v.image}\``, edits: [{ span: { start: span.start, end: span.start }, newText: '$' }], preferred: true }],
        }),
      );
    }
    const eq = this.consume(T.Eq, S.propertyEq, 'assignment');
    const value = this.failing ? undefined : this.expression(S.valueSemi);
    const semi = this.failing ? undefined : this.consume(T.Semi, END, 'assignment');
    this.leave();
    return {
      kind: 'SampleAssignment',
      span: cover(v, eq, semi, value?.span),
      variable: this.b.variable(v),
      value,
    };
  }

  // ---------------------------------------------------------------- expressions

  private expression(s: Site): A.Expr | undefined {
    // A lone literal or variable, the most common value: what the descent below
    // would give (it consumes the token and nothing after it), without its seven rule frames.
    const t = this.tokens[this.pos];
    if (t !== undefined && SIMPLE_OPERAND[t.tokenType.idx] && !this.failing && !CONTINUES_OPERAND[this.laType(2).idx]) {
      this.pos++;
      return this.literal(t);
    }
    this.enter(s);
    const e = this.orExpr(END);
    this.leave();
    return e;
  }

  private binary(left: A.Expr | undefined, op: LexToken, right: A.Expr | undefined, kind: A.BinaryOp): A.Expr | undefined {
    if (!left) return right;
    const span = cover(op, undefined, undefined, left.span, right?.span);
    return { kind: 'Binary', span, op: kind, opSpan: { start: op.startOffset, end: op.end }, left, right };
  }

  private orExpr(s: Site): A.Expr | undefined {
    this.enter(s);
    let left = this.andExpr(S.orOperand);
    while (!this.failing && this.laType(1) === T.OrOp) {
      const op = this.next();
      left = this.binary(left, op, this.andExpr(S.orOperand), '||');
    }
    this.leave();
    return left;
  }

  private andExpr(s: Site): A.Expr | undefined {
    this.enter(s);
    let left = this.notExpr(S.andOperand);
    while (!this.failing && this.laType(1) === T.AndOp) {
      const op = this.next();
      left = this.binary(left, op, this.notExpr(S.andOperand), '&&');
    }
    this.leave();
    return left;
  }

  private notExpr(s: Site): A.Expr | undefined {
    this.enter(s);
    let e: A.Expr | undefined;
    const type = this.laType(1);
    if (type === T.Bang) {
      if (this.depth >= MAX_NESTING) this.skipTooDeep();
      else {
        const bang = this.next();
        this.depth++;
        const operand = this.notExpr(END);
        this.depth--;
        e = { kind: 'Unary', span: cover(bang, undefined, undefined, operand?.span), op: '!', operand };
      }
    } else if (FIRST_PRIMARY[type.idx]) {
      e = this.compareExpr(END);
    } else {
      this.noViableAlt('notExpr');
    }
    this.leave();
    return e;
  }

  /** Parsed as a repetition so that `a == b == c` gets a clear message. */
  private compareExpr(s: Site): A.Expr | undefined {
    this.enter(s);
    let left = this.postfixExpr(S.compareOperand);
    let count = 0;
    let second: LexToken | undefined;
    while (!this.failing && this.laType(1) === T.CompareOp) {
      const op = this.next();
      if (++count === 2) second = op;
      const right = this.postfixExpr(S.compareOperand);
      if (op.image === '-like' || op.image === '-match') {
        left = this.powerShellMatch(left, op, right);
        continue;
      }
      left = this.binary(left, op, right, op.image as A.BinaryOp);
    }
    this.leave();
    if (second) {
      this.b.diagnostics.push(
        diagnostic('NTF001', { start: second.startOffset, end: second.end }, `Comparisons cannot be chained; combine them with \`&&\`, e.g. \`$a < $b && $b < $c\``),
      );
    }
    return left;
  }

  /**
   * `a -like "x*"` / `a -match "re"` (PowerShell): one NTF001 whose fix
   * rewrites the comparison into `$Matches(a, "x*")` / `$MatchesRegex(a, "re")`;
   * read as that call so the operands are still type-checked.
   */
  /** `when $a = "x"`: `=` meant as `==` (OtterScript, PowerShell habits); one NTF001 with the fix, read as `==`. */
  private assignmentMeantAsEquality(left: A.Expr): A.Expr {
    const op = this.next();
    const opSpan = { start: op.startOffset, end: op.end };
    this.b.diagnostics.push(
      diagnostic('NTF001', opSpan, '`=` sets a property; to compare, write `==`', {
        fixes: [{ title: 'Write `==`', edits: [{ span: opSpan, newText: '==' }], preferred: true }],
      }),
    );
    return this.binary(left, op, this.postfixExpr(S.compareOperand), '==') ?? left;
  }

  private powerShellMatch(left: A.Expr | undefined, op: LexToken, right: A.Expr | undefined): A.Expr | undefined {
    const fn = op.image === '-like' ? 'Matches' : 'MatchesRegex';
    const opSpan = { start: op.startOffset, end: op.end };
    const fixes =
      left && right
        ? [{
            title: `Write \`$${fn}(…)\``,
            edits: [{ span: { start: left.span.start, end: right.span.end }, newText: `$${fn}(${this.text.slice(left.span.start, left.span.end)}, ${this.text.slice(right.span.start, right.span.end)})` }],
            preferred: true,
          }]
        : [];
    this.b.diagnostics.push(
      diagnostic('NTF001', opSpan, `\`${this.text.slice(op.startOffset, op.end)}\` is PowerShell; in Notify write \`$${fn}(text, pattern)\``, { fixes }),
    );
    if (!left) return right;
    const span = new Extent().span(left.span).tok(op).span(right?.span).result();
    return { kind: 'Call', span, sigil: '$', name: fn, nameSpan: opSpan, args: right ? [left, right] : [left], argsSpan: span } as A.Expr;
  }

  private postfixExpr(s: Site): A.Expr | undefined {
    this.enter(s);
    let expr = this.primary(S.postfix);
    while (!this.failing && FIRST_SUFFIX[this.laType(1).idx]) {
      this.enter(S.postfix);
      if (this.laType(1) === T.Dot) {
        const dot = this.next();
        const nameTok = this.consume(T.Name, END, 'suffix');
        if (expr) {
          const member: A.Identifier | undefined = nameTok
            ? { kind: 'Identifier', span: { start: nameTok.startOffset, end: nameTok.end }, text: nameTok.image }
            : undefined;
          expr = { kind: 'Member', span: cover(dot, nameTok, undefined, expr.span), object: expr, member };
        }
      } else if (this.depth >= MAX_NESTING) {
        this.skipTooDeep();
      } else {
        const open = this.next();
        this.depth++;
        const index = this.expression(S.suffixExpr);
        this.depth--;
        const close = this.failing ? undefined : this.consume(T.RBracket, END, 'suffix');
        if (expr) expr = { kind: 'Index', span: cover(open, close, undefined, expr.span, index?.span), object: expr, index };
      }
      this.leave();
    }
    this.leave();
    return expr;
  }

  private primary(s: Site): A.Expr | undefined {
    this.enter(s);
    let e: A.Expr | undefined;
    const t = this.la(1);
    const type = t.tokenType;
    if (type === T.FuncName || type === T.LParen || type === T.ListOpen || type === T.MapOpen) {
      if (this.depth >= MAX_NESTING) this.skipTooDeep();
      else {
        this.depth++;
        if (type === T.FuncName) e = this.callExpr();
        else if (type === T.LParen) e = this.parenExpr();
        else if (type === T.ListOpen) e = this.listExpr();
        else e = this.mapExpr();
        this.depth--;
      }
    } else if (FIRST_PRIMARY[type.idx]) {
      this.pos++;
      e = this.literal(t);
    } else {
      this.noViableAlt('primary');
    }
    this.leave();
    return e;
  }

  private literal(t: LexToken): A.Expr | undefined {
    const span = { start: t.startOffset, end: t.end };
    switch (t.tokenType) {
      case T.NumberLit:
        return { kind: 'Number', span, value: Number(t.image), raw: t.image };
      case T.DurationLit:
        return { kind: 'Duration', span, ms: durationMs(t.image), raw: t.image };
      case T.True:
        return { kind: 'Bool', span, value: true };
      case T.False:
        return { kind: 'Bool', span, value: false };
      case T.StringLit:
        return this.string(t);
      case T.Unquoted:
        this.unquotedDiagnostic(t);
        return { kind: 'Unquoted', span, text: t.image };
      case T.Variable:
        return this.b.variable(t);
    }
    return undefined;
  }

  /** A string token read at the current nesting depth (the expressions in it are one deeper). */
  private string(t: LexToken): A.StringLiteral {
    const saved = this.b.depth;
    this.b.depth = this.depth;
    try {
      return this.b.string(t);
    } finally {
      this.b.depth = saved;
    }
  }

  private unquotedDiagnostic(t: LexToken): void {
    const span = { start: t.startOffset, end: t.end };
    this.b.diagnostics.push(
      diagnostic('NTF004', span, `Unquoted text \`${t.image}\`: text must be in quotes, e.g. ${quoteText(t.image)}`, {
        fixes: [{ title: `Quote "${clipForTitle(t.image)}"`, edits: [{ span, newText: quoteText(t.image) }], preferred: true }],
      }),
    );
  }

  private callExpr(): A.CallExpr {
    this.enter(END);
    const fn = this.next();
    const open = this.consume(T.LParen, S.callLParen, 'callExpr');
    let args: A.Expr[] = [];
    let close: LexToken | undefined;
    if (!this.failing && FIRST_EXPR[this.laType(1).idx]) args = this.argList(S.argsRParen);
    if (!this.failing) close = this.consume(T.RParen, END, 'callExpr');
    this.leave();
    const argsExt = new Extent().tok(open).tok(close).spans(args);
    const argsSpan = argsExt.empty ? { start: fn.end, end: fn.end } : argsExt.result();
    return {
      kind: 'Call',
      span: cover(fn, undefined, undefined, argsSpan),
      sigil: fn.image[0] as A.Sigil,
      name: fn.image.slice(1),
      nameSpan: { start: fn.startOffset + 1, end: fn.end },
      args,
      argsSpan,
    };
  }

  private argList(s: Site): A.Expr[] {
    this.enter(s);
    const out: A.Expr[] = [];
    const first = this.bareOperatorArg() ?? this.expression(S.argOperand);
    if (first) out.push(first);
    while (!this.failing && this.laType(1) === T.Comma) {
      this.pos++;
      const e = this.bareOperatorArg() ?? this.expression(S.argOperand);
      if (e) out.push(e);
    }
    this.leave();
    return out;
  }

  /**
   * An operator written bare as an argument, as in ProGet's documented
   * `$Compare($VulnerabilityScore,>=,7.5)`: NTF004 with the quoting fix, read
   * as that text so the call is still checked.
   */
  private bareOperatorArg(): A.Expr | undefined {
    if (this.laType(1) !== T.CompareOp) return undefined;
    const after = this.laType(2);
    if (after !== T.Comma && after !== T.RParen) return undefined;
    const t = this.next();
    this.unquotedDiagnostic(t);
    const span = { start: t.startOffset, end: t.end };
    return { kind: 'String', span, quote: '"', contentSpan: span, parts: [{ kind: 'Text', span, value: t.image }] };
  }

  private parenExpr(): A.ParenExpr {
    this.enter(END);
    const open = this.next();
    const expr = this.expression(S.parenExpr);
    const close = this.failing ? undefined : this.consume(T.RParen, END, 'parenExpr');
    this.leave();
    return { kind: 'Paren', span: cover(open, close, undefined, expr?.span), expr };
  }

  private listExpr(): A.ListLiteral {
    this.enter(END);
    const open = this.next();
    let items: A.Expr[] = [];
    if (FIRST_EXPR[this.laType(1).idx]) items = this.argList(S.argsRParen);
    const close = this.failing ? undefined : this.consume(T.RParen, END, 'listExpr');
    this.leave();
    return { kind: 'List', span: new Extent().tok(open).tok(close).spans(items).result(), items };
  }

  private mapExpr(): A.MapLiteral {
    this.enter(END);
    const open = this.next();
    const ext = new Extent().tok(open);
    const entries: A.MapEntry[] = [];
    if (FIRST_MAP_ENTRY[this.laType(1).idx]) {
      const first = this.mapEntry(S.mapEntry);
      if (first) entries.push(first);
      if (!this.failing) {
        for (;;) {
          while (!this.failing && this.laType(1) === T.Comma) {
            this.pos++;
            const e = this.mapEntry(S.mapEntry);
            if (e) entries.push(e);
          }
          if (this.failing || !this.repetitionRecovery(T.RParen, END, ONLY_COMMA, 'mapExpr')) break;
        }
      }
    }
    if (!this.failing) ext.tok(this.consume(T.RParen, END, 'mapExpr'));
    this.leave();
    return { kind: 'Map', span: ext.spans(entries).result(), entries };
  }

  private mapEntry(s: Site): A.MapEntry | undefined {
    this.enter(s);
    const keyTok = this.la(1);
    let entry: A.MapEntry | undefined;
    if (keyTok.tokenType === T.Name || keyTok.tokenType === T.StringLit) {
      this.pos++;
      let key = keyTok.image;
      if (keyTok.tokenType === T.StringLit) {
        const lit = this.string(keyTok);
        const dynamic = lit.parts.find((p) => p.kind !== 'Text');
        if (dynamic) {
          this.b.diagnostics.push(diagnostic('NTF001', dynamic.span, 'A map key is fixed text: it cannot contain `$…` or template tags'));
        }
        key = lit.parts.map((p) => (p.kind === 'Text' ? p.value : '')).join('');
      }
      const colon = this.consume(T.Colon, S.entryColon, 'mapEntry');
      const value = this.failing ? undefined : this.expression(END);
      const span = cover(keyTok, colon, undefined, value?.span);
      entry = { kind: 'MapEntry', span, key, keySpan: { start: keyTok.startOffset, end: keyTok.end }, value };
    } else {
      this.noViableAlt('mapEntry');
    }
    this.leave();
    return entry;
  }
}


// ------------------------------------------------------------------ entry point

/** "… to close the channel block" → "… to close the `slack` block": the last channel opened before the error. */
function nameChannels(diagnostics: Diagnostic[], file: NotifyFile): Diagnostic[] {
  const channels: ChannelBlock[] = [];
  for (const item of file.items) if (item.kind === 'Notifier') for (const c of item.clauses) if (c.kind === 'Channel') channels.push(c);
  const keywords = channels.map((c) => c.keywordSpan);
  return diagnostics.map((d) => {
    if (!d.message.includes('the channel block')) return d;
    // the channels are in the order of the text: the last opened before the error is found by binary search
    const open = channels[firstAtOrAfter(keywords, d.span.start) - 1];
    return open ? { ...d, message: d.message.replace('the channel block', `the \`${open.channel}\` block`) } : d;
  });
}

const BIDI = new RegExp(`[${BIDI_CONTROLS}]`, 'g');

/** NTF006 at every bidirectional control character (Trojan Source). */
function bidiWarnings(text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  BIDI.lastIndex = 0;
  for (let m = BIDI.exec(text); m !== null; m = BIDI.exec(text)) {
    const code = m[0].charCodeAt(0).toString(16).toUpperCase();
    out.push(
      diagnostic(
        'NTF006',
        { start: m.index, end: m.index + 1 },
        `Bidirectional control character U+${code}: it makes this text display in another order than it is read (Trojan Source); delete it`,
        { fixes: [{ title: `Delete U+${code}`, edits: [{ span: { start: m.index, end: m.index + 1 }, newText: '' }], preferred: true }] },
      ),
    );
  }
  return out;
}

/**
 * How the lexer of a `parse()` began and ended, for `analyze()` to tell
 * whether the text's pieces (./items) can be cut where it guessed without
 * lexing the whole text once more.
 */
export interface LexEnds {
  /** The first token is `import`, `notifier` or `sample`, the first token on the first line. */
  startsItem: boolean;
  /** After the last token no bracket is open and an item may start (it is `}` or `;`, or there is none), and nothing was left unclosed. */
  endsClean: boolean;
  /**
   * A block comment or swim string was left unclosed and ended at recovery
   * (before the next item's line): in a longer text, a closer anywhere after
   * this one ends it there, across items (set only when asked for).
   */
  recoveredUnclosed?: boolean;
}

export function parse(text: string, sink?: TemplateSink, ends?: LexEnds): ParseResult {
  try {
    const lexer = lex(text);
    if (ends) {
      const tokens = lexer.tokens;
      const first = tokens[0];
      const last = tokens[tokens.length - 1];
      ends.startsItem =
        first !== undefined &&
        (first.tokenType === T.Import || first.tokenType === T.Notifier || first.tokenType === T.Sample) &&
        first.firstOnLine === true &&
        /^[ \t]*$/.test(text.slice(0, first.startOffset));
      ends.endsClean =
        lexer.depth === 0 &&
        (last === undefined || last.tokenType === T.RCurly || last.tokenType === T.Semi) &&
        !lexer.diagnostics.some((d) => d.code === 'NTF002');
      ends.recoveredUnclosed = lexer.recoveredUnclosed;
    }
    const builder = new TreeBuilder(text, sink);
    const parser = new Parser(builder, lexer.tokens, 0, 'the end of the file');
    const items = parser.parseFile();
    const errors = new TreeBuilder(text);
    addParseErrors(errors, parser.errors, {
      fallback: { start: text.length, end: text.length },
      quiet: lexer.diagnostics,
      tokens: lexer.tokens,
    });
    const file: NotifyFile = { kind: 'File', span: { start: 0, end: text.length }, items, comments: lexer.comments };
    // The parser's errors first, then those found building the tree (the order of equal spans).
    const syntax = [...errors.diagnostics, ...builder.diagnostics];
    const diagnostics = [...lexer.diagnostics, ...(syntax.length === 0 ? syntax : nameChannels(syntax, file)), ...bidiWarnings(text)].sort(
      (a, b) => a.span.start - b.span.start || a.span.end - b.span.end,
    );
    return { file, diagnostics };
  } catch (e) {
    // A bug here must not take the editor down: report it as a syntax error on the whole file.
    return {
      file: { kind: 'File', span: { start: 0, end: text.length }, items: [], comments: [] },
      diagnostics: [diagnostic('NTF001', { start: 0, end: 0 }, `Internal parser error: ${e instanceof Error ? e.message : String(e)}`)],
    };
  }
}
