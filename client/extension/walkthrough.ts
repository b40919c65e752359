import * as vscode from 'vscode';

const SHOWN_KEY = 'notify.walkthroughShown';

/**
 * Opens "Get started with Notify" the first time the extension runs for
 * this user, as VS Code does for an extension installed from its UI — one
 * installed from the command line (code-server, `npm start`) is otherwise
 * never introduced. VS Code's own switch for that behaviour is respected.
 */
export async function openWalkthroughOnce(context: vscode.ExtensionContext): Promise<void> {
  if (context.globalState.get<boolean>(SHOWN_KEY)) return;
  if (!vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true)) return;
  // VS Code's switch is an application setting, which a remote extension host (code-server) may not see: ours is read everywhere.
  if (!vscode.workspace.getConfiguration('notify').get<boolean>('walkthrough.openOnFirstRun', true)) return;
  await context.globalState.update(SHOWN_KEY, true);
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#notify.getStarted`, false);
}
