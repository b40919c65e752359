import * as vscode from 'vscode';
import { join } from 'node:path';
import { editorFolders, isNotifyDocument, shortName } from '../notifyDocuments';
import { allowedEnv } from '../settings';
import { PreviewRenderer } from './previewRenderer';
import { buildPreviewHtml, makeNonce } from './html';
import { isFromWebview, type ToWebview } from './messages';
import type { InspectorModel } from './inspector';
import { buildPreviewModel, type PreviewModel, type PreviewSelection } from './model';
import { sourceView, type EventSource } from './eventSource';
import { pickEventFile, reread } from './eventSourcePicker';

const DEBOUNCE_MS = 300;

/**
 * The one preview panel: shows what the selected notifiers would send, for
 * the document it follows, and re-renders on every edit (debounced). It
 * renders only; it never resolves secrets and never sends.
 */
export class PreviewPanel implements vscode.Disposable {
  private static current: PreviewPanel | undefined;

  /** The last model posted, for tests and for the status bar. */
  lastModel: PreviewModel | undefined;
  /** The last send's inspector, for tests; shown again when the page reloads. */
  lastInspector: InspectorModel | undefined;

  private document: vscode.TextDocument;
  private readonly version: string;
  private selection: PreviewSelection;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly modelListeners = new Set<(m: PreviewModel) => void>();
  /** Renders on a worker thread: a hostile file cannot hold the extension host. */
  private readonly renderer: PreviewRenderer;
  private generation = 0;
  /** An event file or fixture in place of the example, until another example is chosen. */
  private source: EventSource | undefined;

  static show(extensionUri: vscode.Uri, document: vscode.TextDocument, selection: PreviewSelection = {}, version = '0.0.0'): PreviewPanel {
    const existing = PreviewPanel.current;
    if (existing) {
      existing.follow(document, selection);
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      'notify.preview',
      'Notify Preview',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        // The page loads only the bundled script and styles.
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
        enableCommandUris: false,
      },
    );
    PreviewPanel.current = new PreviewPanel(panel, extensionUri, document, selection, version);
    return PreviewPanel.current;
  }

  static get instance(): PreviewPanel | undefined {
    return PreviewPanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    document: vscode.TextDocument,
    selection: PreviewSelection,
    version: string,
  ) {
    this.version = version;
    this.renderer = new PreviewRenderer(join(extensionUri.fsPath, 'dist', 'previewWorker.js'));
    this.document = document;
    this.selection = selection;
    const webview = panel.webview;
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    webview.html = buildPreviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    });
    this.updateTitle();

    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((message: unknown) => {
        if (!isFromWebview(message)) return;
        if (message.type === 'select') {
          // Choosing another example replaces the event file or fixture; choosing another notifier keeps it.
          if (message.selection.notifier === this.selection.notifier) this.source = undefined;
          this.selection = message.selection;
        } else if (message.type === 'useFixture') this.source = { kind: 'fixture', fixture: message.fixture };
        else if (message.type === 'clearSource') this.source = undefined;
        else if (message.type === 'ready' && this.lastInspector) this.post({ type: 'inspector', inspector: this.lastInspector });
        else if (message.type === 'useEventFile') {
          void pickEventFile(this.document).then((source) => {
            if (!source) return;
            this.source = source;
            this.refresh();
          });
          return;
        }
        this.refresh();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === this.document || this.dependsOn(e.document)) this.schedule();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isNotifyDocument(editor.document) && editor.document !== this.document) this.follow(editor.document, {});
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('notify')) this.refresh();
      }),
    );
  }

  onModel(listener: (m: PreviewModel) => void): vscode.Disposable {
    this.modelListeners.add(listener);
    return { dispose: () => this.modelListeners.delete(listener) };
  }

  /** Shows a send's attempts in the Inspector section (after a send from the CodeLens or the command). */
  showInspector(inspector: InspectorModel): void {
    this.lastInspector = inspector;
    this.post({ type: 'inspector', inspector });
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  get documentUri(): vscode.Uri {
    return this.document.uri;
  }

  follow(document: vscode.TextDocument, selection: PreviewSelection): void {
    if (document !== this.document) this.source = undefined;
    this.document = document;
    this.selection = selection;
    this.updateTitle();
    this.refresh();
  }

  /** An edit to an imported catalog changes the preview too. */
  private dependsOn(doc: vscode.TextDocument): boolean {
    return doc.uri.path.endsWith('.json') && this.document.getText().includes(doc.uri.path.split('/').pop() ?? '\0');
  }

  private schedule(): void {
    const auto = vscode.workspace.getConfiguration('notify').get<boolean>('preview.autoRefresh', true);
    if (!auto) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), DEBOUNCE_MS);
  }

  refresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const generation = ++this.generation;
    void this.buildModel().then((model) => {
      // A newer refresh (an edit, another document) has started: its model is the one to show.
      if (generation !== this.generation) return;
      this.lastModel = model;
      const message: ToWebview = { type: 'model', model };
      void this.panel.webview.postMessage(message);
      for (const l of this.modelListeners) l(model);
    });
  }

  private async buildModel(): Promise<PreviewModel> {
    const doc = this.document;
    const openTexts: Record<string, string> = {};
    for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === 'file' && d !== doc) openTexts[d.uri.fsPath] = d.getText();
    const outcome = await this.renderer.render({
      text: doc.getText(),
      filePath: doc.uri.scheme === 'file' ? doc.uri.fsPath : undefined,
      ...editorFolders(),
      openTexts,
      selection: this.selection,
      allowedEnv: allowedEnv(),
      ...(this.source ? { source: (this.source = reread(this.source)) } : {}),
    });
    const selection = outcome.selection;
    this.selection = selection;
    return buildPreviewModel({
      fileName: shortName(doc),
      selection,
      choices: outcome.choices,
      deliveries: outcome.deliveries,
      problems: outcome.problems,
      skipped: outcome.skipped,
      restricted: !vscode.workspace.isTrusted,
      version: this.version,
      source: sourceView(this.source),
    });
  }

  private updateTitle(): void {
    this.panel.title = `Preview ${shortName(this.document)}`;
  }

  dispose(): void {
    if (PreviewPanel.current === this) PreviewPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.renderer.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
