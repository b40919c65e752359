import { resolve } from 'node:path';
import type { DocumentLink } from 'vscode-languageserver/node';
import { importPathText } from '../../grammar/catalog/imports';
import { toRange } from '../positions';
import { pathToUri } from '../uris';
import type { DocView } from '../workspace';

/** Every `import "…"` path links to the catalog file it resolves to (relative to the document's folder). */
export function documentLinks(state: DocView): DocumentLink[] {
  const out: DocumentLink[] = [];
  for (const item of state.analysis().file.items) {
    if (item.kind !== 'Import' || !item.path) continue;
    const path = importPathText(item);
    if (!path?.trim()) continue;
    out.push({
      range: toRange(state.lines, item.path.contentSpan),
      target: pathToUri(resolve(state.baseDir, path)),
      tooltip: 'Open the event catalog',
    });
  }
  return out;
}
