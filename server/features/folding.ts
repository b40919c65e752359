import type { FoldingRange } from 'vscode-languageserver/node';
import { FoldingRangeKind } from '../protocol';
import type { Span } from '../../grammar/syntax/ast';
import { walk } from '../../grammar/syntax/visit';
import type { DocView } from '../workspace';

/**
 * Folding: notifier, sample and channel bodies, swim strings, maps and
 * lists over several lines, template tags, block comments, and runs of
 * line comments. The last line of a block stays visible (its `}`).
 */
export function foldingRanges(state: DocView): FoldingRange[] {
  const { file } = state.analysis();
  const out: FoldingRange[] = [];
  const seen = new Set<string>();
  const add = (span: Span | undefined, kind?: FoldingRangeKind, keepLastLine = true) => {
    if (!span) return;
    const startLine = state.lines.position(span.start).line;
    let endLine = state.lines.position(span.end).line;
    if (keepLastLine) endLine--;
    if (endLine <= startLine) return;
    const key = `${startLine}:${endLine}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(kind ? { startLine, endLine, kind } : { startLine, endLine });
  };
  walk(file, (n) => {
    switch (n.kind) {
      case 'Notifier':
      case 'Sample':
      case 'Channel':
        add(n.bodySpan ?? n.span);
        break;
      case 'Map':
      case 'List':
      case 'Call':
        add(n.span);
        break;
      case 'String':
        if (n.quote === 'swim') add(n.span);
        break;
      case 'Foreach':
      case 'If':
        add(n.span);
        break;
    }
  });
  let run: Span | undefined;
  let runLine = -2;
  for (const c of file.comments) {
    if (c.style === '/*') {
      add(c.span, FoldingRangeKind.Comment, false);
      continue;
    }
    const line = state.lines.position(c.span.start).line;
    if (run && line === runLine + 1) run = { start: run.start, end: c.span.end };
    else {
      if (run) add(run, FoldingRangeKind.Comment, false);
      run = c.span;
    }
    runLine = line;
  }
  if (run) add(run, FoldingRangeKind.Comment, false);
  return out.sort((a, b) => a.startLine - b.startLine);
}

/**
 * Folding for a whole document: each chunk's ranges, plus the import block
 * (the imports at the top of the file), which spans chunks since every
 * top-level item is a chunk of its own.
 */
export function documentFoldingRanges(views: readonly DocView[]): FoldingRange[] {
  const out = views.flatMap(foldingRanges);
  const imports = views.flatMap((v) => {
    const items = v.analysis().file.items;
    return items.map((item) => ({ item, view: v }));
  });
  let n = 0;
  while (n < imports.length && imports[n]!.item.kind === 'Import') n++;
  if (n > 0) {
    const first = imports[0]!;
    const last = imports[n - 1]!;
    const startLine = first.view.lines.position(first.item.span.start).line;
    const endLine = last.view.lines.position(last.item.span.end).line;
    if (endLine > startLine) out.push({ startLine, endLine, kind: FoldingRangeKind.Imports });
  }
  return out.sort((a, b) => a.startLine - b.startLine);
}
