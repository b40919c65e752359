/**
 * How the dispatch history is shown: notifiers, then their results newest
 * first. Pure (labels, tooltips, order), so it is unit-tested; the tree
 * provider in ./historyTree only wires it to VS Code.
 */
import type { HistoryEntry } from '../../dispatch/history';

export interface NotifierNode {
  readonly kind: 'notifier';
  readonly notifier: string;
  readonly entries: readonly HistoryEntry[];
}

export interface EntryNode {
  readonly kind: 'entry';
  readonly notifier: string;
  readonly entry: HistoryEntry;
}

export type HistoryNode = NotifierNode | EntryNode;

/** Notifiers with the most recent delivery first. */
export function notifierNodes(file: { notifiers: Record<string, readonly HistoryEntry[]> }): NotifierNode[] {
  return Object.entries(file.notifiers)
    .filter(([, entries]) => entries.length > 0)
    .map(([notifier, entries]) => ({ kind: 'notifier' as const, notifier, entries }))
    .sort((a, b) => lastTime(b).localeCompare(lastTime(a)));
}

function lastTime(n: NotifierNode): string {
  return n.entries[n.entries.length - 1]?.time ?? '';
}

export function entryNodes(n: NotifierNode): EntryNode[] {
  return [...n.entries].reverse().map((entry) => ({ kind: 'entry' as const, notifier: n.notifier, entry }));
}

/** `14:03:07 slack — 200` / `14:03:07 webhook — failed`, in the viewer's local time. */
export function entryLabel(e: HistoryEntry, timeZone?: string): string {
  const time = new Date(e.time).toLocaleTimeString('en-GB', { hour12: false, timeZone });
  const outcome = e.ok ? String(e.status ?? 'sent') : e.status !== null ? `failed (${e.status})` : 'failed';
  return `${time} ${e.channel} — ${outcome}`;
}

export function entryDescription(e: HistoryEntry): string {
  return `${e.target} · ${e.attempts} attempt${e.attempts === 1 ? '' : 's'} · ${e.durationMs} ms`;
}

export function entryTooltip(notifier: string, e: HistoryEntry): string {
  const lines = [
    `${notifier} (${e.channel})`,
    `time: ${e.time}`,
    `target: ${e.target}`,
    `status: ${e.status ?? '—'} (${e.ok ? 'delivered' : 'failed'})`,
    `attempts: ${e.attempts}`,
    `duration: ${e.durationMs} ms`,
  ];
  if (e.error) lines.push(`error: ${e.error}`);
  return lines.join('\n');
}

export function notifierDescription(n: NotifierNode): string {
  const last = n.entries[n.entries.length - 1];
  const failed = n.entries.filter((e) => !e.ok).length;
  return `${n.entries.length} sent${failed ? `, ${failed} failed` : ''}${last ? ` · last ${last.ok ? 'ok' : 'failed'}` : ''}`;
}
