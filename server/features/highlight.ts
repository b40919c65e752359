import type { DocumentHighlight, Position } from 'vscode-languageserver/node';
import { DocumentHighlightKind } from '../protocol';
import type { CallExpr } from '../../grammar/syntax/ast';
import { nodePathAt, walk } from '../../grammar/syntax/visit';
import { toRange } from '../positions';
import type { DocState } from '../workspace';
import { references } from './navigation';

/**
 * Occurrences of the symbol under the cursor in this document: what Find
 * All References finds (variables, loop variables, events, notifier and
 * sample names), and for a function every call of it. A loop variable's
 * `foreach` is its write.
 */
export function documentHighlights(doc: DocState, position: Position): DocumentHighlight[] {
  const offset = doc.lines.offset(position);
  const view = doc.viewAt(offset);
  const local = offset - view.base;
  const path = nodePathAt(view.analysis().file, local);
  const call = [...path].reverse().find((n): n is CallExpr => n.kind === 'Call');
  if (call && local <= call.nameSpan.end && local >= call.span.start) {
    const out: DocumentHighlight[] = [];
    for (const v of doc.views()) {
      walk(v.analysis().file, (n) => {
        if (n.kind === 'Call' && n.name.toLowerCase() === call.name.toLowerCase()) {
          out.push({ range: toRange(v.lines, { start: n.span.start, end: n.nameSpan.end }), kind: DocumentHighlightKind.Read });
        }
      });
    }
    return out;
  }
  const declarations = new Set<number>();
  walk(view.analysis().file, (n) => {
    if (n.kind === 'Foreach' && n.variable) declarations.add(n.variable.span.start);
    if (n.kind === 'SampleAssignment') declarations.add(n.variable.span.start);
  });
  return references(doc, position, true).map((l) => {
    const start = doc.lines.offset(l.range.start) - view.base;
    return { range: l.range, kind: declarations.has(start) ? DocumentHighlightKind.Write : DocumentHighlightKind.Read };
  });
}
