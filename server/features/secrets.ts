import { readdirSync } from 'node:fs';
import { secretNames } from '../../grammar/syntax/secrets';
import { readRegularFile } from '../../host/files';
import { join } from 'node:path';
import { describe, type Logger } from '../safe';
import { uriToPath } from '../uris';

const MAX_FILES = 2000;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);


/**
 * The secret names used across the workspace, for completion inside
 * `$Secret("…")`: from `.notify` files under the workspace folders (read once
 * at start, then kept current by file events) and from open documents
 * (their unsaved text wins).
 */
export class SecretIndex {
  private readonly byFile = new Map<string, readonly string[]>();
  /** Open documents' text, read (and scanned) only when completion asks: typing stays cheap. */
  private readonly byOpenDoc = new Map<string, () => string>();

  constructor(private readonly log: Logger) {}

  scanFolders(folders: readonly string[]): void {
    // Off the initialize path: a large workspace must not delay the first answers.
    setImmediate(() => {
      try {
        let budget = MAX_FILES;
        const visit = (dir: string, depth: number): void => {
          if (budget <= 0 || depth > 12) return;
          for (const entry of readdirSync(dir, { withFileTypes: true })) {
            if (budget <= 0) return;
            const full = join(dir, entry.name);
            if (entry.isDirectory()) {
              if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) visit(full, depth + 1);
            } else if (entry.isFile() && entry.name.endsWith('.notify')) {
              budget--;
              this.fileChanged(full, false);
            }
          }
        };
        for (const f of folders) visit(f, 0);
      } catch (err) {
        this.log(`secret index: ${describe(err)}`);
      }
    });
  }

  closed(uri: string): void {
    const path = uriToPath(uri) ?? uri;
    this.byOpenDoc.delete(path);
    if (uriToPath(uri)) this.fileChanged(path, false);
  }

  fileChanged(path: string, deleted: boolean): void {
    if (deleted) {
      this.byFile.delete(path);
      return;
    }
    try {
      // The host refuses a named pipe or device called `*.notify` (a watcher event in a cloned repository).
      const r = readRegularFile(path);
      if ('text' in r) this.byFile.set(path, secretNames(r.text));
      else this.byFile.delete(path);
    } catch {
      this.byFile.delete(path);
    }
  }

  update(uri: string, text: () => string): void {
    this.byOpenDoc.set(uriToPath(uri) ?? uri, text);
  }

  /** The `.notify` files found in the workspace folders (kept current by file events), for workspace symbols. */
  files(): string[] {
    return [...this.byFile.keys()];
  }

  names(): string[] {
    const all = new Set<string>();
    for (const [path, names] of this.byFile) if (!this.byOpenDoc.has(path)) for (const n of names) all.add(n);
    for (const text of this.byOpenDoc.values()) for (const n of secretNames(text())) all.add(n);
    return [...all].sort();
  }
}
