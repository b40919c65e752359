import { existsSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ImportHost } from '../../grammar/catalog/imports';
import { nodeImportHost, readRegularFile, workspaceRootOf } from '../../host/files';
import { replaceRegularFile } from '../../host/replaceFile';
import { UsageError } from './args';
import { shownName } from './io';

/** A file the user named that could not be read: exit code 2, per spec section 10. */
export class UnreadableInput extends Error {
  override readonly name = 'UnreadableInput';
  /** One line of output, whatever the path in it holds (io.ts `shownName`). */
  constructor(message: string) {
    super(shownName(message));
  }
}

/**
 * Expands the paths a user gave: a file as named, a folder to every
 * `*.notify` below it (sorted, skipping node_modules and dot folders).
 * Display names stay as the user wrote them, joined with what was found.
 * A folder that cannot be listed (no permission, a path longer than the
 * system allows in a deeply nested tree) goes to `refuse` and the walk goes
 * on; by default it is thrown.
 */
export function collectNotifyFiles(paths: readonly string[], cwd: string, refuse: (e: UnreadableInput) => void = throwIt, seen: Set<string> = new Set()): string[] {
  const files: string[] = [];
  const add = (file: string) => {
    // Once each, at its first mention (`check a.notify a.notify`, `check . a.notify`, a link to a file also named):
    // checked twice it would report every problem twice, as if the file had two of each.
    const key = identityOf(resolve(cwd, file));
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };
  for (const p of paths) {
    if (p === '') {
      refuse(emptyPath());
      continue;
    }
    let stat;
    try {
      stat = statSync(resolve(cwd, p));
    } catch {
      refuse(new UnreadableInput(`${p}: no such file or folder`));
      continue;
    }
    if (stat.isDirectory()) {
      const found: string[] = [];
      walk(p, cwd, found, refuse);
      found.forEach(add);
    } else add(p);
  }
  return files;
}

/** The file a path reaches (its real path when it can be found): two spellings of one file are one. */
function identityOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** `""` on the command line (an unset shell variable, `notify fmt "$FILES"`): no file, as for the system — never the current folder, which `resolve` would make of it. */
export function emptyPath(): UnreadableInput {
  return new UnreadableInput(': an empty path names no file or folder');
}

function throwIt(e: UnreadableInput): never {
  throw e;
}

/**
 * Depth first, in sorted order, with a stack of its own rather than
 * recursion: a repository can nest folders deeper than the call stack goes.
 * Links to folders are not followed (a Dirent of a link is neither a folder
 * nor a file), so a link loop ends nothing.
 */
function walk(top: string, cwd: string, out: string[], refuse: (e: UnreadableInput) => void): void {
  // One frame per open folder: its sorted entries and how far through them the walk is (the recursion's order).
  const stack: { dir: string; entries: Dirent[]; next: number }[] = [];
  const open = (dir: string) => {
    try {
      stack.push({ dir, entries: readdirSync(resolve(cwd, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)), next: 0 });
    } catch (e) {
      refuse(new UnreadableInput(`${dir}: cannot list this folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`));
    }
  };
  open(top);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const e = frame.entries[frame.next++];
    if (e === undefined) {
      stack.pop();
      continue;
    }
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const path = join(frame.dir, e.name);
    if (!(e.isDirectory() || (e.isFile() && e.name.endsWith('.notify')))) continue;
    // A name that is not UTF-8 comes out of readdir with U+FFFD in it, and no file has that name: said as
    // what it is, not as "no such file" (a name really holding U+FFFD exists and is kept).
    if (e.name.includes('\uFFFD') && !existsSync(resolve(cwd, path))) {
      refuse(new UnreadableInput(`${path}: its name is not valid UTF-8 (Notify reads names as UTF-8); rename it`));
      continue;
    }
    if (e.isDirectory()) open(path);
    else out.push(path);
  }
}

/**
 * `each` over every `.notify` file the paths name, for the commands that take
 * several (`check`, `fmt`, `convert`, `test`): a path or file that is refused
 * (missing, a link out of the workspace, a FIFO, one that may not be
 * rewritten) is reported on stderr as `notify COMMAND: PATH: REASON` and the
 * others still run. Returns how many were refused; the command then exits 2.
 * Paths that name no `.notify` file at all (and refused none) are a usage
 * error, as for `check`: a CI job pointed at the wrong folder must not pass
 * by formatting, testing or converting nothing.
 */
export function forEachInput(
  command: string,
  paths: readonly string[],
  cwd: string,
  err: (text: string) => void,
  each: (file: string) => void,
): number {
  let refused = 0;
  let found = 0;
  const seen = new Set<string>();
  const report = (e: unknown) => {
    if (!(e instanceof UnreadableInput)) throw e;
    refused++;
    err(`notify ${command}: ${e.message}\n`);
  };
  for (const p of paths) {
    let files: string[] = [];
    try {
      files = collectNotifyFiles([p], cwd, report, seen);
    } catch (e) {
      report(e);
    }
    found += files.length;
    for (const file of files) {
      try {
        each(file);
      } catch (e) {
        report(e);
      }
    }
  }
  if (found === 0 && refused === 0) throw new UsageError(`no .notify files found in ${paths.join(', ')}`);
  return refused;
}

/** A file the user named, read through the host (a device, pipe or folder is refused, never read). */
export function readInput(path: string, cwd: string): string {
  if (path === '') throw emptyPath();
  const full = resolve(cwd, path);
  // A named file may be a link, but not one out of its workspace (host/files.ts); with no .git or .notify, the current folder is that.
  const r = readRegularFile(full, { root: workspaceRootOf(dirname(full), cwd) });
  if ('error' in r) throw new UnreadableInput(`${path}: ${r.error}`);
  return r.text;
}

/**
 * Rewrites a file the user named (`fmt`, `convert --write`) by replacing it
 * (host/replaceFile.ts): a `.notify` path that is a symbolic link is refused
 * rather than written through, since a cloned repository chooses where it
 * points. `original` is the text `text` was made from: when the file no
 * longer holds it (saved from the editor, or rewritten by another command,
 * while this one worked), nothing is written and 'changed' is returned, so
 * that edit is never lost to a result of the text before it.
 */
export function rewriteInput(path: string, cwd: string, text: string, original: string): 'written' | 'changed' {
  const refused = replaceRegularFile(resolve(cwd, path), text, { unchanged: original });
  if (refused?.changed) return 'changed';
  if (refused) throw new UnreadableInput(`${path}: ${refused.error}`);
  return 'written';
}

/** Reads `import "…"` catalogs relative to the importing file. */
export function fileImportHost(notifyFile: string, cwd: string): ImportHost {
  return nodeImportHost(dirname(resolve(cwd, notifyFile)), { cwd });
}
