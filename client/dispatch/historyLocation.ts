import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Where the dispatch history of a `.notify` file lives — one rule for the
 * editor and `notify send`, so both show the same sends: `.notify/history.jsonl`
 * in the file's workspace root, which is the nearest folder at or above the
 * file's own that holds `.git` or `.notify`; when there is none, the file's
 * own folder. Where the command runs from does not matter.
 */
export function historyRootFor(notifyFile: string): string {
  const start = dirname(resolve(notifyFile));
  for (let dir = start; ; ) {
    if (exists(join(dir, '.git')) || isFolder(join(dir, '.notify'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

/** `.notify/history.jsonl` in `root`. */
export function historyFileIn(root: string): string {
  return join(root, '.notify', 'history.jsonl');
}

/** The history file that records sends of `notifyFile`. */
export function historyPathForFile(notifyFile: string): string {
  return historyFileIn(historyRootFor(notifyFile));
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
