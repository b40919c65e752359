import { cursorContext, type CursorContext } from '../../grammar/complete/cursorContext';
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
