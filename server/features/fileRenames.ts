import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { FileRename, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { parseFile } from '../../grammar/analyze';
import { importPathText } from '../../grammar/catalog/imports';
import { LineMap } from '../../grammar/syntax/lineMap';
import { uriToPath } from '../uris';

/** A `.notify` file the edits may touch: its URI and its text (the editor's, when it is open). */
export interface ImportingFile {
  readonly uri: string;
  readonly text: () => string | undefined;
}

/**
 * `workspace/willRenameFiles` (LANGUAGE.md 10.5, "File renames"): before a
 * catalog, a `.notify` file or a folder holding either is renamed or moved,
 * the import paths that will no longer lead where they did are rewritten —
 * in files importing what moves, and in a moving `.notify` file whose
 * relative imports would point elsewhere from its new folder. A path keeps
 * its form: a relative one stays relative (with its leading `./` if it had
 * one), an absolute one absolute. Paths that cannot be written in their
 * string (a line break in a one-line string, a swim string's marker) are
 * left as they are.
 */
export function importEditsForRenames(renames: readonly FileRename[], files: readonly ImportingFile[]): WorkspaceEdit | null {
  const moves = renames.flatMap((r) => {
    const from = uriToPath(r.oldUri);
    const to = uriToPath(r.newUri);
    return from && to && from !== to ? [{ from: resolve(from), to: resolve(to) }] : [];
  });
  if (moves.length === 0) return null;
  const moved = (path: string): string => {
    for (const { from, to } of moves) {
      if (path === from) return to;
      if (path.startsWith(from + sep)) return to + path.slice(from.length);
    }
    return path;
  };
  const changes: Record<string, TextEdit[]> = {};
  for (const file of files) {
    const path = uriToPath(file.uri);
    if (!path) continue;
    const oldDir = dirname(resolve(path));
    const newDir = dirname(moved(resolve(path)));
    const text = file.text();
    if (text === undefined || !text.includes('import')) continue;
    let lines: LineMap | undefined;
    const edits: TextEdit[] = [];
    for (const item of parseFile(text).items) {
      if (item.kind !== 'Import' || !item.path) continue;
      const written = importPathText(item);
      if (!written || written.trim() === '') continue;
      const target = isAbsolute(written) ? resolve(written) : resolve(oldDir, written);
      const newTarget = moved(target);
      if (newTarget === target && newDir === oldDir) continue;
      const rewritten = pathIn(written, newDir, newTarget);
      if (rewritten === written) continue;
      const literal = item.path;
      if (literal.quote !== 'swim' && /[\r\n]/.test(rewritten)) continue;
      const spelled = escaped(rewritten, literal.quote);
      if (literal.quote === 'swim' && literal.marker !== undefined && spelled.includes(literal.marker)) continue;
      lines ??= new LineMap(text);
      edits.push({ range: { start: lines.position(literal.contentSpan.start), end: lines.position(literal.contentSpan.end) }, newText: spelled });
    }
    if (edits.length) changes[file.uri] = edits;
  }
  return Object.keys(changes).length ? { changes } : null;
}

/** `target` written as `written` was: absolute, or relative to `dir` with `/` and the same leading `./`. */
function pathIn(written: string, dir: string, target: string): string {
  if (isAbsolute(written)) return target;
  let out = relative(dir, target).split(sep).join('/');
  if (out === '') out = '.';
  if (/^\.[\\/]/.test(written) && !out.startsWith('.')) out = `./${out}`;
  return out;
}

/** The text to write inside the string so that it reads as `text`: every grave, `$` and quote of the string's kind escaped. */
function escaped(text: string, quote: '"' | "'" | 'swim'): string {
  let out = '';
  for (const c of text) out += c === '`' || c === '$' || c === quote ? '`' + c : c;
  return out;
}
