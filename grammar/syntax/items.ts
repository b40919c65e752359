/**
 * Where the top-level items of a text start, as the lexer sees it: the unit
 * `analyze()` parses, checks and caches one by one.
 *
 * A text is cut before an `import`, `notifier` or `sample` keyword that
 * starts its line, outside any bracket, right after a `}` or `;` (or at the
 * very start): the lexer is then in the state it starts in (an item is
 * expected, no bracket open). The cut is at the start of that line, so a
 * piece lexed on its own gives exactly the tokens, comments and lexer
 * diagnostics the whole text gives there: a comment, string or swim string
 * that crosses the line would have hidden the keyword, and the lexer's
 * recovery for an unclosed one stops at the first such line anyway.
 */
import { Lexer } from './lexer';
import { TT as T } from './tokenTypes';
import type { LexToken } from './tokenTypes';

/** A line that may start an item (a superset: the lexer decides). */
const CANDIDATE = /^[ \t]*(?:notifier|sample|import)/gm;

export interface ItemStarts {
  /** Offsets in increasing order; the first is where the scan started. */
  readonly starts: number[];
  /** Set when `stop` ended the scan: the start it was asked about (not in `starts`). */
  readonly stoppedAt?: number;
}

/**
 * The item starts of `text` from `from` on; `from` must itself be an item
 * start (0 always is). `stop(start)` is asked at each new start: returning
 * true ends the scan there (the caller already knows the rest).
 */
export function topLevelItemStarts(text: string, from = 0, stop?: (start: number) => boolean): ItemStarts {
  const starts = [from];
  // No start can follow the last line that begins with one of the keywords: lex no further than that.
  let last = -1;
  CANDIDATE.lastIndex = from + 1;
  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) last = m.index + m[0].length;
  if (last < 0) return { starts };
  const lexer = new Lexer(text, { start: from, initial: 'item' });
  let prev: LexToken | undefined;
  for (let t = lexer.next(); t && t.startOffset < last; prev = t, t = lexer.next()) {
    const type = t.tokenType;
    if (type !== T.Notifier && type !== T.Sample && type !== T.Import) continue;
    if (!t.firstOnLine || lexer.depth !== 0) continue;
    if (prev && prev.tokenType !== T.RCurly && prev.tokenType !== T.Semi) continue;
    let lineStart = t.startOffset;
    while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
    if (lineStart <= starts[starts.length - 1]!) continue;
    if (stop?.(lineStart)) return { starts, stoppedAt: lineStart };
    starts.push(lineStart);
  }
  return { starts };
}

/**
 * A guess at the item starts of a whole text, without lexing: every line
 * that may start an item (a superset of `topLevelItemStarts`). A caller
 * must confirm each cut from the lexer's state there (`analyze()` does, from
 * the parses of the pieces) and fall back to `topLevelItemStarts` if one is
 * not.
 */
export function guessedItemStarts(text: string): number[] {
  const starts = [0];
  CANDIDATE.lastIndex = 1;
  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
    // `^` also matches after U+2028/U+2029, which the lexer does not take for line breaks.
    const before = text.charCodeAt(m.index - 1);
    if (m.index > 0 && (before === 10 || before === 13)) starts.push(m.index);
  }
  return starts;
}
