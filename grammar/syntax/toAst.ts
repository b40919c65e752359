/**
 * Turns chevrotain's concrete syntax tree (possibly partial, after error
 * recovery) into the syntax tree of ./ast, and chevrotain's errors into
 * diagnostics with exact spans. Strings are handed to the template parser.
 */
import { EOF, type CstNode, type IToken } from 'chevrotain';
import type * as A from './ast';
import { diagnostic, type Diagnostic } from '../diagnostics';
import { TT as T } from './tokenTypes';
import type { LexToken } from './tokenTypes';
import { durationMs } from './lexer';
import type { ParseError } from './cstParser';
import { scanTemplate, type TemplateSink } from './template';
import { describeToken, TOP_LEVEL_EXPECTATION } from './messages';
import { editDistance } from '../editDistance';

type Child = CstNode | IToken;

/** Read once: an imported binding from the CommonJS bundle is a getter, read on every use. */
const EOF_TYPE = EOF;

export function isRealToken(t: IToken | undefined): t is LexToken {
  return t !== undefined && t.tokenType !== EOF_TYPE && !t.isInsertedInRecovery && !Number.isNaN(t.startOffset);
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

function tokenEnd(t: IToken): number {
  return (t as LexToken).end ?? (t.endOffset ?? t.startOffset) + 1;
}

function toks(node: CstNode, type: { name: string }): IToken[] {
  return (node.children[type.name] as IToken[] | undefined) ?? [];
}

function tok(node: CstNode, type: { name: string }, i = 0): LexToken | undefined {
  const t = toks(node, type)[i];
  return isRealToken(t) ? t : undefined;
}

function subs(node: CstNode, rule: string): CstNode[] {
  return (node.children[rule] as CstNode[] | undefined) ?? [];
}

function sub(node: CstNode, rule: string, i = 0): CstNode | undefined {
  return subs(node, rule)[i];
}

/** Accumulates the extent of a node from its real tokens and converted children. */
class Extent {
  start = Infinity;
  end = -Infinity;
  add(x: IToken | A.Span | undefined): this {
    if (!x) return this;
    if ('tokenType' in x) {
      if (!isRealToken(x)) return this;
      this.start = Math.min(this.start, x.startOffset);
      this.end = Math.max(this.end, tokenEnd(x));
    } else {
      this.start = Math.min(this.start, x.start);
      this.end = Math.max(this.end, x.end);
    }
    return this;
  }
  get empty(): boolean {
    return this.start === Infinity;
  }
  span(): A.Span {
    return { start: this.start, end: this.end };
  }
}

const A_CHANNELS = ['webhook', 'slack', 'teams', 'discord', 'email'] as const;

const EVENT_NAME = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;

/** Text to write inside double quotes so that it reads as `text` (graves escape `"`, `$` and `` ` ``). */
export function quoteText(text: string): string {
  return `"${text.replace(/[`"$]/g, (c) => '`' + c)}"`;
}

function clipForTitle(s: string): string {
  return s.length > 24 ? `${s.slice(0, 21)}…` : s;
}

export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly text: string,
    /** Optional listener for the pieces of strings (semantic tokens). */
    readonly sink?: TemplateSink,
  ) {}

  // ---------------------------------------------------------------- errors

  /**
   * Chevrotain errors as diagnostics. An error whose found token starts a later
   * line than the previous token is about something missing at the end of
   * that previous line (a `;`, a `}`), so it is placed there, zero-width.
   */
  addParseErrors(
    errors: readonly ParseError[],
    context: { fallback: A.Span; quiet: readonly A.Span[]; tokens: readonly LexToken[] },
  ): void {
    const seen = new Set<number>();
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
        (prev !== undefined &&
          (this.lineBreakBetween(prev.end, found.startOffset) ||
            (e.name === 'MismatchedTokenException' && CLOSERS.has(found.tokenType)))));
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
      if (context.quiet.some((q) => q.start >= gapStart && q.start <= gapEnd)) continue;
      if ((prev?.str && !prev.str.terminated) || (found?.str && !found.str.terminated)) continue;
      if (seen.has(span.start)) continue;
      seen.add(span.start);
      this.diagnostics.push(diagnostic('NTF001', span, message));
    }
  }

  private lineBreakBetween(a: number, b: number): boolean {
    for (let i = a; i < b; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 10 || c === 13) return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- file

  file(cst: CstNode | undefined, comments: readonly A.Comment[]): A.NotifyFile {
    const items: A.Item[] = [];
    if (cst) {
      for (const itemNode of subs(cst, 'item')) {
        const item = this.item(itemNode);
        if (item) items.push(item);
      }
    }
    return { kind: 'File', span: { start: 0, end: this.text.length }, items, comments };
  }

  item(node: CstNode): A.Item | undefined {
    const imp = sub(node, 'importDecl');
    if (imp) return this.importDecl(imp);
    const notifier = sub(node, 'notifierDecl');
    if (notifier) return this.notifierDecl(notifier);
    const sample = sub(node, 'sampleDecl');
    if (sample) return this.sampleDecl(sample);
    return undefined;
  }

  private importDecl(node: CstNode): A.ImportDecl | undefined {
    const ext = new Extent().add(tok(node, T.Import)).add(tok(node, T.Semi));
    const path = this.nameString(sub(node, 'nameString'), 'An import path');
    ext.add(path?.span);
    if (ext.empty) return undefined;
    return { kind: 'Import', span: ext.span(), path };
  }

  /** A declaration name: a string without `$…`, or unquoted text (NTF004). */
  private nameString(node: CstNode | undefined, what: string): A.StringLiteral | undefined {
    if (!node) return undefined;
    const str = tok(node, T.StringLit);
    if (str) {
      const lit = this.string(str);
      const dynamic = lit.parts.find((p) => p.kind !== 'Text');
      if (dynamic) {
        this.diagnostics.push(
          diagnostic('NTF001', dynamic.span, `${what} is fixed text: it cannot contain \`$…\` or template tags (write \`\`$ for a dollar sign)`),
        );
      }
      return lit;
    }
    const unq = tok(node, T.Unquoted);
    if (unq) {
      this.unquotedDiagnostic(unq);
      const span = { start: unq.startOffset, end: unq.end };
      return { kind: 'String', span, quote: '"', contentSpan: span, parts: [{ kind: 'Text', span, value: unq.image }] };
    }
    return undefined;
  }

  private notifierDecl(node: CstNode): A.NotifierDecl {
    const ext = new Extent().add(tok(node, T.Notifier));
    const name = this.nameString(sub(node, 'nameString'), "A notifier's name");
    ext.add(name?.span);
    const clauses: A.Clause[] = [];
    for (const c of subs(node, 'clause')) {
      const clause = this.clause(c);
      if (clause) {
        clauses.push(clause);
        ext.add(clause.span);
      }
    }
    const open = tok(node, T.LCurly);
    const close = tok(node, T.RCurly);
    ext.add(open).add(close);
    const bodySpan = open ? { start: open.startOffset, end: close ? close.end : ext.end } : undefined;
    return { kind: 'Notifier', span: ext.span(), name, clauses, bodySpan };
  }

  private clause(node: CstNode): A.Clause | undefined {
    const on = sub(node, 'onClause');
    if (on) return this.onClause(on);
    const when = sub(node, 'whenClause');
    if (when) return this.whenClause(when);
    const channel = sub(node, 'channelBlock');
    if (channel) return this.channelBlock(channel);
    const unknown = sub(node, 'unknownBlock');
    if (unknown) this.unknownBlock(unknown);
    const stray = sub(node, 'strayProperty');
    if (stray) {
      const prop = this.property(sub(stray, 'property')!);
      if (prop) {
        this.diagnostics.push(
          diagnostic('NTF001', prop.name.span, `\`${prop.name.text}\` is a channel property: put it inside a channel block, e.g. \`slack { ${prop.name.text} = …; }\``),
        );
      }
    }
    return undefined;
  }

  /** A misspelt channel: reported, its properties still read (and checked for syntax) but left out of the tree. */
  private unknownBlock(node: CstNode): void {
    const name = tok(node, T.Name);
    for (const p of subs(node, 'property')) this.property(p);
    if (!name) return;
    const span = { start: name.startOffset, end: name.end };
    const guess = A_CHANNELS.find((k) => editDistance(k, name.image.toLowerCase()) <= 2);
    const fixes = guess ? [{ title: `Change to \`${guess}\``, edits: [{ span, newText: guess }], preferred: true }] : [];
    this.diagnostics.push(
      diagnostic(
        'NTF001',
        span,
        `Unknown clause \`${name.image}\`${guess ? ` (did you mean \`${guess}\`?)` : ''}: a notifier holds \`on\`, \`when\` and channels (\`webhook\`, \`slack\`, \`teams\`, \`discord\`, \`email\`)`,
        { fixes },
      ),
    );
  }

  private onClause(node: CstNode): A.OnClause | undefined {
    const ext = new Extent().add(tok(node, T.On)).add(tok(node, T.Semi));
    const events: A.EventRef[] = [];
    for (const e of subs(node, 'eventName')) {
      const ev = this.eventName(e);
      if (ev) {
        events.push(ev);
        ext.add(ev.span);
      }
    }
    for (const c of toks(node, T.Comma)) ext.add(c);
    if (ext.empty) return undefined;
    return { kind: 'On', span: ext.span(), events };
  }

  private eventName(node: CstNode | undefined): A.EventRef | undefined {
    if (!node) return undefined;
    const parts = [...toks(node, T.Name), ...toks(node, T.Dot)].filter(isRealToken).sort((a, b) => a.startOffset - b.startOffset);
    if (parts.length === 0) return undefined;
    const span = { start: parts[0]!.startOffset, end: parts[parts.length - 1]!.end };
    let contiguous = true;
    for (let i = 1; i < parts.length; i++) if (parts[i]!.startOffset !== parts[i - 1]!.end) contiguous = false;
    const name = parts.map((p) => p.image).join('');
    if (!contiguous) {
      this.diagnostics.push(
        diagnostic('NTF001', span, `An event name is written without spaces, e.g. \`${name}\``, {
          fixes: [{ title: `Write \`${name}\``, edits: [{ span, newText: name }], preferred: true }],
        }),
      );
    } else if (parts[parts.length - 1]!.tokenType === T.Name && !EVENT_NAME.test(name)) {
      const lower = name.toLowerCase();
      const fixes = EVENT_NAME.test(lower) ? [{ title: `Write \`${lower}\``, edits: [{ span, newText: lower }], preferred: true }] : [];
      this.diagnostics.push(
        diagnostic('NTF001', span, `Event names are lower-case dotted names such as \`package.added\`; \`${name}\` is not one`, { fixes }),
      );
    }
    return { kind: 'EventRef', span, name };
  }

  private whenClause(node: CstNode): A.WhenClause | undefined {
    const ext = new Extent().add(tok(node, T.When)).add(tok(node, T.Semi));
    const condition = this.expression(sub(node, 'expression'));
    ext.add(condition?.span);
    if (ext.empty) return undefined;
    return { kind: 'When', span: ext.span(), condition };
  }

  private channelBlock(node: CstNode): A.ChannelBlock | undefined {
    const kw = tok(node, T.ChannelKw);
    if (!kw) return undefined;
    const ext = new Extent().add(kw);
    const properties: A.Property[] = [];
    for (const p of subs(node, 'property')) {
      const prop = this.property(p);
      if (prop) {
        properties.push(prop);
        ext.add(prop.span);
      }
    }
    const open = tok(node, T.LCurly);
    const close = tok(node, T.RCurly);
    ext.add(open).add(close);
    const bodySpan = open ? { start: open.startOffset, end: close ? close.end : ext.end } : undefined;
    return {
      kind: 'Channel',
      span: ext.span(),
      channel: kw.image as A.ChannelKind,
      keywordSpan: { start: kw.startOffset, end: kw.end },
      properties,
      bodySpan,
    };
  }

  private property(node: CstNode): A.Property | undefined {
    const nameTok = tok(node, T.Name);
    if (!nameTok) return undefined;
    const ext = new Extent().add(nameTok).add(tok(node, T.Eq)).add(tok(node, T.Semi));
    const value = this.expression(sub(node, 'expression'));
    ext.add(value?.span);
    const name: A.Identifier = { kind: 'Identifier', span: { start: nameTok.startOffset, end: nameTok.end }, text: nameTok.image };
    return { kind: 'Property', span: ext.span(), name, value };
  }

  private sampleDecl(node: CstNode): A.SampleDecl {
    const ext = new Extent().add(tok(node, T.Sample)).add(tok(node, T.For));
    const name = this.nameString(sub(node, 'nameString'), "A sample's name");
    ext.add(name?.span);
    const event = this.eventName(sub(node, 'eventName'));
    ext.add(event?.span);
    const assignments: A.SampleAssignment[] = [];
    for (const a of subs(node, 'assignment')) {
      const asg = this.assignment(a);
      if (asg) {
        assignments.push(asg);
        ext.add(asg.span);
      }
    }
    const open = tok(node, T.LCurly);
    const close = tok(node, T.RCurly);
    ext.add(open).add(close);
    const bodySpan = open ? { start: open.startOffset, end: close ? close.end : ext.end } : undefined;
    return { kind: 'Sample', span: ext.span(), name, event, assignments, bodySpan };
  }

  private assignment(node: CstNode): A.SampleAssignment | undefined {
    const bare = tok(node, T.Name);
    if (bare) {
      const span = { start: bare.startOffset, end: bare.end };
      this.diagnostics.push(
        diagnostic('NTF001', span, `A sample sets variables, written with their sigil: \`$${bare.image}\``, {
          fixes: [{ title: `Write \`$${bare.image}\``, edits: [{ span: { start: span.start, end: span.start }, newText: '$' }], preferred: true }],
        }),
      );
    }
    const v = tok(node, T.Variable) ?? bare;
    if (!v) return undefined;
    const ext = new Extent().add(v).add(tok(node, T.Eq)).add(tok(node, T.Semi));
    const value = this.expression(sub(node, 'expression'));
    ext.add(value?.span);
    return { kind: 'SampleAssignment', span: ext.span(), variable: this.variable(v), value };
  }

  // ---------------------------------------------------------------- expressions

  expression(node: CstNode | undefined): A.Expr | undefined {
    if (!node) return undefined;
    return this.orExpr(sub(node, 'orExpr'));
  }

  private binaryChain(
    operands: (A.Expr | undefined)[],
    ops: IToken[],
    opOf: (t: IToken) => A.BinaryOp,
  ): A.Expr | undefined {
    let left = operands[0];
    for (let i = 0; i < ops.length; i++) {
      const opTok = ops[i]!;
      const right = operands[i + 1];
      if (!isRealToken(opTok)) {
        left = left ?? right;
        continue;
      }
      if (!left) {
        left = right;
        continue;
      }
      const ext = new Extent().add(left.span).add(opTok).add(right?.span);
      left = {
        kind: 'Binary',
        span: ext.span(),
        op: opOf(opTok),
        opSpan: { start: opTok.startOffset, end: tokenEnd(opTok) },
        left,
        right,
      };
    }
    return left;
  }

  private orExpr(node: CstNode | undefined): A.Expr | undefined {
    if (!node) return undefined;
    const operands = subs(node, 'andExpr').map((n) => this.andExpr(n));
    return this.binaryChain(operands, toks(node, T.OrOp), () => '||');
  }

  private andExpr(node: CstNode): A.Expr | undefined {
    const operands = subs(node, 'notExpr').map((n) => this.notExpr(n));
    return this.binaryChain(operands, toks(node, T.AndOp), () => '&&');
  }

  private notExpr(node: CstNode): A.Expr | undefined {
    const bang = tok(node, T.Bang);
    if (bang) {
      const operand = this.notExprOpt(sub(node, 'notExpr'));
      return { kind: 'Unary', span: new Extent().add(bang).add(operand?.span).span(), op: '!', operand };
    }
    const cmp = sub(node, 'compareExpr');
    return cmp ? this.compareExpr(cmp) : undefined;
  }

  private notExprOpt(node: CstNode | undefined): A.Expr | undefined {
    return node ? this.notExpr(node) : undefined;
  }

  private compareExpr(node: CstNode): A.Expr | undefined {
    const operands = subs(node, 'postfixExpr').map((n) => this.postfixExpr(n));
    const ops = toks(node, T.CompareOp);
    const second = ops[1];
    if (isRealToken(second)) {
      this.diagnostics.push(
        diagnostic(
          'NTF001',
          { start: second.startOffset, end: second.end },
          `Comparisons cannot be chained; combine them with \`&&\`, e.g. \`$a < $b && $b < $c\``,
        ),
      );
    }
    return this.binaryChain(operands, ops, (t) => t.image as A.BinaryOp);
  }

  private postfixExpr(node: CstNode): A.Expr | undefined {
    let expr = this.primary(sub(node, 'primary'));
    for (const s of subs(node, 'suffix')) {
      const dot = tok(s, T.Dot);
      if (dot || toks(s, T.Dot).length > 0) {
        const nameTok = tok(s, T.Name);
        if (!expr) continue;
        const member: A.Identifier | undefined = nameTok
          ? { kind: 'Identifier', span: { start: nameTok.startOffset, end: nameTok.end }, text: nameTok.image }
          : undefined;
        expr = { kind: 'Member', span: new Extent().add(expr.span).add(dot).add(nameTok).span(), object: expr, member };
      } else {
        const index = this.expression(sub(s, 'expression'));
        if (!expr) continue;
        const ext = new Extent().add(expr.span).add(tok(s, T.LBracket)).add(index?.span).add(tok(s, T.RBracket));
        expr = { kind: 'Index', span: ext.span(), object: expr, index };
      }
    }
    return expr;
  }

  private primary(node: CstNode | undefined): A.Expr | undefined {
    if (!node) return undefined;
    const children = node.children;
    for (const key of Object.keys(children)) {
      const child = (children[key] as Child[])[0];
      if (!child) continue;
      if ('tokenType' in child) {
        if (!isRealToken(child)) return undefined;
        return this.literal(child);
      }
      switch (key) {
        case 'callExpr':
          return this.callExpr(child);
        case 'parenExpr': {
          const expr = this.expression(sub(child, 'expression'));
          const ext = new Extent().add(tok(child, T.LParen)).add(expr?.span).add(tok(child, T.RParen));
          return ext.empty ? undefined : { kind: 'Paren', span: ext.span(), expr };
        }
        case 'listExpr': {
          const items = this.argList(sub(child, 'argList'));
          const ext = new Extent().add(tok(child, T.ListOpen)).add(tok(child, T.RParen));
          for (const i of items) ext.add(i.span);
          return ext.empty ? undefined : { kind: 'List', span: ext.span(), items };
        }
        case 'mapExpr':
          return this.mapExpr(child);
      }
    }
    return undefined;
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
        return this.variable(t);
    }
    return undefined;
  }

  private unquotedDiagnostic(t: LexToken): void {
    const span = { start: t.startOffset, end: t.end };
    this.diagnostics.push(
      diagnostic('NTF004', span, `Unquoted text \`${t.image}\`: text must be in quotes, e.g. ${quoteText(t.image)}`, {
        fixes: [{ title: `Quote "${clipForTitle(t.image)}"`, edits: [{ span, newText: quoteText(t.image) }], preferred: true }],
      }),
    );
  }

  variable(t: IToken): A.VariableRef {
    const start = t.startOffset;
    const end = tokenEnd(t);
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

  private callExpr(node: CstNode): A.CallExpr | undefined {
    const fn = tok(node, T.FuncName);
    if (!fn) return undefined;
    const open = tok(node, T.LParen);
    const close = tok(node, T.RParen);
    const args = this.argList(sub(node, 'argList'));
    const argsExt = new Extent().add(open).add(close);
    for (const a of args) argsExt.add(a.span);
    const argsSpan = argsExt.empty ? { start: fn.end, end: fn.end } : argsExt.span();
    return {
      kind: 'Call',
      span: new Extent().add(fn).add(argsSpan).span(),
      sigil: fn.image[0] as A.Sigil,
      name: fn.image.slice(1),
      nameSpan: { start: fn.startOffset + 1, end: fn.end },
      args,
      argsSpan,
    };
  }

  private argList(node: CstNode | undefined): A.Expr[] {
    if (!node) return [];
    const out: A.Expr[] = [];
    for (const e of subs(node, 'expression')) {
      const x = this.expression(e);
      if (x) out.push(x);
    }
    return out;
  }

  private mapExpr(node: CstNode): A.MapLiteral | undefined {
    const ext = new Extent().add(tok(node, T.MapOpen)).add(tok(node, T.RParen));
    const entries: A.MapEntry[] = [];
    for (const e of subs(node, 'mapEntry')) {
      const entry = this.mapEntry(e);
      if (entry) {
        entries.push(entry);
        ext.add(entry.span);
      }
    }
    return ext.empty ? undefined : { kind: 'Map', span: ext.span(), entries };
  }

  private mapEntry(node: CstNode): A.MapEntry | undefined {
    const nameTok = tok(node, T.Name);
    const strTok = tok(node, T.StringLit);
    const keyTok = nameTok ?? strTok;
    if (!keyTok) return undefined;
    let key = keyTok.image;
    if (strTok) {
      const lit = this.string(strTok);
      const dynamic = lit.parts.find((p) => p.kind !== 'Text');
      if (dynamic) {
        this.diagnostics.push(diagnostic('NTF001', dynamic.span, 'A map key is fixed text: it cannot contain `$…` or template tags'));
      }
      key = lit.parts.map((p) => (p.kind === 'Text' ? p.value : '')).join('');
    }
    const value = this.expression(sub(node, 'expression'));
    const ext = new Extent().add(keyTok).add(tok(node, T.Colon)).add(value?.span);
    return { kind: 'MapEntry', span: ext.span(), key, keySpan: { start: keyTok.startOffset, end: keyTok.end }, value };
  }

  // ---------------------------------------------------------------- strings

  string(t: LexToken): A.StringLiteral {
    const info = t.str!;
    this.sink?.stringToken?.(t);
    const parts = scanTemplate(this, info.textStart, info.contentEnd, info.quote === 'swim');
    return {
      kind: 'String',
      span: { start: t.startOffset, end: t.end },
      quote: info.quote,
      ...(info.marker !== undefined ? { marker: info.marker } : {}),
      contentSpan: { start: info.contentStart, end: info.contentEnd },
      parts,
    };
  }
}
