import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { readRegularFile } from '../../../host/files';
import * as vscode from 'vscode';
import type { EventSource } from './eventSource';

/** Event files bigger than this are not read into the preview (a captured event is a few KB). */
const MAX_EVENT_FILE_BYTES = 5 * 1024 * 1024;

/**
 * "Use event from file…": asks for a JSON file, starting in a `captured/`
 * folder beside the previewed file when there is one (where the examples
 * keep theirs). Undefined when cancelled.
 */
export async function pickEventFile(document: vscode.TextDocument): Promise<EventSource | undefined> {
  const base = document.uri.scheme === 'file' ? dirname(document.uri.fsPath) : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const captured = base && existsSync(join(base, 'captured')) ? join(base, 'captured') : base;
  const picked = await vscode.window.showOpenDialog({
    title: 'Notify: Use event from file',
    openLabel: 'Use Event',
    canSelectMany: false,
    filters: { 'Captured event (JSON)': ['json'] },
    ...(captured ? { defaultUri: vscode.Uri.file(captured) } : {}),
  });
  const uri = picked?.[0];
  if (!uri) return undefined;
  return readEventSource(uri.fsPath, base);
}

/** Reads (again) the file of a source: the preview follows edits of the captured event too. */
export function reread(source: EventSource | undefined): EventSource | undefined {
  if (source?.kind !== 'file') return source;
  return { ...source, text: readText(source.path) };
}

function readEventSource(path: string, base: string | undefined): EventSource {
  const label = base && !relative(base, path).startsWith('..') ? relative(base, path).split('\\').join('/') : path;
  return { kind: 'file', path, label, text: readText(path) };
}

/** The text, or a text that is not JSON naming why (the preview then reports it where it reports a malformed file). */
function readText(path: string): string {
  try {
    if (statSync(path).size > MAX_EVENT_FILE_BYTES) return `(larger than ${MAX_EVENT_FILE_BYTES} bytes)`;
    // the host's one reader: a FIFO or device planted as `captured/x.json` is refused, never blocks the extension host
    const read = readRegularFile(path);
    return 'error' in read ? `(cannot be read: ${read.error})` : read.text;
  } catch (e) {
    return `(cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
}
