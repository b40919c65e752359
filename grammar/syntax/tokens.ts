/**
 * `tokenize`: fine-grained tokens for semantic highlighting, including the
 * pieces inside strings (interpolated variables, calls and expressions,
 * template tags, escapes). Tokens never contain a line break (multi-line
 * strings and comments are split per line, as LSP semantic tokens require),
 * do not overlap, and come in source order.
 */
import type { Sigil, Span } from './ast';
import { Lexer } from './lexer';
import { TT as T } from './tokenTypes';
import type { LexToken } from './tokenTypes';
import { TreeBuilder } from './parser';
import type { TemplateSink } from './template';
import { firstAtOrAfter } from './spanIndex';

export type SyntaxTokenKind =
  | 'keyword'
  | 'channel'
  | 'event'
  | 'variable'
  | 'function'
  | 'property'
  | 'string'
  | 'number'
  | 'duration'
  | 'bool'
  | 'operator'
  | 'punctuation'
  | 'comment'
  | 'templateTag'
  | 'escape'
  | 'unquoted';

export interface SyntaxToken {
  readonly kind: SyntaxTokenKind;
  readonly span: Span;
  readonly sigil?: Sigil;
}

const OPERATORS = new Set([T.OrOp, T.AndOp, T.Bang, T.CompareOp, T.Eq]);
const KEYWORDS = new Set([T.Import, T.Notifier, T.On, T.When, T.Sample, T.For]);

function classify(t: LexToken): SyntaxToken | undefined {
  const span = { start: t.startOffset, end: t.end };
  const type = t.tokenType;
  if (KEYWORDS.has(type)) return { kind: 'keyword', span };
  if (type === T.True || type === T.False) return { kind: 'bool', span };
  if (type === T.ChannelKw) return { kind: 'channel', span };
  if (type === T.Name) return { kind: t.role === 'event' ? 'event' : 'property', span };
  if (type === T.Variable) return { kind: 'variable', span, sigil: t.image[0] as Sigil };
  if (type === T.FuncName) return { kind: 'function', span, sigil: t.image[0] as Sigil };
  if (type === T.NumberLit) return { kind: 'number', span };
  if (type === T.DurationLit) return { kind: 'duration', span };
  if (type === T.Unquoted) return { kind: 'unquoted', span };
  if (type === T.StringLit) return undefined;
  if (type === T.Dot && t.role === 'event') return { kind: 'event', span };
  if (OPERATORS.has(type)) return { kind: 'operator', span };
  return { kind: 'punctuation', span };
}

export function tokenize(text: string): { tokens: SyntaxToken[] } {
  const pieces: SyntaxToken[] = [];
  const strings: Span[] = [];
  const regions: Span[] = [];
  const add = (tokens: readonly LexToken[]) => {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.tokenType === T.StringLit) {
        strings.push({ start: t.startOffset, end: t.end });
        continue;
      }
      // A dotted event name is one token.
      if (t.tokenType === T.Name && t.role === 'event') {
        let end = t.end;
        let j = i;
        while (
          tokens[j + 2] &&
          tokens[j + 1]!.tokenType === T.Dot &&
          tokens[j + 1]!.startOffset === end &&
          tokens[j + 2]!.tokenType === T.Name &&
          tokens[j + 2]!.role === 'event' &&
          tokens[j + 2]!.startOffset === end + 1
        ) {
          end = tokens[j + 2]!.end;
          j += 2;
        }
        pieces.push({ kind: 'event', span: { start: t.startOffset, end } });
        i = j;
        continue;
      }
      const s = classify(t);
      if (s) pieces.push(s);
    }
  };
  const sink: TemplateSink = {
    piece(kind, span, sigil) {
      pieces.push(sigil ? { kind, span, sigil } : { kind, span });
    },
    codeTokens: add,
    codeRegion(span) {
      regions.push(span);
    },
  };
  const lexer = new Lexer(text);
  const tokens = lexer.all();
  const builder = new TreeBuilder(text, sink);
  add(tokens);
  for (const t of tokens) {
    if (t.tokenType !== T.StringLit) continue;
    builder.string(t);
  }
  for (const c of lexer.comments) pieces.push({ kind: 'comment', span: c.span });

  // String text: each string's span minus the pieces and nested strings inside it.
  const occupied = [...pieces.map((p) => p.span), ...strings, ...regions].sort((a, b) => a.start - b.start);
  for (const s of strings) {
    let at = s.start;
    for (let k = firstAtOrAfter(occupied, s.start); k < occupied.length && occupied[k]!.start < s.end; k++) {
      const o = occupied[k]!;
      if (o.end > s.end || (o.start === s.start && o.end === s.end)) continue;
      if (o.start < at) {
        at = Math.max(at, o.end);
        continue;
      }
      if (o.start > at) pieces.push({ kind: 'string', span: { start: at, end: o.start } });
      at = Math.max(at, o.end);
    }
    if (at < s.end) pieces.push({ kind: 'string', span: { start: at, end: s.end } });
  }

  pieces.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const out: SyntaxToken[] = [];
  let last = -1;
  for (const p of pieces) {
    if (p.span.start < last || p.span.end <= p.span.start) continue; // duplicates from re-scanned strings
    splitLines(text, p, out);
    last = p.span.end;
  }
  return { tokens: out };
}

function splitLines(text: string, t: SyntaxToken, out: SyntaxToken[]): void {
  let start = t.span.start;
  for (let i = start; i < t.span.end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (i > start) out.push({ ...t, span: { start, end: i } });
      start = i + 1;
    }
  }
  if (t.span.end > start) out.push({ ...t, span: { start, end: t.span.end } });
}
