/** Which notifier and example the preview shows, kept valid as the file changes. Pure. */
import { samplesFor, type FileOutline } from '../outline';
import type { PreviewChoices, PreviewSelection } from './model';

/** Drops a selected notifier or sample that no longer exists (it was renamed while previewing). */
export function sanitize(selection: PreviewSelection, outline: FileOutline): PreviewSelection {
  const notifier = outline.notifiers.find((n) => n.name === selection.notifier);
  const samples = samplesFor(outline, notifier);
  const sample = samples.some((s) => s.name === selection.sample) ? selection.sample : undefined;
  const events = notifier ? notifier.events : outline.notifiers.flatMap((n) => n.events);
  const event = sample === undefined && selection.event !== undefined && events.includes(selection.event) ? selection.event : undefined;
  return { notifier: notifier?.name, sample, event };
}

export function choicesFor(outline: FileOutline, selection: PreviewSelection): PreviewChoices {
  const notifier = outline.notifiers.find((n) => n.name === selection.notifier);
  const events = notifier ? notifier.events : [...new Set(outline.notifiers.flatMap((n) => n.events))];
  return {
    notifiers: outline.notifiers.map((n) => n.name),
    samples: samplesFor(outline, notifier),
    events,
    defaultLabel: defaultLabel(outline, notifier),
  };
}

/**
 * A digest renders, by default, the batch of every sample for its events (or
 * its first event's catalog example): the label says so, with the count.
 */
function defaultLabel(outline: FileOutline, notifier: FileOutline['notifiers'][number] | undefined): string {
  if (notifier?.digestBy !== undefined) {
    const count = Math.max(1, samplesFor(outline, notifier).length);
    return `digest: ${count} event${count === 1 ? '' : 's'} by ${notifier.digestBy}`;
  }
  if (!notifier && outline.notifiers.some((n) => n.digestBy !== undefined)) return 'First matching sample (digests: every sample)';
  return 'First matching sample';
}
