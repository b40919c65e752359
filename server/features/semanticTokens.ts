import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver/node';
import type { Span } from '../../grammar/syntax/ast';
import { tokenize } from '../../grammar/syntax/tokenize';
import { walk } from '../../grammar/syntax/visit';
import type { PieceAnalysis } from '../../grammar/analyze';
import type { SyntaxToken } from '../../grammar/syntax/tokenize';
import type { DocState, DocView } from '../workspace';

/**
 * The legend is the tokenizer's kinds, in this order. Nine of them are
 * standard LSP token types (keyword, event, variable, function, property,
 * string, number, operator, comment) and colour in every theme; the others
 * are Notify's own and fall back to a standard type through the
 * `semanticTokenTypes` contribution (`superType`) of the extension.
 */
export const TOKEN_TYPES = [
  'keyword',
  'channel',
  'event',
  'variable',
  'function',
  'property',
  'string',
  'number',
  'duration',
  'bool',
  'operator',
  'punctuation',
  'comment',
  'templateTag',
  'escape',
  'unquoted',
] as const;

/**
 * `readonly`: a loop variable (a `foreach` item cannot be assigned);
 * `declaration`: where a loop variable or a sample's value is introduced;
 * `defaultLibrary`: built-in functions and built-in catalog variables.
 */
export const TOKEN_MODIFIERS = ['declaration', 'readonly', 'defaultLibrary'] as const;

export const SEMANTIC_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

const TYPE_INDEX = new Map<string, number>(TOKEN_TYPES.map((t, i) => [t, i]));
const DECLARATION = 1;
const READONLY = 2;
const DEFAULT_LIBRARY = 4;

/** Tokens of a piece's text, computed once per piece text (a piece's analysis is shared across versions). */
const tokenCache = new WeakMap<PieceAnalysis, { tokens: SyntaxToken[]; modifiers: Map<number, number> }>();

export function semanticTokens(state: DocState): SemanticTokens {
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  for (const view of state.views()) {
    const analysis = view.analysis();
    let cached = tokenCache.get(analysis);
    if (!cached) {
      cached = { tokens: tokenize(analysis.text).tokens, modifiers: variableModifiers(view) };
      tokenCache.set(analysis, cached);
    }
    const push = (start: number, end: number, type: number, mods: number) => {
      if (end <= start) return;
      const pos = view.lines.position(start);
      data.push(pos.line - prevLine, pos.line === prevLine ? pos.character - prevChar : pos.character, end - start, type, mods);
      prevLine = pos.line;
      prevChar = pos.character;
    };
    for (const token of cached.tokens) {
      const type = TYPE_INDEX.get(token.kind);
      if (type === undefined) continue;
      let mods = cached.modifiers.get(token.span.start) ?? 0;
      if (token.kind === 'function') mods |= DEFAULT_LIBRARY;
      // The tokenizer splits multi-line tokens already; this keeps that true for any input.
      splitLines(view.text, token.span, (s, e) => push(s, e, type, mods));
    }
  }
  return { data };
}

function splitLines(text: string, span: Span, emit: (start: number, end: number) => void): void {
  let start = span.start;
  for (let i = span.start; i < span.end; i++) {
    if (text.charCodeAt(i) === 10) {
      const end = i > start && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
      emit(start, end);
      start = i + 1;
    }
  }
  emit(start, span.end);
}

/** Modifiers of variable tokens, by the token's start offset. */
function variableModifiers(state: DocView): Map<number, number> {
  const { file, model } = state.analysis();
  const out = new Map<number, number>();
  walk(file, (n, parent) => {
    if (n.kind !== 'Variable') return;
    const r = model.resolveVariable(n);
    let mods = 0;
    if (parent?.kind === 'Foreach' && parent.variable === n) mods |= DECLARATION | READONLY;
    else if (parent?.kind === 'SampleAssignment' && parent.variable === n) mods |= DECLARATION;
    else if (r?.kind === 'loop') mods |= READONLY;
    if (r?.kind === 'event' && r.def?.origin.kind === 'builtin') mods |= DEFAULT_LIBRARY;
    if (mods) out.set(n.span.start, mods);
  });
  return out;
}
