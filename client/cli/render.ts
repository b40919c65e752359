import type { Analysis } from '../../grammar/analyze';
import { cpuClockMs } from '../renderClock';
import { shapeFields, type RenderedDelivery } from '../../grammar/render/delivery';
import { literalText, render, type RenderSelection, type SkippedNotifier } from '../../grammar/render/render';
import { LineMap } from '../../grammar/syntax/lineMap';
import { UsageError } from './args';
import { analyzeFile, diagnosticLine } from './check';
import { readEventFile } from './eventFile';
import { EventChoiceError, readEventValues } from '../../grammar/render/eventFile';
import { EXIT, oneLineEach, shownName, type CliIO, type ExitCode } from './io';
import { revealDeliveries } from './reveal';
import { parseSelection, type Selection, type EnvAllowance } from './selection';

/** A render the CLI could not complete; the messages go to stderr, exit code 1. */
export class RenderFailed extends Error {
  readonly messages: string[];
  /** Each message is one line of stderr: a file name in it keeps its line breaks out of the output (io.ts `shownName`). */
  constructor(messages: string[]) {
    super(messages.join('\n'));
    this.messages = messages.map(shownName);
  }
}

function quoteList(names: Iterable<string>): string {
  const list = [...names].map((n) => `"${n}"`);
  return list.length ? list.join(', ') : '(none)';
}

/**
 * Names given on the command line must exist: a wrong name is a mistake in
 * the command, not in the file, so it is a usage error (exit 2).
 */
function checkSelection(analysis: Analysis, selection: Selection): void {
  const notifiers = new Set<string>();
  const samples = new Set<string>();
  for (const item of analysis.file.items) {
    const text = item.kind !== 'Import' ? literalText(item.name) : undefined;
    if (text === undefined) continue;
    if (item.kind === 'Notifier') notifiers.add(text);
    else if (item.kind === 'Sample') samples.add(text);
  }
  if (selection.notifier !== undefined && !notifiers.has(selection.notifier)) {
    throw new UsageError(`no notifier "${selection.notifier}" in this file; notifiers: ${quoteList(notifiers)}`);
  }
  if (selection.sample !== undefined && !samples.has(selection.sample)) {
    throw new UsageError(`no sample "${selection.sample}" in this file; samples: ${quoteList(samples)}`);
  }
  if (selection.event !== undefined && !analysis.catalog.events.has(selection.event)) {
    throw new UsageError(`unknown event "${selection.event}" (notify events lists them)`);
  }
}

/** Reads `--event-file` into the render's selection; its type errors stop the render (exit 1). */
function withEventFile(analysis: Analysis, selection: Selection, io: CliIO): RenderSelection {
  const { eventFile, ...rest } = selection;
  if (eventFile === undefined) return rest;
  const file = readEventFile(eventFile, io.cwd);
  let read: ReturnType<typeof readEventValues>;
  try {
    read = readEventValues(file, analysis.file, analysis.catalog, rest);
  } catch (e) {
    if (e instanceof EventChoiceError) throw new UsageError(e.message);
    throw e;
  }
  for (const w of read.warnings) io.err(w + '\n');
  if (!read.values) throw new RenderFailed([...read.errors, `notify: ${eventFile} does not fit the catalog; nothing rendered`]);
  return { ...rest, ...(read.event !== undefined ? { event: read.event } : {}), eventValues: read.values };
}

export interface RenderedFile {
  readonly deliveries: RenderedDelivery[];
  /** Notifiers whose `when` is false for the chosen values (still rendered) or that don't fit the chosen sample/event. */
  readonly skipped: SkippedNotifier[];
}

/**
 * Analyzes and renders a file for `render` and `send`. A file with errors
 * renders nothing: what would be sent is not knowable.
 */
export function renderFile(
  file: string,
  selection: Selection,
  io: CliIO,
  env: EnvAllowance = { allowedEnv: [] },
  options: { eventId?: string } = {},
): RenderedFile {
  // Its notes and warnings on stderr are one line each, whatever a notifier name or a value holds (LANGUAGE.md 10).
  io = { ...io, err: oneLineEach(io.err) };
  const { analysis, diagnostics } = analyzeFile(file, io, env.allowedEnv);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    throw new RenderFailed([...errors.map(diagnosticLine), `notify: ${file} has ${errors.length} error(s); nothing rendered`]);
  }
  checkSelection(analysis, selection);
  const result = render(analysis.file, analysis.catalog, withEventFile(analysis, selection, io), { ...options, allowedEnv: env.allowedEnv, clock: cpuClockMs });
  if (result.errors.length) {
    throw new RenderFailed(
      result.errors.map((e) => {
        const where = [e.notifier, e.channel].filter(Boolean).join('/');
        // positioned like a diagnostic, so editors and CI annotate the line
        const at = e.span ? new LineMap(analysis.text).position(e.span.start) : undefined;
        return `${file}${at ? `:${at.line + 1}:${at.character + 1}` : ''}: ${where ? where + ': ' : ''}${e.message}`;
      }),
    );
  }
  // A notifier that would send nothing for this event says so, instead of vanishing from the output (LANGUAGE.md 2.1).
  for (const s of result.skipped) {
    if (!s.noMessage) continue;
    const at = s.span ? new LineMap(analysis.text).position(s.span.start) : undefined;
    io.err(`${shownName(file)}${at ? `:${at.line + 1}:${at.character + 1}` : ''}: note: "${s.notifier}": no message would be sent: it ${s.reason}\n`);
  }
  // Render warnings (LANGUAGE.md 6.3): the delivery goes out, but not as written.
  for (const d of result.deliveries) {
    for (const w of d.warnings ?? []) {
      const at = w.span ? new LineMap(analysis.text).position(w.span.start) : undefined;
      io.err(`${shownName(file)}${at ? `:${at.line + 1}:${at.character + 1}` : ''}: warning: ${d.notifier}/${d.channel}: ${w.message}\n`);
    }
  }
  const from = io.env.SMTP_FROM;
  const deliveries = result.deliveries.map((d) => (d.email && d.email.from === null && from ? { ...d, email: { ...d.email, from } } : d));
  return { deliveries, skipped: result.skipped };
}

/** Exactly the keys spec section 10 lists for a delivery; transport details stay internal. */
export function printableDelivery(d: RenderedDelivery): object {
  const head = { notifier: d.notifier, event: d.event, sample: d.sample, channel: d.channel, ...shapeFields(d) };
  return d.email ? { ...head, email: d.email } : { ...head, request: d.request };
}

export async function runRender(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const { file, selection, args, env } = parseSelection(argv, { 'reveal-secrets': { type: 'boolean' } });
  let { deliveries } = renderFile(file, selection, io, env);
  if (args.values['reveal-secrets']) {
    deliveries = await revealDeliveries(deliveries, io.env, env.allowedEnv);
  }
  io.out(JSON.stringify({ deliveries: deliveries.map(printableDelivery) }, null, 2) + '\n');
  return EXIT.ok;
}
