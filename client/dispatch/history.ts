import { randomBytes } from 'node:crypto';
import { constants as C } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { publicFields, type DeliveryResult } from './result';

/** One remembered delivery (spec section 9); secrets are already masked. */
export interface HistoryEntry {
  readonly time: string;
  readonly channel: string;
  readonly target: string;
  readonly ok: boolean;
  readonly status: number | null;
  readonly attempts: number;
  readonly durationMs: number;
  readonly error: string | null;
}

export interface HistoryFile {
  readonly version: 1;
  readonly notifiers: Record<string, HistoryEntry[]>;
}

export const HISTORY_LIMIT = 50;

/** The first line of a history file: what it is, and its size right after the last compaction. */
interface Header {
  readonly format: 'notify-history';
  readonly version: 2;
  readonly compactedBytes: number;
}

/** A history file is compacted when it is this big and twice its size after the last compaction. */
const COMPACT_MIN_BYTES = 256 * 1024;
/** How long a writer waits for the lock before giving up on recording (the send itself is not affected). */
const LOCK_WAIT_MS = 60_000;
/** A lock older than this is left over by a writer that died (a write holds it for milliseconds). */
const LOCK_STALE_MS = 30_000;
/**
 * A lock is created empty and written at once (one small write, microseconds
 * later); one still empty after this was left by a crash between the two, or
 * put there (a committed `history.jsonl.lock`).
 */
const EMPTY_LOCK_GRACE_MS = 5_000;
/**
 * A lock naming a live process on this machine is broken once it has not
 * been refreshed for this long: its holder refreshes it every
 * LOCK_REFRESH_MS while it holds it, so an unrefreshed one names a process
 * that is not a writer (its id reused on a system without /proc, or a lock
 * put there naming one, such as pid 1). It is well under what a waiter
 * waits, so a waiter breaks it rather than give up on recording.
 */
const LOCK_HELD_MAX_MS = 15_000;
/** How often a holder touches its lock (its modification time says it is still held). */
const LOCK_REFRESH_MS = 1_000;
/** How long a waiter must itself see a lock unchanged before its age counts (a few of its holder's refreshes). */
const LOCK_STEADY_MS = 3 * LOCK_REFRESH_MS;
/** At most this much of a history file (its end) is read: the store keeps it far smaller. */
const MAX_READ_BYTES = 64 * 1024 * 1024;
/** A compaction's temporary file older than this, even of a live process (a reused id), is left over. */
const TEMP_STALE_MS = 60_000;
/** A stale-lock breaker holds `<lock>.break` for a few file operations; one older than this was left by a killed waiter. */
const BREAKER_STALE_MS = 10_000;

export interface HistoryStoreOptions {
  /** Also write a `.gitignore` (`*`) next to the file, so history stays out of git by default. */
  readonly gitignore?: boolean;
  /** Told about problems that do not stop a send (a corrupt file moved aside, a failed write). */
  readonly onWarning?: (message: string) => void;
  /** The history file of earlier versions (one JSON document); read, and folded in at the next compaction. */
  readonly legacyPath?: string;
  readonly now?: () => Date;
  /** Compact only once the file is at least this big (tests lower it). */
  readonly compactMinBytes?: number;
  /**
   * How long a lock naming a live process may go unrefreshed before it is
   * broken (LOCK_HELD_MAX_MS; tests lower it to make locks be broken while
   * held, as a writer stopped for longer than that sees).
   */
  readonly lockHeldMaxMs?: number;
}

/** `history.json` next to a `history.jsonl`: where earlier versions kept the same history. */
export function legacyHistoryPath(path: string): string | undefined {
  return basename(path) === 'history.jsonl' ? join(dirname(path), 'history.json') : undefined;
}

/** The history path is not a regular file (a symlink, a device, a FIFO, a folder): nothing is read from or written to it. */
export class NotAHistoryFile extends Error {
  override name = 'NotAHistoryFile';
}

const O_NOFOLLOW = C.O_NOFOLLOW ?? 0;
const O_NONBLOCK = C.O_NONBLOCK ?? 0;

/**
 * The dispatch history, as an append-only log of JSON lines (format in
 * docs/delivery.md): recording a delivery is one `O_APPEND` write of one
 * line, made under a lock file so that concurrent `notify send` processes in
 * one folder all record their entries; its cost does not depend on the size
 * of the history. Keeping only the last 50 entries per notifier is done by
 * compaction (also under the lock) when the file has doubled since the last
 * one. The store never follows a symlink at the history path, never opens a
 * device or FIFO there and never renames or replaces anything that is not a
 * regular file.
 */
export class HistoryStore {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly path: string, private readonly options: HistoryStoreOptions = {}) {}

  /** Records a result; appends made through one store are applied in order. */
  append(result: DeliveryResult): Promise<void> {
    const run = this.queue.then(() => this.write(result));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Entries for one notifier, oldest first. */
  async entries(notifier: string): Promise<HistoryEntry[]> {
    await this.queue;
    return (await this.load()).notifiers[notifier] ?? [];
  }

  /** The whole history: the last 50 entries per notifier, oldest first. */
  async load(): Promise<HistoryFile> {
    let text: string | null;
    try {
      text = await readRegular(this.path);
    } catch (e) {
      if (e instanceof NotAHistoryFile) {
        this.options.onWarning?.(e.message);
        text = null;
      } else throw e;
    }
    return this.merge(text);
  }

  /** The history in `text` (the file's content), with the legacy file's entries: the last 50 per notifier. */
  private async merge(text: string | null): Promise<HistoryFile> {
    const notifiers = noPrototype();
    const add = (name: string, entry: HistoryEntry) => (notifiers[name] ??= []).push(entry);
    const legacy = this.options.legacyPath ? await readRegular(this.options.legacyPath).catch(() => null) : null;
    const current = text !== null ? parseHistory(text).entries : [];
    if (legacy !== null) {
      // The legacy file's entries are folded into the log by a compaction, which then removes the file. Until
      // it has (a reader between the two steps, or a writer killed between them), its entries are in both:
      // one already in the log is not counted again.
      const inLog = new Map<string, number>();
      for (const [name, entry] of current) inLog.set(entryKey(name, entry), (inLog.get(entryKey(name, entry)) ?? 0) + 1);
      for (const [name, entry] of parseHistory(legacy).entries) {
        const key = entryKey(name, entry);
        const n = inLog.get(key) ?? 0;
        if (n > 0) inLog.set(key, n - 1);
        else add(name, entry);
      }
    }
    for (const [name, entry] of current) add(name, entry);
    for (const name of Object.keys(notifiers)) notifiers[name] = notifiers[name]!.slice(-HISTORY_LIMIT);
    return { version: 1, notifiers };
  }

  private async write(result: DeliveryResult): Promise<void> {
    const dir = dirname(this.path);
    await fsp.mkdir(dir, { recursive: true });
    const dirStat = await fsp.lstat(dir);
    if (!dirStat.isDirectory()) throw new NotAHistoryFile(`the dispatch history's folder ${dir} is a symbolic link or not a folder; nothing was recorded`);
    if (this.options.gitignore) await writeGitignore(join(dir, '.gitignore'));
    const line = JSON.stringify({ notifier: result.notifier, ...toEntry(result, this.options.now?.() ?? new Date()) }) + '\n';
    // A lock broken under us (we stalled past LOCK_HELD_MAX_MS: a stopped process, a blocked event loop)
    // is noticed before anything is written; the record is then written under a lock taken again.
    const state = { written: false };
    for (let tries = 1; ; tries++) {
      try {
        return await this.locked((lock) => this.appendLocked(line, lock, state));
      } catch (e) {
        if (!(e instanceof LockLost)) throw e;
        if (tries >= 3) {
          // Given up on the lock; a record written meanwhile (and kept) is recorded all the same.
          if (state.written && (await this.holdsLine(line))) return;
          throw e;
        }
      }
    }
  }

  /** The append itself, under the lock (`lock.check()` throws LockLost when it is no longer ours). */
  private async appendLocked(line: string, lock: HeldLock, state: { written: boolean }): Promise<void> {
    // Written before, into a file then replaced (see below): under this new lock the compaction that
    // replaced it is over, and has kept or added the record, or not.
    if (state.written && (await this.holdsLine(line))) return;
    // A file of another format (version 1's one JSON document, or anything else) is converted first:
    // a line appended to it would be lost in it.
    if ((await this.currentHeader()) === 'foreign') await this.compact(lock);
    let size: number;
    let compactedBytes = 0;
    {
      await lock.check();
      const handle = await openRegular(this.path, C.O_RDWR | C.O_APPEND | C.O_CREAT);
      let ino: number;
      try {
        const stat = await handle.stat();
        size = stat.size;
        ino = stat.ino;
        let torn = false;
        if (size > 0) {
          compactedBytes = (await readHeader(handle))?.compactedBytes ?? 0;
          const last = Buffer.alloc(1);
          await handle.read(last, 0, 1, size - 1);
          // A writer killed mid-line left no line end: end its line, so this record stays whole.
          torn = last[0] !== 0x0a;
        }
        // One write per record, appended by the kernel: a reader never sees half of someone else's line.
        const record = size === 0 ? headerLine(0) + line : torn ? '\n' + line : line;
        await handle.write(record);
        state.written = true;
        await handle.sync();
        size += Buffer.byteLength(record);
      } finally {
        await handle.close();
      }
      // Should our lock have been broken while we held it (we were stopped past LOCK_HELD_MAX_MS), a
      // compaction made under the next lock may have renamed a new file over the one we wrote into: the
      // record is then in the history only if that compaction read it, or added it once it had renamed
      // (see compact()). Which, is known once that compaction is over: under a lock taken again, where
      // the record is written again if it is not there.
      if ((await inodeAt(this.path)) !== ino) throw new LockLost(`the dispatch history ${this.path} was replaced while a record was written to it`);
    }
    const legacy = this.options.legacyPath ? await regularSize(this.options.legacyPath) : null;
    if (size > Math.max(this.options.compactMinBytes ?? COMPACT_MIN_BYTES, 2 * compactedBytes) || legacy !== null) {
      // The record is in: a compaction that fails (the lock found gone, the disk full, a file removed under
      // it) is left to the next writer and does not make this delivery unrecorded.
      await this.compact(lock).catch((e: unknown) => {
        if (!(e instanceof LockLost)) this.options.onWarning?.(`could not compact the dispatch history ${this.path}: ${(e as Error).message}`);
      });
    }
  }

  /** Whether the history file holds `line` (a whole line of it). */
  private async holdsLine(line: string): Promise<boolean> {
    const text = await readRegular(this.path).catch(() => null);
    return text !== null && ('\n' + text).includes('\n' + line);
  }

  /** The header of the file, 'none' when there is no file or it is empty, 'foreign' when it has none. */
  private async currentHeader(): Promise<Header | 'none' | 'foreign'> {
    let handle: fsp.FileHandle;
    try {
      handle = await openRegular(this.path, C.O_RDONLY);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
      throw e;
    }
    try {
      if ((await handle.stat()).size === 0) return 'none';
      return (await readHeader(handle)) ?? 'foreign';
    } finally {
      await handle.close();
    }
  }

  /**
   * Rewrites the file with the last 50 entries per notifier (and the legacy
   * file's entries, which is then removed). Runs under the lock: no one
   * appends meanwhile. Reads that fail to parse (the wrong shape, a torn last
   * line) keep what parses; a file with nothing usable is moved aside.
   */
  private async compact(lock: HeldLock): Promise<void> {
    await removeLeftoverTemps(this.path);
    // The file is read through a handle kept open until after the rename: what was appended to it after
    // it was read (by a writer whose lock was broken, or that broke ours) is still found there, and added.
    let old: fsp.FileHandle | null = null;
    try {
      old = await openRegular(this.path, C.O_RDONLY);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    try {
      await this.compactFrom(old, lock);
    } finally {
      await old?.close();
    }
  }

  private async compactFrom(old: fsp.FileHandle | null, lock: HeldLock): Promise<void> {
    const { text, end } = old ? await readCapped(old) : { text: '', end: 0 };
    const merged = await this.merge(text);
    const parsed = parseHistory(text);
    if (parsed.unusable) {
      const aside = `${this.path}.corrupt-${(this.options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
      await renameRegular(this.path, aside, { allowMissing: true });
      this.options.onWarning?.(`the dispatch history ${this.path} was unreadable; moved it to ${aside} and started a new one`);
    }
    const body = Object.entries(merged.notifiers)
      .flatMap(([notifier, list]) => list.map((e) => JSON.stringify({ notifier, ...e }) + '\n'))
      .join('');
    const compactedBytes = Buffer.byteLength(body);
    const temp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await fsp.open(temp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | O_NOFOLLOW, 0o644);
    try {
      await handle.write(headerLine(compactedBytes) + body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The file about to be replaced, opened just before: should another compaction (its lock broken
    // from under it, or having broken ours) have replaced the file since we read it, what was appended
    // to that one is found there too.
    let victim: fsp.FileHandle | null = null;
    try {
      // Renaming over the file is the one step that can lose others' records, should they have appended
      // under a lock that replaced ours: it is made only while the lock is still ours.
      await lock.check();
      if (!(await fsp.lstat(temp)).isFile()) throw notRegular(temp);
      // Opened as the last step before the rename (only a regular file, or nothing, is replaced; should
      // something else be put there meanwhile, the rename replaces that name and follows nothing).
      victim = await openRegular(this.path, C.O_RDONLY).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
      await fsp.rename(temp, this.path);
    } catch (e) {
      await victim?.close();
      await fsp.rm(temp, { force: true }).catch(() => undefined);
      throw e;
    }
    // Records appended to the old file since it was read (after our last check a lock breaker may still
    // have appended to it), or to the file replaced if it was another, would be lost with it: they are
    // added to the new one, unless already there.
    try {
      const sources: [fsp.FileHandle, number][] = [];
      if (old) sources.push([old, end]);
      if (victim && (!old || (await victim.stat()).ino !== (await old.stat()).ino)) sources.push([victim, 0]);
      await this.rescue(sources, text);
    } finally {
      await victim?.close();
    }
    const legacySize = this.options.legacyPath ? await regularSize(this.options.legacyPath) : null;
    if (this.options.legacyPath && legacySize !== null) {
      if (legacySize > MAX_READ_BYTES) {
        // Too big to have been read (not one the store wrote): kept aside, not removed unread.
        const aside = `${this.options.legacyPath}.corrupt-${(this.options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
        await renameRegular(this.options.legacyPath, aside).catch(() => undefined);
        this.options.onWarning?.(`the old dispatch history ${this.options.legacyPath} is over ${MAX_READ_BYTES / 1024 / 1024} MiB and was not read; moved it to ${aside}`);
      } else await fsp.unlink(this.options.legacyPath).catch(() => undefined);
    }
  }

  /**
   * Appends to the history the whole entry lines of each source file after
   * its offset that are neither in `read` (what the compaction read, kept or
   * trimmed by it) nor in the history already.
   */
  private async rescue(sources: [fsp.FileHandle, number][], read: string): Promise<void> {
    const lines: string[] = [];
    const seen = '\n' + read;
    for (const [handle, from] of sources) {
      const size = (await handle.stat()).size;
      if (size <= from) continue;
      const buf = Buffer.alloc(Math.min(size - from, MAX_READ_BYTES));
      const { bytesRead } = await handle.read(buf, 0, buf.length, from);
      const tail = buf.subarray(0, bytesRead).toString('utf8');
      for (const l of tail.slice(0, tail.lastIndexOf('\n') + 1).split('\n')) {
        if (parseHistory(l).entries.length === 1 && !seen.includes('\n' + l + '\n') && !lines.includes(l)) lines.push(l);
      }
    }
    if (lines.length === 0) return;
    const now = '\n' + ((await readRegular(this.path)) ?? '');
    const missing = lines.filter((l) => !now.includes('\n' + l + '\n'));
    if (missing.length === 0) return;
    const handle = await openRegular(this.path, C.O_RDWR | C.O_APPEND | C.O_CREAT);
    try {
      const torn = !now.endsWith('\n');
      await handle.write((torn ? '\n' : '') + missing.map((l) => l + '\n').join(''));
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /**
   * Runs `fn` holding `<path>.lock` (created exclusively; a lock of a dead
   * writer is broken). While `fn` runs the lock's modification time is
   * refreshed every LOCK_REFRESH_MS through the handle it was created with
   * (should the lock have been broken and replaced, that touches only the
   * old, unlinked file), so a held lock never looks abandoned.
   */
  private async locked<T>(fn: (lock: HeldLock) => Promise<T>): Promise<T> {
    const lock = `${this.path}.lock`;
    // Waits are measured on the monotonic clock: a jump of the wall clock neither ends one early nor makes it endless.
    const deadline = performance.now() + LOCK_WAIT_MS;
    const watch = new LockWatch();
    const start = await ownProcessStart();
    const me = `${process.pid}\n${hostname()}\n${randomBytes(6).toString('hex')}\n${start ?? ''}\n`;
    let handle: fsp.FileHandle;
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      try {
        handle = await fsp.open(lock, C.O_WRONLY | C.O_CREAT | C.O_EXCL | O_NOFOLLOW, 0o644);
        try {
          await handle.write(me);
        } catch (e) {
          // Ours and seconds old: no one else may have broken it yet.
          await handle.close();
          await fsp.unlink(lock).catch(() => undefined);
          throw e;
        }
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      if (await breakIfStale(lock, this.options.lockHeldMaxMs ?? LOCK_HELD_MAX_MS, watch)) continue;
      if (performance.now() > deadline) throw new Error(`the dispatch history ${this.path} stayed locked (${lock}) for ${LOCK_WAIT_MS / 1000}s; this delivery was not recorded`);
      await new Promise((r) => setTimeout(r, wait + Math.floor(Math.random() * wait)));
    }
    const held = handle;
    const refresh = setInterval(() => {
      const now = new Date();
      void held.utimes(now, now).catch(() => undefined);
    }, LOCK_REFRESH_MS);
    refresh.unref();
    try {
      return await fn({
        check: async () => {
          if ((await readLockContent(lock).catch(() => null)) !== me) throw new LockLost(`the lock ${lock} was broken while held`);
        },
      });
    } finally {
      clearInterval(refresh);
      await held.close().catch(() => undefined);
      // Remove the lock only if it is still ours (it may have been broken as stale by a slow peer).
      const content = await readLockContent(lock).catch(() => null);
      if (content === me) await fsp.unlink(lock).catch(() => undefined);
    }
  }
}

/** The lock, to its holder: `check` throws LockLost once the lock file is no longer the one it created. */
interface HeldLock {
  check(): Promise<void>;
}

/** The holder's lock was broken (judged abandoned) while it held it; it must not write. */
class LockLost extends Error {
  override name = 'LockLost';
}

/**
 * A process's state and start time on this machine, from /proc (Linux):
 * with the process id they name one process for good (an id is reused, a
 * start time with it is not). Undefined where there is no /proc.
 */
async function processInfo(pid: number): Promise<{ state: string; start: string } | undefined> {
  try {
    const stat = await fsp.readFile(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses; the fields after its last ')' do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    const start = fields[19]; // field 22, starttime
    return state && start && /^\d+$/.test(start) ? { state, start } : undefined;
  } catch {
    return undefined;
  }
}

let ownStart: Promise<string | undefined> | undefined;
/** This process's start time (read once): written into every lock it takes. */
function ownProcessStart(): Promise<string | undefined> {
  return (ownStart ??= processInfo(process.pid).then((i) => i?.start));
}

/**
 * Breaks the lock of a writer that is gone (its process died on this machine,
 * or the lock is older than any write takes). Returns true when the caller
 * should try to take the lock again at once.
 *
 * Two waiters can both judge the same dead lock; if the first breaks it and a
 * third process takes a fresh lock, the second must not remove that live one
 * (two writers would then compact at once and lose entries). So breaking is
 * itself serialized by `<lock>.break`, and under it the lock is judged again
 * and removed only if it is still the very file (inode and content) judged dead.
 */
async function breakIfStale(lock: string, heldMaxMs: number, watch: LockWatch): Promise<boolean> {
  const seen = await deadLock(lock, heldMaxMs, watch);
  if (seen === 'gone') return true;
  if (!seen) return false;
  const breaker = `${lock}.break`;
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(breaker, C.O_WRONLY | C.O_CREAT | C.O_EXCL | O_NOFOLLOW, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    await removeStaleBreaker(breaker);
    return false; // another waiter is breaking it: wait our turn
  }
  try {
    await handle.write(`${process.pid}\n`);
    const again = await deadLock(lock, heldMaxMs, watch);
    if (again !== 'gone' && again && again.ino === seen.ino && again.content === seen.content) {
      await fsp.unlink(lock).catch(() => undefined);
    }
  } finally {
    await handle.close();
    await fsp.unlink(breaker).catch(() => undefined);
  }
  return true;
}

/**
 * What one waiter has seen of a lock: for how long, on its own monotonic
 * clock, the lock has stayed the very same (inode, modification time,
 * content). A lock's age is read from the wall clock, which can jump (an NTP
 * step, a suspended laptop, a clock set by hand): right after a jump every
 * held lock looks old, or new. A lock is judged old only once this waiter has
 * also seen it unchanged for LOCK_STEADY_MS, longer than its holder takes to
 * refresh it.
 */
class LockWatch {
  private key = '';
  private since = 0;

  steadyFor(key: string): number {
    const now = performance.now();
    if (key !== this.key) {
      this.key = key;
      this.since = now;
    }
    return now - this.since;
  }
}

/** The lock's identity when its writer is gone; 'gone' when there is no lock; undefined when it is held. */
async function deadLock(lock: string, heldMaxMs: number, watch: LockWatch): Promise<{ ino: number; content: string } | 'gone' | undefined> {
  let content: string;
  let mtimeMs: number;
  let ino: number;
  try {
    const stat = await fsp.lstat(lock);
    if (!stat.isFile()) throw new NotAHistoryFile(`${lock} is not a regular file; remove it`);
    mtimeMs = stat.mtimeMs;
    ino = stat.ino;
    content = await readLockContent(lock);
  } catch (e) {
    if (e instanceof NotAHistoryFile) throw e;
    return 'gone';
  }
  // A time in the future (an archive's, a skewed clock's) counts as an age too: such a lock never ages otherwise.
  const age = Math.abs(Date.now() - mtimeMs);
  const steady = watch.steadyFor(`${ino}\0${mtimeMs}\0${content}`);
  const older = (limit: number) => age > limit && steady >= Math.min(LOCK_STEADY_MS, limit);
  if (content === '') return older(EMPTY_LOCK_GRACE_MS) ? { ino, content } : undefined;
  const [pidText, host, , start] = content.split('\n');
  const pid = Number(pidText);
  // On this machine the holder's process says it all (a live writer on a loaded machine may be slow, and
  // refreshes its lock while it holds it), up to LOCK_HELD_MAX_MS without a refresh; a lock from another
  // machine (a shared folder) is judged by its age alone.
  let dead = older(LOCK_STALE_MS);
  if (host === hostname() && Number.isInteger(pid) && pid > 0) {
    let alive: boolean;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch (e) {
      alive = (e as NodeJS.ErrnoException).code !== 'ESRCH';
    }
    // A killed writer whose parent has not reaped it yet (a zombie) still answers kill(pid, 0); a process
    // that reused a dead writer's id started later than the writer did (the lock says when, where /proc
    // tells). Either way no writer holds the lock: break it now, not after LOCK_HELD_MAX_MS.
    const info = alive ? await processInfo(pid) : undefined;
    if (info && (info.state === 'Z' || info.state === 'X' || (start !== undefined && start !== '' && start !== info.start))) alive = false;
    dead = !alive || older(heldMaxMs);
  }
  return dead ? { ino, content } : undefined;
}

/** What a lock says (a writer's is under 300 bytes): a big file put there is not read whole at every wait. */
async function readLockContent(lock: string): Promise<string> {
  const handle = await openRegular(lock, C.O_RDONLY);
  try {
    const buf = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * A breaker left by a waiter killed while breaking (it holds it for a few
 * file operations): removed once it is older than any break takes.
 */
async function removeStaleBreaker(breaker: string): Promise<void> {
  const stat = await fsp.lstat(breaker).catch(() => null);
  // A folder or link there would never go away by itself: every lock would stay unbroken.
  if (stat && !stat.isFile()) throw new NotAHistoryFile(`${breaker} is not a regular file; remove it`);
  if (stat && Math.abs(Date.now() - stat.mtimeMs) > BREAKER_STALE_MS) await fsp.unlink(breaker).catch(() => undefined);
}

/**
 * Temporary files of a compaction that was killed (`<path>.<pid>.<random>.tmp`): those of a process
 * that is gone, or older than any compaction takes. A live writer's is never removed: one whose lock
 * was broken while it held it may be about to rename it, and must not fail after its record is in.
 */
async function removeLeftoverTemps(path: string): Promise<void> {
  const dir = dirname(path);
  const prefix = basename(path) + '.';
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length));
    if (!name.startsWith(prefix) || !m) continue;
    const full = join(dir, name);
    const stat = await fsp.lstat(full).catch(() => null);
    if (!stat?.isFile()) continue;
    if (Number(m[1]) === process.pid || (processAlive(Number(m[1])) && Math.abs(Date.now() - stat.mtimeMs) < TEMP_STALE_MS)) continue;
    await fsp.unlink(full).catch(() => undefined);
  }
}

/** Whether a process of this id exists on this machine (kill(pid, 0)). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Writes `*` to `.gitignore` unless something is there (a file of the
 * user's, a link: left alone, nothing followed). It is written whole under a
 * temporary name and hard-linked into place — `link` fails if the name
 * exists — so a writer killed at any moment leaves a whole `.gitignore` or
 * none, never an empty one that no later writer would replace. Temporary
 * files of writers killed before the link are removed by the next.
 */
async function writeGitignore(path: string): Promise<void> {
  if ((await fsp.lstat(path).catch(() => null)) !== null) {
    // (one killed between the link and the removal of its temporary file left that file)
    await removeLeftoverTemps(path);
    return;
  }
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fsp.open(temp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | O_NOFOLLOW, 0o644);
  try {
    await handle.write('*\n');
  } finally {
    await handle.close();
  }
  try {
    await fsp.link(temp, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      // A file system without hard links: created in place, as before.
      await fsp.writeFile(path, '*\n', { encoding: 'utf8', flag: 'wx' }).catch((e2: NodeJS.ErrnoException) => (e2.code === 'EEXIST' ? undefined : Promise.reject(e2)));
    } else if (code !== 'EEXIST') throw e;
  } finally {
    await fsp.unlink(temp).catch(() => undefined);
  }
  await removeLeftoverTemps(path);
}

/** Opens `path` only if it is a regular file: never through a symlink, never blocking on a FIFO. */
async function openRegular(path: string, flags: number): Promise<fsp.FileHandle> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(path, flags | O_NOFOLLOW | O_NONBLOCK, 0o644);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EISDIR' || code === 'ENXIO') throw notRegular(path);
    throw e;
  }
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    throw notRegular(path);
  }
  return handle;
}

function notRegular(path: string): NotAHistoryFile {
  return new NotAHistoryFile(`the dispatch history ${path} is not a regular file (a symbolic link, device, pipe or folder); it is neither read nor written`);
}

/** The text of a regular file, or null if there is none; NotAHistoryFile for anything else. */
async function readRegular(path: string): Promise<string | null> {
  let handle: fsp.FileHandle;
  try {
    handle = await openRegular(path, C.O_RDONLY);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    return (await readCapped(handle)).text;
  } finally {
    await handle.close();
  }
}

/**
 * The text of an open file, at most its last MAX_READ_BYTES (from the first
 * line that starts in them), and the offset where what was read ends. A
 * file the store writes is far smaller; a huge one (put there, or grown by
 * hand) is not read whole into memory at every send, nor does it fail every
 * read with "string too long": its last entries are kept by the next
 * compaction, and one with nothing usable in them is moved aside.
 */
async function readCapped(handle: fsp.FileHandle): Promise<{ text: string; end: number }> {
  const size = (await handle.stat()).size;
  const from = Math.max(0, size - MAX_READ_BYTES);
  const buf = Buffer.alloc(size - from);
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await handle.read(buf, got, buf.length - got, from + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  let text = buf.subarray(0, got).toString('utf8');
  if (from > 0) text = text.slice(text.indexOf('\n') + 1);
  return { text, end: from + got };
}

/** The inode of the regular file at `path`; undefined when there is none. */
async function inodeAt(path: string): Promise<number | undefined> {
  const stat = await fsp.lstat(path).catch(() => null);
  return stat?.isFile() ? stat.ino : undefined;
}

async function regularSize(path: string): Promise<number | null> {
  const stat = await fsp.lstat(path).catch(() => null);
  return stat?.isFile() ? stat.size : null;
}

/** Renames only onto a regular file (or, with allowMissing, a missing one): never over a device, symlink or folder. */
async function renameRegular(from: string, to: string, options: { allowMissing?: boolean } = {}): Promise<void> {
  const stat = await fsp.lstat(to).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
  const source = await fsp.lstat(from);
  if (!source.isFile() || (stat === null ? !options.allowMissing : !stat.isFile())) throw notRegular(stat === null || stat.isFile() ? from : to);
  await fsp.rename(from, to);
}

async function readHeader(handle: fsp.FileHandle): Promise<Header | null> {
  const buf = Buffer.alloc(256);
  const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
  const first = buf.subarray(0, bytesRead).toString('utf8').split('\n')[0]!;
  try {
    const h = JSON.parse(first) as Header;
    return h && h.format === 'notify-history' && h.version === 2 && typeof h.compactedBytes === 'number' ? h : null;
  } catch {
    return null;
  }
}

function headerLine(compactedBytes: number): string {
  return JSON.stringify({ format: 'notify-history', version: 2, compactedBytes } satisfies Header) + '\n';
}

/**
 * Entries of a history text, in file order: the JSON-lines format, or the
 * single JSON document of version 1. Lines that are not a well-formed entry
 * (a torn write, a hand edit, valid JSON of another shape) are skipped;
 * `unusable` says nothing in a non-empty text was an entry or a header.
 */
export function parseHistory(text: string): { entries: [string, HistoryEntry][]; unusable: boolean } {
  const entries: [string, HistoryEntry][] = [];
  if (text.trim() === '') return { entries, unusable: false };
  const whole = tryJson(text);
  if (whole !== undefined && isObject(whole) && !('notifier' in whole) && !('format' in whole)) {
    const notifiers = (whole as { notifiers?: unknown }).notifiers;
    if (isObject(notifiers)) {
      for (const [name, list] of Object.entries(notifiers)) {
        if (Array.isArray(list)) for (const e of list) if (isEntry(e)) entries.push([name, pickEntry(e)]);
      }
    }
    return { entries, unusable: entries.length === 0 };
  }
  let recognised = false;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const value = tryJson(line);
    if (!isObject(value)) continue;
    if ((value as { format?: unknown }).format === 'notify-history') {
      recognised = true;
      continue;
    }
    const name = (value as { notifier?: unknown }).notifier;
    if (typeof name === 'string' && isEntry(value)) {
      entries.push([name, pickEntry(value)]);
      recognised = true;
    }
  }
  return { entries, unusable: !recognised };
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEntry(v: unknown): v is HistoryEntry {
  if (!isObject(v)) return false;
  return (
    typeof v.time === 'string' &&
    typeof v.channel === 'string' &&
    typeof v.target === 'string' &&
    typeof v.ok === 'boolean' &&
    (v.status === null || typeof v.status === 'number') &&
    typeof v.attempts === 'number' &&
    typeof v.durationMs === 'number' &&
    (v.error === null || typeof v.error === 'string')
  );
}

function entryKey(notifier: string, e: HistoryEntry): string {
  return JSON.stringify([notifier, e.time, e.channel, e.target, e.ok, e.status, e.attempts, e.durationMs, e.error]);
}

function pickEntry(e: HistoryEntry): HistoryEntry {
  return { time: e.time, channel: e.channel, target: e.target, ok: e.ok, status: e.status, attempts: e.attempts, durationMs: e.durationMs, error: e.error };
}

/**
 * Notifier names are keys: one named `constructor` or `__proto__` must be an
 * entry like any other, not a property inherited from Object.prototype.
 */
function noPrototype(): Record<string, HistoryEntry[]> {
  return Object.create(null) as Record<string, HistoryEntry[]>;
}

/** The printed result fields, less the notifier (the key it is filed under), after the time. */
function toEntry(r: DeliveryResult, time: Date): HistoryEntry {
  const { notifier: _filedUnder, ...fields } = publicFields(r);
  return { time: time.toISOString(), ...fields };
}
