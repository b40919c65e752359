import type { PieceAnalysis } from '../../grammar/analyze';
import type { ScopeVariable } from '../../grammar/check/model';
import { cursorContext, frameOf, type CursorContext } from '../../grammar/complete/cursorContext';
import type { DocView } from '../workspace';

/**
 * The cursor context (what is open and expected at the cursor), scanned from
 * the start of the top-level item the cursor is in: the parser's items give
 * where that is, the scan gives what the user is typing there.
 */
export function contextAt(view: DocView, offset: number): CursorContext {
  let from = 0;
  for (const item of view.analysis().file.items) {
    if (item.span.start <= offset) from = item.span.start;
    else break;
  }
  return cursorContext(view.text, offset, from);
}

/**
 * Where to ask the model for the variables in scope: at the cursor, or —
 * when the tree of a half-typed notifier ends before the cursor — just
 * inside the notifier or sample the cursor context says is open.
 */
export function scopeOffset(analysis: PieceAnalysis, cx: CursorContext, offset: number): number {
  if (analysis.model.variablesInScope(offset).length) return offset;
  // the innermost block: a channel also sees its notifier's fan-out or digest variables (LANGUAGE.md 2.1, 2.2)
  const block = frameOf(cx, 'channel') ?? frameOf(cx, 'notifier') ?? frameOf(cx, 'sample');
  return block ? block.start + 1 : offset;
}

export function variablesAt(analysis: PieceAnalysis, cx: CursorContext, offset: number): readonly ScopeVariable[] {
  const all = analysis.model.variablesInScope(scopeOffset(analysis, cx, offset));
  // in `<% foreach %p in ‸ { %>` the loop's own variable is not in scope yet
  const tag = frameOf(cx, 'tag');
  if (!tag || tag.tag !== 'foreach') return all;
  return all.filter((v) => !(v.kind === 'loop' && v.declaration && v.declaration.start >= tag.start));
}
