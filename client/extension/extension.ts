// Entry point loaded by VS Code's extension host (bundled to dist/extension.js).
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Features are wired in as they land.
}

export function deactivate(): void {}
