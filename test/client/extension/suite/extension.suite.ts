// Runs inside VS Code's extension host with the extension under development.
// mocha's bdd globals (describe/it) come from ./index.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { NotifyExtensionApi } from '../../../../client/extension/extension';

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => Promise<void> | void) => void;
declare const before: (fn: () => Promise<void> | void) => void;

const EXTENSION_ID = 'notify-dev.notify-lang';

const FILE = `notifier "Deploys" {
    on package.deployed;
    slack {
        url  = $Secret("slack-deploys");
        text = "*$PackageId* deployed";
    }
}
`;

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Notify extension (in VS Code)', () => {
  let api: NotifyExtensionApi;
  let uri: vscode.Uri;

  before(async () => {
    const folder = process.env.NOTIFY_TEST_WORKSPACE!;
    const path = join(folder, 'deploys.notify');
    writeFileSync(path, FILE);
    uri = vscode.Uri.file(path);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const extension = vscode.extensions.getExtension<NotifyExtensionApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();
  });

  it('registers every command it contributes', async () => {
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } })
      .contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
  });

  it('starts the language server, which reports diagnostics', async () => {
    await until('the language server', () => (api.languageClientRunning() ? true : undefined));
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((b) => b.replace(new vscode.Range(4, 0, 4, 100), '        text = "*$PackagId* deployed";'));
    const diagnostics = await until('NTF102', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'NTF102');
      return found.length ? found : undefined;
    });
    assert.equal(diagnostics[0]!.severity, vscode.DiagnosticSeverity.Error);
    await editor.edit((b) => b.replace(new vscode.Range(4, 0, 4, 100), '        text = "*$PackageId* deployed";'));
  });

  it('opens the preview with the Slack message and the secret URL as a placeholder', async () => {
    await vscode.commands.executeCommand('notify.previewPayload', uri);
    const model = await until('a preview model', () => api.previewModel());
    const slack = model.deliveries.find((d) => d.channel === 'slack');
    assert.ok(slack);
    assert.equal(slack.receiver.kind, 'slack');
    if (slack.receiver.kind === 'slack') assert.match(slack.receiver.text, /^\*\S+\* deployed$/);
    assert.equal(slack.raw.kind === 'http' && slack.raw.url, '\u2039secret:slack-deploys\u203a');
  });

  it('re-renders the preview when the document changes', async () => {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString())!;
    await editor.edit((b) => b.replace(new vscode.Range(4, 0, 4, 100), '        text = "*$PackageId* shipped";'));
    // Waits for the model of the edited text, not just the next one: a render
    // of the previous test's edits may still be on its way (first run in
    // code-server showed exactly that race).
    const shipped = (m: ReturnType<typeof api.previewModel>) =>
      m?.deliveries.some((d) => d.channel === 'slack' && d.receiver.kind === 'slack' && /shipped$/.test(d.receiver.text)) ? m : undefined;
    const model = await until('a preview of the edited text', async () => shipped(api.previewModel()) ?? shipped(await Promise.race([api.nextPreviewModel(), new Promise<undefined>((r) => setTimeout(() => r(undefined), 500))])));
    assert.ok(model);
  });

  it('offers CodeLenses "Preview" and "Send test" over each notifier', async () => {
    const lenses = await until('code lenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      return found && found.length ? found : undefined;
    });
    const commands = lenses.map((l) => l.command?.command).sort();
    assert.deepEqual(commands, ['notify.previewPayload', 'notify.sendTest']);
    assert.deepEqual(lenses[0]!.command!.arguments?.[1], 'Deploys');
  });

  it('shows parameter names before literal arguments as inlay hints', async () => {
    const path = join(process.env.NOTIFY_TEST_WORKSPACE!, 'hints.notify');
    writeFileSync(path, FILE.replace('"*$PackageId* deployed"', '"$Truncate($PackageId, 40)"'));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
    const hints = await until('inlay hints', async () => {
      const found = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0));
      return found && found.length ? found : undefined;
    });
    assert.deepEqual(hints.map((h) => [String(h.label), doc.getText(new vscode.Range(h.position, h.position.translate(0, 2)))]), [['length:', '40']]);
  });
  it('ignores notify.allowedEnv from the workspace settings, trusted or not: only the user may widen $Env', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const settingsPath = join(folder, '.vscode', 'settings.json');
    const saved = existsSync(settingsPath) ? readFileSync(settingsPath, 'utf8') : null;
    mkdirSync(join(folder, '.vscode'), { recursive: true });
    const current = saved ? (JSON.parse(saved) as Record<string, unknown>) : {};
    // A window setting written beside it shows when VS Code has read the file (a machine setting never shows in the workspace's values).
    writeFileSync(settingsPath, JSON.stringify({ ...current, 'notify.allowedEnv': ['SUITE_REPO_VAR'], 'notify.preview.autoRefresh': false }));
    try {
      await until('the workspace settings', () => (vscode.workspace.getConfiguration('notify').get('preview.autoRefresh') === false ? true : undefined));
      await vscode.commands.executeCommand('notify.restartServer');
      const path = join(folder, 'env-from-repo.notify');
      writeFileSync(path, FILE.replace('$Secret("slack-deploys")', '$Env("SUITE_REPO_VAR")'));
      const envUri = vscode.Uri.file(path);
      await vscode.workspace.openTextDocument(envUri);
      const code = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);
      const found = await until('NTF211', () => {
        const all = vscode.languages.getDiagnostics(envUri);
        return all.some((d) => code(d) === 'NTF211') ? all : undefined;
      });
      assert.match(found.find((d) => code(d) === 'NTF211')!.message, /SUITE_REPO_VAR/);
    } finally {
      if (saved === null) writeFileSync(settingsPath, '{}');
      else writeFileSync(settingsPath, saved);
    }
  });
});
