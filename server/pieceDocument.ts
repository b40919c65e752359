/*
 * Kept instead of vscode-languageserver-textdocument's TextDocument because
 * bench/documents.ts measures it about 1.6× faster per edit on a 10,000-line
 * file (figures and reasons: docs/decisions.md, "Open documents stay in
 * PieceDocument"). Re-run that bench before changing either way.
 */
import type { Position, Range } from 'vscode-languageserver/node';

const PIECE = 8 * 1024;
const MAX_PIECE = 4 * PIECE;
/** A didChange with at least this many range edits may be applied in one pass (`applyAll`). */
const BATCH_MIN = 64;

/**
 * An open document's text kept as pieces of a few KB, with its line starts
 * updated edit by edit. An edit touches only the pieces it falls in: the
 * whole text is never copied per keystroke (a 300 KB string rebuilt on
 * every change is the largest cost of an edit on a big file). The full text
 * is joined only when a feature asks for it (`getText`).
 *
 * Line breaks are `\n`, `\r\n` and a lone `\r`, as in LSP and
 * vscode-languageserver-textdocument, whose position rules this follows.
 */
export class PieceDocument {
  private pieces: string[];
  /** Offset of each piece. */
  private starts: number[] = [];
  private lineStarts: number[] = [];
  private joined: string | undefined;
  length = 0;
  /**
   * Counts the changes applied. What is computed from the text is keyed by
   * it, not by `version`: a client may send a change without a higher
   * version (or with an old one), and the text still changed.
   */
  revision = 0;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    this.pieces = cut(text);
    this.reindex();
    this.lineStarts = lineStartsOf(text);
    this.joined = text;
  }

  getText(): string {
    return (this.joined ??= this.pieces.join(''));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The text of [start, end), built from the pieces it spans. */
  slice(start: number, end: number): string {
    start = clamp(start, 0, this.length);
    end = clamp(end, start, this.length);
    if (this.joined !== undefined) return this.joined.slice(start, end);
    let i = this.pieceAt(start);
    let out = '';
    while (i < this.pieces.length && this.starts[i]! < end) {
      const p = this.pieces[i]!;
      const s = this.starts[i]!;
      out += p.slice(Math.max(0, start - s), Math.min(p.length, end - s));
      i++;
    }
    return out;
  }

  charCodeAt(offset: number): number {
    if (offset < 0 || offset >= this.length) return NaN;
    if (this.joined !== undefined) return this.joined.charCodeAt(offset);
    const i = this.pieceAt(offset);
    return this.pieces[i]!.charCodeAt(offset - this.starts[i]!);
  }

  positionAt(offset: number): Position {
    offset = clamp(offset, 0, this.length);
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! > offset) hi = mid;
      else lo = mid + 1;
    }
    const line = lo - 1;
    return { line, character: this.beforeEOL(offset, starts[line]!) - starts[line]! };
  }

  /** Moves an offset inside or right after a line break back before it (as TextDocument does). */
  private beforeEOL(offset: number, lineStart: number): number {
    while (offset > lineStart) {
      const c = this.charCodeAt(offset - 1);
      if (c !== 10 && c !== 13) break;
      offset--;
    }
    return offset;
  }

  offsetAt(position: Position): number {
    const starts = this.lineStarts;
    if (position.line >= starts.length) return this.length;
    if (position.line < 0) return 0;
    const lineStart = starts[position.line]!;
    if (position.character <= 0) return lineStart;
    const next = position.line + 1 < starts.length ? starts[position.line + 1]! : this.length;
    // never inside or after the line break
    return this.beforeEOL(Math.min(lineStart + position.character, next), lineStart);
  }

  /**
   * Applies the content changes of one didChange in order. A long run of
   * range edits each before the one before it (a multi-cursor edit: the
   * client sends the last cursor first) is applied in one pass over the text:
   * one by one, every edit moved the start of every line after it, and
   * 50,000 cursors over 50,000 lines took 19 s. Any other list is applied
   * edit by edit, as `apply` does.
   */
  applyAll(changes: readonly { range?: Range; text: string }[]): void {
    if (changes.length >= BATCH_MIN && this.applyDescending(changes)) return;
    for (const change of changes) this.apply(change);
  }

  /**
   * The batch as one pass, when every edit lies wholly before the edit
   * applied just before it, so its positions mean in this text what they mean
   * in the text the client edited: they end before the earlier edit, or at it
   * only on a line that starts before it and without being moved back to the
   * line's end. False (nothing changed) otherwise.
   */
  private applyDescending(changes: readonly { range?: Range; text: string }[]): boolean {
    const spans: { s: number; e: number; text: string }[] = [];
    // (the first edit applies to this text itself: any position)
    let limit = Infinity;
    const at = (p: Position): number | undefined => {
      if (limit === Infinity) return this.offsetAt(p);
      if (p.line >= this.lineStarts.length) return undefined;
      const offset = this.offsetAt(p);
      if (offset < limit) return offset;
      // at the earlier edit's start: only on a line that starts before it (the edit can join a `\r` before it with a `\n`
      // it brings, moving the start of a line that starts there) and not moved back to the line's end
      const lineStart = this.lineStarts[p.line]!;
      return offset === limit && lineStart < limit && offset === lineStart + p.character ? offset : undefined;
    };
    for (const change of changes) {
      if (!change.range) return false;
      const a = at(change.range.start);
      const b = at(change.range.end);
      if (a === undefined || b === undefined) return false;
      const s = Math.min(a, b);
      const e = Math.max(a, b);
      spans.push({ s, e, text: change.text });
      limit = s;
    }
    const text = this.getText();
    let out = '';
    let from = 0;
    for (let i = spans.length - 1; i >= 0; i--) {
      const { s, e, text: inserted } = spans[i]!;
      out += text.slice(from, s) + inserted;
      from = e;
    }
    this.apply({ text: out + text.slice(from) });
    return true;
  }

  /** Applies one LSP content change (a range edit, or a full text). */
  apply(change: { range?: Range; text: string }): void {
    this.revision++;
    if (!change.range) {
      this.pieces = cut(change.text);
      this.reindex();
      this.lineStarts = lineStartsOf(change.text);
      this.joined = change.text;
      return;
    }
    // A range whose end comes before its start is the same range (as vscode-languageserver-textdocument takes it).
    const a = this.offsetAt(change.range.start);
    const b = this.offsetAt(change.range.end);
    const s = Math.min(a, b);
    const e = Math.max(a, b);
    const startLine = this.positionAt(s).line;
    const endLine = this.positionAt(e).line;
    // A line break next to the edit may join or split a `\r\n`: then count lines again (rare).
    const crBefore = this.charCodeAt(s - 1) === 13;
    const risky =
      change.text.includes('\r') ||
      (crBefore && (this.charCodeAt(e) === 10 || change.text.startsWith('\n') || this.charCodeAt(s) === 10)) ||
      (this.charCodeAt(e - 1) === 13 && this.charCodeAt(e) === 10);

    const first = this.pieceAt(s);
    const last = this.pieceAt(Math.max(s, e === this.length ? e : e));
    const lastIndex = Math.min(last, this.pieces.length - 1);
    const head = this.pieces[first]!.slice(0, s - this.starts[first]!);
    const tailPiece = this.pieces[lastIndex]!;
    const tail = tailPiece.slice(Math.min(tailPiece.length, e - this.starts[lastIndex]!));
    const merged = head + change.text + tail;
    this.pieces.splice(first, lastIndex - first + 1, ...(merged.length > MAX_PIECE ? cut(merged) : [merged]));
    if (this.pieces.length === 0) this.pieces.push('');
    this.reindex();
    this.joined = undefined;

    if (risky) {
      this.lineStarts = lineStartsOf(this.getText());
      return;
    }
    const delta = change.text.length - (e - s);
    const added: number[] = [];
    for (let i = 0; i < change.text.length; i++) if (change.text.charCodeAt(i) === 10) added.push(s + i + 1);
    const starts = this.lineStarts;
    starts.splice(startLine + 1, endLine - startLine, ...added);
    if (delta !== 0) for (let i = startLine + 1 + added.length; i < starts.length; i++) starts[i] = starts[i]! + delta;
  }

  private reindex(): void {
    let at = 0;
    this.starts = this.pieces.map((p) => {
      const s = at;
      at += p.length;
      return s;
    });
    this.length = at;
  }

  /** Index of the piece holding `offset` (the last piece for the end of the text). */
  private pieceAt(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! > offset) hi = mid;
      else lo = mid + 1;
    }
    let i = Math.max(0, lo - 1);
    // an offset at a piece boundary belongs to the next piece, except at the very end
    while (i > 0 && this.pieces[i]!.length === 0) i--;
    return i;
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Pieces of about PIECE characters, never splitting a surrogate pair or a `\r\n`. */
function cut(text: string): string[] {
  if (text.length <= MAX_PIECE) return [text];
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + PIECE);
    while (end < text.length && end > at + 1 && (isLowSurrogate(text.charCodeAt(end)) || (text.charCodeAt(end) === 10 && text.charCodeAt(end - 1) === 13))) end--;
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Where each line starts: after `\n`, `\r\n` or a lone `\r`. Found with indexOf, not a loop per character: a fresh server runs this on every opened file before its code is compiled. */
function lineStartsOf(text: string): number[] {
  const out = [0];
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (lf >= 0 || cr >= 0) {
    let start: number;
    if (cr >= 0 && (lf < 0 || cr < lf)) {
      start = cr + 1;
      if (lf === start) lf = text.indexOf('\n', ++start);
      cr = text.indexOf('\r', start);
    } else {
      start = lf + 1;
      lf = text.indexOf('\n', start);
    }
    out.push(start);
  }
  return out;
}
