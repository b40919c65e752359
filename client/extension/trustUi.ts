import * as vscode from 'vscode';
import { gate, MANAGE_TRUST, MANAGE_TRUST_COMMAND, type Feature } from './trust';

/**
 * True when the feature may run; otherwise tells the user why, with a
 * button to trust the folder. Does not wait for the message to be dismissed.
 */
export function requireTrust(feature: Feature): boolean {
  const g = gate(feature, vscode.workspace.isTrusted);
  if (g.allowed) return true;
  void vscode.window.showWarningMessage(g.message, MANAGE_TRUST).then((choice) => {
    if (choice === MANAGE_TRUST) void vscode.commands.executeCommand(MANAGE_TRUST_COMMAND);
  });
  return false;
}
