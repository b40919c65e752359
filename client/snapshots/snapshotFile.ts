/**
 * Reading and writing a snapshot file (`NAME.notify.snap`, spec section
 * 10.3), for `notify test` and the editor's Test Explorer alike. A snapshot
 * is a file the repository ships, so it is held to the strictest rule: a
 * regular file of at most the host's size limit, never a symbolic link —
 * neither read through (a link to `/dev/zero` or a FIFO would hang a run)
 * nor written through (a link to `~/.bashrc` would let a repository choose
 * what `--update` writes there). A new snapshot replaces the old one
 * atomically (host/replaceFile.ts).
 */
import { readRegularFile } from '../../host/files';
import { replaceRegularFile } from '../../host/replaceFile';

/** The snapshot's text, `text: undefined` when there is none yet; an error for anything but a regular file. */
export function readSnapshotFile(path: string): { readonly text: string | undefined } | { readonly error: string } {
  const r = readRegularFile(path, { noFollow: true });
  if ('text' in r) return r;
  return r.missing ? { text: undefined } : { error: r.error };
}

/** Writes a snapshot (undefined), or says why it was not written. */
export function writeSnapshotFile(path: string, text: string): { readonly error: string } | undefined {
  return replaceRegularFile(path, text);
}
