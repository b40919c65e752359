import type { Position, Range } from 'vscode-languageserver/node';
import { ErrorCodes, ResponseError } from './protocol';

/**
 * The shapes of the params the server reads, checked before any handler
 * runs: a request whose params are not what LSP says is answered with
 * InvalidParams (-32602) saying which field is wrong, and a notification
 * with malformed params is dropped whole (./documents.ts) — never half
 * applied, never a string taken for a number.
 */

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A uinteger, as LSP's positions and versions are. */
function isUInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

export function isPosition(v: unknown): v is Position {
  return isRecord(v) && isUInteger(v.line) && isUInteger(v.character);
}

export function isRange(v: unknown): v is Range {
  return isRecord(v) && isPosition(v.start) && isPosition(v.end);
}

function invalid(method: string, what: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `${method}: ${what}`);
}

/** `params.textDocument.uri` (and the fields named in `fields`) as LSP types them, or InvalidParams. */
export function checkDocumentParams(method: string, params: unknown, fields: readonly ('position' | 'positions' | 'range' | 'newName' | 'context' | 'context.only')[] = []): void {
  if (!isRecord(params)) throw invalid(method, 'params must be an object');
  const document = textDocumentProblem(params.textDocument, {});
  if (document !== null) throw invalid(method, `params.${document}`);
  for (const field of fields) {
    const v = params[field];
    if (field === 'position' && !isPosition(v)) throw invalid(method, 'params.position must be { line, character } with whole numbers ≥ 0');
    if (field === 'positions' && !(Array.isArray(v) && v.every(isPosition))) throw invalid(method, 'params.positions must be a list of { line, character } with whole numbers ≥ 0');
    if (field === 'range' && !isRange(v)) throw invalid(method, 'params.range must be { start, end } positions with whole numbers ≥ 0');
    if (field === 'newName' && typeof v !== 'string') throw invalid(method, 'params.newName must be a string');
    if (field === 'context' && !isRecord(v)) throw invalid(method, 'params.context must be an object');
    if (field === 'context.only') {
      // codeAction's kinds filter: optional (undefined, or null from some clients: no filter), else a list of kinds
      const only = isRecord(params.context) ? params.context.only : undefined;
      if (only !== undefined && only !== null && !(Array.isArray(only) && only.every((k) => typeof k === 'string'))) throw invalid(method, 'params.context.only must be a list of code action kinds (strings)');
    }
  }
}

/** `workspace/willRenameFiles`: `files`, a list of `{ oldUri, newUri }` strings, or InvalidParams. */
export function checkRenameFilesParams(method: string, params: unknown): void {
  const files = isRecord(params) ? params.files : undefined;
  if (!Array.isArray(files) || !files.every((f) => isRecord(f) && typeof f.oldUri === 'string' && typeof f.newUri === 'string')) {
    throw invalid(method, 'params.files must be a list of { oldUri, newUri } strings');
  }
}

/** Params that are an object with a string `field` (`workspace/symbol`'s `query`, a completion item's `label`), or InvalidParams. */
export function checkStringField(method: string, params: unknown, field: string): void {
  if (!isRecord(params) || typeof params[field] !== 'string') throw invalid(method, `params.${field} must be a string`);
}

/** Why a content change of `didChange` cannot be applied, or null. */
export function contentChangeProblem(change: unknown): string | null {
  if (!isRecord(change)) return 'a content change must be an object';
  if (typeof change.text !== 'string') return 'a content change needs its text as a string';
  if ('range' in change && change.range !== undefined && !isRange(change.range)) return 'a content change range must be { start, end } positions with whole numbers ≥ 0';
  return null;
}

/** `textDocument` of didOpen/didChange/didClose: why it is malformed, or null. */
export function textDocumentProblem(textDocument: unknown, needs: { text?: boolean; version?: boolean }): string | null {
  if (!isRecord(textDocument) || typeof textDocument.uri !== 'string') return 'textDocument.uri must be a string';
  if (needs.version && !(typeof textDocument.version === 'number' && Number.isInteger(textDocument.version))) return 'textDocument.version must be a whole number';
  if (needs.text && typeof textDocument.text !== 'string') return 'textDocument.text must be a string';
  return null;
}
