import { workspaceRootOf } from '../../host/files';
import { dirname, join, resolve } from 'node:path';

/**
 * Where the dispatch history of a `.notify` file lives — one rule for the
 * editor and `notify send`, so both show the same sends: `.notify/history.jsonl`
 * in the file's workspace root, which is the nearest folder at or above the
 * file's own that holds `.git` or `.notify`; when there is none, the file's
 * own folder. Where the command runs from does not matter.
 */
export function historyRootFor(notifyFile: string): string {
  // The same root the host confines reads to (host/files.ts): one rule.
  return workspaceRootOf(dirname(resolve(notifyFile)));
}

/** `.notify/history.jsonl` in `root`. */
export function historyFileIn(root: string): string {
  return join(root, '.notify', 'history.jsonl');
}

/** The history file that records sends of `notifyFile`. */
export function historyPathForFile(notifyFile: string): string {
  return historyFileIn(historyRootFor(notifyFile));
}
