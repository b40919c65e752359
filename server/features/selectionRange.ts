import type { Position, SelectionRange } from 'vscode-languageserver/node';
import type { Span } from '../../grammar/syntax/ast';
import { nodePathAt } from '../../grammar/syntax/visit';
import { toRange } from '../positions';
import type { DocState } from '../workspace';

/**
 * Expand / shrink selection (LANGUAGE.md 10.5): from the word at the
 * position out through the syntax nodes holding it (a string's content
 * before the string with its quotes) to the whole document. Every range
 * holds the one inside it and the position; equal ranges appear once.
 * `splitsPair`: the position falls between a surrogate pair's halves, where
 * it is taken as the position before the pair, so the innermost range is
 * the whole character (a range must hold the position and may not split it).
 * At most MAX_RANGES: the OUTER_KEPT outermost and the innermost rest.
 */
export const MAX_RANGES = 100;
const OUTER_KEPT = 10;

export function selectionRange(doc: DocState, position: Position, splitsPair: boolean): SelectionRange {
  const offset = doc.lines.offset(position);
  const view = doc.viewAt(offset);
  const text = doc.text;
  const spans: Span[] = [{ start: 0, end: text.length }];
  if (view.base > 0 || view.text.length < text.length) spans.push({ start: view.base, end: view.base + view.text.length });
  for (const node of nodePathAt(view.analysis().file, offset - view.base)) {
    spans.push(shift(node.span, view.base));
    if (node.kind === 'String') spans.push(shift(node.contentSpan, view.base));
  }
  spans.push(wordAt(text, offset));
  const innermost = splitsPair ? { start: offset, end: offset + 2 } : { start: offset, end: offset };
  spans.push(innermost);
  // outermost first; keep each span that holds the innermost, lies within the one kept before it and is smaller
  const kept: Span[] = [];
  for (const s of spans) {
    const outer = kept[kept.length - 1];
    if (!(s.start <= innermost.start && innermost.end <= s.end)) continue;
    if (outer && !(outer.start <= s.start && s.end <= outer.end && (outer.start !== s.start || outer.end !== s.end))) continue;
    kept.push(s);
  }
  // a chain of 20,000 `&&` is 20,000 nested nodes: past MAX_RANGES the ones in the middle are left out (the answer nests as deep as the chain)
  if (kept.length > MAX_RANGES) kept.splice(OUTER_KEPT, kept.length - MAX_RANGES);
  let range: SelectionRange | undefined;
  for (const s of kept) range = { range: toRange(doc.lines, s), ...(range ? { parent: range } : {}) };
  return range!;
}

function shift(span: Span, by: number): Span {
  return { start: span.start + by, end: span.end + by };
}

/** The run of letters, digits and `_` around `offset` (empty between two other characters). */
function wordAt(text: string, offset: number): Span {
  const word = /[\p{L}\p{N}_]/u;
  let start = offset;
  let end = offset;
  while (start > 0 && word.test(text[start - 1]!)) start--;
  while (end < text.length && word.test(text[end]!)) end++;
  return { start, end };
}
