/**
 * Where the preview's values come from besides samples and catalog
 * examples: a captured event file ("Use event from file…", LANGUAGE.md 10.4)
 * or an edge-case fixture (10.6). The same pure code the CLI runs
 * (grammar/render/eventFile.ts, fixtures.ts), applied inside the preview's
 * render job, so the preview and `notify render --event-file|--fixture`
 * report the same problems. No `vscode` import: this runs on the worker.
 */
import type { Analysis } from '../../../grammar/analyze';
import { EventChoiceError, EventFileError, parseEventFile, readEventValues } from '../../../grammar/render/eventFile';
import { FIXTURE_KINDS, FIXTURE_LABELS, isFixtureKind, type FixtureKind } from '../../../grammar/render/fixtures';
import type { RenderSelection } from '../../../grammar/render/render';
import type { PreviewProblem, PreviewSelection } from './model';

export { FIXTURE_KINDS, FIXTURE_LABELS, isFixtureKind, type FixtureKind };

/** What the panel keeps and the job gets: the file's text is read by the extension host. */
export type EventSource =
  | { readonly kind: 'file'; readonly path: string; readonly label: string; readonly text: string }
  | { readonly kind: 'fixture'; readonly fixture: FixtureKind };

/** What the toolbar shows of the source in use. */
export interface EventSourceView {
  readonly kind: 'file' | 'fixture';
  /** `captured/package-promoted.json`, or the fixture's name. */
  readonly name: string;
  readonly label: string;
}

export function sourceView(source: EventSource | undefined): EventSourceView | undefined {
  if (!source) return undefined;
  if (source.kind === 'file') return { kind: 'file', name: source.label, label: `event from ${source.label}` };
  return { kind: 'fixture', name: source.fixture, label: `fixture "${source.fixture}": ${FIXTURE_LABELS[source.fixture]}` };
}

/**
 * The render selection with the source's values, or the problems that stop
 * the render (an event file that is not JSON, values that do not fit the
 * catalog): like `notify render`, nothing is rendered from values that do
 * not fit. Warnings (members that are not variables) are listed, and the
 * render goes on.
 */
export function applyEventSource(
  source: EventSource | undefined,
  analysis: Analysis,
  selection: PreviewSelection,
): { selection: PreviewSelection & Pick<RenderSelection, 'eventValues' | 'fixture'>; problems: PreviewProblem[]; blocked: boolean } {
  if (!source) return { selection, problems: [], blocked: false };
  const event = selection.event ?? sampleEvent(analysis, selection.sample);
  const base = { notifier: selection.notifier, ...(event !== undefined ? { event } : {}) };
  if (source.kind === 'fixture') return { selection: { ...base, fixture: source.fixture }, problems: [], blocked: false };
  const where = 'event file';
  try {
    const file = parseEventFile(source.text, source.label);
    // The file's own event wins over the example picked before it (the toolbar then shows the file).
    const read = readEventValues(file, analysis.file, analysis.catalog, file.event !== undefined ? { notifier: base.notifier } : base);
    const problems: PreviewProblem[] = [...read.errors, ...read.warnings].map((message) => ({ where, message }));
    if (!read.values) {
      problems.push({ where, message: `${source.label} does not fit the catalog; nothing rendered` });
      return { selection: base, problems, blocked: true };
    }
    return { selection: { notifier: base.notifier, ...(read.event !== undefined ? { event: read.event } : {}), eventValues: read.values }, problems, blocked: false };
  } catch (e) {
    if (e instanceof EventFileError || e instanceof EventChoiceError) return { selection: base, problems: [{ where, message: e.message }], blocked: true };
    throw e;
  }
}

/** The event of the selected sample: a fixture or event file for "this example" keeps its event. */
function sampleEvent(analysis: Analysis, sample: string | undefined): string | undefined {
  if (sample === undefined) return undefined;
  for (const item of analysis.file.items) {
    if (item.kind !== 'Sample' || !item.event || !item.name) continue;
    if (item.name.parts.map((p) => (p.kind === 'Text' ? p.value : '')).join('') === sample) return item.event.name;
  }
  return undefined;
}
