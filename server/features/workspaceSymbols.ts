import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SymbolInformation } from 'vscode-languageserver/node';
import { SymbolKind } from '../protocol';
import type { ImportHost } from '../../grammar/analyze';
import { resolveImports } from '../../grammar/catalog/imports';
import type { NotifyFile } from '../../grammar/syntax/ast';
import { LineMap } from '../../grammar/syntax/lineMap';
import { parse } from '../../grammar/syntax/parser';
import { readRegularFile } from '../../host/files';
import { constantText } from '../../grammar/check/expressions';
import { toRange } from '../positions';
import { pathToUri } from '../uris';
import type { DocState } from '../workspace';

const MAX_RESULTS = 500;

interface FileSymbols {
  readonly mtimeMs: number;
  readonly symbols: readonly SymbolInformation[];
}

/**
 * Ctrl+T: the notifiers and samples of every `.notify` file of the
 * workspace (open documents from their current text, the others from disk,
 * parsed once per modification time) and the events of the catalogs they
 * import (at their declaration in the catalog JSON).
 */
export class WorkspaceSymbols {
  private readonly cache = new Map<string, FileSymbols>();

  constructor(
    private readonly files: () => readonly string[],
    private readonly openDoc: (path: string) => DocState | undefined,
    private readonly hostFor: (baseDir: string) => ImportHost,
  ) {}

  query(query: string): SymbolInformation[] {
    const out: SymbolInformation[] = [];
    const seen = new Set<string>();
    for (const path of this.files()) {
      for (const s of this.symbolsOf(path)) {
        const key = `${s.kind}\n${s.name}\n${s.location.uri}\n${s.location.range.start.line}`;
        if (seen.has(key) || !matches(query, s.name)) continue;
        seen.add(key);
        out.push(s);
        if (out.length >= MAX_RESULTS) return out;
      }
    }
    return out;
  }

  private symbolsOf(path: string): readonly SymbolInformation[] {
    const open = this.openDoc(path);
    if (open) return this.fromDoc(open);
    let mtimeMs: number;
    try {
      const st = statSync(path);
      if (!st.isFile() || st.size > 5_000_000) return [];
      mtimeMs = st.mtimeMs;
    } catch {
      return [];
    }
    const cached = this.cache.get(path);
    if (cached && cached.mtimeMs === mtimeMs) return cached.symbols;
    let symbols: SymbolInformation[] = [];
    try {
      // Through the host, as every file the server reads: a link out of the workspace, a pipe or a
      // device put there since the stat is refused, never read (LANGUAGE.md 7).
      const r = readRegularFile(path);
      if (!('text' in r)) throw new Error(r.error);
      const text = r.text;
      const lines = new LineMap(text);
      const file = parse(text).file;
      symbols = [...declared(file, pathToUri(path), (span) => toRange(lines, span)), ...this.events(file, dirname(path))];
    } catch {
      // unreadable or unparsable: no symbols
    }
    this.cache.set(path, { mtimeMs, symbols });
    return symbols;
  }

  private fromDoc(doc: DocState): SymbolInformation[] {
    const out: SymbolInformation[] = [];
    const imports: NotifyFile['items'][number][] = [];
    for (const view of doc.views()) {
      const file = view.analysis().file;
      out.push(...declared(file, doc.uri, (span) => toRange(view.lines, span)));
      for (const item of file.items) if (item.kind === 'Import') imports.push(item);
    }
    out.push(...this.events({ kind: 'File', span: { start: 0, end: 0 }, items: imports, comments: [] }, doc.baseDir));
    return out;
  }

  /** The events the file's imports declare, at their place in the catalog JSON. */
  private events(file: NotifyFile, baseDir: string): SymbolInformation[] {
    if (!file.items.some((i) => i.kind === 'Import')) return [];
    const imports: NotifyFile = { ...file, items: file.items.filter((i) => i.kind === 'Import') };
    const out: SymbolInformation[] = [];
    const texts = new Map<string, LineMap>();
    for (const e of resolveImports(imports, this.hostFor(baseDir)).catalog.events.values()) {
      const resolvedPath = e.origin.resolvedPath;
      if (e.origin.kind !== 'import' || !resolvedPath) continue;
      let lines = texts.get(resolvedPath);
      if (!lines) {
        const r = readRegularFile(resolvedPath);
        lines = new LineMap('text' in r ? r.text : '');
        texts.set(resolvedPath, lines);
      }
      const at = lines.position(e.origin.offset ?? 0);
      out.push({
        name: e.name,
        kind: SymbolKind.Event,
        containerName: e.origin.importPath,
        location: { uri: pathToUri(resolvedPath), range: { start: at, end: at } },
      });
    }
    return out;
  }
}

function declared(file: NotifyFile, uri: string, range: (span: { start: number; end: number }) => SymbolInformation['location']['range']): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const item of file.items) {
    if (item.kind === 'Import') continue;
    const name = constantText(item.name);
    if (!name) continue;
    out.push({
      name,
      kind: item.kind === 'Notifier' ? SymbolKind.Class : SymbolKind.Object,
      containerName: item.kind === 'Notifier' ? 'notifier' : `sample for ${item.event?.name ?? '…'}`,
      location: { uri, range: range(item.name!.span) },
    });
  }
  return out;
}

/** VS Code's rule for workspace symbols: the query's characters in order, case-insensitive. */
function matches(query: string, name: string): boolean {
  const q = query.toLowerCase().replace(/\s+/g, '');
  const n = name.toLowerCase();
  let j = 0;
  for (let i = 0; i < n.length && j < q.length; i++) if (n[i] === q[j]) j++;
  return j === q.length;
}


