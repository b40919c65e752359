import * as vscode from 'vscode';
import { AnalysisCache, parseFile } from '../../grammar/analyze';
import type { NotifyFile } from '../../grammar/syntax/ast';
import { analyzeText, type Analysis, type EditorFolders } from './engine';
import { allowedEnv } from './settings';

export const NOTIFY_SELECTOR: vscode.DocumentSelector = [
  { language: 'notify' },
  { scheme: 'file', pattern: '**/*.notify' },
  { scheme: 'untitled', language: 'notify' },
];

export function isNotifyDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'notify' || doc.uri.path.endsWith('.notify');
}

/** The active editor's document when it is a .notify file. */
export function activeNotifyDocument(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && isNotifyDocument(doc) ? doc : undefined;
}

/** Opens (without showing) the document at `uri`, or the active one. */
export async function notifyDocumentFor(uri: unknown): Promise<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  if (typeof uri === 'string') return vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  return activeNotifyDocument() ?? lastNotifyDocument();
}

/** When the preview has focus, the command should act on the file it previews: the last visible .notify editor. */
function lastNotifyDocument(): vscode.TextDocument | undefined {
  return vscode.window.visibleTextEditors.map((e) => e.document).find(isNotifyDocument);
}

export function fallbackDir(): string {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
}

/** What the engine needs to resolve a document's imports as the language server does. */
export function editorFolders(): EditorFolders {
  // The first folder on disk, as the server takes it (a virtual folder has no files to confine reads to).
  return { fallbackDir: fallbackDir(), workspaceFolder: vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath };
}

/**
 * Per open document: the analysis cache (the preview and Send Test analyse
 * again after each change; only the edited pieces are parsed and checked),
 * and the tree of its last version.
 */
const perDocument = new WeakMap<vscode.TextDocument, { cache: AnalysisCache; tree?: { version: number; file: NotifyFile } }>();

function stateOf(doc: vscode.TextDocument) {
  let state = perDocument.get(doc);
  if (!state) perDocument.set(doc, (state = { cache: new AnalysisCache() }));
  return state;
}

/** Analyzes the document's current text; catalogs open in editors are read from there. */
export function analyzeDocument(doc: vscode.TextDocument): Analysis {
  const readOpen = (path: string) =>
    vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path)?.getText();
  return analyzeText(doc.getText(), doc.uri.scheme === 'file' ? doc.uri.fsPath : undefined, editorFolders(), readOpen, allowedEnv(), stateOf(doc).cache);
}

/**
 * The document's syntax tree only (no imports read, nothing checked), once
 * per version: what CodeLenses and the status bar need, on every refresh.
 */
export function documentTree(doc: vscode.TextDocument): NotifyFile {
  const state = stateOf(doc);
  if (state.tree?.version !== doc.version) state.tree = { version: doc.version, file: parseFile(doc.getText(), state.cache) };
  return state.tree.file;
}

/** `file.notify` for titles. */
export function shortName(doc: vscode.TextDocument): string {
  return doc.uri.path.split('/').pop() ?? doc.uri.path;
}
