import * as vscode from 'vscode';
import { analyzeText, type Analysis } from './engine';
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

/** Analyzes the document's current text; catalogs open in editors are read from there. */
export function analyzeDocument(doc: vscode.TextDocument): Analysis {
  const readOpen = (path: string) =>
    vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path)?.getText();
  return analyzeText(doc.getText(), doc.uri.scheme === 'file' ? doc.uri.fsPath : undefined, fallbackDir(), readOpen, allowedEnv());
}

/** `file.notify` for titles. */
export function shortName(doc: vscode.TextDocument): string {
  return doc.uri.path.split('/').pop() ?? doc.uri.path;
}
