import { resolve } from 'node:path';
import { BUILTIN_CATALOG } from '../../grammar/catalog/builtin';
import type { Catalog, EventDef } from '../../grammar/catalog/catalog';
import { mergeCatalogs, parseCatalogJson } from '../../grammar/catalog/importCatalog';
import { jsonText } from '../../grammar/catalog/jsonScan';
import { LineMap } from '../../grammar/syntax/lineMap';
import { sigilOf, typeToString } from '../../grammar/types/type';
import { formatOption, parseCommandArgs, stringOption, UsageError } from './args';
import { readInput } from './files';
import { EXIT, shownName, type CliIO, type ExitCode } from './io';

function variableSigil(t: Parameters<typeof sigilOf>[0]): string {
  const s = sigilOf(t);
  return s === 'any' ? '$' : s;
}

function eventJson(e: EventDef) {
  return {
    name: e.name,
    description: e.description || null,
    variables: [...e.variables.values()].map((v) => ({
      name: v.name,
      sigil: variableSigil(v.type),
      type: typeToString(v.type),
      description: v.description ?? null,
      example: v.example,
    })),
  };
}

/**
 * A catalog's description on its one line of the text format: its line breaks (and the spaces around them) are one
 * space, as in check's messages — a catalog cannot print lines of its own (a forged `::error::` workflow command).
 */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

function eventText(e: EventDef): string {
  const vars = [...e.variables.values()].map((v) => ({ name: `${variableSigil(v.type)}${v.name}`, type: typeToString(v.type), description: v.description && oneLine(v.description) }));
  const nameWidth = Math.max(...vars.map((v) => v.name.length));
  const typeWidth = Math.max(...vars.map((v) => v.type.length));
  const lines = [e.description ? `${e.name}  ${oneLine(e.description)}` : e.name];
  for (const v of vars) {
    lines.push(`    ${v.name.padEnd(nameWidth)}  ${v.description ? `${v.type.padEnd(typeWidth)}  ${v.description}` : v.type}`);
  }
  return lines.join('\n');
}

/** `notify events [--import FILE] [--format text|json]`: the catalog a file would see (LANGUAGE.md 10). */
export function runEvents(argv: readonly string[], io: CliIO): ExitCode {
  const args = parseCommandArgs(argv, { import: { type: 'string' }, format: { type: 'string' } });
  if (args.positionals.length) throw new UsageError(`events takes no positional arguments, got "${args.positionals[0]}"`);
  const format = formatOption(args);
  let catalog: Catalog = BUILTIN_CATALOG;
  const importPath = stringOption(args, 'import');
  if (importPath !== undefined) {
    const text = readInput(importPath, io.cwd);
    const resolvedPath = resolve(io.cwd, importPath);
    const parsed = parseCatalogJson(text, { kind: 'import', importPath, resolvedPath });
    if (!parsed.catalog || parsed.errors.length) {
      const lines = new LineMap(text);
      for (const e of parsed.errors) {
        const p = lines.position(e.offset);
        io.err(`${shownName(importPath)}:${p.line + 1}:${p.character + 1}: error NTF401: ${e.message}\n`);
      }
      return EXIT.failed;
    }
    const merged = mergeCatalogs(BUILTIN_CATALOG, [parsed.catalog]);
    for (const c of merged.conflicts) io.err(`${shownName(importPath)}: error NTF401: event "${c.event}" is already defined\n`);
    if (merged.conflicts.length) return EXIT.failed;
    catalog = merged.catalog;
  }
  const events = [...catalog.events.values()];
  if (format === 'json') io.out(jsonText(events.map(eventJson), 2) + '\n');
  else io.out(events.map(eventText).join('\n\n') + '\n');
  return EXIT.ok;
}
