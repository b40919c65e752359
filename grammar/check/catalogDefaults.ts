import type { Catalog, EventDef } from '../catalog/catalog';
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
    for (const message of defaultProblems(event)) out.push(diagnostic('NTF401', span, message));
  }
  return out;
}

/**
 * The messages of an event's defaults that do not check, by event: they
 * depend on the event alone, and an imported event is one object shared by
 * every file that imports its catalog (grammar/catalog/parsedCatalogs.ts),
 * so its defaults are parsed and checked once, not once per file. A pure
 * memo: an event not seen before is checked as it always was.
 */
const problemsOf = new WeakMap<EventDef, readonly string[]>();

function defaultProblems(event: EventDef): readonly string[] {
  let known = problemsOf.get(event);
  if (known) return known;
  const out: string[] = [];
  for (const [kind, content] of Object.entries(event.defaults)) {
    if (typeof content !== 'string') continue;
    const problems = guarded([] as Diagnostic[], () => {
      const parsed = parseTemplate(content, 0);
      return [...parsed.diagnostics, ...checkTemplateForEvent(parsed.parts, event, { text: content })];
    });
    const first = problems.find((d) => d.severity === 'error');
    if (!first) continue;
    const at = JSON.stringify(content.slice(first.span.start, first.span.end));
    out.push(`"${event.origin.importPath}": the default ${kind} of \`${event.name}\` does not check: ${first.message} (at ${at})`);
  }
  known = out;
  problemsOf.set(event, known);
  return known;
}
