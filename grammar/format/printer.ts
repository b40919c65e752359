/**
 * Prints a syntax tree (of text without syntax errors) in the canonical
 * layout. See ./format for the rules; this module only knows how.
 *
 * Comments are not in the tree: the printer walks the file's comment list
 * alongside the tree and, before it prints anything from source offset p,
 * prints every comment that starts before p. A comment that follows code on
 * the same source line stays at the end of that line; any other comment gets
 * a line of its own.
 */
import type * as A from '../syntax/ast';

const INDENT = '    ';

interface Element {
  span: A.Span;
  print(): void;
  /** Consecutive top-level elements of one group (imports) need no blank line between them. */
  group?: string;
}

export class Printer {
  /** Finished lines, and the line being written (kept apart so the output is never re-scanned). */
  private readonly lines: string[] = [];
  private cur = '';
  private endsWithSpace = false;
  /** Source offset up to which everything has been printed. */
  private lastSrc = 0;
  private nextComment = 0;
  private pendingSpace = false;
  /** Indentation of the statement being printed (continuation lines get one more). */
  private indent = 0;
  private readonly comments: readonly A.Comment[];

  constructor(
    private readonly src: string,
    private readonly file: A.NotifyFile,
  ) {
    this.comments = [...file.comments].sort((a, b) => a.span.start - b.span.start);
  }

  print(): string {
    const items: Element[] = this.file.items.map((item) => ({
      span: item.span,
      print: () => this.item(item),
      group: item.kind === 'Import' ? 'import' : undefined,
    }));
    this.elements(items, 0, this.src.length, true);
    if (this.cur !== '') this.newline();
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.length === 0 ? '' : this.lines.join('\n') + '\n';
  }

  // ---------------------------------------------------------------- low level

  private atLineStart(): boolean {
    return this.cur === '';
  }

  private get empty(): boolean {
    return this.lines.length === 0 && this.cur === '';
  }

  private write(s: string): void {
    if (this.pendingSpace && !this.atLineStart() && !this.endsWithSpace) this.put(' ');
    this.pendingSpace = false;
    this.put(s);
  }

  /**
   * Appends to the current line. Whether it ends in a space is remembered
   * rather than asked of `cur`: reading a string built by `+=` flattens it,
   * which made every token cost the length of its line (minutes for one
   * very long line).
   */
  private put(s: string): void {
    this.cur += s;
    if (s !== '') this.endsWithSpace = s.charCodeAt(s.length - 1) === 32;
  }

  private space(): void {
    this.pendingSpace = true;
  }

  private newline(): void {
    this.pendingSpace = false;
    this.lines.push(this.cur.replace(/[ \t]+$/, ''));
    this.cur = '';
    this.endsWithSpace = false;
  }

  private blankLine(): void {
    if (this.empty) return;
    if (!this.atLineStart()) this.newline();
    if (this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  private startLine(indent: number): void {
    if (!this.atLineStart()) this.newline();
    this.put(INDENT.repeat(indent));
  }

  /** Whether the source has an empty line between offsets a and b. */
  private hasBlankLine(a: number, b: number): boolean {
    return /\n[ \t\r\f\v]*\n/.test(this.src.slice(a, b));
  }

  private sameLine(a: number, b: number): boolean {
    for (let i = a; i < b; i++) if (this.src.charCodeAt(i) === 10) return false;
    return true;
  }

  /** Where `text` is written between offsets a and b (outside comments); `fallback` if not found. */
  private find(text: string, a: number, b: number, fallback: number): number {
    let i = this.src.indexOf(text, a);
    while (i !== -1 && i < b) {
      const inComment = this.comments.some((c) => c.span.start <= i && i < c.span.end);
      if (!inComment) return i;
      i = this.src.indexOf(text, i + 1);
    }
    return fallback;
  }

  private peekComment(before: number): A.Comment | undefined {
    const c = this.comments[this.nextComment];
    return c && c.span.start < before ? c : undefined;
  }

  /** Prints a token from source offset `pos`, after the comments before it. */
  private tok(text: string, pos: number, end = pos + text.length): void {
    this.inlineComments(pos);
    // No space before a closer, even after an inline comment: `"x" /* c */;`.
    if (text === ';' || text === ')' || text === ']') this.pendingSpace = false;
    this.write(text);
    this.lastSrc = Math.max(this.lastSrc, end);
  }

  /** Comments inside a statement: block comments inline, a line comment ends the line. */
  private inlineComments(before: number): void {
    for (let c = this.peekComment(before); c; c = this.peekComment(before)) {
      this.nextComment++;
      if (c.style === '/*') {
        if (!this.atLineStart()) this.space();
        this.write(c.text);
        this.space();
      } else {
        if (this.cur.trim() !== '') this.put(' ');
        this.pendingSpace = false;
        this.put(c.text);
        this.startLine(this.indent + 1);
      }
      this.lastSrc = c.span.end;
    }
  }

  /** Comments after code on the same source line, kept at the end of the printed line. */
  private trailingComments(): void {
    for (
      let c = this.peekComment(Infinity);
      c && /^[ \t,]*$/.test(this.src.slice(this.lastSrc, c.span.start));
      c = this.peekComment(Infinity)
    ) {
      this.nextComment++;
      this.pendingSpace = false;
      this.put(' ' + c.text);
      this.lastSrc = c.span.end;
    }
  }

  /**
   * One element per line (items, clauses, properties, broken list entries),
   * with their comments. Blank lines: exactly one between top-level items,
   * otherwise one where the source had at least one, never after `{` or
   * before `}`.
   */
  private elements(elems: readonly Element[], indent: number, closePos: number, top: boolean): void {
    const saved = this.indent;
    let first = true;
    let prevWasElement = false;
    let prevGroup: string | undefined;
    const separate = (pos: number, isElement: boolean, group?: string) => {
      const sameGroup = group !== undefined && group === prevGroup;
      prevGroup = group;
      if (!first) {
        if (top && prevWasElement && !sameGroup) this.blankLine();
        else if (top && prevWasElement) {
          if (this.hasBlankLine(this.lastSrc, pos)) this.blankLine();
        }
        else if (this.hasBlankLine(this.lastSrc, pos)) this.blankLine();
      } else if (top && !this.empty && this.hasBlankLine(this.lastSrc, pos)) {
        this.blankLine();
      }
      first = false;
      prevWasElement = isElement;
    };
    const ownLineComments = (before: number) => {
      for (let c = this.peekComment(before); c; c = this.peekComment(before)) {
        this.nextComment++;
        separate(c.span.start, false);
        prevGroup = undefined;
        this.startLine(indent);
        this.put(c.text);
        this.lastSrc = c.span.end;
        this.newline();
      }
    };
    for (const e of elems) {
      ownLineComments(e.span.start);
      separate(e.span.start, true, e.group);
      this.indent = indent;
      this.startLine(indent);
      e.print();
      this.lastSrc = Math.max(this.lastSrc, e.span.end);
      this.trailingComments();
      this.newline();
    }
    // Comments after the last element belong to this block, not to what follows it.
    for (let c = this.peekComment(closePos); c; c = this.peekComment(closePos)) {
      this.nextComment++;
      if (!first && this.hasBlankLine(this.lastSrc, c.span.start)) this.blankLine();
      else if (top && !first && prevWasElement) this.blankLine();
      first = false;
      prevWasElement = false;
      this.startLine(indent);
      this.put(c.text);
      this.lastSrc = c.span.end;
      this.newline();
    }
    this.indent = saved;
  }

  /** `{ … }` of a notifier, channel or sample. */
  private body(bodySpan: A.Span | undefined, elems: readonly Element[], outerEnd: number): void {
    const open = bodySpan ? bodySpan.start : outerEnd;
    const close = bodySpan ? bodySpan.end - 1 : outerEnd;
    this.space();
    this.tok('{', open);
    const hasComments = this.peekComment(close) !== undefined;
    if (elems.length === 0 && !hasComments) {
      this.tok('}', close);
      return;
    }
    const indent = this.indent;
    this.trailingComments();
    this.newline();
    this.elements(elems, indent + 1, close, false);
    this.indent = indent;
    this.startLine(indent);
    this.tok('}', close);
  }

  // ---------------------------------------------------------------- items

  private item(item: A.Item): void {
    switch (item.kind) {
      case 'Import':
        this.tok('import', item.span.start);
        if (item.path) {
          this.space();
          this.string(item.path);
        }
        this.tok(';', item.span.end - 1);
        return;
      case 'Notifier':
        this.tok('notifier', item.span.start);
        if (item.name) {
          this.space();
          this.string(item.name);
        }
        this.body(
          item.bodySpan,
          item.clauses.map((c) => ({ span: c.span, print: () => this.clause(c) })),
          item.span.end,
        );
        return;
      case 'Sample':
        this.tok('sample', item.span.start);
        if (item.name) {
          this.space();
          this.string(item.name);
        }
        if (item.event) {
          this.space();
          this.tok('for', this.find('for', item.name ? item.name.span.end : item.span.start, item.event.span.start, item.event.span.start));
          this.space();
          this.tok(item.event.name, item.event.span.start, item.event.span.end);
        }
        this.body(
          item.bodySpan,
          item.assignments.map((a) => ({
            span: a.span,
            print: () => {
              this.tok(this.src.slice(a.variable.span.start, a.variable.span.end), a.variable.span.start);
              this.assignValue(a.variable.span, a.value, a.span.end);
            },
          })),
          item.span.end,
        );
        return;
    }
  }

  private assignValue(target: A.Span, value: A.Expr | undefined, end: number): void {
    this.space();
    this.tok('=', this.find('=', target.end, value ? value.span.start : end, value ? value.span.start : end));
    if (value) {
      this.space();
      this.expr(value);
    }
    this.tok(';', end - 1);
  }

  private clause(c: A.Clause): void {
    switch (c.kind) {
      case 'On':
        this.tok('on', c.span.start);
        c.events.forEach((e, i) => {
          if (i > 0) this.tok(',', this.find(',', c.events[i - 1]!.span.end, e.span.start, e.span.start));
          this.space();
          this.tok(e.name, e.span.start, e.span.end);
        });
        this.tok(';', c.span.end - 1);
        return;
      case 'When':
        this.tok('when', c.span.start);
        if (c.condition) {
          this.space();
          this.expr(c.condition);
        }
        this.tok(';', c.span.end - 1);
        return;
      case 'Each':
        this.tok('each', c.span.start);
        if (c.variable) {
          this.space();
          this.tok(this.src.slice(c.variable.span.start, c.variable.span.end), c.variable.span.start);
        }
        if (c.list) {
          this.space();
          this.tok('in', this.find('in', c.variable ? c.variable.span.end : c.keywordSpan.end, c.list.span.start, c.list.span.start));
          this.space();
          this.expr(c.list);
        }
        this.tok(';', c.span.end - 1);
        return;
      case 'Digest':
        this.tok('digest', c.span.start);
        this.space();
        this.tok('by', this.find('by', c.keywordSpan.end, c.key ? c.key.span.start : c.span.end, c.keywordSpan.end));
        if (c.key) {
          this.space();
          this.expr(c.key);
        }
        this.tok(';', c.span.end - 1);
        return;
      case 'Scope':
        this.tok('scope', c.span.start);
        if (c.name) {
          this.space();
          this.tok(c.name.text, c.name.span.start, c.name.span.end);
        }
        this.tok(';', c.span.end - 1);
        return;
      case 'Channel': {
        this.tok(c.channel, c.span.start);
        const groups = alignmentWidths(c.properties, (a, b) => this.hasBlankLine(a, b));
        this.body(
          c.bodySpan,
          c.properties.map((p, i) => ({
            span: p.span,
            print: () => {
              this.tok(p.name.text, p.name.span.start);
              this.write(' '.repeat(groups[i]! - p.name.text.length + 1));
              this.assignValue(p.name.span, p.value, p.span.end);
            },
          })),
          c.span.end,
        );
        return;
      }
    }
  }

  // ---------------------------------------------------------------- expressions

  private string(s: A.StringLiteral): void {
    this.tok(this.src.slice(s.span.start, s.span.end), s.span.start, s.span.end);
  }

  private expr(e: A.Expr): void {
    switch (e.kind) {
      case 'Number':
      case 'Duration':
        this.tok(e.raw, e.span.start, e.span.end);
        return;
      case 'Bool':
        this.tok(e.value ? 'true' : 'false', e.span.start, e.span.end);
        return;
      case 'String':
        this.string(e);
        return;
      case 'Variable':
      case 'Unquoted':
        this.tok(this.src.slice(e.span.start, e.span.end), e.span.start, e.span.end);
        return;
      case 'Call':
        this.tok(e.sigil + e.name, e.span.start, e.nameSpan.end);
        this.sequence(e.args, e.argsSpan.start, e.argsSpan.end, (a) => this.expr(a));
        return;
      case 'Unary':
        this.tok('!', e.span.start);
        if (e.operand) this.expr(e.operand);
        return;
      case 'Binary':
        this.expr(e.left);
        this.space();
        this.tok(e.op, e.opSpan.start, e.opSpan.end);
        if (e.right) {
          this.space();
          this.expr(e.right);
        }
        return;
      case 'Member':
        this.expr(e.object);
        if (e.member) this.tok('.' + e.member.text, e.member.span.start - 1, e.member.span.end);
        return;
      case 'Index':
        this.expr(e.object);
        this.tok('[', e.index ? e.index.span.start : e.span.end - 1);
        if (e.index) this.expr(e.index);
        this.tok(']', e.span.end - 1);
        return;
      case 'Paren':
        this.tok('(', e.span.start);
        if (e.expr) this.expr(e.expr);
        this.tok(')', e.span.end - 1);
        return;
      case 'List':
        this.tok('@', e.span.start, e.span.start + 1);
        this.sequence(e.items, e.span.start + 1, e.span.end, (i) => this.expr(i));
        return;
      case 'Map':
        this.tok('%', e.span.start, e.span.start + 1);
        this.sequence(e.entries, e.span.start + 1, e.span.end, (m) => {
          this.tok(this.src.slice(m.keySpan.start, m.keySpan.end), m.keySpan.start, m.keySpan.end);
          this.write(':');
          if (m.value) {
            this.space();
            this.expr(m.value);
          }
        });
        return;
    }
  }

  /**
   * `( a, b )` of a call, list or map. On one line, unless the source broke
   * it over lines: then one entry per line, one level deeper, and `)` on a
   * line of its own.
   */
  private sequence<T extends { span: A.Span }>(items: readonly T[], open: number, end: number, print: (item: T) => void): void {
    const close = end - 1;
    this.tok('(', open);
    if (!this.isBroken(items, open + 1, close)) {
      items.forEach((item, i) => {
        if (i > 0) {
          this.write(',');
          this.space();
        }
        print(item);
      });
      this.tok(')', close);
      return;
    }
    const indent = this.indent;
    this.trailingComments();
    this.newline();
    const elems: Element[] = items.map((item, i) => ({
      span: item.span,
      print: () => {
        print(item);
        if (i < items.length - 1) this.write(',');
      },
    }));
    this.elements(elems, indent + 1, close, false);
    this.indent = indent;
    this.startLine(indent);
    this.tok(')', close);
  }

  private isBroken(items: readonly { span: A.Span }[], from: number, close: number): boolean {
    if (items.length === 0) return false;
    let at = from;
    for (const item of items) {
      if (!this.sameLine(at, item.span.start)) return true;
      at = item.span.end;
    }
    return !this.sameLine(at, close);
  }
}

/** Width to pad each property name to: the longest name in its run of properties without a blank line between them. */
function alignmentWidths(props: readonly A.Property[], blankBetween: (a: number, b: number) => boolean): number[] {
  const widths: number[] = new Array(props.length).fill(0);
  let groupStart = 0;
  const close = (end: number) => {
    const w = Math.max(0, ...props.slice(groupStart, end).map((p) => p.name.text.length));
    for (let i = groupStart; i < end; i++) widths[i] = w;
  };
  for (let i = 1; i < props.length; i++) {
    if (blankBetween(props[i - 1]!.span.end, props[i]!.span.start)) {
      close(i);
      groupStart = i;
    }
  }
  close(props.length);
  return widths;
}

/** Prints `file` (parsed from `src`, which must use `\n` line endings) without format's safety checks; for tests. */
export function printFile(src: string, file: A.NotifyFile): string {
  return new Printer(src, file).print();
}
