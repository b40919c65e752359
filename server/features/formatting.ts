import type { Range, TextEdit } from 'vscode-languageserver/node';
import { format } from '../../grammar/format/format';
import { toRange, toSpan } from '../positions';
import type { DocState } from '../workspace';

/**
 * Document formatting: one edit replacing the whole text, or none when the
 * text is already formatted. A file with syntax errors is left alone (the
 * formatter reports them and `changed` is false).
 */
export function formatDocument(state: DocState): TextEdit[] {
  const result = format(state.text);
  if (!result.changed || result.text === state.text) return [];
  return [{ range: toRange(state.lines, { start: 0, end: state.text.length }), newText: result.text }];
}

/**
 * Range formatting formats the whole document (indentation depends on the
 * enclosing blocks), diffs the result against the text line by line, and
 * returns the changed hunks that lie entirely within the selected lines.
 * A selection covering the whole text gets the whole-document edit.
 */
export function formatRange(state: DocState, range: Range): TextEdit[] {
  const result = format(state.text);
  if (!result.changed || result.text === state.text) return [];
  const sel = toSpan(state.lines, range);
  const whole = sel.start <= 0 && sel.end >= state.text.length;
  if (whole) return formatDocument(state);
  const edits = lineDiff(state.text, result.text);
  return edits
    .filter((e) => e.start >= lineStartOf(state.text, sel.start) && e.end <= lineEndOf(state.text, sel.end))
    .map((e) => ({ range: toRange(state.lines, e), newText: e.newText }));
}

interface SpanEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/**
 * Line-based diff (longest common subsequence of lines, with a common
 * prefix/suffix trim first so typical small changes are cheap). Each edit
 * replaces whole lines, so an edit inside the selection never touches text
 * outside it.
 */
export function lineDiff(oldText: string, newText: string): SpanEdit[] {
  const a = splitKeep(oldText);
  const b = splitKeep(newText);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const offsets: number[] = [0];
  for (const line of a) offsets.push(offsets[offsets.length - 1]! + line.length);
  const edits: SpanEdit[] = [];
  if (am.length * bm.length > 4_000_000) {
    // too big for LCS: one edit for the whole differing middle
    edits.push({ start: offsets[pre]!, end: offsets[a.length - suf]!, newText: bm.join('') });
    return edits;
  }
  // LCS table over the middle
  const n = am.length;
  const m = bm.length;
  const dp: Uint32Array[] = [];
  for (let i = 0; i <= n; i++) dp.push(new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i]![j] = am[i] === bm[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  let i = 0;
  let j = 0;
  let pending: { start: number; end: number; text: string[] } | undefined;
  const flush = () => {
    if (pending) edits.push({ start: pending.start, end: pending.end, newText: pending.text.join('') });
    pending = undefined;
  };
  while (i < n || j < m) {
    if (i < n && j < m && am[i] === bm[j]) {
      flush();
      i++;
      j++;
    } else if (j < m && (i >= n || dp[i]![j + 1]! >= dp[i + 1]![j]!)) {
      const at = offsets[pre + i]!;
      pending ??= { start: at, end: at, text: [] };
      pending.text.push(bm[j]!);
      j++;
    } else {
      const at = offsets[pre + i]!;
      pending ??= { start: at, end: at, text: [] };
      pending.end = offsets[pre + i + 1]!;
      i++;
    }
  }
  flush();
  return edits;
}

function splitKeep(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}
