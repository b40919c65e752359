/**
 * How the host writes a file a command rewrites or creates where a
 * repository may have put something first (a snapshot, a formatted
 * `.notify` file, a report): the new content goes to a temporary file
 * created exclusively in the same folder and is renamed over the path.
 *
 * - Nothing is written through a symbolic link: a link at the path is
 *   refused (a cloned `a.notify.snap -> ~/.bashrc` must not let `notify
 *   test --update` choose the contents of `~/.bashrc`). Should one be put
 *   there after the check, the rename replaces the link itself; it never
 *   follows it.
 * - Nothing is written into a device, a named pipe or a folder: only a
 *   regular file (or nothing) at the path is replaced.
 * - A reader sees the old file or the new one, never half of one; a hard
 *   link to the old file keeps the old content.
 * - A replaced file keeps its permission bits.
 * - A writer killed between creating its temporary file and renaming it
 *   leaves `.NAME.PID.RANDOM.tmp` behind. The next write of NAME removes
 *   those whose PID is not a live process on this machine (`kill(pid, 0)`):
 *   a live writer's temporary file is never touched, and only regular files
 *   are removed (`unlink` of the name itself: nothing is followed).
 * - With `unchanged` (the text the caller read and derived `data` from: a
 *   formatted or converted file), the file is replaced only while it still
 *   holds that text: an edit saved meanwhile (by the user, or by another
 *   command) is never overwritten with a result computed from the text before
 *   it. It is checked last, just before the rename, so the window left is the
 *   rename itself, not the whole read-format-write.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fchmodSync, fsyncSync, lstatSync, openSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readRegularFile } from './files';

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

export interface ReplaceOptions {
  /** The text the caller read from `path` (as host/files.ts reads it); the file is replaced only if it still holds it. */
  readonly unchanged?: string;
}

/**
 * Replaces `path` with `data`; an error (in the host's wording, naming the
 * path) when it may not or could not, with `changed` when the file no longer
 * held `options.unchanged` (nothing was written). A file that already holds
 * exactly `data` (another process wrote the same result) counts as replaced.
 */
export function replaceRegularFile(path: string, data: string | Uint8Array, options: ReplaceOptions = {}): { readonly error: string; readonly changed?: true } | undefined {
  let mode: number | undefined;
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return { error: `a symbolic link, not written through (${path})` };
    if (!st.isFile()) return { error: `not a regular file (${path})` };
    mode = st.mode & 0o777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { error: writeError(path, e) };
  }
  // A dot name: a folder walk (`notify fmt .`) skips it, should a killed process leave it behind.
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, 0o666);
    if (mode !== undefined) fchmodSync(fd, mode);
    writeFileSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (options.unchanged !== undefined) {
      const now = readRegularFile(path, { noFollow: true });
      const current = 'text' in now ? now.text : undefined;
      if (current !== options.unchanged) {
        unlinkSync(temp);
        if (current !== undefined && typeof data === 'string' && current === data) return undefined;
        return { error: `changed since it was read; not written (${path})`, changed: true };
      }
    }
    renameSync(temp, path);
    removeStaleTemps(dirname(path), basename(path));
    return undefined;
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // not created, or already renamed
    }
    return { error: writeError(path, e) };
  }
}

function writeError(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EISDIR' || code === 'ENOTEMPTY') return `not a regular file (${path})`;
  return `cannot write ${path}: ${code ?? (e as Error).message}`;
}

/** `.NAME.PID.RANDOM.tmp`, as replaceRegularFile names its temporary files. */
const TEMP = /^\.(.*)\.([1-9][0-9]{0,9})\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the temporary files of `name` that killed writers left in `dir`.
 * Best effort: a failure here never fails the write that called it.
 */
export function removeStaleTemps(dir: string, name: string): string[] {
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const m = TEMP.exec(entry);
    if (!m || m[1] !== name) continue;
    const pid = Number(m[2]);
    if (isLive(pid)) continue;
    const temp = join(dir, entry);
    try {
      // lstat, not stat: a link or anything else with such a name is someone else's, and left alone.
      if (!lstatSync(temp).isFile()) continue;
      unlinkSync(temp);
      removed.push(temp);
    } catch {
      // gone already (another writer removed it), or not ours to remove
    }
  }
  return removed;
}

/** A process with this id runs on this machine (EPERM: it runs, as another user). Ours counts as live. */
function isLive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
