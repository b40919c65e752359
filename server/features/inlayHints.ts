import type { InlayHint, Range } from 'vscode-languageserver/node';
import type { Expr } from '../../grammar/syntax/ast';
import { walk } from '../../grammar/syntax/visit';
import { toRange, toSpan } from '../positions';
import type { DocState } from '../workspace';

/** `initializationOptions.inlayHints.parameterNames` (the setting notify.inlayHints.parameterNames). */
export type ParameterNameHints = 'none' | 'literals';

/** LSP's InlayHintKind.Parameter. */
const PARAMETER = 2;

/**
 * Parameter names before literal arguments (LANGUAGE.md 10.5, "Inlay
 * hints"), as TypeScript's `parameterNames: literals`: `$Truncate($Summary,
 * length: 256)`. A literal is a number, a duration, `true`/`false` or a
 * string without interpolation; a function of one parameter gets none (its
 * name says it), and a parameter that repeats is named at its first
 * argument only. Only the hints whose position lies in `range`.
 */
export function inlayHints(doc: DocState, range: Range, mode: ParameterNameHints): InlayHint[] {
  if (mode === 'none') return [];
  const wanted = toSpan(doc.lines, range);
  const out: InlayHint[] = [];
  for (const view of doc.views()) {
    if (view.base > wanted.end || view.base + view.text.length < wanted.start) continue;
    const analysis = view.analysis();
    const from = wanted.start - view.base;
    const to = wanted.end - view.base;
    walk(analysis.file, (node) => {
      // a subtree wholly outside the range holds no hint in it
      if (node.span.end < from || node.span.start > to) return false;
      if (node.kind !== 'Call') return;
      const params = analysis.model.resolveCall(node)?.params;
      if (!params || params.length < 2) return;
      node.args.forEach((arg, i) => {
        const param = params[i];
        if (!param || !isLiteral(arg) || arg.span.start < from || arg.span.start > to) return;
        out.push({ position: toRange(view.lines, { start: arg.span.start, end: arg.span.start }).start, label: `${param.name}:`, kind: PARAMETER, paddingRight: true });
      });
    });
  }
  return out;
}

function isLiteral(e: Expr): boolean {
  switch (e.kind) {
    case 'Number':
    case 'Duration':
    case 'Bool':
      return true;
    case 'String':
      return e.parts.every((p) => p.kind === 'Text');
    default:
      return false;
  }
}
