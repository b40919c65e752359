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

/** Several history files as one (a workspace with more than one root): entries per notifier, oldest first. */
export function mergeHistories(files: readonly { notifiers: Record<string, readonly HistoryEntry[]> }[]): { notifiers: Record<string, HistoryEntry[]> } {
  const notifiers: Record<string, HistoryEntry[]> = {};
  for (const f of files) for (const [name, entries] of Object.entries(f.notifiers)) (notifiers[name] ??= []).push(...entries);
  for (const entries of Object.values(notifiers)) entries.sort((a, b) => a.time.localeCompare(b.time));
  return { notifiers };
}

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

/** `14:03:07 slack — 200` / `14:03:07 webhook — failed` / `… — not sent`, in the viewer's local time. */
export function entryLabel(e: HistoryEntry, timeZone?: string): string {
  const time = new Date(e.time).toLocaleTimeString('en-GB', { hour12: false, timeZone });
  const outcome = e.ok ? String(e.status ?? 'sent') : notSent(e) ? 'not sent' : e.status !== null ? `failed (${e.status})` : 'failed';
  return `${time} ${e.channel} — ${outcome}`;
}

/** Refused or stopped before any attempt (guard, missing secret, cancelled): nothing left. */
export function notSent(e: HistoryEntry): boolean {
  return !e.ok && e.attempts === 0;
}

export function entryDescription(e: HistoryEntry): string {
  if (notSent(e)) return `${e.target} · ${e.error ?? 'not sent'}`;
  return `${e.target} · ${e.attempts} attempt${e.attempts === 1 ? '' : 's'} · ${e.durationMs} ms`;
}

/** The hover: the error first (what a user hovering a red row wants), then the details. */
export function entryTooltip(notifier: string, e: HistoryEntry): string {
  const lines: string[] = [];
  if (e.error) lines.push(`${notSent(e) ? 'not sent' : 'error'}: ${e.error}`, '');
  lines.push(
    `${notifier} (${e.channel})`,
    `time: ${e.time}`,
    `target: ${e.target}`,
    `status: ${e.status ?? '—'} (${e.ok ? 'delivered' : notSent(e) ? 'not sent' : 'failed'})`,
    `attempts: ${e.attempts}`,
    `duration: ${e.durationMs} ms`,
  );
  return lines.join('\n');
}

/** `2 sent, 1 failed, 2 not sent · last ok`: only deliveries that went out count as sent. */
export function notifierDescription(n: NotifierNode): string {
  const last = n.entries[n.entries.length - 1];
  const refused = n.entries.filter(notSent).length;
  const sent = n.entries.length - refused;
  const failed = n.entries.filter((e) => !e.ok && !notSent(e)).length;
  const parts = [`${sent} sent`];
  if (failed) parts.push(`${failed} failed`);
  if (refused) parts.push(`${refused} not sent`);
  const lastText = last ? ` · last ${last.ok ? 'ok' : notSent(last) ? 'not sent' : 'failed'}` : '';
  return parts.join(', ') + lastText;
}
