import * as vscode from 'vscode';
import { documentTree } from './notifyDocuments';
import { fileOutline } from './outline';

/** `Preview` and `Send test` above every notifier. */
export class NotifierCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    let outline;
    try {
      outline = fileOutline(documentTree(document));
    } catch {
      return [];
    }
    const lenses: vscode.CodeLens[] = [];
    for (const n of outline.notifiers) {
      const range = new vscode.Range(document.positionAt(n.span.start), document.positionAt(n.nameSpan.end));
      lenses.push(
        new vscode.CodeLens(range, {
          title: '$(open-preview) Preview',
          tooltip: `Show what "${n.name}" sends, per channel`,
          command: 'notify.previewPayload',
          arguments: [document.uri, n.name],
        }),
        new vscode.CodeLens(range, {
          title: vscode.workspace.isTrusted ? '$(send) Send test' : '$(lock) Send test',
          tooltip: vscode.workspace.isTrusted ? `Send "${n.name}" once, for real, to its receivers` : 'Sending is off in an untrusted workspace',
          command: 'notify.sendTest',
          arguments: [document.uri, n.name],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
