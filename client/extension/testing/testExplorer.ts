/**
 * `notify test` in the Test Explorer (the vscode.tests API): one item per
 * `.notify` file, one child per notifier × sample. Running compares with the
 * snapshot beside the file exactly as the command line does (the same
 * compareCases); a changed render shows as a diff, and "Accept Snapshot"
 * writes that one case's render into the snapshot file.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { literalText } from '../../../grammar/render/render';
import { LineMap } from '../../../grammar/syntax/lineMap';
import { testCases } from '../../snapshots/cases';
import { acceptCase, compareCases, type CaseResult } from '../../snapshots/compare';
import { snapshotPathFor } from '../../snapshots/snapshot';
import { readSnapshotFile, writeSnapshotFile } from '../../snapshots/snapshotFile';
import { analyzeDocument, isNotifyDocument } from '../notifyDocuments';

/** Between a file's id (its URI, where a space is always %20) and a case name in a test id; VS Code refuses NUL in ids. */
const CASE_SEPARATOR = ' :: ';

function splitId(id: string): [string, string | undefined] {
  const at = id.indexOf(CASE_SEPARATOR);
  return at < 0 ? [id, undefined] : [id.slice(0, at), id.slice(at + CASE_SEPARATOR.length)];
}

interface FileRun {
  readonly results: CaseResult[];
  /** The snapshot file's text as read (undefined: none). */
  readonly snapshot: string | undefined;
  /** Why the snapshot could not be read (a symbolic link, a device…): nothing is compared with it or written over it. */
  readonly snapshotError?: string;
  readonly ranges: Map<string, vscode.Range>;
}

/** A snapshot on disk is read as `notify test` reads it (snapshotFile.ts); one of a virtual file system through its provider. */
async function readSnapshot(uri: vscode.Uri): Promise<{ text: string | undefined } | { error: string }> {
  if (uri.scheme === 'file') return readSnapshotFile(uri.fsPath);
  try {
    return { text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) };
  } catch {
    return { text: undefined };
  }
}

async function writeSnapshot(uri: vscode.Uri, text: string): Promise<string | undefined> {
  if (uri.scheme === 'file') return writeSnapshotFile(uri.fsPath, text)?.error;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return undefined;
}

function snapshotUri(file: vscode.Uri): vscode.Uri {
  return file.with({ path: snapshotPathFor(file.path) });
}

async function runFile(file: vscode.Uri): Promise<FileRun> {
  const doc = await vscode.workspace.openTextDocument(file);
  const analysis = analyzeDocument(doc);
  const lines = new LineMap(doc.getText());
  const ranges = new Map<string, vscode.Range>();
  for (const item of analysis.file.items) {
    if (item.kind !== 'Notifier') continue;
    const name = literalText(item.name);
    if (name === undefined || ranges.has(name)) continue;
    const start = lines.position(item.span.start);
    ranges.set(name, new vscode.Range(start.line, start.character, start.line, start.character));
  }
  const read = await readSnapshot(snapshotUri(file));
  if ('error' in read) {
    const name = basename(snapshotPathFor(file.fsPath));
    return { results: [{ name: 'snapshot', failures: [`${name}: ${read.error}`] }], snapshot: undefined, snapshotError: read.error, ranges };
  }
  const snapshot = read.text;
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    const failures = errors.map((d) => {
      const p = lines.position(d.span.start);
      return `${basename(file.fsPath)}:${p.line + 1}:${p.character + 1}: error ${d.code}: ${d.message}`;
    });
    return { results: [{ name: 'check', failures }], snapshot, ranges };
  }
  const cases = testCases(analysis);
  return {
    results: compareCases(cases, snapshot, basename(snapshotPathFor(file.fsPath))),
    snapshot,
    ranges,
  };
}

export function registerTestExplorer(context: vscode.ExtensionContext): vscode.TestController {
  const controller = vscode.tests.createTestController('notify', 'Notify snapshots');
  context.subscriptions.push(controller);

  const fileItem = (uri: vscode.Uri): vscode.TestItem => {
    const id = uri.toString();
    let item = controller.items.get(id);
    if (!item) {
      item = controller.createTestItem(id, vscode.workspace.asRelativePath(uri), uri);
      item.canResolveChildren = true;
      controller.items.add(item);
    }
    return item;
  };

  /** Rebuilds a file's children from a run (or a fresh render) and returns them by case name. */
  const syncChildren = (file: vscode.TestItem, run: FileRun): Map<string, vscode.TestItem> => {
    const children = new Map<string, vscode.TestItem>();
    const items: vscode.TestItem[] = [];
    for (const r of run.results) {
      const child = controller.createTestItem(`${file.id}${CASE_SEPARATOR}${r.name}`, r.name, file.uri);
      child.range = r.notifier !== undefined ? run.ranges.get(r.notifier) : undefined;
      children.set(r.name, child);
      items.push(child);
    }
    file.children.replace(items);
    return children;
  };

  const discover = async (): Promise<void> => {
    for (const uri of await vscode.workspace.findFiles('**/*.notify', '**/node_modules/**')) fileItem(uri);
  };

  controller.resolveHandler = async (item) => {
    if (!item) return discover();
    if (item.uri) syncChildren(item, await runFile(item.uri));
  };

  controller.refreshHandler = async () => {
    controller.items.replace([]);
    await discover();
  };

  const runHandler = async (request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> => {
    const run = controller.createTestRun(request);
    const wanted = new Map<string, Set<string> | 'all'>();
    const add = (item: vscode.TestItem): void => {
      const [fileId, caseName] = splitId(item.id);
      if (caseName === undefined) wanted.set(fileId!, 'all');
      else if (wanted.get(fileId!) !== 'all') wanted.set(fileId!, new Set([...((wanted.get(fileId!) as Set<string> | undefined) ?? []), caseName]));
    };
    if (request.include) request.include.forEach(add);
    else controller.items.forEach(add);
    try {
      for (const [fileId, which] of wanted) {
        if (token.isCancellationRequested) break;
        const file = controller.items.get(fileId);
        if (!file?.uri) continue;
        const result = await runFile(file.uri);
        const children = syncChildren(file, result);
        for (const r of result.results) {
          if (which !== 'all' && !which.has(r.name)) continue;
          const item = children.get(r.name)!;
          if (request.exclude?.some((e) => e.id === item.id)) continue;
          run.started(item);
          if (!r.failures.length) {
            run.passed(item);
            continue;
          }
          const messages = r.failures.map((f) => {
            const message =
              r.mismatch && f.startsWith('the render differs')
                ? vscode.TestMessage.diff('The render differs from the snapshot (Accept Snapshot to keep it)', r.mismatch.expected, r.mismatch.actual)
                : new vscode.TestMessage(f);
            if (item.range) message.location = new vscode.Location(file.uri!, item.range);
            return message;
          });
          run.failed(item, messages);
        }
      }
    } finally {
      run.end();
    }
  };
  controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, runHandler, true);

  context.subscriptions.push(
    vscode.commands.registerCommand('notify.acceptSnapshot', async (item?: vscode.TestItem) => {
      if (!item) return;
      const [fileId, caseName] = splitId(item.id);
      const file = controller.items.get(fileId!);
      if (!file?.uri) return;
      const result = await runFile(file.uri);
      if (result.snapshotError) {
        void vscode.window.showErrorMessage(`Notify: the snapshot was not accepted: ${result.snapshotError}`);
        return;
      }
      const names = caseName === undefined ? result.results.map((r) => r.name) : [caseName];
      let text = result.snapshot;
      // Accepting a file accepts every case in it, one by one, each keeping the others' blocks.
      for (const name of names) text = await acceptOne(file.uri, text, name);
      if (text === undefined || text === result.snapshot) return;
      const refused = await writeSnapshot(snapshotUri(file.uri), text);
      if (refused) {
        void vscode.window.showErrorMessage(`Notify: the snapshot was not written: ${refused}`);
        return;
      }
      await runHandler(new vscode.TestRunRequest([item]), new vscode.CancellationTokenSource().token);
    }),
    vscode.workspace.onDidSaveTextDocument(async (doc) => {
      if (!isNotifyDocument(doc) || doc.uri.scheme !== 'file') return;
      const file = fileItem(doc.uri);
      syncChildren(file, await runFile(doc.uri));
    }),
  );

  /** acceptCase over a snapshot text not yet written; a file with errors has nothing to accept. */
  async function acceptOne(uri: vscode.Uri, snapshot: string | undefined, caseName: string): Promise<string | undefined> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const analysis = analyzeDocument(doc);
    if (analysis.diagnostics.some((d) => d.severity === 'error')) return snapshot;
    return acceptCase(snapshot, basename(uri.fsPath), testCases(analysis), caseName);
  }

  void discover();
  return controller;
}
