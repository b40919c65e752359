import * as vscode from 'vscode';
import type { HistoryStore } from '../../dispatch/history';
import {
  entryDescription,
  entryLabel,
  entryNodes,
  entryTooltip,
  notifierDescription,
  mergeHistories,
  notifierNodes,
  type HistoryNode,
} from './historyView';

/** The `notify.history` tree: notifier → results, read from the dispatcher's history store. */
export class HistoryTreeProvider implements vscode.TreeDataProvider<HistoryNode> {
  private readonly changed = new vscode.EventEmitter<HistoryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly stores: () => readonly HistoryStore[]) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: HistoryNode): Promise<HistoryNode[]> {
    if (!node) {
      const files = await Promise.all(this.stores().map((s) => s.load().catch(() => undefined)));
      return notifierNodes(mergeHistories(files.filter((f) => f !== undefined)));
    }
    return node.kind === 'notifier' ? entryNodes(node) : [];
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    if (node.kind === 'notifier') {
      const item = new vscode.TreeItem(node.notifier, vscode.TreeItemCollapsibleState.Expanded);
      item.description = notifierDescription(node);
      item.iconPath = new vscode.ThemeIcon('bell');
      item.contextValue = 'notify.historyNotifier';
      return item;
    }
    const e = node.entry;
    const item = new vscode.TreeItem(entryLabel(e), vscode.TreeItemCollapsibleState.None);
    item.description = entryDescription(e);
    item.tooltip = entryTooltip(node.notifier, e);
    item.iconPath = e.ok
      ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
      : new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    item.contextValue = 'notify.delivery';
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
