import { readFileSync, statSync } from 'node:fs';

/**
 * Reads files (imported catalogs) with a cache keyed by path and checked
 * against mtime and size, so a catalog imported by many documents is read
 * once and re-read only when it changes on disk.
 */
export class FileCache {
  private readonly entries = new Map<string, { mtimeMs: number; size: number; text: string }>();

  read(path: string): { text: string } | { error: string } {
    try {
      const st = statSync(path);
      if (!st.isFile()) return { error: `not a file: ${path}` };
      const hit = this.entries.get(path);
      if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return { text: hit.text };
      const text = readFileSync(path, 'utf8');
      this.entries.set(path, { mtimeMs: st.mtimeMs, size: st.size, text });
      return { text };
    } catch (err) {
      this.entries.delete(path);
      const code = (err as NodeJS.ErrnoException).code;
      return { error: code === 'ENOENT' ? `file not found: ${path}` : `cannot read ${path}: ${(err as Error).message}` };
    }
  }

  forget(path: string): void {
    this.entries.delete(path);
  }
}
