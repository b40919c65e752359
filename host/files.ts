/**
 * The Node host: how the CLI, the extension host and the language server
 * read files (the `.notify` files a user names, imported catalogs). One
 * place, so they refuse the same things with the same words:
 *
 * - only a regular file is read: a device (`/dev/zero`), a named pipe or a
 *   folder where a file is expected would block or fail strangely, so it is
 *   refused before any byte is read (the file is opened without blocking and
 *   checked on the open descriptor, so it cannot be swapped in between);
 * - a file is re-read only when its modification time or size changed;
 * - a file the repository ships and a command may later rewrite (a snapshot)
 *   is read with `noFollow`: a symbolic link there is refused, not followed;
 * - a file is read only if it really lies inside its workspace root
 *   (`workspaceRootOf`), checked on the open descriptor after every symbolic
 *   link is followed: a cloned repository must not make a diagnostic, an
 *   error or a render quote a file of its choosing elsewhere on the disk
 *   (`import "../../../etc/passwd"`, `notify-recipients.json -> ~/.aws/
 *   credentials`). A file outside is refused before a byte of it is read, so
 *   nothing that reports on it can quote it (LANGUAGE.md 7, security.md).
 *
 * Files are written by host/replaceFile.ts, which never writes through a
 * symbolic link or into anything but a regular file.
 *
 * grammar/ does no I/O: it receives `nodeImportHost(…)` as its `ImportHost`.
 * The dispatch history is not read here: it also refuses symbolic links and
 * appends under a lock (client/dispatch/history.ts).
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readFileSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { findRecipients, type RecipientsFs } from '../grammar/catalog/recipients';
import type { ImportHost } from '../grammar/catalog/imports';

/** `missing` is set when nothing is at the path (a caller may take that as "none yet"). */
/** `realPath`: where the file read really is, every symbolic link followed (two spellings or links of one file give one). */
export type ReadResult = { readonly text: string; readonly realPath?: string } | { readonly error: string; readonly missing?: true };

export interface ReadOptions {
  /** Refuse a symbolic link at the path itself instead of reading its target. */
  readonly noFollow?: boolean;
  /**
   * The workspace root the file must lie inside, symbolic links followed.
   * By default the root of the path's own folder (`workspaceRootOf`): a link
   * may not lead out of it. An import passes its importing file's root, so a
   * path (`../../x`, `/etc/x`) may not lead out of it either.
   */
  readonly root?: string;
}

/** Larger than any catalog or notifier file; a bigger file is refused rather than read into memory. */
export const MAX_FILE_BYTES = 20_000_000;

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** Reads a regular file as UTF-8; anything else is an error in the host's one wording. */
export function readRegularFile(path: string, options: ReadOptions = {}): ReadResult {
  if (options.noFollow) {
    // O_NOFOLLOW closes the race on POSIX; the lstat is what refuses a link where the flag does not exist (Windows).
    try {
      if (lstatSync(path).isSymbolicLink()) return { error: symbolicLink(path) };
    } catch (e) {
      return readFailure(path, e);
    }
  }
  return withoutRealPath(readChecked(path, options.noFollow ? O_NOFOLLOW : 0, options.root ?? workspaceRootOf(dirname(resolve(path)))));
}

/** `readRegularFile`'s answer is the text or the error; where the file really is, only the import host asks. */
function withoutRealPath(r: ReadResult): ReadResult {
  return 'text' in r ? { text: r.text } : r;
}

/**
 * The workspace root of a folder: the nearest folder at or above it that
 * holds `.git` (a folder, or a worktree's file) or a `.notify` folder — the
 * repository a cloned file came with. With neither, `fallback` when the
 * folder lies inside it (the CLI passes the current folder), else the folder
 * itself. The dispatch history lives in the same root (docs/delivery.md).
 */
export function workspaceRootOf(dir: string, fallback?: string): string {
  const start = resolve(dir);
  for (let d = start; ; ) {
    if (exists(join(d, '.git')) || isFolder(join(d, '.notify'))) return d;
    const parent = dirname(d);
    if (parent === d) break;
    d = parent;
  }
  return fallback !== undefined && inside(start, resolve(fallback)) ? resolve(fallback) : start;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

// A file named `.notify` (a notifier file with an empty base name) does not mark a root.
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `path` is `root` or below it (both absolute, resolved). */
function inside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Whether `path` lies inside `root` as the reader would find it: by its path
 * as written and after every symbolic link on the way is followed. What may
 * be offered as an import (completion) is what may be read.
 */
export function insideWorkspaceRoot(path: string, root: string): boolean {
  if (!inside(resolve(path), resolve(root)) && !inside(resolve(path), realRoot(root))) return false;
  try {
    return inside(realpathSync(path), realRoot(root));
  } catch {
    return false;
  }
}

/**
 * A file open in the editor (its text may be unsaved, so nothing is opened
 * on disk) lies outside `root`: by its path as written, or, when it exists
 * on disk, once its links are followed.
 */
function openOutside(path: string, root: string): boolean {
  if (!inside(resolve(path), resolve(root)) && !inside(resolve(path), realRoot(root))) return true;
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return false;
  }
  return !inside(real, realRoot(root));
}

function outsideRoot(path: string, root: string): string {
  return `outside the workspace root ${root}, not read (${path})`;
}

/**
 * Where the open file really is, every symbolic link followed: the
 * descriptor's own path where the system says it (Linux), else the path's.
 */
function realPathOf(fd: number, path: string): string {
  try {
    const p = readlinkSync(`/proc/self/fd/${fd}`);
    if (isAbsolute(p)) return p;
  } catch {
    // no /proc: the path, resolved now
  }
  return realpathSync(path);
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return resolve(root);
  }
}

function symbolicLink(path: string): string {
  return `a symbolic link, not followed (${path})`;
}

/**
 * Opens without blocking (a pipe nobody writes to would block an open for
 * reading), checks the open descriptor and reads from it. `cached` may
 * answer for an unchanged file instead of reading it.
 */
function readChecked(
  path: string,
  flags: number,
  root: string,
  cached?: (st: Stats) => string | undefined,
  store?: (st: Stats, text: string) => void,
  already?: (realPath: string) => boolean,
): ReadResult {
  // A path that leads out of the root as written is refused without touching it (nor saying whether it exists).
  if (!inside(resolve(path), resolve(root)) && !inside(resolve(path), realRoot(root))) return { error: outsideRoot(path, root) };
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | flags);
    // Checked on what was opened: a link (in the path's last part or any folder of it) is followed by now.
    const realPath = realPathOf(fd, path);
    if (!inside(realPath, realRoot(root))) return { error: outsideRoot(path, root) };
    const st = fstatSync(fd);
    if (!st.isFile()) return { error: `not a regular file (${path})` };
    // A file this caller has read already (another spelling of it, or a link to it): not read again.
    if (already?.(realPath)) return { text: '', realPath };
    if (st.size > MAX_FILE_BYTES) return { error: `too large to read (${path}: ${st.size} bytes)` };
    const hit = cached?.(st);
    if (hit !== undefined) return { text: hit, realPath };
    const decoded = decodeText(readFileSync(fd));
    if ('error' in decoded) return decoded;
    store?.(st, decoded.text);
    return { text: decoded.text, realPath };
  } catch (e) {
    return readFailure(path, e, flags !== 0);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Every file the host reads is UTF-8 text. Anything else (an image or an
 * archive given the name) is refused once, instead of being parsed into one
 * syntax error per byte. Checked with Buffer's validator and decoded by
 * Buffer (a leading byte-order mark dropped, as TextDecoder drops it): a
 * fatal TextDecoder did the same at a sixth of the speed (60 ms of a 10 MB
 * file's check). Most files are all ASCII: those are copied as Latin-1, which
 * is the same text without UTF-8's decoding work.
 */
function decodeText(bytes: Buffer): ReadResult {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { error: `not a text file (a NUL byte at offset ${nul})` };
  if (isAscii(bytes)) return { text: bytes.toString('latin1') };
  if (!isUtf8(bytes)) return { error: 'not a text file (not valid UTF-8)' };
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return { text: bytes.toString('utf8', bom) };
}

function readFailure(path: string, e: unknown, noFollow = false): ReadResult {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { error: `file not found (${path})`, missing: true };
  if (code === 'EISDIR') return { error: `not a regular file (${path})` };
  // What open(O_NOFOLLOW) says of a symbolic link (the lstat before it saw none: it was swapped in since).
  if (code === 'ELOOP' && noFollow) return { error: symbolicLink(path) };
  return { error: `cannot read ${path}: ${code ?? (e as Error).message}` };
}

/**
 * `readRegularFile` with a cache checked against each file's modification
 * time and size: a catalog imported by many documents, or looked at on
 * every keystroke, costs an open and a `stat` until it changes on disk.
 */
export class FileReader {
  private readonly entries = new Map<string, { mtimeMs: number; size: number; text: string }>();

  /** `root` as in ReadOptions (by default the root of the path's own folder). */
  read(path: string, root?: string, already?: (realPath: string) => boolean): ReadResult {
    const r = readChecked(
      path,
      0,
      root ?? workspaceRootOf(dirname(resolve(path))),
      (st) => {
        const hit = this.entries.get(path);
        return hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size ? hit.text : undefined;
      },
      (st, text) => this.entries.set(path, { mtimeMs: st.mtimeMs, size: st.size, text }),
      already,
    );
    if ('error' in r) this.entries.delete(path);
    return r;
  }

  forget(path: string): void {
    this.entries.delete(path);
  }
}

export interface ImportHostOptions {
  /** An open editor's text of a path, which wins over the disk (it may be unsaved). */
  readonly readOpen?: (resolvedPath: string) => string | undefined;
  /** A cache shared between analyses (the language server keeps one). */
  readonly files?: FileReader;
  /** Collects the resolved path of every import read (to re-check importers when a catalog changes). */
  readonly deps?: Set<string>;
  /** The root to use when no `.git` or `.notify` marks one (`workspaceRootOf`'s fallback: the CLI's current folder). */
  readonly cwd?: string;
}

/**
 * The `ImportHost` of a document open in the editor — the language server's
 * and the extension's (preview, Send Test) alike, so both read the same
 * imports: with no `.git` or `.notify` above the file, its root is the
 * editor's first workspace folder when the file lies inside it, as the
 * current folder is for `notify` (LANGUAGE.md 7, "workspace root"), else the
 * file's own folder. `workspaceFolder` has no default: undefined says no
 * folder is open, never that the caller forgot it.
 */
export function editorImportHost(baseDir: string, workspaceFolder: string | undefined, options: Omit<ImportHostOptions, 'cwd'> = {}): ImportHost {
  return nodeImportHost(baseDir, workspaceFolder === undefined ? options : { ...options, cwd: workspaceFolder });
}

/** The `ImportHost` of a file in `baseDir`: import paths are relative to the importing file's folder. */
export function nodeImportHost(baseDir: string, options: ImportHostOptions = {}): ImportHost {
  // Found once per host (an analysis), and only when something is imported.
  let root: string | undefined;
  // The files this host read, each with the path it was read by: one reached again by another path (a link,
  // `./x`) is not read twice. The same path asked again (analyze() may resolve the imports twice: early for
  // a large file, then for the whole) is read again, as the first time.
  const readFiles = new Map<string, string>();
  return {
    readImport(importPath: string) {
      const resolvedPath = resolve(baseDir, importPath);
      const already = (realPath: string) => readFiles.has(realPath) && readFiles.get(realPath) !== resolvedPath;
      options.deps?.add(resolvedPath);
      // An import may not lead out of the importing file's workspace, by its path or by a link —
      // also when the editor has that file open: its text is then refused as the disk's would be.
      root ??= workspaceRootOf(baseDir, options.cwd);
      const open = options.readOpen?.(resolvedPath);
      if (open !== undefined) return openOutside(resolvedPath, root) ? { error: outsideRoot(resolvedPath, root) } : { text: open, resolvedPath };
      const r = options.files ? options.files.read(resolvedPath, root, already) : readChecked(resolvedPath, 0, root, undefined, undefined, already);
      if ('text' in r && r.realPath !== undefined && !readFiles.has(r.realPath)) readFiles.set(r.realPath, resolvedPath);
      return 'text' in r ? { text: r.text, resolvedPath, ...(r.realPath !== undefined ? { identity: r.realPath } : {}) } : { error: r.error };
    },
    // notify-recipients.json from the file's folder upward (LANGUAGE.md 2.4), open editors first
    readRecipients: () =>
      findRecipients(baseDir, {
        ...diskRecipientsFs,
        read: (path) => {
          if (!existsSync(path)) return undefined;
          options.deps?.add(path);
          // Found by name in a folder at or above the file's: a link there may not lead out of that folder's root.
          const within = workspaceRootOf(dirname(path), options.cwd);
          const open = options.readOpen?.(path);
          if (open !== undefined) return openOutside(path, within) ? { error: outsideRoot(path, within) } : { text: open };
          return options.files ? options.files.read(path, within) : readRegularFile(path, { root: within });
        },
      }),
  };
}

/** Candidate recipients files on disk; an absent one is undefined, so the search goes on upward. */
export const diskRecipientsFs: RecipientsFs = {
  read: (path) => (existsSync(path) ? readRegularFile(path) : undefined),
  dirname,
  join,
};
