import type { ImportDecl, NotifyFile } from '../syntax/ast';
import { diagnostic, type Diagnostic } from '../diagnostics';
import type { Catalog } from './catalog';
import { BUILTIN_CATALOG } from './builtin';
import { mergeCatalogs, type parseCatalogJson } from './importCatalog';
import { parsedCatalogs } from './parsedCatalogs';
import { parseRecipients, type RecipientsRead } from './recipients';

/** The caller's I/O: reads an import path relative to the importing file. */
export interface ImportHost {
  /**
   * `identity` names the file itself (the host's real path, links followed): two spellings or
   * links of one file are one import, read and counted once. Without it, `resolvedPath` does.
   */
  readImport(importPath: string): { text: string; resolvedPath: string; identity?: string } | { error: string };
  /**
   * The recipients file (LANGUAGE.md 2.4): `notify-recipients.json` in the
   * file's folder or the nearest one above; undefined when there is none.
   */
  readRecipients?(): RecipientsRead;
}

/**
 * The most characters a file's imports hold together (distinct files: one
 * file imported twice counts once); an import past it is not read. A catalog
 * file alone may be as large (the host's 20,000,000-byte limit), so this
 * bounds what a thousand different large files would cost (LANGUAGE.md 7).
 */
export const MAX_IMPORTED_CHARS = 20_000_000;

const BOUNDED = Symbol('bounded import reads');

/**
 * `host.readImport` as the checker uses it: each path read once; a file
 * already read through another path or link (the same `identity`) gives its
 * identity with an empty text, since it adds nothing; and once the distinct
 * files read hold MAX_IMPORTED_CHARS, a further one is refused.
 */
export function boundedImportReads(host: ImportHost): ImportHost['readImport'] {
  const existing = (host.readImport as { [BOUNDED]?: true })[BOUNDED];
  if (existing) return host.readImport;
  const byPath = new Map<string, ReturnType<ImportHost['readImport']>>();
  const identities = new Set<string>();
  let total = 0;
  const read = (path: string): ReturnType<ImportHost['readImport']> => {
    let r = byPath.get(path);
    if (r) return r;
    // A host that throws is its caller's to report (resolveImports: an internal error at the import).
    r = host.readImport(path);
    if ('text' in r) {
      const identity = r.identity ?? r.resolvedPath;
      if (identities.has(identity)) r = { text: '', resolvedPath: r.resolvedPath, identity };
      else if (total + r.text.length > MAX_IMPORTED_CHARS) r = { error: `not read: this file's imports together would hold more than ${MAX_IMPORTED_CHARS} characters` };
      else {
        identities.add(identity);
        total += r.text.length;
      }
    }
    byPath.set(path, r);
    return r;
  };
  return Object.assign(read, { [BOUNDED]: true as const });
}

/**
 * The catalog a file sees: the built-in events plus every catalog it imports.
 * A missing file, bad JSON, a schema violation or an event defined twice is
 * NTF401 at the import's path string; a broken import adds no events.
 */
/**
 * How an import's text becomes events: `parseCatalogJson`, by default through
 * the process's memo (./parsedCatalogs), which gives the same result.
 */
export interface CatalogParser {
  parse: typeof parseCatalogJson;
}

export function resolveImports(
  file: NotifyFile,
  host: ImportHost,
  base: Catalog = BUILTIN_CATALOG,
  parser: CatalogParser = parsedCatalogs,
): { catalog: Catalog; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let catalog = base;
  const seen = new Set<string>();
  const bounded: ImportHost = { readImport: boundedImportReads(host) };
  for (const item of file.items) {
    if (item.kind !== 'Import' || !item.path) continue;
    const path = item.path;
    const importPath = importPathText(item);
    if (importPath === undefined) {
      diagnostics.push(diagnostic('NTF401', path.span, 'An import path is plain text: it cannot contain `$` interpolation or template tags'));
      continue;
    }
    const fail = (problem: string) => diagnostics.push(diagnostic('NTF401', path.span, `Cannot import "${importPath}": ${problem}`));
    if (importPath.trim() === '') {
      fail('the path is empty');
      continue;
    }
    // One import that cannot be read or parsed (whatever the reason, a bug included) costs its own NTF401, never the others.
    try {
      catalog = withImport(catalog, bounded, importPath, seen, fail, parser);
    } catch (e) {
      fail(`internal error while reading it (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  const read = host.readRecipients?.();
  if (read) catalog = { ...catalog, recipients: parseRecipients(read) };
  return { catalog, diagnostics };
}

/** `catalog` with the events of the import at `importPath` added, or as it was (after `fail`). */
function withImport(catalog: Catalog, host: ImportHost, importPath: string, seen: Set<string>, fail: (problem: string) => void, parser: CatalogParser): Catalog {
  const read = host.readImport(importPath);
  if ('error' in read) {
    fail(read.error);
    return catalog;
  }
  // importing the same file twice adds nothing and is not an error — also through another spelling or a link
  const identity = read.identity ?? read.resolvedPath;
  if (seen.has(identity)) return catalog;
  seen.add(identity);
  const parsed = parser.parse(read.text, { kind: 'import', importPath, resolvedPath: read.resolvedPath });
  if (!parsed.catalog) {
    const first = parsed.errors[0]!;
    const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more problem${parsed.errors.length > 2 ? 's' : ''})` : '';
    fail(`${first.message} at ${lineColumn(read.text, first.offset)}${more}`);
    return catalog;
  }
  const merged = mergeCatalogs(catalog, [parsed.catalog]);
  if (merged.conflicts.length) {
    const c = merged.conflicts[0]!;
    const by = c.firstOrigin.kind === 'builtin' ? 'the built-in catalog' : `"${c.firstOrigin.importPath}"`;
    const more = merged.conflicts.length > 1 ? ` (and ${merged.conflicts.length - 1} more)` : '';
    fail(`event "${c.event}" is already defined by ${by}${more}`);
    return catalog;
  }
  return merged.catalog;
}

/** The path as written, or undefined when it is not plain text. */
export function importPathText(decl: ImportDecl): string | undefined {
  if (!decl.path) return undefined;
  let text = '';
  for (const part of decl.path.parts) {
    if (part.kind !== 'Text') return undefined;
    text += part.value;
  }
  return text;
}

function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}
