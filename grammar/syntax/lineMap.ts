/**
 * Converts between UTF-16 offsets (what the syntax tree uses) and 0-based
 * line/character positions (what LSP uses; the CLI adds 1 to both).
 * Lines end at `\n`, `\r\n` or a lone `\r` (as in LSP and in the lexer:
 * one rule for line breaks, docs/syntax-notes.md).
 */
export interface LineCol {
  readonly line: number;
  readonly character: number;
}

export class LineMap {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') === -1) {
      // Only `\n`: indexOf skips the characters between breaks much faster than a loop (a 10 MB file is checked at once).
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): LineCol {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.starts[lo]! };
  }

  offset(pos: LineCol): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line]!;
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1]! - 1 : this.text.length;
    return Math.min(start + Math.max(0, pos.character), next);
  }
}
