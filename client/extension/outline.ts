/**
 * What a `.notify` file declares, as the editor's pickers need it: the
 * notifiers (name, events, channels, where) and the samples. Read from the
 * syntax tree, so it also works on files with errors elsewhere. Pure.
 */
import { literalText } from '../../grammar/render/render';
import type { ChannelKind, NotifyFile, Span } from '../../grammar/syntax/ast';

export { literalText };

export interface NotifierInfo {
  readonly name: string;
  readonly events: readonly string[];
  readonly channels: readonly ChannelKind[];
  /** Channels that set `timeout` themselves (the others take the editor's `notify.defaultTimeout`). */
  readonly channelsWithTimeout: readonly ChannelKind[];
  readonly span: Span;
  /** Where the name is written (CodeLenses sit on that line). */
  readonly nameSpan: Span;
  /** `digest by KEY;`: the key as the preview names it (`$Tenant`, else "its key"), LANGUAGE.md 2.2. */
  readonly digestBy?: string;
}

export interface SampleInfo {
  readonly name: string;
  readonly event: string;
}

export interface FileOutline {
  readonly notifiers: readonly NotifierInfo[];
  readonly samples: readonly SampleInfo[];
}



export function fileOutline(file: NotifyFile): FileOutline {
  const notifiers: NotifierInfo[] = [];
  const samples: SampleInfo[] = [];
  for (const item of file.items) {
    if (item.kind === 'Notifier') {
      const name = literalText(item.name);
      if (name === undefined) continue;
      const events: string[] = [];
      const channels: ChannelKind[] = [];
      const channelsWithTimeout: ChannelKind[] = [];
      let digestBy: string | undefined;
      for (const clause of item.clauses) {
        if (clause.kind === 'On') events.push(...clause.events.map((e) => e.name));
        else if (clause.kind === 'Digest') digestBy = clause.key?.kind === 'Variable' ? `${clause.key.sigil}${clause.key.name}` : 'its key';
        else if (clause.kind === 'Channel') {
          if (!channels.includes(clause.channel)) channels.push(clause.channel);
          if (clause.properties.some((p) => p.name.text.toLowerCase() === 'timeout')) channelsWithTimeout.push(clause.channel);
        }
      }
      notifiers.push({ name, events, channels, channelsWithTimeout, span: item.span, nameSpan: item.name!.span, ...(digestBy !== undefined ? { digestBy } : {}) });
    } else if (item.kind === 'Sample') {
      const name = literalText(item.name);
      if (name !== undefined && item.event) samples.push({ name, event: item.event.name });
    }
  }
  return { notifiers, samples };
}

/** The notifier whose declaration contains `offset` (the cursor), if any. */
export function notifierAt(outline: FileOutline, offset: number): NotifierInfo | undefined {
  return outline.notifiers.find((n) => n.span.start <= offset && offset <= n.span.end);
}

/** Samples that can feed a notifier: those written for one of its events. */
export function samplesFor(outline: FileOutline, notifier: NotifierInfo | undefined): SampleInfo[] {
  if (!notifier) return [...outline.samples];
  return outline.samples.filter((s) => notifier.events.includes(s.event));
}

/** A choice of example data: a sample by name, or an event's catalog example. */
export interface ExampleOption {
  readonly label: string;
  readonly description: string;
  readonly selection: { readonly sample: string } | { readonly event: string };
}

/** Samples first (they are what the author wrote to test with), then each event's catalog example. */
export function exampleOptions(outline: FileOutline, notifier: NotifierInfo): ExampleOption[] {
  const options: ExampleOption[] = samplesFor(outline, notifier).map((s) => ({
    label: `sample "${s.name}"`,
    description: s.event,
    selection: { sample: s.name },
  }));
  for (const event of notifier.events) {
    options.push({ label: `catalog example of ${event}`, description: 'example values from the event catalog', selection: { event } });
  }
  return options;
}

/** `10s` → 10000; undefined for anything that is not a duration (spec section 1). */
export function durationMs(text: string): number | undefined {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}
