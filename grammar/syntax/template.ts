/**
 * Templates: the content of every string kind (spec section 3).
 *
 * Inside a string only `$` and the grave accent are special, plus template
 * tags:
 * - `$Name`, `${Name}`, `$Func(args)` (a call only when `(` follows the name
 *   immediately) and `$(expr)`; any other `$` is NTF003 (write `` `$ ``);
 * - `` `$ `` `` `" `` `` `' `` `` `n `` `` `t `` `` `r `` and ```` `` ```` are
 *   escapes; any other character after a grave is NTF003;
 * - `<%` starts a tag only when followed by optional spaces and `if`,
 *   `foreach` or `}` (as in `<% } %>`, `<% } else { %>`,
 *   `<% } else if EXPR { %>`); any other `<%` is literal text, so `<%= x %>`
 *   or `50<%` need no escape;
 * - no whitespace is trimmed around tags: what is written between them is
 *   the text.
 *
 * The expressions inside `$(…)`, `$Func(…)` and tags are lexed with the code
 * lexer (so they may contain strings of the other quote kind, nested
 * parentheses, maps) and parsed by ./parser as an `expression`, one nesting
 * level deeper than the string (LANGUAGE.md section 3).
 */
import type * as A from './ast';
import { diagnostic, type Diagnostic } from '../diagnostics';
import { Lexer, nameLengthAt, nonAsciiNameMessage, nonAsciiNameTailAt } from './lexer';
import { TT as T } from './tokenTypes';
import type { LexToken } from './tokenTypes';
import { MAX_NESTING, TreeBuilder } from './parser';

/** Receives the pieces of a string for semantic highlighting (./tokens). */
export interface TemplateSink {
  /** A piece that is not a code token: an escape, a tag delimiter or keyword, an interpolated variable. */
  piece(kind: 'escape' | 'templateTag' | 'variable' | 'punctuation', span: A.Span, sigil?: A.Sigil): void;
  /** Code tokens of an expression inside the string. */
  codeTokens(tokens: readonly LexToken[]): void;
  /** A string token whose template is being scanned (strings nest inside `$(…)`). */
  stringToken?(token: LexToken): void;
  /** The extent of code inside the string (`$(…)`, `$F(…)`, a whole tag): not string text. */
  codeRegion?(span: A.Span): void;
}

const CR = /\r\n?/g;

const ESCAPES: Record<string, string> = { $: '$', '"': '"', "'": "'", n: '\n', t: '\t', r: '\r', '`': '`' };

type Terminator =
  | { kind: 'eof' }
  | { kind: 'close'; span: A.Span }
  | { kind: 'else'; span: A.Span }
  | { kind: 'elseIf'; span: A.Span; condition?: A.Expr; tagEnd: number; tooDeep?: boolean };

/** A tag keyword after `<%`: `if`, `foreach` or `}` (position of the keyword, or undefined). */
function tagKeywordAt(text: string, pos: number, end: number): { kw: 'if' | 'foreach' | '}'; at: number } | undefined {
  if (!text.startsWith('<%', pos)) return undefined;
  let i = pos + 2;
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] === '}') return { kw: '}', at: i };
  for (const kw of ['if', 'foreach'] as const) {
    if (text.startsWith(kw, i) && !/[A-Za-z0-9_-]/.test(text[i + kw.length] ?? '')) return { kw, at: i };
  }
  return undefined;
}

class TemplateScanner {
  private pos: number;
  private readonly text: string;
  private readonly diags: Diagnostic[];

  constructor(
    private readonly b: TreeBuilder,
    start: number,
    private readonly end: number,
    /** A swim string: its line breaks (`\r\n`, lone `\r`) are text `\n`, whatever the file's line endings. */
    private readonly swim = false,
  ) {
    this.pos = start;
    this.text = b.text;
    this.diags = b.diagnostics;
  }

  scanAll(): A.TemplatePart[] {
    const parts: A.TemplatePart[] = [];
    for (;;) {
      const t = this.parts(parts);
      if (t.kind === 'eof') return parts;
      // A closing tag with nothing open: report it and carry on after it.
      this.diags.push(
        diagnostic(
          'NTF001',
          t.span,
          t.kind === 'close'
            ? '`<% } %>` closes nothing: there is no open `<% if … { %>` or `<% foreach … { %>` before it'
            : '`<% } else { %>` belongs to an `<% if … { %>`, but none is open here',
        ),
      );
    }
  }

  /** Scans parts into `out` until the end or a tag starting with `}`. */
  private parts(out: A.TemplatePart[]): Terminator {
    const text = this.text;
    let runStart = this.pos;
    // The value of the text run is `runValue` + the raw text from `rawStart`:
    // only escapes break the run, so plain text is sliced, not built by the character.
    let runValue = '';
    let rawStart = this.pos;
    const end = this.end;
    while (this.pos < end) {
      let i = this.pos;
      // Plain text up to the next grave, `$` or `<`: nothing to do there.
      for (let cc = text.charCodeAt(i); i < end && cc !== 96 && cc !== 36 && cc !== 60; cc = text.charCodeAt(++i));
      this.pos = i;
      if (i >= end) break;
      const c = text[i]!;
      if (c === '`') {
        const next = i + 1 < this.end ? text[i + 1]! : undefined;
        const value = next !== undefined ? ESCAPES[next] : undefined;
        if (value !== undefined) {
          runValue += this.raw(rawStart, i) + value;
          rawStart = i + 2;
          this.b.sink?.piece('escape', { start: i, end: i + 2 });
          this.pos = i + 2;
        } else if (next === undefined) {
          this.diags.push(diagnostic('NTF003', { start: i, end: i + 1 }, 'A grave accent at the end of the text escapes nothing; write ``` `` ``` for a grave accent'));
          this.pos = i + 1;
        } else {
          const shown = next === '\n' || next === '\r' ? 'a line break' : `\`${next}\``;
          const width = next === '\n' || next === '\r' ? 1 : 2;
          this.diags.push(
            diagnostic(
              'NTF003',
              { start: i, end: i + width },
              `Unknown escape: a grave accent followed by ${shown}. Escapes are \`$ \`" \`' \`n \`t \`r, and \`\` for a grave accent`,
              { fixes: [{ title: 'Write a grave accent (``)', edits: [{ span: { start: i, end: i + 1 }, newText: '``' }] }] },
            ),
          );
          this.pos = i + 1;
        }
        continue;
      }
      if (c === '$') {
        const part = this.dollar();
        if (part) {
          this.flush(out, runStart, runValue, rawStart, i);
          runValue = '';
          out.push(part);
          runStart = rawStart = this.pos;
        } else {
          this.pos = i + 1;
        }
        continue;
      }
      if (c === '<' && text[i + 1] === '%') {
        const kw = tagKeywordAt(text, i, this.end);
        if (kw) {
          this.flush(out, runStart, runValue, rawStart, i);
          runValue = '';
          if (kw.kw === '}') return this.closingTag(i, kw.at);
          if (this.b.depth >= MAX_NESTING) {
            // Nested beyond the language's limit: reported, and the tag with its body left out.
            this.b.tooDeep({ start: i, end: kw.at + kw.kw.length });
            this.pos = this.afterTagBody(kw.at + kw.kw.length, 1);
          } else {
            out.push(kw.kw === 'if' ? this.ifTag(i, kw.at) : this.foreachTag(i, kw.at));
          }
          runStart = rawStart = this.pos;
          continue;
        }
      }
      this.pos = i + 1;
    }
    this.flush(out, runStart, runValue, rawStart, this.end);
    return { kind: 'eof' };
  }

  /** The text run [runStart, upTo) as a part: `runValue` (escapes so far) and the raw text from `rawStart`. (Methods, not closures: once per string.) */
  private flush(out: A.TemplatePart[], runStart: number, runValue: string, rawStart: number, upTo: number): void {
    if (upTo > runStart) out.push({ kind: 'Text', span: { start: runStart, end: upTo }, value: runValue + this.raw(rawStart, upTo) });
  }

  private raw(a: number, b: number): string {
    return rawText(this.text, a, b, this.swim);
  }

  // ---------------------------------------------------------------- `$`

  private dollar(): A.InterpolationPart | undefined {
    const text = this.text;
    const start = this.pos;
    const next = text[start + 1];
    if (next === '{') {
      const len = nameLengthAt(text, start + 2, this.end);
      if (len > 0 && text[start + 2 + len] === '}') {
        const end = start + 3 + len;
        this.pos = end;
        const name = text.slice(start + 2, start + 2 + len);
        this.b.sink?.piece('variable', { start, end }, '$');
        return {
          kind: 'Interpolation',
          span: { start, end },
          form: 'braced',
          expr: { kind: 'Variable', span: { start, end }, sigil: '$', name, nameSpan: { start: start + 2, end: start + 2 + len }, braced: true },
        };
      }
      this.strayDollar(start, 'after `${` comes a name and `}`, e.g. `${PackageId}`');
      return undefined;
    }
    if (next === '(' && start + 1 < this.end) return this.exprInterpolation(start);
    const len = nameLengthAt(text, start + 1, this.end);
    if (len > 0) {
      const nameEnd = start + 1 + len;
      if (text[nameEnd] === '(' && nameEnd < this.end) return this.callInterpolation(start);
      this.pos = nameEnd;
      this.b.sink?.piece('variable', { start, end: nameEnd }, '$');
      const tail = nonAsciiNameTailAt(text, nameEnd, this.end);
      if (tail > 0) this.nonAsciiTail(start, nameEnd, tail);
      return {
        kind: 'Interpolation',
        span: { start, end: nameEnd },
        form: 'name',
        expr: { kind: 'Variable', span: { start, end: nameEnd }, sigil: '$', name: text.slice(start + 1, nameEnd), nameSpan: { start: start + 1, end: nameEnd }, braced: false },
      };
    }
    this.strayDollar(start, 'it must start `$Name`, `${Name}`, `$Func(…)` or `$(…)`');
    return undefined;
  }

  /** `$Paketé`: the name ends at `é` (names are ASCII); the fix braces the variable so the text follows it. */
  private nonAsciiTail(start: number, nameEnd: number, tail: number): void {
    const text = this.text;
    const written = text.slice(start, nameEnd);
    const span = { start: nameEnd, end: nameEnd + tail };
    this.diags.push(
      diagnostic('NTF001', span, nonAsciiNameMessage(written, text.slice(nameEnd, nameEnd + tail), true), {
        fixes: [{ title: `Write \`\${${written.slice(1)}}\``, edits: [{ span: { start, end: nameEnd }, newText: `\${${written.slice(1)}}` }], preferred: true }],
      }),
    );
  }

  private strayDollar(at: number, why: string): void {
    this.diags.push(
      diagnostic('NTF003', { start: at, end: at + 1 }, `Stray \`$\` in text: ${why}; write \`$ for a dollar sign`, {
        fixes: [{ title: 'Escape the `$` as `$', edits: [{ span: { start: at, end: at + 1 }, newText: '`$' }], preferred: true }],
      }),
    );
  }

  /** Lexes code from `from` until the bracket opened before it closes; returns the tokens and the closing `)`. */
  private lexBalanced(from: number, openBrackets: readonly string[], depth0: number): { tokens: LexToken[]; close?: LexToken; lexer: Lexer } {
    const lexer = new Lexer(this.text, { start: from, end: this.end, initial: 'value', openBrackets });
    const tokens: LexToken[] = [];
    let depth = depth0;
    for (let t = lexer.next(); t; t = lexer.next()) {
      const type = t.tokenType;
      if (type === T.LParen || type === T.ListOpen || type === T.MapOpen) depth++;
      else if (type === T.RParen) {
        depth--;
        if (depth === 0) return { tokens, close: t, lexer };
      }
      tokens.push(t);
    }
    return { tokens, lexer };
  }

  private exprInterpolation(start: number): A.InterpolationPart {
    const { tokens, close, lexer } = this.lexBalanced(start + 2, ['('], 1);
    this.diags.push(...lexer.diagnostics);
    this.b.sink?.piece('punctuation', { start, end: start + 2 });
    this.b.sink?.codeTokens(tokens);
    let end: number;
    if (close) {
      end = close.end;
      this.b.sink?.piece('punctuation', { start: close.startOffset, end: close.end });
    } else {
      end = tokens.length ? tokens[tokens.length - 1]!.end : start + 2;
      this.diags.push(diagnostic('NTF001', { start, end: start + 2 }, 'Expected `)` to close `$(`'));
    }
    this.pos = end;
    this.b.sink?.codeRegion?.({ start, end });
    let expr: A.Expr | undefined;
    if (tokens.length === 0) {
      if (close) this.diags.push(diagnostic('NTF001', { start, end }, 'Expected an expression inside `$(…)`'));
    } else {
      expr = this.parseExpr(tokens, { start, end }, lexer, { start, end: start + 2 });
    }
    return { kind: 'Interpolation', span: { start, end }, form: 'expr', expr };
  }

  private callInterpolation(start: number): A.InterpolationPart {
    const { tokens, close, lexer } = this.lexBalanced(start, [], 0);
    this.diags.push(...lexer.diagnostics);
    if (close) tokens.push(close);
    this.b.sink?.codeTokens(tokens);
    const last = tokens[tokens.length - 1];
    const end = last ? last.end : start + 1;
    this.pos = end;
    this.b.sink?.codeRegion?.({ start, end });
    const expr = this.parseExpr(tokens, { start, end }, lexer, { start, end: tokens[0] ? tokens[0].end : start + 1 });
    return { kind: 'Interpolation', span: { start, end }, form: 'call', expr };
  }

  private parseExpr(tokens: LexToken[], where: A.Span, lexer: Lexer, opener: A.Span): A.Expr | undefined {
    const fallbackAt = tokens.length ? tokens[tokens.length - 1]!.end : where.end;
    return this.b.expression(tokens, fallbackAt, lexer.diagnostics, opener);
  }

  // ---------------------------------------------------------------- tags

  /**
   * Lexes the code of a tag from `from` to the `{` that ends it and the `%>`
   * after that. Returns the code tokens (without `{`) and where the tag ends.
   */
  private tagCode(tagStart: number, from: number, what: string): { tokens: LexToken[]; tagEnd: number; lexer: Lexer; ok: boolean } {
    const text = this.text;
    const lexer = new Lexer(text, { start: from, end: this.end, initial: 'value', stopAtTagClose: true });
    const tokens: LexToken[] = [];
    let depth = 0;
    for (let t = lexer.next(); t; t = lexer.next()) {
      const type = t.tokenType;
      if (type === T.LCurly && depth === 0) {
        let i = t.end;
        while (i < this.end && /\s/.test(text[i]!)) i++;
        this.b.sink?.piece('templateTag', { start: t.startOffset, end: t.end });
        if (text.startsWith('%>', i) && i + 2 <= this.end) {
          this.b.sink?.piece('templateTag', { start: i, end: i + 2 });
          return { tokens, tagEnd: i + 2, lexer, ok: true };
        }
        this.diags.push(diagnostic('NTF001', { start: t.startOffset, end: t.end }, `Expected \`%>\` after \`{\` to end the \`${what}\` tag`));
        return { tokens, tagEnd: t.end, lexer, ok: false };
      }
      if (type === T.LParen || type === T.ListOpen || type === T.MapOpen || type === T.LBracket) depth++;
      else if ((type === T.RParen || type === T.RBracket) && depth > 0) depth--;
      tokens.push(t);
    }
    if (lexer.stoppedAtTagClose) {
      const at = lexer.pos;
      this.b.sink?.piece('templateTag', { start: at, end: at + 2 });
      this.diags.push(diagnostic('NTF001', { start: at, end: at + 2 }, `Expected \`{\` before \`%>\`: write \`<% ${what} … { %>\``));
      return { tokens, tagEnd: at + 2, lexer, ok: false };
    }
    this.diags.push(diagnostic('NTF001', { start: tagStart, end: tagStart + 2 }, `This \`<% ${what}\` tag is never finished: expected \`{ %>\``));
    return { tokens, tagEnd: this.end, lexer, ok: false };
  }

  private ifTag(tagStart: number, kwAt: number): A.IfTag {
    this.b.sink?.piece('templateTag', { start: tagStart, end: tagStart + 2 });
    this.b.sink?.piece('templateTag', { start: kwAt, end: kwAt + 2 });
    const code = this.tagCode(tagStart, kwAt + 2, 'if');
    this.diags.push(...code.lexer.diagnostics);
    this.b.sink?.codeTokens(code.tokens);
    let condition: A.Expr | undefined;
    if (code.tokens.length === 0) {
      this.diags.push(diagnostic('NTF001', { start: kwAt, end: kwAt + 2 }, 'Expected a condition after `if`'));
    } else {
      condition = this.parseExpr(code.tokens, { start: kwAt, end: code.tagEnd }, code.lexer, { start: tagStart, end: kwAt + 2 });
    }
    this.pos = code.tagEnd;
    this.b.sink?.codeRegion?.({ start: tagStart, end: code.tagEnd });
    return this.ifRest(tagStart, condition);
  }

  /** The branches of an if whose opening tag (at `tagStart`) has been read: one nesting level deeper. */
  private ifRest(tagStart: number, condition: A.Expr | undefined): A.IfTag {
    this.b.depth++;
    try {
      return this.ifBranches(tagStart, condition);
    } finally {
      this.b.depth--;
    }
  }

  private ifBranches(tagStart: number, condition: A.Expr | undefined): A.IfTag {
    const then: A.TemplatePart[] = [];
    const t = this.parts(then);
    switch (t.kind) {
      case 'eof':
        this.unclosed(tagStart, 'if');
        return { kind: 'If', span: { start: tagStart, end: this.pos }, condition, then };
      case 'close':
        return { kind: 'If', span: { start: tagStart, end: t.span.end }, condition, then };
      case 'elseIf': {
        // An `else if` nests in the tree (If.else = [If]), so it counts as a level (checked by closingTag).
        if (t.tooDeep) {
          this.pos = this.afterTagBody(t.tagEnd, 1);
          return { kind: 'If', span: { start: tagStart, end: this.pos }, condition, then };
        }
        const nested = this.ifRest(t.span.start, t.condition);
        return { kind: 'If', span: { start: tagStart, end: nested.span.end }, condition, then, else: [nested] };
      }
      case 'else': {
        const elseParts: A.TemplatePart[] = [];
        for (;;) {
          const t2 = this.parts(elseParts);
          if (t2.kind === 'eof') {
            this.unclosed(tagStart, 'if');
            return { kind: 'If', span: { start: tagStart, end: this.pos }, condition, then, else: elseParts };
          }
          if (t2.kind === 'close') return { kind: 'If', span: { start: tagStart, end: t2.span.end }, condition, then, else: elseParts };
          this.diags.push(diagnostic('NTF001', t2.span, 'This `<% if %>` already has an `else`; close it with `<% } %>` first'));
        }
      }
    }
  }

  private foreachTag(tagStart: number, kwAt: number): A.ForeachTag {
    this.b.sink?.piece('templateTag', { start: tagStart, end: tagStart + 2 });
    this.b.sink?.piece('templateTag', { start: kwAt, end: kwAt + 7 });
    const code = this.tagCode(tagStart, kwAt + 7, 'foreach');
    this.diags.push(...code.lexer.diagnostics);
    this.pos = code.tagEnd;
    this.b.sink?.codeRegion?.({ start: tagStart, end: code.tagEnd });
    const tokens = code.tokens;
    let variable: A.VariableRef | undefined;
    let list: A.Expr | undefined;
    const first = tokens[0];
    let rest = tokens;
    if (first && first.tokenType === T.Variable) {
      variable = this.b.variable(first);
      this.b.sink?.codeTokens([first]);
      rest = tokens.slice(1);
      const inTok = rest[0];
      if (inTok && inTok.tokenType === T.Name && inTok.image === 'in') {
        rest = rest.slice(1);
        this.b.sink?.piece('templateTag', { start: inTok.startOffset, end: inTok.startOffset + 2 });
        this.b.sink?.codeTokens(rest);
        if (rest.length === 0) {
          this.diags.push(diagnostic('NTF001', { start: inTok.startOffset, end: inTok.end }, 'Expected the list to loop over after `in`, e.g. `@AffectedPackages`'));
        } else {
          list = this.parseExpr(rest, { start: inTok.end, end: code.tagEnd }, code.lexer, { start: tagStart, end: kwAt + 7 });
        }
      } else {
        this.b.sink?.codeTokens(rest);
        const at = inTok ? { start: inTok.startOffset, end: inTok.end } : { start: first.end, end: first.end };
        this.diags.push(diagnostic('NTF001', at, 'Expected `in` after the loop variable: `<% foreach $x in @List { %>`'));
      }
    } else {
      this.b.sink?.codeTokens(tokens);
      const at = first ? { start: first.startOffset, end: first.end } : { start: kwAt, end: kwAt + 7 };
      this.diags.push(diagnostic('NTF001', at, 'Expected a loop variable after `foreach`, e.g. `<% foreach %p in @AffectedPackages { %>`'));
    }
    const body: A.TemplatePart[] = [];
    this.b.depth++;
    try {
      return this.foreachBody(tagStart, variable, list, body);
    } finally {
      this.b.depth--;
    }
  }

  private foreachBody(tagStart: number, variable: A.VariableRef | undefined, list: A.Expr | undefined, body: A.TemplatePart[]): A.ForeachTag {
    for (;;) {
      const t = this.parts(body);
      if (t.kind === 'eof') {
        this.unclosed(tagStart, 'foreach');
        return { kind: 'Foreach', span: { start: tagStart, end: this.pos }, variable, list, body };
      }
      if (t.kind === 'close') return { kind: 'Foreach', span: { start: tagStart, end: t.span.end }, variable, list, body };
      this.diags.push(diagnostic('NTF001', t.span, '`<% foreach %>` has no `else`; close the loop with `<% } %>`'));
    }
  }

  private unclosed(tagStart: number, what: string): void {
    this.diags.push(
      diagnostic('NTF001', { start: tagStart, end: tagStart + 2 }, `This \`<% ${what} … { %>\` is never closed: add \`<% } %>\` where it should end`),
    );
  }

  /** A tag starting with `}`: `<% } %>`, `<% } else { %>` or `<% } else if EXPR { %>`. */
  private closingTag(tagStart: number, braceAt: number): Terminator {
    const text = this.text;
    this.b.sink?.piece('templateTag', { start: tagStart, end: tagStart + 2 });
    this.b.sink?.piece('templateTag', { start: braceAt, end: braceAt + 1 });
    let i = braceAt + 1;
    const skip = () => {
      while (i < this.end && /\s/.test(text[i]!)) i++;
    };
    skip();
    if (text.startsWith('%>', i) && i + 2 <= this.end) {
      this.b.sink?.piece('templateTag', { start: i, end: i + 2 });
      this.pos = i + 2;
      this.b.sink?.codeRegion?.({ start: tagStart, end: i + 2 });
      return { kind: 'close', span: { start: tagStart, end: i + 2 } };
    }
    if (text.startsWith('else', i) && !/[A-Za-z0-9_-]/.test(text[i + 4] ?? '')) {
      this.b.sink?.piece('templateTag', { start: i, end: i + 4 });
      i += 4;
      skip();
      if (text.startsWith('if', i) && !/[A-Za-z0-9_-]/.test(text[i + 2] ?? '')) {
        if (this.b.depth >= MAX_NESTING) {
          // Beyond the nesting limit: reported, the rest of the if skipped by ifBranches.
          const close = text.indexOf('%>', i);
          const tagEnd = close === -1 || close + 2 > this.end ? this.end : close + 2;
          this.b.tooDeep({ start: tagStart, end: i + 2 });
          this.pos = tagEnd;
          return { kind: 'elseIf', span: { start: tagStart, end: tagEnd }, tagEnd, tooDeep: true };
        }
        this.b.sink?.piece('templateTag', { start: i, end: i + 2 });
        const code = this.tagCode(tagStart, i + 2, 'else if');
        this.diags.push(...code.lexer.diagnostics);
        this.b.sink?.codeTokens(code.tokens);
        let condition: A.Expr | undefined;
        if (code.tokens.length === 0) {
          this.diags.push(diagnostic('NTF001', { start: i, end: i + 2 }, 'Expected a condition after `else if`'));
        } else {
          condition = this.parseExpr(code.tokens, { start: i, end: code.tagEnd }, code.lexer, { start: tagStart, end: i + 2 });
        }
        this.pos = code.tagEnd;
        this.b.sink?.codeRegion?.({ start: tagStart, end: code.tagEnd });
        return { kind: 'elseIf', span: { start: tagStart, end: code.tagEnd }, condition, tagEnd: code.tagEnd };
      }
      if (text[i] === '{') {
        this.b.sink?.piece('templateTag', { start: i, end: i + 1 });
        i++;
        skip();
        if (text.startsWith('%>', i) && i + 2 <= this.end) {
          this.b.sink?.piece('templateTag', { start: i, end: i + 2 });
          this.pos = i + 2;
          this.b.sink?.codeRegion?.({ start: tagStart, end: i + 2 });
          return { kind: 'else', span: { start: tagStart, end: i + 2 } };
        }
      }
      this.diags.push(diagnostic('NTF001', { start: tagStart, end: Math.min(i, this.end) }, 'Expected `<% } else { %>` here'));
      this.pos = this.afterTag(i);
      return { kind: 'else', span: { start: tagStart, end: this.pos } };
    }
    this.diags.push(diagnostic('NTF001', { start: tagStart, end: Math.min(i + 1, this.end) }, 'Expected `%>` after `<% }`'));
    this.pos = this.afterTag(i);
    return { kind: 'close', span: { start: tagStart, end: this.pos } };
  }

  /**
   * Where the body of a tag opened before `from` ends, `level` tags deep:
   * after the `<% } %>` that closes it (`<% } else … %>` stays at its level),
   * else the end of the text. One pass, no recursion: for bodies beyond the
   * nesting limit.
   */
  private afterTagBody(from: number, level: number): number {
    const text = this.text;
    for (let i = text.indexOf('<%', from); i !== -1 && i < this.end; i = text.indexOf('<%', i + 2)) {
      const kw = tagKeywordAt(text, i, this.end);
      if (!kw) continue;
      if (kw.kw !== '}') level++;
      else if (!/^\s*else(?![A-Za-z0-9_-])/.test(text.slice(kw.at + 1, kw.at + 40)) && --level === 0) {
        const close = text.indexOf('%>', kw.at);
        return close === -1 || close + 2 > this.end ? this.end : close + 2;
      }
    }
    return this.end;
  }

  /** Recovery: the end of a malformed tag (after the next `%>` on its line, else where it went wrong). */
  private afterTag(from: number): number {
    const text = this.text;
    for (let i = from; i < this.end && text[i] !== '\n'; i++) {
      if (text.startsWith('%>', i)) return i + 2;
    }
    return Math.min(this.end, from);
  }
}

/** The text `text[a, b)` as template text: in a swim string, line breaks are `\n` (the regex only where there is a `\r`). */
function rawText(text: string, a: number, b: number, swim: boolean): string {
  const raw = text.slice(a, b);
  return swim && raw.indexOf('\r') !== -1 ? raw.replace(CR, '\n') : raw;
}

/** Parses the template text `builder.text[start, end)` into parts (absolute offsets). */
export function scanTemplate(builder: TreeBuilder, start: number, end: number, swim = false): A.TemplatePart[] {
  // Plain text (no grave, `$` or `<`: most strings) is one Text part, as the scanner would make it, without a scanner.
  const text = builder.text;
  let i = start;
  for (let cc = text.charCodeAt(i); i < end && cc !== 96 && cc !== 36 && cc !== 60; cc = text.charCodeAt(++i));
  if (i >= end) return end > start ? [{ kind: 'Text', span: { start, end }, value: rawText(text, start, end, swim) }] : [];
  return new TemplateScanner(builder, start, end, swim).scanAll();
}

/**
 * `text` as written between the delimiters of a string (rename writes a new
 * name this way): an escape already in it is kept, so a name shown as written
 * (escapes and all) and given back unchanged is written unchanged; a `$`, a
 * grave that escapes nothing and the string's own quote, which would not read
 * as themselves, are escaped. A template tag or a swim marker in `text` stays:
 * the caller checks what it wrote.
 */
export function spellInString(text: string, quote: '"' | "'" | 'swim'): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '`' && i + 1 < text.length && ESCAPES[text[i + 1]!] !== undefined) {
      out += c + text[++i]!;
    } else if (c === '`' || c === '$' || c === quote) {
      out += '`' + c;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * Parses `content` (the text of a string without its delimiters, or an event
 * default text from a catalog) as a template. Spans are offset by `baseOffset`
 * so a caller can map them back into the file the content came from.
 */
export function parseTemplate(content: string, baseOffset = 0): { parts: A.TemplatePart[]; diagnostics: Diagnostic[] } {
  const base = Math.max(0, Math.floor(baseOffset));
  // Padding keeps every offset absolute without a second pass over the tree.
  const builder = new TreeBuilder(' '.repeat(base) + content);
  const parts = scanTemplate(builder, base, base + content.length);
  return { parts, diagnostics: builder.diagnostics };
}
