import type { Catalog, Json } from '../../grammar/catalog/catalog';
import { exampleProblem, type JsonPath } from '../../grammar/catalog/exampleFits';
import { JsonSyntaxError, scanJson, toPlainJson, type JsonEntry, type JsonNode } from '../../grammar/catalog/jsonScan';
import { LineMap } from '../../grammar/syntax/lineMap';
import { UnreadableInput, readInput } from './files';

/**
 * `--event-file F` (spec section 10.4): a captured event's values fill the
 * variables. Values are checked against the catalog exactly like catalog
 * examples and never coerced: an alert rendered from a wrong value would
 * show a preview that production never sends.
 */

export interface EventFile {
  readonly path: string;
  /** The `event` member of the `{event, variables}` form. */
  readonly event?: string;
  readonly entries: readonly JsonEntry[];
  readonly lines: LineMap;
}

/** Variables the render itself fixes; an event file cannot set them. */
const FIXED = new Set(['eventname', 'notifiername']);

export function readEventFile(path: string, cwd: string): EventFile {
  const text = readInput(path, cwd);
  const lines = new LineMap(text);
  const at = (offset: number): string => {
    const p = lines.position(offset);
    return `${path}:${p.line + 1}:${p.character + 1}`;
  };
  let root: JsonNode;
  try {
    root = scanJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new UnreadableInput(`${at(e.offset)}: not JSON: ${e.message}`);
    throw e;
  }
  if (root.kind !== 'object') throw new UnreadableInput(`${at(root.offset)}: an event file is a JSON object of variables`);
  const variables = root.entries.find((e) => e.key === 'variables' && e.value.kind === 'object');
  if (!variables || variables.value.kind !== 'object') return { path, entries: root.entries, lines };
  const event = root.entries.find((e) => e.key === 'event');
  if (event && event.value.kind !== 'string') throw new UnreadableInput(`${at(event.value.offset)}: "event" must be a string naming the event`);
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
  readonly errors: string[];
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
  const at = (offset: number): string => {
    const p = file.lines.position(offset);
    return `${file.path}:${p.line + 1}:${p.character + 1}`;
  };
  const defs = events.map((e) => catalog.events.get(e)).filter((e) => e !== undefined);
  for (const entry of file.entries) {
    const name = entry.key.replace(/^[$@%]/, '');
    const key = name.toLowerCase();
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
      const where = nodeAt(entry.value, problem.path);
      errors.push(`${at(where.offset)}: error: $${declared[0]!.name}: ${problem.message}`);
      continue;
    }
    values.set(key, value);
  }
  return { values, errors, warnings };
}
