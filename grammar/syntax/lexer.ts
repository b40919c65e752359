/**
 * The lexer of `.notify` code (spec section 1), hand-written because what a
 * character sequence means depends on the position:
 *
 * - where a value is expected (after `=`, `(`, `,` in a list, `:` in a map, an
 *   operator, `when`, …) a `>` followed by a marker opens a swim string, a bare
 *   word is unquoted text (NTF004) and `-7` is a number; elsewhere `>` is the
 *   comparison operator, so `$a > $b` stays a comparison;
 * - after `on`, `for` and in the event list every word is an event-name part,
 *   after `.` a member name and in map-key position a key, even if it is a
 *   keyword (`%(email: …)`);
 * - in a value position a keyword that starts its line (`notifier`, `slack`,
 *   …) is still a keyword, so a missing value does not swallow the next item.
 *
 * The lexer can start anywhere in a text and stop early, which the template
 * parser uses for the expressions inside strings.
 */
import type { Comment, Span } from './ast';
import { diagnostic, type Diagnostic } from '../diagnostics';
import { TT as T } from './tokenTypes';
import type { LexToken, NameRole, StringInfo, TokenType } from './tokenTypes';

type Expect = 'item' | 'value' | 'key' | 'event' | 'member' | 'other';

export interface LexerOptions {
  start?: number;
  end?: number;
  /** What the first token is expected to be. */
  initial?: 'value' | 'item';
  /** Brackets already open where lexing starts (e.g. `(` after `$(` in a string). */
  openBrackets?: readonly string[];
  /** Stop before a `%>` (the end of a template tag). */
  stopAtTagClose?: boolean;
}

// Character classes by code, not regex: the lexer tests every character.
function isLetterCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
/** A character an ASCII name may hold: a letter, a digit, `_` or `-`. */
function isNameCode(c: number): boolean {
  return isLetterCode(c) || isDigitCode(c) || c === 95 || c === 45;
}
function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c.length === 1 && isDigitCode(c.charCodeAt(0));
}
const HEX_COLOR = /^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})(?![A-Za-z0-9_-])/;
const TOP_LEVEL_LINE = /[ \t]*(notifier|sample|import)[ \t]/y;

export function isNameStart(c: string | undefined): boolean {
  return c !== undefined && c.length === 1 && isLetterCode(c.charCodeAt(0));
}

/** Length of the name starting at `pos` (0 if none); a name never ends in `_` or `-`. */
export function nameLengthAt(text: string, pos: number, end = text.length): number {
  const first = text.charCodeAt(pos) | 32; // NaN | 32 is 32: past the end is no letter
  if (pos >= text.length || first < 97 || first > 122) return 0;
  let i = pos + 1;
  // Letters, digits, `_` and `-`, tested inline (no calls per character): every name, variable and keyword passes here.
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    const lower = c | 32;
    if (!((lower >= 97 && lower <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45)) break;
  }
  while (i > pos + 1 && (text.charCodeAt(i - 1) === 95 || text.charCodeAt(i - 1) === 45)) i--;
  return i - pos;
}

/**
 * Names are ASCII (LANGUAGE.md 1): a letter, digit or mark of another script
 * right after a name does not continue it. Silently ending the name there
 * would read `$Paketé` as `$Paket` and the text `é`, so both the lexer (in
 * code) and the template parser (after `$Name` in text) report it, over the
 * run of name-like characters that follows (`éx` in `$Paketéx`). Returns the
 * run's length at `pos`, 0 when `pos` holds no such character.
 */
export function nonAsciiNameTailAt(text: string, pos: number, end = text.length): number {
  // Almost always ASCII (or the end): no regular expression, whose Unicode classes cost a cold process a compile.
  if (pos >= end || text.charCodeAt(pos) < 0x80) return 0;
  NON_ASCII_NAME_TAIL.lastIndex = pos;
  const m = NON_ASCII_NAME_TAIL.exec(text);
  return m ? Math.min(m[0].length, end - pos) : 0;
}
const NON_ASCII_NAME_TAIL = /[^\x00-\x7f](?<=[\p{L}\p{M}\p{N}])(?:[\p{L}\p{M}\p{N}_-])*/uy;

/** The message of `nonAsciiNameTailAt`'s diagnostic: `written` is the name as written before it (with its sigil). */
export function nonAsciiNameMessage(written: string, tail: string, inText: boolean): string {
  const ch = String.fromCodePoint(tail.codePointAt(0)!);
  const variable = /^[$@%]/.test(written);
  const how = inText && variable ? `; write \`\${${written.slice(1)}}${tail}\` to put \`${tail}\` right after the variable` : '';
  return `${variable ? 'Variable names' : 'Names'} are ASCII (letters A–Z, digits, \`_\`, \`-\`): \`${ch}\` ends \`${written}\`${how}`;
}

/**
 * The swim-string marker starting at `pos`: `>>`, or `>` + 1–5 characters
 * other than `>` and whitespace + `>`. Whitespace is excluded so that an
 * operator followed by text (`> 5 >`) is never taken for a marker.
 */
export function swimMarkerAt(text: string, pos: number, end = text.length): string | undefined {
  if (text[pos] !== '>') return undefined;
  if (text[pos + 1] === '>') return '>>';
  for (let i = pos + 1; i < end && i <= pos + 6; i++) {
    const c = text[i]!;
    if (c === '>') return i > pos + 1 ? text.slice(pos, i + 1) : undefined;
    if (/\s/.test(c)) return undefined;
  }
  return undefined;
}

/**
 * Where an unterminated swim string or block comment is taken to end: before
 * the next line that starts a top-level item, so one unclosed `>>` does not
 * turn the rest of the file into text. Without such a line, at `end`.
 */
export function recoveryEndAfter(text: string, from: number, end: number): number {
  // A line starts after `\n`, `\r\n` or a lone `\r` (docs/syntax-notes.md, line breaks).
  const lineBreak = /\r\n?|\n/g;
  lineBreak.lastIndex = from;
  for (let m = lineBreak.exec(text); m !== null && m.index < end; m = lineBreak.exec(text)) {
    const lineStart = m.index + m[0].length;
    if (lineStart > end) break;
    TOP_LEVEL_LINE.lastIndex = lineStart;
    if (TOP_LEVEL_LINE.test(text) && TOP_LEVEL_LINE.lastIndex <= end) return lineStart;
  }
  return end;
}

/**
 * The extent of a `"…"` or `'…'` string opening at `start` (one line; a grave
 * accent escapes the next character). An unterminated string ends at the end
 * of its line — or, for `url = "abc; }`, before a `;` followed on its line
 * only by closing braces or a comment, where it most likely was meant to end.
 * Returns where the content ends: the string is terminated when the quote is
 * there (before `end`), and then ends after it. (A number, not an object: once per string.)
 * `backslash.seen` is set when a backslash outside a grave escape was passed
 * (then the lexer looks for JSON escapes in it; without, it need not look).
 */
export function scanQuoted(text: string, start: number, end: number, backslash?: { seen: boolean }): number {
  const quote = text[start];
  let i = start + 1;
  while (i < end) {
    const ch = text[i]!;
    if (ch === '`' && i + 1 < end && text[i + 1] !== '\n' && text[i + 1] !== '\r') {
      i += 2;
      continue;
    }
    if (ch === '\\') {
      if (backslash) backslash.seen = true;
      // `\"` (a JSON habit) with another quote later on the line is an
      // escaped quote meant, not the end: the lexer reports it (NTF003).
      if (text[i + 1] === quote && quoteLaterOnLine(text, i + 2, end)) {
        i += 2;
        continue;
      }
    }
    if (ch === quote) return i;
    if (ch === '\n' || ch === '\r') break;
    i++;
  }
  const semi = text.lastIndexOf(';', i - 1);
  if (semi > start && /^;[\s}]*(#.*|\/\/.*)?$/.test(text.slice(semi, i))) i = semi;
  return i;
}

/**
 * After a `\"`: is it an escaped quote meant (a JSON habit) rather than the
 * end of the string? Yes when what follows cannot follow a string (a letter,
 * digit or quote right after it), or when ending the string here would leave
 * the rest of the line inside an unterminated string. Otherwise (`'\'], …`,
 * `"C:\dir\";`) the backslash is an ordinary character, as the contract says.
 */
function quoteLaterOnLine(text: string, from: number, end: number): boolean {
  const next = text[from];
  if (next !== undefined && /[\p{L}\p{N}_"'$]/u.test(next)) return true;
  let inside: string | undefined;
  for (let i = from; i < end; i++) {
    const ch = text[i]!;
    if (ch === '\n' || ch === '\r') break;
    if (inside) {
      if (ch === '`') i++;
      else if (ch === inside) inside = undefined;
    } else if (ch === '"' || ch === "'") inside = ch;
    else if (ch === '#' || (ch === '/' && text[i + 1] === '/')) break;
  }
  return inside !== undefined;
}

/** The first `\\` in `text` from `from` before `to`, else `to`. */
function nextBackslash(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && text.charCodeAt(i) !== 92) i++;
  return i;
}

/** JSON/C escapes and the grave-accent escape meant (spec: the grave accent is the escape). */
const JSON_ESCAPES: Readonly<Record<string, string>> = { '"': '`"', "'": "`'", n: '`n', t: '`t', r: '`r' };

const DURATION_UNITS = ['ms', 's', 'm', 'h', 'd'] as const;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function durationMs(raw: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(raw);
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : NaN;
}

/** PowerShell operators and the token each is read as (`-like`/`-match`: see `powerShellOperator`). */
const POWERSHELL_OPERATORS = new Map<string, readonly [TokenType, string]>([
  ['eq', [T.CompareOp, '==']], ['ieq', [T.CompareOp, '==']], ['ceq', [T.CompareOp, '==']],
  ['ne', [T.CompareOp, '!=']], ['gt', [T.CompareOp, '>']], ['lt', [T.CompareOp, '<']],
  ['ge', [T.CompareOp, '>=']], ['le', [T.CompareOp, '<=']],
  ['and', [T.AndOp, '&&']], ['or', [T.OrOp, '||']], ['not', [T.Bang, '!']],
  ['like', [T.CompareOp, '-like']], ['match', [T.CompareOp, '-match']],
]);

/** Characters that may start a value (or end a construct) where a value is expected; any other starts unquoted text. By char code (below 128). */
const VALUE_START_PUNCTUATION = new Uint8Array(128);
for (const c of '$@%([!"\'>-{}),;=<&|.:]') VALUE_START_PUNCTUATION[c.charCodeAt(0)] = 1;

/**
 * Of those, the ones that mean the same wherever they are (all but the
 * quotes, handled before, and `>` and `-`, which may start a swim string,
 * a negative number or a PowerShell operator where a value is expected):
 * the lexer reads them without asking what is expected.
 */
const POSITION_FREE = new Uint8Array(128);
for (const c of '$@%([!{}),;=<&|.:]') POSITION_FREE[c.charCodeAt(0)] = 1;

/** Token types that open or close brackets (`track` keeps the stack of open ones), indexed by `idx`. */
const MOVES_BRACKETS = new Uint8Array(T.ALL_TOKEN_TYPES.length);
for (const t of [T.LParen, T.ListOpen, T.MapOpen, T.LBracket, T.LCurly, T.RParen, T.RBracket, T.RCurly, T.Semi]) MOVES_BRACKETS[t.idx] = 1;

/** Token types after which a value is expected, indexed by `idx` (a byte read, not a hash lookup: once per token). */
const VALUE_AFTER = new Uint8Array(T.ALL_TOKEN_TYPES.length);
for (const t of [T.Eq, T.LParen, T.LBracket, T.ListOpen, T.Colon, T.OrOp, T.AndOp, T.Bang, T.CompareOp, T.When, T.Import, T.Notifier, T.Sample]) VALUE_AFTER[t.idx] = 1;

export class Lexer {
  readonly tokens: LexToken[] = [];
  readonly comments: Comment[] = [];
  readonly diagnostics: Diagnostic[] = [];
  pos: number;
  private readonly end: number;
  private readonly brackets: string[];
  private readonly stopAtTagClose: boolean;
  private readonly initial: 'value' | 'item';
  /** Set when lexing stopped at `%>`. */
  stoppedAtTagClose = false;
  /**
   * Set when a block comment or swim string was never closed and its end was
   * taken at recovery (`recoveryEndAfter`): a comment closer or the marker anywhere
   * later in a longer text would end it there instead.
   */
  recoveredUnclosed = false;
  /** What `scanQuoted` saw of backslashes in the last quoted string (one object per lexer, not per string). */
  private readonly backslash = { seen: false };

  constructor(
    readonly text: string,
    options: LexerOptions = {},
  ) {
    this.pos = options.start ?? 0;
    this.end = options.end ?? text.length;
    this.brackets = [...(options.openBrackets ?? [])];
    this.stopAtTagClose = options.stopAtTagClose ?? false;
    this.initial = options.initial ?? 'item';
  }

  /** How many brackets (`(`, `[`, `{`, `%(`, `@(`) are open after the last token. */
  get depth(): number {
    return this.brackets.length;
  }

  /** Lexes to the end (or to `%>`). */
  all(): LexToken[] {
    while (this.next()) {
      /* collect */
    }
    return this.tokens;
  }

  /** The next token, or undefined at the end. */
  next(): LexToken | undefined {
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.end) return undefined;
      if (this.stopAtTagClose && this.text.startsWith('%>', this.pos)) {
        this.stoppedAtTagClose = true;
        return undefined;
      }
      const t = this.scan();
      if (t) {
        this.tokens.push(t);
        // Most tokens move no bracket: no call for them.
        if (MOVES_BRACKETS[t.tokenType.idx] === 1) this.track(t);
        return t;
      }
    }
  }

  // ------------------------------------------------------------ context

  private expectation(): Expect {
    const prev = this.tokens[this.tokens.length - 1];
    if (!prev) return this.initial;
    const type = prev.tokenType;
    if (VALUE_AFTER[type.idx] === 1) return 'value';
    if (type === T.MapOpen) return 'key';
    if (type === T.On || type === T.For) return 'event';
    if (type === T.Comma) {
      const top = this.brackets[this.brackets.length - 1];
      if (top === '%(') return 'key';
      if (top === '(' || top === '[') return 'value';
      return 'event';
    }
    if (type === T.Dot) {
      const before = this.tokens[this.tokens.length - 2];
      return before && before.tokenType === T.Name && before.role === 'event' ? 'event' : 'member';
    }
    if (type === T.Semi || type === T.LCurly || type === T.RCurly) return 'item';
    return 'other';
  }

  private track(t: LexToken): void {
    const type = t.tokenType;
    if (type === T.LParen || type === T.ListOpen) this.brackets.push('(');
    else if (type === T.MapOpen) this.brackets.push('%(');
    else if (type === T.LBracket) this.brackets.push('[');
    else if (type === T.LCurly) this.brackets.push('{');
    else if (type === T.RParen || type === T.RBracket) {
      const top = this.brackets[this.brackets.length - 1];
      if (top !== undefined && top !== '{') this.brackets.pop();
    } else if (type === T.RCurly) {
      const i = this.brackets.lastIndexOf('{');
      // pop, not `length =`: setting an array's length is a runtime call, and this runs once per `}` and `;`
      if (i >= 0) while (this.brackets.length > i) this.brackets.pop();
    } else if (type === T.Semi) {
      // A statement ended: brackets left open in it are abandoned.
      const i = this.brackets.lastIndexOf('{');
      while (this.brackets.length > i + 1) this.brackets.pop();
    }
  }

  /**
   * A keyword where a key, event or member name was expected is still a
   * keyword when what follows shows it starts a new construct, so that
   * `%(a: 1,` or `on package.added,` left unfinished does not swallow the
   * next `notifier` or clause.
   */
  private keywordAfterAll(start: number, len: number, role: NameRole): boolean {
    let i = start + len;
    while (i < this.end && (this.text[i] === ' ' || this.text[i] === '\t')) i++;
    const next = this.text[i];
    if (role === 'key') return next !== ':';
    if (!this.firstOnLine(start)) return false;
    return role === 'member' || (next !== '.' && next !== ',' && next !== ';');
  }

  private firstOnLine(pos: number): boolean {
    let i = pos - 1;
    while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t')) i--;
    return i < 0 || this.text[i] === '\n' || this.text[i] === '\r';
  }

  // ------------------------------------------------------------ trivia

  private skipTrivia(): void {
    const text = this.text;
    const end = this.end;
    // Char codes, not one-character strings: this runs on every character between tokens.
    while (this.pos < end) {
      // Runs of white space with the position in a local (no property write per character).
      let pos = this.pos;
      let c = text.charCodeAt(pos);
      while (c <= 32 ? c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11 : c === 0xa0 || c === 0xfeff) {
        if (++pos >= end) {
          this.pos = pos;
          return;
        }
        c = text.charCodeAt(pos);
      }
      this.pos = pos;
      const slash = c === 47 /* / */ ? text.charCodeAt(this.pos + 1) : -1;
      if (c === 35 /* # */) {
        // `color = #ff0000;` is a color written without quotes, not a comment
        // that would swallow the rest of the line: read it as unquoted text.
        if (HEX_COLOR.test(text.slice(this.pos, this.pos + 10)) && this.expectation() === 'value') return;
      } else if (slash === 42 /* * */) {
        const start = this.pos;
        const close = text.indexOf('*/', start + 2);
        let commentEnd: number;
        if (close !== -1 && close + 2 <= end) {
          commentEnd = close + 2;
        } else {
          commentEnd = recoveryEndAfter(text, start, end);
          this.recoveredUnclosed = true;
          this.diagnostics.push(
            diagnostic('NTF002', { start, end: start + 2 }, 'This comment is never closed: add `*/` where it should end'),
          );
        }
        this.comments.push({ kind: 'Comment', span: { start, end: commentEnd }, style: '/*', text: text.slice(start, commentEnd) });
        this.pos = commentEnd;
        continue;
      } else if (slash !== 47) {
        return;
      }
      // A line comment (`#` or `//`) ends at the line break: `\n`, `\r\n` or a lone `\r`.
      const start = this.pos;
      let i = start;
      while (i < end) {
        const k = text.charCodeAt(i);
        if (k === 10 || k === 13) break;
        i++;
      }
      this.comments.push({ kind: 'Comment', span: { start, end: i }, style: c === 35 ? '#' : '//', text: text.slice(start, i) });
      this.pos = i;
    }
  }

  // ------------------------------------------------------------ tokens

  /** Every token gets the same fields in the same order (one object shape for the parser's hot paths). */
  private make(type: TokenType, start: number, end: number, str?: StringInfo, role?: NameRole, firstOnLine?: boolean, image?: string): LexToken {
    return {
      tokenType: type,
      image: image ?? this.text.slice(start, end),
      startOffset: start,
      end,
      str,
      role,
      firstOnLine,
    };
  }

  private error(span: Span, message: string): void {
    this.diagnostics.push(diagnostic('NTF001', span, message));
  }

  private scan(): LexToken | undefined {
    const text = this.text;
    const start = this.pos;
    // Dispatch on char codes (no one-character strings on the hot path).
    const k = text.charCodeAt(start);
    if (k === 34 /* " */) return this.quoted('"');
    if (k === 39 /* ' */) return this.quoted("'");
    const k2 = start + 1 < text.length ? text.charCodeAt(start + 1) : -1;
    // Punctuation that reads the same wherever it is (half the tokens): no need to know what is expected.
    if (k < 128 && POSITION_FREE[k] === 1) return this.punctuation(start, k, k2);
    const expect = this.expectation();
    const letter = (k | 32) >= 97 && (k | 32) <= 122;
    if (k === 45 /* - */ && k2 >= 97 && k2 <= 122) {
      const ps = this.powerShellOperator(start, expect);
      if (ps) return ps;
    }
    if (expect === 'value') {
      if (k === 62 /* > */) {
        const marker = swimMarkerAt(text, start, this.end);
        if (marker) return this.swim(marker);
      }
      if ((k >= 48 && k <= 57) || (k === 45 && k2 >= 48 && k2 <= 57)) return this.number();
      if (letter) {
        const len = nameLengthAt(text, start, this.end);
        const word = text.slice(start, start + len);
        const kw = T.KEYWORDS.get(word);
        if (kw === T.True || kw === T.False) return this.keyword(kw, start, len, word);
        if (kw && this.firstOnLine(start)) return this.keyword(kw, start, len, word);
        return this.unquoted();
      }
      if (k >= 128 || VALUE_START_PUNCTUATION[k] !== 1) return this.unquoted();
    }
    if (letter) {
      // One slice per word: the lookup, the keyword test and the token share it.
      const len = nameLengthAt(text, start, this.end);
      const word = text.slice(start, start + len);
      const kw = T.KEYWORDS.get(word);
      const role: NameRole = expect === 'event' ? 'event' : expect === 'member' ? 'member' : expect === 'key' ? 'key' : 'word';
      if (kw !== undefined && (role === 'word' || this.keywordAfterAll(start, len, role))) return this.keyword(kw, start, len, word);
      this.pos = start + len;
      return this.make(T.Name, start, start + len, undefined, role, undefined, word);
    }
    if (k >= 48 && k <= 57) return this.number();
    return this.punctuation(start, k, k2);
  }

  /** Sigils, operators and brackets; anything else is an unexpected character. */
  private punctuation(start: number, k: number, k2: number): LexToken | undefined {
    const text = this.text;
    if (k === 36 /* $ */ || k === 64 /* @ */ || k === 37 /* % */) return this.sigil();

    if (k === 124 /* | */ && k2 === 124) return this.punct(T.OrOp, 2, '||');
    if (k === 38 /* & */ && k2 === 38) return this.punct(T.AndOp, 2, '&&');
    if (k2 === 61 /* = */) {
      if (k === 61) return this.punct(T.CompareOp, 2, '==');
      if (k === 33) return this.punct(T.CompareOp, 2, '!=');
      if (k === 60) return this.punct(T.CompareOp, 2, '<=');
      if (k === 62) return this.punct(T.CompareOp, 2, '>=');
    }
    switch (k) {
      case 60:
        return this.punct(T.CompareOp, 1, '<');
      case 62:
        return this.punct(T.CompareOp, 1, '>');
      case 33:
        return this.punct(T.Bang, 1, '!');
      case 61:
        return this.punct(T.Eq, 1, '=');
      case 46:
        return this.punct(T.Dot, 1, '.');
      case 44:
        return this.punct(T.Comma, 1, ',');
      case 59:
        return this.punct(T.Semi, 1, ';');
      case 58:
        return this.punct(T.Colon, 1, ':');
      case 123:
        return this.punct(T.LCurly, 1, '{');
      case 125:
        return this.punct(T.RCurly, 1, '}');
      case 40:
        return this.punct(T.LParen, 1, '(');
      case 41:
        return this.punct(T.RParen, 1, ')');
      case 91:
        return this.punct(T.LBracket, 1, '[');
      case 93:
        return this.punct(T.RBracket, 1, ']');
    }
    const tail = start > 0 && isNameCode(text.charCodeAt(start - 1)) ? nonAsciiNameTailAt(text, start, this.end) : 0;
    if (tail > 0) {
      let from = start;
      while (from > 0 && isNameCode(text.charCodeAt(from - 1))) from--;
      if (from > 0 && /[$@%]/.test(text[from - 1]!)) from--;
      this.error({ start, end: start + tail }, nonAsciiNameMessage(text.slice(from, start), text.slice(start, start + tail), false));
      this.pos = start + tail;
      return undefined;
    }
    const c = text[start]!;
    // Skip one whole code point so a surrogate pair is reported once.
    const cp = text.codePointAt(start)!;
    const width = cp > 0xffff ? 2 : 1;
    const shown = c === '`' ? 'the grave accent `` ` ``' : `\`${String.fromCodePoint(cp)}\``;
    this.error({ start, end: start + width }, `Unexpected character ${shown}`);
    this.pos = start + width;
    return undefined;
  }

  /**
   * A PowerShell comparison or logical operator (`-eq`, `-and`, `-not`, …),
   * a habit from ProGet's and CIPP's scripts: one NTF001 with the fix, and
   * the token read as the operator meant so the rest of the condition, and
   * of the file, is still checked. `-like`/`-match` keep their image: the
   * parser rewrites the whole comparison into `$Matches`/`$MatchesRegex`.
   */
  private powerShellOperator(start: number, expect: Expect): LexToken | undefined {
    const text = this.text;
    const len = nameLengthAt(text, start + 1, this.end);
    const word = text.slice(start + 1, start + 1 + len).toLowerCase();
    const meant = POWERSHELL_OPERATORS.get(word);
    if (!meant) return undefined;
    // Only `-not` can start an operand; the others follow one.
    if ((expect === 'value') !== (word === 'not')) return undefined;
    const end = start + 1 + len;
    const span = { start, end };
    this.pos = end;
    const [type, image] = meant;
    if (image !== '-like' && image !== '-match') {
      this.diagnostics.push(
        diagnostic('NTF001', span, `\`${text.slice(start, end)}\` is PowerShell; in Notify write \`${image}\``, {
          fixes: [{ title: `Write \`${image}\``, edits: [{ span, newText: image }], preferred: true }],
        }),
      );
    }
    return { ...this.make(type, start, end), image };
  }

  /** `image` is the punctuation's own constant text: no slice of the source per token. */
  private punct(type: TokenType, len: number, image: string): LexToken {
    const start = this.pos;
    this.pos += len;
    return { tokenType: type, image, startOffset: start, end: start + len, str: undefined, role: undefined, firstOnLine: undefined };
  }

  private keyword(type: TokenType, start: number, len: number, word: string): LexToken {
    this.pos = start + len;
    return this.make(type, start, start + len, undefined, undefined, this.firstOnLine(start), word);
  }

  private number(): LexToken {
    const text = this.text;
    const start = this.pos;
    let i = start;
    if (text.charCodeAt(i) === 45 /* - */) i++;
    while (i < this.end && isDigitCode(text.charCodeAt(i))) i++;
    let integer = true;
    if (text.charCodeAt(i) === 46 /* . */ && isDigitCode(text.charCodeAt(i + 1))) {
      integer = false;
      i++;
      while (i < this.end && isDigitCode(text.charCodeAt(i))) i++;
    }
    if ((text[i] === 'e' || text[i] === 'E') && /[0-9+-]/.test(text[i + 1] ?? '')) {
      let j = i + 1;
      if (text[j] === '+' || text[j] === '-') j++;
      if (isDigit(text[j] ?? '')) {
        integer = false;
        i = j;
        while (i < this.end && isDigit(text[i]!)) i++;
      }
    }
    // A unit directly after the digits makes a duration.
    let j = i;
    while (j < this.end && isLetterCode(text.charCodeAt(j))) j++;
    if (j > i) {
      const unit = text.slice(i, j);
      const isUnit = (DURATION_UNITS as readonly string[]).includes(unit);
      if (isUnit && integer && text[start] !== '-') {
        this.pos = j;
        return this.make(T.DurationLit, start, j);
      }
      this.error(
        { start, end: j },
        isUnit
          ? `A duration is a whole number and a unit, e.g. \`10s\`; \`${text.slice(start, j)}\` is not one`
          : `Unknown unit \`${unit}\` in \`${text.slice(start, j)}\`: durations use ms, s, m, h or d (e.g. \`250ms\`, \`10s\`, \`5m\`)`,
      );
      this.pos = j;
      return this.make(T.NumberLit, start, i);
    }
    // A number is a JSON number (LANGUAGE.md 1): no leading zero, and one that a double holds.
    const image = text.slice(start, i);
    if (/^-?0\d/.test(image)) this.error({ start, end: i }, `A number has no leading zero (as in JSON): write \`${image.replace(/^(-?)0+(?=\d)/, '$1')}\``);
    else if (!Number.isFinite(Number(image))) this.error({ start, end: i }, `\`${image}\` is too large for a number (the largest is about 1.8e308)`);
    this.pos = i;
    return this.make(T.NumberLit, start, i);
  }

  private sigil(): LexToken | undefined {
    const text = this.text;
    const start = this.pos;
    const c = text[start]!;
    const next = text[start + 1];
    if (next === '(' && (c === '@' || c === '%')) {
      this.pos = start + 2;
      return this.make(c === '@' ? T.ListOpen : T.MapOpen, start, start + 2);
    }
    if (next === '{') {
      const nameLen = nameLengthAt(text, start + 2, this.end);
      const close = start + 2 + nameLen;
      if (nameLen > 0 && text[close] === '}') {
        this.pos = close + 1;
        return this.make(T.Variable, start, close + 1);
      }
      this.error({ start, end: start + 2 }, `Expected a name and '}' after \`${c}{\`, e.g. \`${c}{PackageId}\``);
      this.pos = start + 2 + nameLen + (text[close] === '}' ? 1 : 0);
      return undefined;
    }
    const nameLen = nameLengthAt(text, start + 1, this.end);
    if (nameLen > 0) {
      const end = start + 1 + nameLen;
      this.pos = end;
      return this.make(text[end] === '(' ? T.FuncName : T.Variable, start, end);
    }
    if (c === '$' && next === '(') {
      this.error({ start, end: start + 2 }, '`$(…)` is only used inside strings; in code write the expression itself');
      this.pos = start + 1;
      return undefined;
    }
    this.error({ start, end: start + 1 }, `Expected a name after \`${c}\`, e.g. \`${c}PackageId\``);
    this.pos = start + 1;
    return undefined;
  }

  private quoted(quote: '"' | "'"): LexToken {
    const start = this.pos;
    const backslash = this.backslash;
    backslash.seen = false;
    const contentEnd = scanQuoted(this.text, start, this.end, backslash);
    const terminated = contentEnd < this.end && this.text[contentEnd] === quote;
    const end = terminated ? contentEnd + 1 : contentEnd;
    if (!terminated) {
      this.diagnostics.push(
        diagnostic('NTF002', { start, end: start + 1 }, `This string is never closed: add the closing ${quote} on the same line (use a swim string \`>>\` … \`>>\` for text over several lines)`),
      );
    }
    this.pos = end;
    // A backslash only a grave escapes is no JSON escape: without another, no second pass over the string.
    if (backslash.seen) this.jsonEscapes(start + 1, contentEnd, quote);
    const str: StringInfo = { quote, contentStart: start + 1, contentEnd, textStart: start + 1, terminated };
    return this.make(T.StringLit, start, end, str);
  }

  /**
   * `\"`, `\n`, `\t`, `\r` in a quoted string: the JSON habit where Notify's
   * escape is the grave accent. One NTF003 each, with the fix. A string that
   * is a regular expression (an argument of a `…Regex` function) keeps its
   * backslashes: there they mean what they say.
   */
  private jsonEscapes(from: number, to: number, quote: string): void {
    const text = this.text;
    // Searched within the string only: `indexOf` would run on to the next backslash anywhere in the file.
    let i = nextBackslash(text, from, to);
    if (i >= to) return;
    // Regular expressions and Windows paths (`C:\new`, `\\server\share`) mean their backslashes.
    const content = text.slice(from, to);
    const regex = this.inRegexCall() || /^[A-Za-z]:\\|\\\\|[A-Za-z]:\\/.test(content);
    for (; i < to - 1; i = nextBackslash(text, i + 2, to)) {
      const next = text[i + 1]!;
      if (text[i - 1] === '`') continue;
      if (next === '\\') { i++; continue; }
      const meant = JSON_ESCAPES[next];
      if (!meant || (regex && next !== quote)) continue;
      if ((next === '"' || next === "'") && next !== quote) continue;
      const span = { start: i, end: i + 2 };
      this.diagnostics.push(
        diagnostic('NTF003', span, `\`\\${next}\` is a JSON escape; in Notify strings the escape is the grave accent: write \`\` ${meant} \`\``, {
          fixes: [{ title: `Write \`${meant}\``, edits: [{ span, newText: meant }], preferred: true }],
        }),
      );
    }
  }

  /** The string being lexed is an argument of `$MatchesRegex`/`$RegexReplace`. */
  private inRegexCall(): boolean {
    let depth = 0;
    for (let k = this.tokens.length - 1; k >= 0 && k >= this.tokens.length - 64; k--) {
      const t = this.tokens[k]!;
      if (t.tokenType === T.RParen) depth++;
      else if (t.tokenType === T.LParen) {
        if (depth === 0) {
          const fn = this.tokens[k - 1];
          return fn !== undefined && /regex/i.test(fn.image);
        }
        depth--;
      } else if (t.tokenType === T.Semi || t.tokenType === T.LCurly) return false;
    }
    return false;
  }

  private swim(marker: string): LexToken {
    const text = this.text;
    const start = this.pos;
    const contentStart = start + marker.length;
    // The next marker not escaped by a grave, found with indexOf (strings in strings are lexed
    // once per level, so this runs over the same text many times).
    let i = contentStart;
    let close = -1;
    let at = text.indexOf(marker, i);
    while (at !== -1 && at + marker.length <= this.end) {
      // Only the stretch before the marker: indexOf would scan the rest of the file for a
      // grave that may not exist, once per swim string (quadratic on a large file).
      let grave = -1;
      for (let k = i; k < at; k++) {
        if (text.charCodeAt(k) === 96 /* ` */) {
          grave = k;
          break;
        }
      }
      if (grave !== -1) {
        // A grave escapes the character after it.
        i = grave + 2;
        if (at < i) at = text.indexOf(marker, i);
        continue;
      }
      close = at;
      break;
    }
    let contentEnd: number;
    let end: number;
    if (close >= 0) {
      contentEnd = close;
      end = close + marker.length;
    } else {
      contentEnd = end = recoveryEndAfter(text, start, this.end);
      this.recoveredUnclosed = true;
      this.diagnostics.push(
        diagnostic('NTF002', { start, end: contentStart }, `This swim string is never closed: add the closing marker \`${marker}\``),
      );
    }
    // Heredoc behaviour: the line break right after the opening marker is not part of the text.
    let textStart = contentStart;
    // (`\n`, `\r\n` or a lone `\r`: one rule for line breaks, docs/syntax-notes.md).
    if (text[textStart] === '\r' && text[textStart + 1] === '\n' && textStart + 2 <= contentEnd) textStart += 2;
    else if ((text[textStart] === '\n' || text[textStart] === '\r') && textStart + 1 <= contentEnd) textStart += 1;
    this.pos = end;
    const str: StringInfo = { quote: 'swim', marker, contentStart, contentEnd, textStart, terminated: close >= 0 };
    return this.make(T.StringLit, start, end, str);
  }

  /**
   * Bare words where a value is expected run to the next `;`, `,`, `)`, `}`,
   * `{`, line end, logical/equality operator or comment, and are one token.
   */
  private unquoted(): LexToken {
    const text = this.text;
    const start = this.pos;
    let i = start;
    while (i < this.end) {
      const ch = text[i]!;
      if (ch === ';' || ch === ',' || ch === ')' || ch === '}' || ch === '{' || ch === '\n' || ch === '\r') break;
      const two = text.slice(i, i + 2);
      if (i > start && (two === '==' || two === '!=' || two === '&&' || two === '||')) break;
      if (i > start && /\s/.test(text[i - 1]!) && (ch === '#' || two === '//' || two === '/*')) break;
      if (this.stopAtTagClose && two === '%>') break;
      i++;
    }
    let end = i;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end === start) end = start + 1;
    this.pos = end;
    return this.make(T.Unquoted, start, end);
  }
}

export function lex(text: string, options: LexerOptions = {}): Lexer {
  const lexer = new Lexer(text, options);
  lexer.all();
  return lexer;
}
