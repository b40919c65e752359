import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { publicFields, type DeliveryResult } from './result';
import { readRegularFileAsync } from '../../host/files';

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

interface HistoryFile {
  readonly version: 1;
  readonly notifiers: Record<string, HistoryEntry[]>;
}

export const HISTORY_LIMIT = 50;

/** The file operations the store needs; replaceable so a crash between write and rename can be simulated. */
export interface HistoryFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string, options: { encoding: 'utf8'; flag: string }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  rm(path: string, options: { force: true }): Promise<void>;
}

export interface HistoryStoreOptions {
  /** Also write a `.gitignore` (`*`) next to the file, so history stays out of git by default. */
  readonly gitignore?: boolean;
  /** Told about problems that do not stop a send (a corrupt file moved aside, a failed write). */
  readonly onWarning?: (message: string) => void;
  readonly fs?: HistoryFs;
  readonly now?: () => Date;
}

/**
 * The dispatch history: the last 50 results per notifier, as JSON at `path`.
 * Every write goes to a temporary file that is then renamed over the old one,
 * so the file is always either the old or the new content, never partial.
 */
export class HistoryStore {
  private readonly fs: HistoryFs;
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly path: string, private readonly options: HistoryStoreOptions = {}) {
    this.fs = options.fs ?? durableFs;
  }

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

  async load(): Promise<HistoryFile> {
    let text: string;
    try {
      text = await this.fs.readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return empty();
      throw e;
    }
    try {
      const parsed = JSON.parse(text) as HistoryFile;
      if (parsed && parsed.version === 1 && parsed.notifiers && typeof parsed.notifiers === 'object' && !Array.isArray(parsed.notifiers)) {
        return { version: 1, notifiers: Object.assign(noPrototype(), parsed.notifiers) };
      }
    } catch {
      // falls through to moving the file aside
    }
    const aside = `${this.path}.corrupt-${(this.options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
    await this.fs.rename(this.path, aside);
    this.options.onWarning?.(`the dispatch history ${this.path} was unreadable; moved it to ${aside} and started a new one`);
    return empty();
  }

  private async write(result: DeliveryResult): Promise<void> {
    const dir = dirname(this.path);
    await this.fs.mkdir(dir, { recursive: true });
    if (this.options.gitignore) {
      try {
        await this.fs.writeFile(join(dir, '.gitignore'), '*\n', { encoding: 'utf8', flag: 'wx' });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    const file = await this.load();
    const list = [...(file.notifiers[result.notifier] ?? []), toEntry(result, this.options.now?.() ?? new Date())];
    file.notifiers[result.notifier] = list.slice(-HISTORY_LIMIT);
    const temp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await this.fs.writeFile(temp, JSON.stringify(file, null, 2) + '\n', { encoding: 'utf8', flag: 'w' });
      await this.fs.rename(temp, this.path);
    } catch (e) {
      await this.fs.rm(temp, { force: true }).catch(() => undefined);
      throw e;
    }
  }
}

/** node:fs, but a written file is flushed to disk before it can be renamed into place. */
const durableFs: HistoryFs = {
  // through the host: a history path that is a device or pipe (a symlink in a cloned repository) is refused, not read
  readFile: (path) => readRegularFileAsync(path),
  async writeFile(path, data, options) {
    const handle = await fsp.open(path, options.flag);
    try {
      await handle.writeFile(data, options.encoding);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => fsp.rename(from, to),
  mkdir: (path, options) => fsp.mkdir(path, options),
  rm: (path, options) => fsp.rm(path, options),
};

function empty(): HistoryFile {
  return { version: 1, notifiers: noPrototype() };
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
