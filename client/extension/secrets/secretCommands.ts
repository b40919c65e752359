import * as vscode from 'vscode';
import { secretEnvVarName } from '../../dispatch/secrets';
import { requireTrust } from '../trustUi';
import { mergeSecretNames, scanSecretNames } from './secretNames';
import { SMTP_PASSWORD_KEY, SMTP_PASSWORD_NAME, storageKeyFor } from './secretStore';

/** The `$Secret("…")` names used in the workspace's .notify files and open documents. */
export async function workspaceSecretNames(): Promise<string[]> {
  const lists: string[][] = [];
  const seen = new Set<string>();
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.languageId === 'notify' || doc.uri.path.endsWith('.notify')) {
      lists.push(scanSecretNames(doc.getText()));
      seen.add(doc.uri.toString());
    }
  }
  const files = await vscode.workspace.findFiles('**/*.notify', '**/node_modules/**', 500);
  for (const uri of files) {
    if (seen.has(uri.toString())) continue;
    try {
      lists.push(scanSecretNames(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))));
    } catch {
      // an unreadable file just contributes no names
    }
  }
  return mergeSecretNames(lists);
}

async function pickSecretName(storage: vscode.SecretStorage, purpose: 'set' | 'delete', preset?: string): Promise<string | undefined> {
  if (preset) return preset;
  const names = await workspaceSecretNames();
  const items: (vscode.QuickPickItem & { name?: string })[] = [];
  for (const name of names.filter((n) => n !== SMTP_PASSWORD_NAME)) {
    const isSet = (await storage.get(storageKeyFor(name))) !== undefined;
    items.push({ label: name, name, description: isSet ? 'set' : 'not set', detail: `or environment variable ${secretEnvVarName(name)}` });
  }
  const smtpSet = (await storage.get(SMTP_PASSWORD_KEY)) !== undefined;
  if (purpose === 'set' || smtpSet) {
    items.push({ label: SMTP_PASSWORD_NAME, name: SMTP_PASSWORD_NAME, description: smtpSet ? 'set' : 'not set', detail: 'password for the notify.smtp.* server (or SMTP_PASSWORD)' });
  }
  if (purpose === 'set') items.push({ label: '$(add) Another name…', alwaysShow: true });
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Notify: no $Secret("…") names were found in this workspace.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: purpose === 'set' ? 'Notify: Set Secret' : 'Notify: Delete Secret',
    placeHolder: purpose === 'set' ? 'Which secret? (names used in this workspace\'s .notify files)' : 'Which secret to delete?',
  });
  if (!picked) return undefined;
  if (picked.name) return picked.name;
  return vscode.window.showInputBox({
    title: 'Notify: Set Secret',
    prompt: 'The name used in $Secret("…")',
    validateInput: (v) => (v.trim() === '' ? 'A name is required' : undefined),
  });
}

export function registerSecretCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('notify.setSecret', (preset?: unknown) => setSecret(context, preset)),
    vscode.commands.registerCommand('notify.deleteSecret', (preset?: unknown) => deleteSecret(context, preset)),
  );
}

/** `notify.setSecret`. */
export async function setSecret(context: vscode.ExtensionContext, preset?: unknown): Promise<void> {
  const storage = context.secrets;
  if (!requireTrust('secrets')) return;
  const name = await pickSecretName(storage, 'set', typeof preset === 'string' ? preset : undefined);
  if (!name) return;
  const value = await vscode.window.showInputBox({
    title: `Notify: value of secret "${name}"`,
    prompt: 'Stored in VS Code\'s secret storage (the system keychain); never written to a file.',
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return;
  if (value === '') {
    void vscode.window.showWarningMessage('Notify: an empty value was not stored.');
    return;
  }
  await storage.store(storageKeyFor(name), value);
  void vscode.window.showInformationMessage(`Notify: secret "${name}" is set.`);
}

/** `notify.deleteSecret`. */
export async function deleteSecret(context: vscode.ExtensionContext, preset?: unknown): Promise<void> {
  const storage = context.secrets;
  if (!requireTrust('secrets')) return;
  const name = await pickSecretName(storage, 'delete', typeof preset === 'string' ? preset : undefined);
  if (!name) return;
  await storage.delete(storageKeyFor(name));
  void vscode.window.showInformationMessage(`Notify: secret "${name}" deleted.`);
}
