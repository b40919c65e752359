import type { Catalog } from '../catalog/catalog';
import { importPathText } from '../catalog/imports';
import { diagnostic, type Diagnostic } from '../diagnostics';
import type { NotifyFile } from '../syntax/ast';
import { parseTemplate } from '../syntax/template';
import { checkTemplateForEvent } from './checker';
import { guarded } from './context';

/**
 * An imported event's default texts are templates the renderer uses where a
 * channel leaves `body`/`text`/`title`/`subject` out; one that does not check
 * would fail every render of that event. Reported as NTF401 on the import,
 * because the catalog file is where it must be fixed.
 */
export function checkImportedDefaults(file: NotifyFile, catalog: Catalog): Diagnostic[] {
  const out: Diagnostic[] = [];
  const imports = new Map<string, { start: number; end: number }>();
  for (const item of file.items) {
    if (item.kind !== 'Import' || !item.path) continue;
    const path = importPathText(item);
    if (path !== undefined && !imports.has(path)) imports.set(path, item.path.span);
  }
  for (const event of catalog.events.values()) {
    if (event.origin.kind !== 'import' || event.origin.importPath === undefined) continue;
    const span = imports.get(event.origin.importPath);
    if (!span) continue;
    for (const [kind, content] of Object.entries(event.defaults)) {
      if (typeof content !== 'string') continue;
      const problems = guarded([] as Diagnostic[], () => {
        const parsed = parseTemplate(content, 0);
        return [...parsed.diagnostics, ...checkTemplateForEvent(parsed.parts, event, { text: content })];
      });
      const first = problems.find((d) => d.severity === 'error');
      if (!first) continue;
      const at = JSON.stringify(content.slice(first.span.start, first.span.end));
      out.push(
        diagnostic(
          'NTF401',
          span,
          `"${event.origin.importPath}": the default ${kind} of \`${event.name}\` does not check: ${first.message} (at ${at})`,
        ),
      );
    }
  }
  return out;
}
