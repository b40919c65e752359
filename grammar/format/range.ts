/**
 * `formatRange`: the part of `format` that falls inside a selection.
 *
 * Contract (docs/editor-features.md, docs/LANGUAGE.md section 10):
 * - every edit lies inside the selected character range;
 * - the result parses whenever the input did (text with syntax errors gets no edits);
 * - formatting the whole result gives the same text as formatting the input.
 *
 * How: the canonical layout is computed for the whole file (indentation
 * depends on the enclosing blocks) and compared with the input. The
 * formatter only moves whitespace, so the two texts usually have the same
 * non-whitespace characters and every gap of whitespace between them is an
 * independent edit; where they do not (a formatter that ever changes more),
 * a line diff is used instead. Edits are trimmed to the characters that
 * differ, those inside the selection are kept, and the outcome is verified by
 * parsing and formatting it: edits that fail the check are dropped, so a
 * bug here costs a missed edit, never a broken file.
 */
import { parse } from '../syntax/parser';
import { format } from './format';

export interface TextSpanEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/**
 * The one-by-one verification formats the file once per candidate edit; above
 * this much work (candidates × characters) it is skipped (all or nothing), so
 * an editor request stays fast on any file.
 */
const MAX_VERIFY_WORK = 2_000_000;

export function formatRange(text: string, selection: { start: number; end: number }): TextSpanEdit[] {
  const formatted = format(text);
  if (!formatted.changed || formatted.text === text) return [];
  const start = Math.max(0, Math.min(selection.start, selection.end));
  const end = Math.min(text.length, Math.max(selection.start, selection.end));
  if (start === 0 && end >= text.length) return [{ start: 0, end: text.length, newText: formatted.text }];
  const candidates = (whitespaceEdits(text, formatted.text) ?? lineEdits(text, formatted.text))
    .map((e) => trim(text, e))
    .filter((e) => e.start >= start && e.end <= end && (e.start < e.end || e.newText !== ''));
  if (candidates.length === 0) return [];
  const ok = (edits: readonly TextSpanEdit[]) => acceptable(applyEdits(text, edits), formatted.text);
  if (ok(candidates)) return candidates;
  if (candidates.length * text.length > MAX_VERIFY_WORK) return [];
  const kept: TextSpanEdit[] = [];
  for (const c of candidates) if (ok([...kept, c])) kept.push(c);
  return kept;
}

/** Parses without errors and formats to the same text as the original. */
function acceptable(result: string, target: string): boolean {
  if (parse(result).diagnostics.some((d) => d.severity === 'error')) return false;
  return format(result).text === target;
}

export function applyEdits(text: string, edits: readonly TextSpanEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  for (const e of sorted) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * When both texts have the same characters apart from whitespace: one edit
 * per whitespace gap that differs. Undefined otherwise.
 */
function whitespaceEdits(a: string, b: string): TextSpanEdit[] | undefined {
  const edits: TextSpanEdit[] = [];
  let i = 0;
  let j = 0;
  for (;;) {
    const gi = i;
    const gj = j;
    while (i < a.length && isSpace(a.charCodeAt(i))) i++;
    while (j < b.length && isSpace(b.charCodeAt(j))) j++;
    if (i - gi !== j - gj || a.slice(gi, i) !== b.slice(gj, j)) edits.push({ start: gi, end: i, newText: b.slice(gj, j) });
    if (i >= a.length || j >= b.length) return i >= a.length && j >= b.length ? edits : undefined;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) return undefined;
    i++;
    j++;
  }
}

/** Whole-line hunks of a line diff (longest common subsequence of lines). */
function lineEdits(oldText: string, newText: string): TextSpanEdit[] {
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
  if (am.length * bm.length > 4_000_000) return [{ start: offsets[pre]!, end: offsets[a.length - suf]!, newText: bm.join('') }];
  const n = am.length;
  const m = bm.length;
  const dp: Uint32Array[] = [];
  for (let i = 0; i <= n; i++) dp.push(new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i]![j] = am[i] === bm[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const edits: TextSpanEdit[] = [];
  let pending: { start: number; end: number; text: string[] } | undefined;
  const flush = () => {
    if (pending) edits.push({ start: pending.start, end: pending.end, newText: pending.text.join('') });
    pending = undefined;
  };
  let i = 0;
  let j = 0;
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

/** The edit reduced to the characters that differ (common prefix and suffix left out). */
function trim(text: string, e: TextSpanEdit): TextSpanEdit {
  const old = text.slice(e.start, e.end);
  const neu = e.newText;
  let p = 0;
  while (p < old.length && p < neu.length && old.charCodeAt(p) === neu.charCodeAt(p)) p++;
  let s = 0;
  while (s < old.length - p && s < neu.length - p && old.charCodeAt(old.length - 1 - s) === neu.charCodeAt(neu.length - 1 - s)) s++;
  // never split a CR LF pair: an edit between them would leave a lone CR
  if (p > 0 && old.charCodeAt(p - 1) === 13 && old.charCodeAt(p) === 10) p--;
  if (s > 0 && old.charCodeAt(old.length - s) === 10 && old.charCodeAt(old.length - s - 1) === 13) s--;
  return { start: e.start + p, end: e.end - s, newText: neu.slice(p, neu.length - s) };
}
