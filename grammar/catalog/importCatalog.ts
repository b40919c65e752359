import { parseType } from '../types/parseType';
import type { Catalog, CatalogOrigin, EventDef, EventDefaults, VariableDef } from './catalog';
import { commonVariables } from './builtin';
import { exampleProblem, pathToString, type JsonPath } from './exampleFits';
import { JsonSyntaxError, scanJson, toPlainJson, type JsonEntry, type JsonNode } from './jsonScan';

/**
 * Reads an imported catalog file (spec section 7). Checks what
 * schemas/catalog.schema.json says, and what a schema cannot: type strings
 * parse, examples fit their types, variable names follow the name rule and
 * do not redefine the common variables. Parsing the default templates is the
 * syntax engine's job, not this one's. Pure: the caller reads the file.
 */

/** Kept equal to the `propertyNames` patterns of schemas/catalog.schema.json (a test checks). */
export const EVENT_NAME_PATTERN = '^[a-z](?:[a-z0-9_-]*[a-z0-9])?(?:\\.[a-z](?:[a-z0-9_-]*[a-z0-9])?)+$';
export const VARIABLE_NAME_PATTERN = '^[A-Za-z](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$';

const EVENT_NAME = new RegExp(EVENT_NAME_PATTERN);
const VARIABLE_NAME = new RegExp(VARIABLE_NAME_PATTERN);
const DEFAULT_KEYS = ['body', 'text', 'title', 'subject'] as const;

export interface CatalogError {
  readonly message: string;
  /** Offset into the JSON text of the offending key or value. */
  readonly offset: number;
}

export function parseCatalogJson(text: string, origin: CatalogOrigin): { catalog?: Catalog; errors: CatalogError[] } {
  let root: JsonNode;
  try {
    root = scanJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { errors: [{ message: `invalid JSON: ${e.message}`, offset: e.offset }] };
    throw e;
  }
  const reader = new CatalogReader(origin);
  const events = reader.root(root);
  return reader.errors.length ? { errors: reader.errors } : { catalog: { events }, errors: [] };
}

class CatalogReader {
  readonly errors: CatalogError[] = [];
  private readonly common = commonVariables();
  private readonly commonByKey = new Map(this.common.map((c) => [c.name.toLowerCase(), c]));

  constructor(private readonly origin: CatalogOrigin) {}

  private error(where: string, message: string, offset: number): void {
    this.errors.push({ message: where ? `${where}: ${message}` : message, offset });
  }

  root(node: JsonNode): Map<string, EventDef> {
    const events = new Map<string, EventDef>();
    if (node.kind !== 'object') {
      this.error('', `a catalog is a JSON object with "events", found ${kindName(node)}`, node.offset);
      return events;
    }
    const entries = this.entries(node, '', ['$schema', 'events']);
    const eventsEntry = entries.get('events');
    if (!eventsEntry) {
      this.error('', 'missing "events"', node.offset);
      return events;
    }
    const schema = entries.get('$schema');
    if (schema && schema.value.kind !== 'string') this.error('$schema', 'expected a string', schema.value.offset);
    if (eventsEntry.value.kind !== 'object') {
      this.error('events', `expected an object of events, found ${kindName(eventsEntry.value)}`, eventsEntry.value.offset);
      return events;
    }
    for (const e of this.entries(eventsEntry.value, 'events', undefined).values()) {
      if (!EVENT_NAME.test(e.key)) {
        this.error(`events.${e.key}`, 'event names are lower-case dotted names such as "deploy.finished"', e.keyOffset);
        continue;
      }
      const event = this.event(e);
      if (event) events.set(e.key, event);
    }
    return events;
  }

  /**
   * The entries of an object by key, reporting duplicate keys and (when
   * `allowed` is given) unknown ones.
   */
  private entries(node: JsonNode & { kind: 'object' }, where: string, allowed: readonly string[] | undefined): Map<string, JsonEntry> {
    const out = new Map<string, JsonEntry>();
    // the path is built only for an error (the events object of a large catalog has 100,000s of entries)
    const path = (e: JsonEntry) => (where ? `${where}.${e.key}` : e.key);
    for (const e of node.entries) {
      if (out.has(e.key)) {
        this.error(path(e), 'is given twice', e.keyOffset);
        continue;
      }
      if (allowed && !allowed.includes(e.key)) {
        this.error(path(e), `unknown property (expected ${allowed.map((a) => `"${a}"`).join(', ')})`, e.keyOffset);
        continue;
      }
      out.set(e.key, e);
    }
    return out;
  }

  private event(entry: JsonEntry): EventDef | undefined {
    const where = `events.${entry.key}`;
    const node = entry.value;
    if (node.kind !== 'object') {
      this.error(where, `expected an object with "variables", found ${kindName(node)}`, node.offset);
      return undefined;
    }
    const before = this.errors.length;
    const props = this.entries(node, where, ['description', 'variables', 'defaults']);
    const description = props.get('description');
    if (description && description.value.kind !== 'string') this.error(`${where}.description`, 'expected a string', description.value.offset);

    const variables = new Map<string, VariableDef>();
    const vars = props.get('variables');
    if (!vars) this.error(where, 'missing "variables" (use {} for an event with only the common variables)', node.offset);
    else if (vars.value.kind !== 'object') this.error(`${where}.variables`, `expected an object, found ${kindName(vars.value)}`, vars.value.offset);
    else {
      for (const v of this.entries(vars.value, `${where}.variables`, undefined).values()) {
        const def = this.variable(v, `${where}.variables.${v.key}`);
        if (!def) continue;
        const key = v.key.toLowerCase();
        if (variables.has(key)) {
          this.error(`${where}.variables.${v.key}`, `is declared twice (also as "${variables.get(key)!.name}"; names are case-insensitive)`, v.keyOffset);
          continue;
        }
        variables.set(key, def);
      }
    }
    // one object per common variable, shared by every event, but $EventName (its example is the event's name)
    for (const c of this.common) variables.set(c.name.toLowerCase(), c.name === 'EventName' ? { ...c, example: entry.key } : c);

    const defaults: Record<string, string> = {};
    const defs = props.get('defaults');
    if (defs) {
      if (defs.value.kind !== 'object') this.error(`${where}.defaults`, `expected an object, found ${kindName(defs.value)}`, defs.value.offset);
      else
        for (const d of this.entries(defs.value, `${where}.defaults`, DEFAULT_KEYS).values()) {
          if (d.value.kind !== 'string') this.error(`${where}.defaults.${d.key}`, `expected a template string, found ${kindName(d.value)}`, d.value.offset);
          else defaults[d.key] = d.value.value;
        }
    }
    if (this.errors.length > before) return undefined;
    return {
      name: entry.key,
      description: description?.value.kind === 'string' ? description.value.value : '',
      variables,
      defaults: defaults as EventDefaults,
      origin: { ...this.origin, offset: entry.keyOffset },
    };
  }

  private variable(entry: JsonEntry, where: string): VariableDef | undefined {
    if (!VARIABLE_NAME.test(entry.key)) {
      this.error(where, 'variable names start with a letter, then letters, digits, "_" or "-", not ending in "_" or "-"', entry.keyOffset);
      return undefined;
    }
    const common = this.commonByKey.get(entry.key.toLowerCase());
    if (common) {
      this.error(where, `every event already has $${common.name}; choose another name`, entry.keyOffset);
      return undefined;
    }
    const node = entry.value;
    if (node.kind !== 'object') {
      this.error(where, `expected an object with "type" and "example", found ${kindName(node)}`, node.offset);
      return undefined;
    }
    const before = this.errors.length;
    const props = this.entries(node, where, ['type', 'example', 'description', 'maxLength']);
    const typeEntry = props.get('type');
    const exampleEntry = props.get('example');
    const descEntry = props.get('description');
    const maxEntry = props.get('maxLength');
    if (maxEntry && !(maxEntry.value.kind === 'number' && Number.isInteger(maxEntry.value.value) && maxEntry.value.value >= 1)) {
      this.error(`${where}.maxLength`, 'expected a whole number of characters, at least 1', maxEntry.value.offset);
    }
    if (!typeEntry) this.error(where, 'missing "type"', node.offset);
    if (!exampleEntry) this.error(where, 'missing "example"', node.offset);
    if (descEntry && descEntry.value.kind !== 'string') this.error(`${where}.description`, 'expected a string', descEntry.value.offset);
    if (!typeEntry || this.errors.length > before) return undefined;

    if (typeEntry.value.kind !== 'string') {
      this.error(`${where}.type`, `expected a type string such as "string" or "list<string>", found ${kindName(typeEntry.value)}`, typeEntry.value.offset);
      return undefined;
    }
    const parsed = parseType(typeEntry.value.value);
    if (!parsed.type) {
      // +1 skips the opening quote; exact unless the type string holds JSON escapes
      this.error(`${where}.type`, parsed.error!, typeEntry.value.offset + 1 + (parsed.offset ?? 0));
      return undefined;
    }
    const example = toPlainJson(exampleEntry!.value);
    const problem = exampleProblem(parsed.type, example);
    if (problem) {
      const at = nodeAt(exampleEntry!.value, problem.path);
      const sub = pathToString(problem.path);
      this.error(`${where}.example${sub ? (sub.startsWith('[') ? sub : '.' + sub) : ''}`, problem.message, at);
      return undefined;
    }
    return {
      name: entry.key,
      type: parsed.type,
      example,
      description: descEntry?.value.kind === 'string' ? descEntry.value.value : undefined,
      ...(maxEntry?.value.kind === 'number' ? { maxLength: maxEntry.value.value } : {}),
      origin: { ...this.origin, offset: entry.keyOffset },
    };
  }
}

/** Offset of the value (or, for a field that is unknown, its key) at `path` inside `node`. */
function nodeAt(node: JsonNode, path: JsonPath): number {
  let current = node;
  for (const step of path) {
    if (current.kind === 'array' && typeof step === 'number' && current.items[step]) current = current.items[step]!;
    else if (current.kind === 'object' && typeof step === 'string') {
      const entry = current.entries.find((e) => e.key === step);
      if (!entry) break;
      current = entry.value;
    } else break;
  }
  return current.offset;
}

function kindName(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'bool':
      return String(node.value);
    case 'null':
      return 'null';
  }
}

export interface CatalogConflict {
  readonly event: string;
  /** Where the conflicting (later) definition comes from. */
  readonly origin: CatalogOrigin;
  /** Where the event was defined first. */
  readonly firstOrigin: CatalogOrigin;
}

/**
 * Adds imported catalogs to a base catalog. An event defined again (by an
 * import over a built-in, or by a later import over an earlier one) is a
 * conflict; the first definition wins.
 */
export function mergeCatalogs(base: Catalog, extra: readonly Catalog[]): { catalog: Catalog; conflicts: CatalogConflict[] } {
  const events = new Map(base.events);
  const conflicts: CatalogConflict[] = [];
  for (const catalog of extra) {
    for (const [name, event] of catalog.events) {
      const first = events.get(name);
      if (first) conflicts.push({ event: name, origin: event.origin, firstOrigin: first.origin });
      else events.set(name, event);
    }
  }
  return { catalog: { events }, conflicts };
}

