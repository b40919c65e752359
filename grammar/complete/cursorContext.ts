/**
 * What the user is typing at a cursor, read from the tokens *before* it.
 *
 * The parser sees the whole text and recovers from errors as a whole-file
 * parser must: an unclosed channel block followed by another notifier is
 * closed where the next item starts, and an unclosed call inside a string is
 * cut at the string's end. For completion and signature help that is the
 * wrong question: what matters is what is open at the cursor. This scan
 * lexes from the start of the top-level item under the cursor up to the
 * cursor and keeps every block, call, map and string that is not closed
 * before it open. Pure: no LSP types, no I/O.
 */
import type { Sigil } from '../syntax/ast';
import { Lexer, nameLengthAt } from '../syntax/lexer';
import { TT as T } from '../syntax/tokenTypes';
import type { LexToken } from '../syntax/tokenTypes';

/** A construct open at the cursor. Offsets are the text's. */
export type Frame =
  | { readonly kind: 'top' }
  | { readonly kind: 'header'; readonly item: 'notifier' | 'sample' | 'import'; readonly start: number }
  | { readonly kind: 'notifier'; readonly start: number }
  | { readonly kind: 'sample'; readonly start: number; readonly event?: string; readonly set: string[] }
  | { readonly kind: 'channel'; readonly channel: string; readonly start: number; readonly set: string[] }
  | { readonly kind: 'on'; readonly start: number; readonly listed: string[] }
  | { readonly kind: 'when'; readonly start: number }
  | { readonly kind: 'property'; readonly name: string; readonly start: number }
  | { readonly kind: 'assignment'; readonly variable: string; readonly start: number }
  | { readonly kind: 'call'; readonly name: string; readonly sigil: Sigil; readonly start: number; argIndex: number }
  | { readonly kind: 'list' | 'paren' | 'index'; readonly start: number; argIndex: number }
  | {
      readonly kind: 'map';
      readonly start: number;
      /** Keys written before the cursor, lower-cased, with the text of a constant string value. */
      readonly entries: Map<string, string | undefined>;
      /** The key whose value the cursor is in (after its `:`). */
      key?: string;
    }
  | { readonly kind: 'string'; readonly start: number; readonly contentStart: number; readonly quote: '"' | "'" | 'swim' }
  | { readonly kind: 'interpolation'; readonly start: number }
  | { readonly kind: 'tag'; readonly tag: 'if' | 'foreach' | 'close'; readonly start: number };

/**
 * What is expected at the cursor:
 * - `item`, `clause`, `property`, `assignment`: the start of a statement at the top level, in a
 *   notifier, in a channel block, in a sample;
 * - `value`: an operand (after `=`, `(`, `,`, `:`, an operator, `when`);
 * - `operator`: after a complete operand;
 * - `key`: a map key; `event`: an event name; `member`: after `.`;
 * - `text`: string text; `tag`: right after `<%` in a string;
 * - `comment`: in a comment; `none`: anything else (a name after `notifier`, …).
 */
export type Expect = 'item' | 'clause' | 'property' | 'assignment' | 'value' | 'operator' | 'key' | 'event' | 'member' | 'text' | 'tag' | 'comment' | 'none';

export interface CursorContext {
  readonly offset: number;
  /** Open constructs, outermost first; the first is always `top`. */
  readonly frames: readonly Frame[];
  readonly expect: Expect;
  /** The word the cursor is in or at the end of (a name, keyword, variable): completion replaces it. */
  readonly word?: { readonly start: number; readonly text: string };
  /** The variable on the left of the comparison the cursor is the right side of (`$Score >= ‸` → `Score`). */
  readonly comparedWith?: string;
}

const BLOCKS = new Set<Frame['kind']>(['top', 'notifier', 'sample', 'channel']);
/** How many frames from the bottom may be blocks: `top`, then a notifier or sample, then a channel. */
const BLOCK_PLACES = 3;
const EXPRESSIONS = new Set<Frame['kind']>(['call', 'list', 'paren', 'index', 'map']);
const WORDS = new Set([T.Name, T.Variable, T.FuncName, T.Unquoted, T.NumberLit, T.DurationLit, T.True, T.False, T.Import, T.Notifier, T.On, T.When, T.Sample, T.For, T.ChannelKw]);
const OPERAND_END = new Set([T.Variable, T.StringLit, T.NumberLit, T.DurationLit, T.True, T.False, T.Unquoted, T.RParen, T.RBracket]);

/** Thrown to stop scanning as soon as the cursor is reached. */
class Reached {
  constructor(readonly context: CursorContext) {}
}

/**
 * The context at `offset` in `text`, scanning from `from` (the start of the
 * top-level item the cursor is in; 0 scans the whole prefix).
 */
export function cursorContext(text: string, offset: number, from = 0): CursorContext {
  const scan = new Scan(text, offset);
  try {
    scan.code(from, text.length, 'item', []);
    return scan.at(scan.last, undefined);
  } catch (e) {
    if (e instanceof Reached) return e.context;
    throw e;
  }
}

interface State {
  expect: Expect;
  /** A channel keyword, property name or sample variable waiting for its `{` / `=`. */
  pending?: { kind: 'channel' | 'property' | 'assignment' | 'call'; name: string; sigil?: Sigil };
  /** Set right after a comparison operator whose left side is a variable. */
  compared?: string;
}

class Scan {
  readonly frames: Frame[] = [{ kind: 'top' }];

  constructor(
    private readonly text: string,
    private readonly offset: number,
  ) {}

  top(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  at(state: State, word: CursorContext['word']): CursorContext {
    return { offset: this.offset, frames: [...this.frames], expect: state.expect, word, comparedWith: state.compared };
  }

  /** The state of the innermost code region scanned last (for a cursor past the end of the text). */
  last: State = { expect: 'item' };

  /**
   * Where a statement starts in the innermost block. Block frames only ever
   * sit at the bottom three places (BLOCK_PLACES): an item cuts the frames
   * back to `top`, its notifier or sample replaces its header at 1, and a
   * channel opens only right inside the notifier, at 2. So the innermost
   * block is found there, however many unclosed brackets are above it (a
   * walk down from the top was quadratic in them).
   */
  statementStart(): Expect {
    for (let i = Math.min(this.frames.length, BLOCK_PLACES) - 1; i >= 0; i--) {
      const f = this.frames[i]!;
      if (f.kind === 'top') return 'item';
      if (f.kind === 'notifier') return 'clause';
      if (f.kind === 'channel') return 'property';
      if (f.kind === 'sample') return 'assignment';
    }
    return 'item';
  }

  /** Pops frames above `base` until `keep` says stop. */
  popUntil(base: number, keep: (f: Frame) => boolean): void {
    while (this.frames.length > base && !keep(this.top())) this.frames.pop();
  }

  /**
   * Scans code from `start` to `end`. `base` is the number of frames that
   * belong to the caller (a string's `$(…)` never closes the notifier around
   * it). Returns where the code region ended (a closing bracket of
   * `openBrackets`, `%>`, or `end`).
   */
  code(start: number, end: number, initial: 'item' | 'value', openBrackets: string[], region: 'block' | 'brackets' | 'tag' = 'block'): number {
    const stopAtTagClose = region === 'tag';
    const base = this.frames.length;
    const lexer = new Lexer(this.text, { start, end, initial, openBrackets, stopAtTagClose });
    const top = this.top();
    const declaring = top.kind === 'tag' && top.tag === 'foreach';
    const state: State = { expect: initial === 'item' ? this.statementStart() : declaring ? 'none' : 'value' };
    this.last = state;
    let depth = openBrackets.length;
    let prev: LexToken | undefined;
    for (;;) {
      const t = lexer.next();
      // comments the lexer skipped on the way
      for (const c of lexer.comments.splice(0)) {
        const lineComment = c.style !== '/*';
        if (c.span.start < this.offset && (this.offset < c.span.end || (this.offset === c.span.end && (lineComment || !c.text.endsWith('*/'))))) {
          throw new Reached({ offset: this.offset, frames: [...this.frames], expect: 'comment' });
        }
      }
      if (!t || t.startOffset >= this.offset) {
        if (!t && lexer.pos < this.offset && lexer.stoppedAtTagClose) return lexer.pos;
        if (!t && end < this.offset) return end;
        throw new Reached(this.at(state, undefined));
      }
      // the cursor is in this token or at its end
      // a name the lexer ended before a trailing `_` or `-` (`content_‸`) is still the word being typed
      const wordTail = WORDS.has(t.tokenType) && t.end < this.offset && /^[_-]+$/.test(this.text.slice(t.end, this.offset));
      const unclosedString = t.tokenType === T.StringLit && t.str !== undefined && !t.str.terminated;
      if (t.end > this.offset || (t.end === this.offset && (WORDS.has(t.tokenType) || unclosedString)) || wordTail) {
        if (t.tokenType === T.StringLit && t.str) {
          const s = t.str;
          const inContent = this.offset >= s.contentStart && (this.offset < s.contentEnd || (this.offset === s.contentEnd && (s.terminated ? t.end > this.offset : true)));
          if (inContent) {
            this.frames.push({ kind: 'string', start: t.startOffset, contentStart: s.contentStart, quote: s.quote });
            this.template(s.textStart, s.contentEnd);
          }
          throw new Reached(this.at({ expect: 'none' }, undefined));
        }
        if (WORDS.has(t.tokenType)) {
          // an unquoted run (`when foo bar`) contributes only its last word
          let wordStart = t.startOffset;
          if (t.tokenType === T.Unquoted) {
            wordStart = this.offset;
            while (wordStart > t.startOffset && /[A-Za-z0-9_-]/.test(this.text[wordStart - 1]!)) wordStart--;
          } else if (t.tokenType === T.Variable || t.tokenType === T.FuncName) {
            wordStart = t.startOffset;
          }
          // a word directly after a statement keyword's position is typed as that statement
          throw new Reached(this.at(state, { start: wordStart, text: this.text.slice(wordStart, this.offset) }));
        }
        // inside a two-character operator (`&‸&`): what was expected before it
        if (t.end > this.offset) throw new Reached(this.at(state, undefined));
      }
      depth = this.apply(t, prev, state, base, depth);
      prev = t;
      if (region === 'brackets' && depth === 0 && (t.tokenType === T.RParen || t.tokenType === T.RBracket)) {
        this.popUntil(base, () => false);
        return t.end;
      }
    }
  }

  /** Updates frames and the expectation for one token before the cursor. Returns the bracket depth of the region. */
  private apply(t: LexToken, prev: LexToken | undefined, state: State, base: number, depth: number): number {
    const type = t.tokenType;
    const top = this.top();
    const atStatement = state.expect === 'item' || state.expect === 'clause' || state.expect === 'property' || state.expect === 'assignment';
    const pending = state.pending;
    state.pending = undefined;
    state.compared = undefined;
    const inRegion = base > 1; // inside a string's code
    if (!inRegion && (type === T.Notifier || type === T.Sample || type === T.Import) && (atStatement || t.firstOnLine)) {
      // a new top-level item: whatever was left open before it is abandoned
      this.frames.length = 1;
      this.frames.push({ kind: 'header', item: type === T.Notifier ? 'notifier' : type === T.Sample ? 'sample' : 'import', start: t.startOffset });
      state.expect = type === T.Import ? 'value' : 'none';
      return depth;
    }
    if (!inRegion && (type === T.ChannelKw || type === T.On || type === T.When) && (atStatement || t.firstOnLine)) {
      // a notifier's frame is at 1 if there is one (see statementStart)
      const notifier = this.frames[1]?.kind === 'notifier' ? 1 : -1;
      if (notifier >= 0) {
        this.frames.length = notifier + 1;
        if (type === T.ChannelKw) {
          state.pending = { kind: 'channel', name: t.image };
          state.expect = 'none';
        } else if (type === T.On) {
          this.frames.push({ kind: 'on', start: t.startOffset, listed: [] });
          state.expect = 'event';
        } else {
          this.frames.push({ kind: 'when', start: t.startOffset });
          state.expect = 'value';
        }
        return depth;
      }
    }
    switch (type) {
      case T.Semi:
        if (inRegion) {
          state.expect = 'value';
          return depth;
        }
        this.popUntil(base, (f) => BLOCKS.has(f.kind));
        state.expect = this.statementStart();
        return depth;
      case T.LCurly: {
        if (inRegion) {
          state.expect = 'none';
          return depth;
        }
        if (top.kind === 'header' && top.item !== 'import') {
          this.frames.pop();
          if (top.item === 'notifier') this.frames.push({ kind: 'notifier', start: t.startOffset });
          else this.frames.push({ kind: 'sample', start: t.startOffset, event: this.sampleEvent(top.start, t.startOffset), set: [] });
        } else if (pending?.kind === 'channel') {
          this.frames.push({ kind: 'channel', channel: pending.name, start: t.startOffset, set: [] });
        }
        state.expect = this.statementStart();
        return depth;
      }
      case T.RCurly: {
        if (inRegion) {
          state.expect = 'none';
          return depth;
        }
        this.popUntil(base, (f) => BLOCKS.has(f.kind));
        if (this.frames.length > 1) this.frames.pop();
        state.expect = this.statementStart();
        return depth;
      }
      case T.Name: {
        if (top.kind === 'channel' && atStatement) {
          top.set.push(t.image);
          state.pending = { kind: 'property', name: t.image };
          state.expect = 'none';
        } else if (top.kind === 'on' && state.expect === 'event') {
          top.listed.push(this.eventAt(t));
          state.expect = 'operator';
        } else if (top.kind === 'map' && state.expect === 'key') {
          state.pending = { kind: 'property', name: t.image };
          state.expect = 'none';
        } else if (top.kind === 'tag' && t.image === 'in') {
          state.expect = 'value';
        } else if (top.kind === 'tag' && (t.image === 'if' || t.image === 'else')) {
          state.expect = t.image === 'if' ? 'value' : 'none';
        } else {
          state.expect = state.expect === 'member' ? 'operator' : 'none';
        }
        return depth;
      }
      case T.Variable:
        if (top.kind === 'tag' && top.tag === 'foreach' && prev === undefined) {
          // `<% foreach %p in …`: `%p` is declared here
          state.expect = 'none';
        } else if (top.kind === 'sample' && atStatement) {
          state.pending = { kind: 'assignment', name: t.image.replace(/^[$@%]\{?|\}$/g, '') };
          top.set.push(state.pending.name);
          state.expect = 'none';
        } else state.expect = 'operator';
        return depth;
      case T.FuncName:
        state.pending = { kind: 'call', name: t.image.slice(1), sigil: t.image[0] as Sigil };
        state.expect = 'none';
        return depth;
      case T.Eq:
        if (pending?.kind === 'property' && top.kind === 'channel') this.frames.push({ kind: 'property', name: pending.name, start: t.startOffset });
        else if (pending?.kind === 'assignment' && top.kind === 'sample') this.frames.push({ kind: 'assignment', variable: pending.name, start: t.startOffset });
        state.expect = 'value';
        return depth;
      case T.Colon:
        if (top.kind === 'map' && pending?.kind === 'property') top.key = pending.name.toLowerCase();
        if (top.kind === 'map' && top.key !== undefined) top.entries.set(top.key, undefined);
        state.expect = 'value';
        return depth;
      case T.LParen:
        if (pending?.kind === 'call') this.frames.push({ kind: 'call', name: pending.name, sigil: pending.sigil!, start: t.startOffset, argIndex: 0 });
        else this.frames.push({ kind: 'paren', start: t.startOffset, argIndex: 0 });
        state.expect = 'value';
        return depth + 1;
      case T.ListOpen:
        this.frames.push({ kind: 'list', start: t.startOffset, argIndex: 0 });
        state.expect = 'value';
        return depth + 1;
      case T.LBracket:
        this.frames.push({ kind: 'index', start: t.startOffset, argIndex: 0 });
        state.expect = 'value';
        return depth + 1;
      case T.MapOpen:
        this.frames.push({ kind: 'map', start: t.startOffset, entries: new Map() });
        state.expect = 'key';
        return depth + 1;
      case T.RParen:
      case T.RBracket: {
        // close the innermost expression frame (what the lexer does with its bracket stack)
        for (let i = this.frames.length - 1; i >= base; i--) {
          const f = this.frames[i]!;
          if (EXPRESSIONS.has(f.kind)) {
            this.frames.length = i;
            break;
          }
          if (!['property', 'assignment', 'when', 'on'].includes(f.kind)) break;
        }
        state.expect = 'operator';
        return Math.max(0, depth - 1);
      }
      case T.Comma: {
        if (top.kind === 'call' || top.kind === 'list' || top.kind === 'paren' || top.kind === 'index') {
          top.argIndex++;
          state.expect = 'value';
        } else if (top.kind === 'map') {
          top.key = undefined;
          state.expect = 'key';
        } else if (top.kind === 'on') state.expect = 'event';
        else state.expect = 'value';
        return depth;
      }
      case T.Dot:
        state.expect = top.kind === 'on' || (top.kind === 'header' && top.item === 'sample') ? 'event' : 'member';
        if (state.expect === 'event' && top.kind === 'on' && top.listed.length) top.listed.pop();
        return depth;
      case T.For:
        state.expect = 'event';
        return depth;
      case T.StringLit:
        if (top.kind === 'map' && top.key !== undefined && t.str?.terminated) top.entries.set(top.key, this.text.slice(t.str.contentStart, t.str.contentEnd));
        state.expect = top.kind === 'header' ? 'none' : 'operator';
        return depth;
      case T.CompareOp:
        if (prev?.tokenType === T.Variable) state.compared = prev.image.replace(/^[$@%]\{?|\}$/g, '');
        state.expect = 'value';
        return depth;
      case T.OrOp:
      case T.AndOp:
      case T.Bang:
        state.expect = 'value';
        return depth;
      default:
        state.expect = OPERAND_END.has(type) ? 'operator' : 'none';
        return depth;
    }
  }

  /** The event name of `sample "…" for a.b {` (text between `for` and `{`). */
  private sampleEvent(start: number, end: number): string | undefined {
    const m = /\bfor\s+([A-Za-z0-9_.-]+)\s*$/.exec(this.text.slice(start, end));
    return m?.[1];
  }

  /** The whole dotted event name a Name token of an `on` list starts or continues. */
  private eventAt(t: LexToken): string {
    let s = t.startOffset;
    while (s > 0 && /[A-Za-z0-9_.-]/.test(this.text[s - 1]!)) s--;
    return this.text.slice(s, t.end);
  }

  /** String text from `start` to `end`: `$…`, `$(…)`, `$F(…)` and template tags. */
  template(start: number, end: number): void {
    const text = this.text;
    const limit = Math.min(end, this.offset);
    let i = start;
    const reachedText = () => new Reached(this.at({ expect: 'text' }, undefined));
    while (i < limit) {
      const c = text[i]!;
      if (c === '`') {
        i += 2;
        continue;
      }
      if (c === '$') {
        const next = text[i + 1];
        if (next === '(') {
          this.frames.push({ kind: 'interpolation', start: i });
          i = this.code(i + 2, end, 'value', ['('], 'brackets');
          this.frames.pop();
          continue;
        }
        if (next === '{') {
          const len = nameLengthAt(text, i + 2, end);
          if (i + 2 + len >= this.offset) throw new Reached(this.at({ expect: 'text' }, { start: i, text: text.slice(i, this.offset) }));
          i += 2 + len + (text[i + 2 + len] === '}' ? 1 : 0);
          continue;
        }
        const len = nameLengthAt(text, i + 1, end);
        if (len > 0 && text[i + 1 + len] === '(' && i + 1 + len < end && i + 1 + len < this.offset) {
          this.frames.push({ kind: 'interpolation', start: i });
          i = this.code(i, end, 'value', [], 'brackets');
          this.frames.pop();
          continue;
        }
        if (i + 1 + len >= this.offset) throw new Reached(this.at({ expect: 'text' }, { start: i, text: text.slice(i, this.offset) }));
        i += 1 + len;
        continue;
      }
      if (c === '<' && text[i + 1] === '%' && i + 2 <= this.offset) {
        let j = i + 2;
        while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
        const typed = /^[A-Za-z]*/.exec(text.slice(j, this.offset))![0];
        if (this.offset <= j || j + typed.length === this.offset) throw new Reached(this.at({ expect: 'tag' }, { start: i, text: text.slice(i, this.offset) }));
        if (text[j] === '}') {
          this.frames.push({ kind: 'tag', tag: 'close', start: i });
          i = this.code(j + 1, end, 'value', [], 'tag');
          this.frames.pop();
          i = text.startsWith('%>', i) ? i + 2 : i;
          continue;
        }
        const kw = /^(if|foreach)(?![A-Za-z0-9_-])/.exec(text.slice(j, j + 8))?.[1] as 'if' | 'foreach' | undefined;
        if (kw) {
          this.frames.push({ kind: 'tag', tag: kw, start: i });
          i = this.code(j + kw.length, end, 'value', [], 'tag');
          this.frames.pop();
          i = text.startsWith('%>', i) ? i + 2 : i;
          continue;
        }
        i += 2;
        continue;
      }
      i++;
    }
    throw reachedText();
  }
}

/** The innermost frame of a kind. */
export function frameOf<K extends Frame['kind']>(ctx: CursorContext, kind: K): Extract<Frame, { kind: K }> | undefined {
  for (let i = ctx.frames.length - 1; i >= 0; i--) if (ctx.frames[i]!.kind === kind) return ctx.frames[i] as Extract<Frame, { kind: K }>;
  return undefined;
}

/** The innermost frame, skipping none. */
export function innerFrame(ctx: CursorContext): Frame {
  return ctx.frames[ctx.frames.length - 1]!;
}
