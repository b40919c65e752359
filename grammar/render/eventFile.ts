import type { Catalog, Json } from '../catalog/catalog';
import { exampleProblem, type JsonPath } from '../catalog/exampleFits';
import { JsonSyntaxError, scanJson, toPlainJson, type JsonEntry, type JsonNode } from '../catalog/jsonScan';
import type { NotifyFile } from '../syntax/ast';
import { LineMap } from '../syntax/lineMap';
import { literalText } from './render';

/**
 * A captured event's values (LANGUAGE.md 10.4): `notify render|send
 * --event-file` and the preview's "Use event from file…" read them here, so
 * both report the same problems in the same words. Values are checked
 * against the catalog exactly like catalog examples and never coerced: an
 * alert rendered from a wrong value would show a preview production never
 * sends. Pure: the caller reads the file.
 */

export interface EventFile {
  /** The file as the user named it, for `F:LINE:COL:` prefixes. */
  readonly path: string;
  /** The `event` member of the `{event, variables}` form. */
  readonly event?: string;
  readonly entries: readonly JsonEntry[];
  readonly lines: LineMap;
}

/** The file is not an event file at all (not JSON, not an object); the message is positioned. */
export class EventFileError extends Error {
  override readonly name = 'EventFileError';
}

/** Variables the render itself fixes; an event file cannot set them. */
const FIXED = new Set(['eventname', 'notifiername']);

function where(path: string, lines: LineMap, offset: number): string {
  const p = lines.position(offset);
  return `${path}:${p.line + 1}:${p.character + 1}`;
}

export function parseEventFile(text: string, path: string): EventFile {
  const lines = new LineMap(text);
  const at = (offset: number): string => where(path, lines, offset);
  let root: JsonNode;
  try {
    root = scanJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new EventFileError(`${at(e.offset)}: not JSON: ${e.message}`);
    throw e;
  }
  if (root.kind !== 'object') throw new EventFileError(`${at(root.offset)}: an event file is a JSON object of variables`);
  const variables = root.entries.find((e) => e.key === 'variables' && e.value.kind === 'object');
  if (!variables || variables.value.kind !== 'object') return { path, entries: root.entries, lines };
  const event = root.entries.find((e) => e.key === 'event');
  if (event && event.value.kind !== 'string') throw new EventFileError(`${at(event.value.offset)}: "event" must be a string naming the event`);
  return { path, entries: variables.value.entries, lines, ...(event && event.value.kind === 'string' ? { event: event.value.value } : {}) };
}

/** The node a JSON path points at, for positions inside lists and records. */
function nodeAt(node: JsonNode, path: JsonPath): JsonNode {
  let current = node;
  for (const step of path) {
    if (typeof step === 'number' && current.kind === 'array' && current.items[step]) current = current.items[step]!;
    else if (typeof step === 'string' && current.kind === 'object') {
      const entry = current.entries.find((e) => e.key === step);
      if (!entry) break;
      current = entry.value;
    } else break;
  }
  return current;
}

export interface EventValues {
  readonly values: ReadonlyMap<string, Json>;
  /** `F:LINE:COL: error: $NAME: MESSAGE` */
  readonly errors: string[];
  /** `F:LINE:COL: warning: …` */
  readonly warnings: string[];
}

/**
 * Checks the file's values against each event that will be rendered. A
 * member is an error when it does not fit its type in any of those events,
 * and a warning when it is a variable of none of them.
 */
export function eventValues(file: EventFile, catalog: Catalog, events: readonly string[]): EventValues {
  const values = new Map<string, Json>();
  const errors: string[] = [];
  const warnings: string[] = [];
  const at = (offset: number): string => where(file.path, file.lines, offset);
  const defs = events.map((e) => catalog.events.get(e)).filter((e) => e !== undefined);
  const seen = new Set<string>();
  for (const entry of file.entries) {
    const name = entry.key.replace(/^[$@%]/, '');
    const key = name.toLowerCase();
    // `PackageId` and `$packageid` name one variable: the last one is used, as JSON's own last-member rule, but not silently.
    if (seen.has(key)) warnings.push(`${at(entry.keyOffset)}: warning: $${name} is set more than once; the last value is used`);
    seen.add(key);
    if (FIXED.has(key)) {
      warnings.push(`${at(entry.keyOffset)}: warning: $${name} is set by the render itself; ignored`);
      continue;
    }
    const declared = defs.map((d) => d.variables.get(key)).filter((v) => v !== undefined);
    if (!declared.length) {
      warnings.push(`${at(entry.keyOffset)}: warning: $${name} is not a variable of ${events.join(', ') || 'the event'}; ignored`);
      continue;
    }
    const value = toPlainJson(entry.value);
    const problem = declared.map((v) => exampleProblem(v.type, value)).find((p) => p !== undefined);
    if (problem) {
      const node = nodeAt(entry.value, problem.path);
      errors.push(`${at(node.offset)}: error: $${declared[0]!.name}: ${problem.message}`);
      continue;
    }
    values.set(key, value);
  }
  return { values, errors, warnings };
}

/** Why an event file (or a fixture) cannot be used with this file and selection: a mistake in the command. */
export class EventChoiceError extends Error {
  override readonly name = 'EventChoiceError';
}

/**
 * The event the values are for: the file's own `event`, else the one chosen
 * (`--event`), else none (each notifier's first event). A conflict or an
 * unknown event is an EventChoiceError.
 */
export function eventFileEvent(file: EventFile, chosen: string | undefined, catalog: Catalog): string | undefined {
  if (file.event !== undefined && chosen !== undefined && file.event !== chosen) {
    throw new EventChoiceError(`--event ${chosen} but ${file.path} is an event ${file.event}`);
  }
  const event = chosen ?? file.event;
  if (event !== undefined && !catalog.events.has(event)) throw new EventChoiceError(`${file.path}: unknown event "${event}" (notify events lists them)`);
  return event;
}

/** The events values are checked against: `event`, else the first event of each (selected) notifier. */
export function renderedEvents(tree: NotifyFile, notifier: string | undefined, event: string | undefined): string[] {
  if (event !== undefined) return [event];
  const events = new Set<string>();
  for (const item of tree.items) {
    if (item.kind !== 'Notifier' || (notifier !== undefined && literalText(item.name) !== notifier)) continue;
    const on = item.clauses.find((c) => c.kind === 'On');
    const first = on && on.kind === 'On' ? on.events[0]?.name : undefined;
    if (first !== undefined) events.add(first);
  }
  return [...events];
}

/**
 * Everything one use of an event file needs: the event to render, the
 * checked values, and the problems. `values` is undefined when any value
 * does not fit (nothing is rendered then).
 */
export function readEventValues(
  file: EventFile,
  tree: NotifyFile,
  catalog: Catalog,
  selection: { readonly notifier?: string; readonly event?: string },
): { event?: string; values?: ReadonlyMap<string, Json>; errors: string[]; warnings: string[] } {
  const event = eventFileEvent(file, selection.event, catalog);
  const checked = eventValues(file, catalog, renderedEvents(tree, selection.notifier, event));
  return {
    ...(event !== undefined ? { event } : {}),
    ...(checked.errors.length ? {} : { values: checked.values }),
    errors: checked.errors,
    warnings: checked.warnings,
  };
}
