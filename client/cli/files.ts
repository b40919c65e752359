import { findRecipients, type RecipientsFs } from '../../grammar/catalog/recipients';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ImportHost } from '../../grammar/catalog/imports';

/** A file the user named that could not be read: exit code 2, per spec section 10. */
export class UnreadableInput extends Error {
  override readonly name = 'UnreadableInput';
}

/**
 * Expands the paths a user gave: a file as named, a folder to every
 * `*.notify` below it (sorted, skipping node_modules and dot folders).
 * Display names stay as the user wrote them, joined with what was found.
 */
export function collectNotifyFiles(paths: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let stat;
    try {
      stat = statSync(resolve(cwd, p));
    } catch {
      throw new UnreadableInput(`${p}: no such file or folder`);
    }
    if (stat.isDirectory()) walk(p, cwd, files);
    else files.push(p);
  }
  return files;
}

function walk(dir: string, cwd: string, out: string[]): void {
  const entries = readdirSync(resolve(cwd, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path, cwd, out);
    else if (e.isFile() && e.name.endsWith('.notify')) out.push(path);
  }
}

export function readInput(path: string, cwd: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(cwd, path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UnreadableInput(`${path}: cannot read (${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message})`);
  }
  return decodeText(path, bytes);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A `.notify` file is UTF-8 text. Anything else (an image or archive given
 * the name) is refused once, as unreadable input, instead of being parsed
 * into one syntax error per byte.
 */
function decodeText(path: string, bytes: Buffer): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new UnreadableInput(`${path}: not a text file (a NUL byte at offset ${nul})`);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new UnreadableInput(`${path}: not a text file (not valid UTF-8)`);
  }
}

/** Reads `import "…"` catalogs relative to the importing file. */
export function fileImportHost(notifyFile: string, cwd: string): ImportHost {
  const base = dirname(resolve(cwd, notifyFile));
  return {
    readImport(importPath: string) {
      const resolvedPath = resolve(base, importPath);
      try {
        // A device or pipe (`import "/dev/zero";` in a cloned file) would be read forever.
        if (!statSync(resolvedPath).isFile()) return { error: `not a regular file (${resolvedPath})` };
        return { text: readFileSync(resolvedPath, 'utf8'), resolvedPath };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return { error: code === 'ENOENT' ? `file not found (${resolvedPath})` : `cannot read ${resolvedPath}: ${code}` };
      }
    },
    readRecipients: () => findRecipients(base, diskRecipientsFs),
  };
}

/** Reads candidate recipients files from the disk; absent ones are undefined (LANGUAGE.md 2.4). */
export const diskRecipientsFs: RecipientsFs = {
  read(path) {
    try {
      if (!statSync(path).isFile()) return { error: `not a regular file (${path})` };
      return { text: readFileSync(path, 'utf8') };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : { error: `cannot read ${path}: ${code}` };
    }
  },
  dirname,
  join,
};
