import { opendirSync, type Dir } from 'node:fs';
import { secretNames } from '../../grammar/syntax/secrets';
import { readRegularFile } from '../../host/files';
import { join } from 'node:path';
import { describe, type Logger } from '../safe';
import { uriToPath } from '../uris';

const MAX_FILES = 2000;
/** How long after the first diagnostics the workspace is walked for `$Secret` names (when completion has not needed them sooner). */
const SCAN_DELAY_MS = 1000;
const MAX_ENTRIES = 100_000;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);


/**
 * The secret names used across the workspace, for completion inside
 * `$Secret("…")`: from `.notify` files under the workspace folders (read once
 * at start, then kept current by file events) and from open documents
 * (their unsaved text wins).
 */
export class SecretIndex {
  /**
   * The files found and their secret names; `undefined` until completion
   * first asks. Reading and lexing every file at start would compete with
   * the first diagnostics for the CPU, for names only completion uses.
   */
  private readonly byFile = new Map<string, readonly string[] | undefined>();
  /** Open documents' text, read (and scanned) only when completion asks: typing stays cheap. */
  private readonly byOpenDoc = new Map<string, () => string>();

  constructor(private readonly log: Logger) {}

  /** Folders not walked yet (see `scanFolders`). */
  private unscanned: readonly string[] | undefined;

  /**
   * Records the folders to look for `.notify` files in. The walk waits for
   * `scanSoon` (the server calls it once its first diagnostics are out) or
   * for the first caller that needs the files: in a large workspace it
   * would otherwise compete with the first check for the CPU.
   */
  scanFolders(folders: readonly string[]): void {
    this.unscanned = folders;
  }

  /**
   * Walks the folders a moment from now, if nothing has needed them yet: right
   * after the first diagnostics the editor asks for the opened file's tokens,
   * symbols, lenses and folds, and a walk of a large workspace (synchronous,
   * up to MAX_ENTRIES entries) would hold those answers up.
   */
  scanSoon(): void {
    if (this.unscanned) setTimeout(() => this.scanNow(), SCAN_DELAY_MS).unref();
  }

  private scanNow(): void {
    const folders = this.unscanned;
    if (!folders) return;
    this.unscanned = undefined;
    let budget = MAX_FILES;
    // entries read, files or not: a workspace of 300,000 files blocked the server for a second
    let entries = MAX_ENTRIES;
    const visit = (dir: string, depth: number): void => {
      if (budget <= 0 || entries <= 0 || depth > 12) return;
      let handle: Dir | undefined;
      try {
        handle = opendirSync(dir);
        for (let entry = handle.readSync(); entry !== null && budget > 0 && entries-- > 0; entry = handle.readSync()) {
          const full = join(dir, entry.name);
          if (entry.isDirectory()) {
            if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) visit(full, depth + 1);
          } else if (entry.isFile() && entry.name.endsWith('.notify') && !this.byFile.has(full)) {
            budget--;
            this.byFile.set(full, undefined);
          }
        }
      } catch (err) {
        // a folder that cannot be listed costs its own files, not the rest of the walk
        this.log(`secret index: ${describe(err)}`);
      } finally {
        handle?.closeSync();
      }
    };
    for (const f of folders) visit(f, 0);
  }

  closed(uri: string): void {
    const path = uriToPath(uri) ?? uri;
    this.byOpenDoc.delete(path);
    if (uriToPath(uri)) this.fileChanged(path, false);
  }

  /** A file was found, changed or deleted: its names are read again when next asked for. */
  fileChanged(path: string, deleted: boolean): void {
    if (deleted) this.byFile.delete(path);
    else this.byFile.set(path, undefined);
  }

  /** The names a file on disk uses, read now if not yet; undefined when it is gone (or not a regular file). */
  private namesOnDisk(path: string): readonly string[] | undefined {
    let names = this.byFile.get(path);
    if (names) return names;
    try {
      // The host refuses a named pipe or device called `*.notify` (a watcher event in a cloned repository).
      const r = readRegularFile(path);
      if ('text' in r) names = secretNames(r.text);
    } catch {
      // unreadable: as if gone
    }
    if (names) this.byFile.set(path, names);
    else this.byFile.delete(path);
    return names;
  }

  update(uri: string, text: () => string): void {
    this.byOpenDoc.set(uriToPath(uri) ?? uri, text);
  }

  /** The `.notify` files found in the workspace folders (kept current by file events), for workspace symbols. */
  files(): string[] {
    this.scanNow();
    return [...this.byFile.keys()];
  }

  names(): string[] {
    this.scanNow();
    const all = new Set<string>();
    for (const path of [...this.byFile.keys()]) if (!this.byOpenDoc.has(path)) for (const n of this.namesOnDisk(path) ?? []) all.add(n);
    for (const text of this.byOpenDoc.values()) for (const n of secretNames(text())) all.add(n);
    return [...all].sort();
  }
}
