import type { EventDef, Json } from '../catalog/catalog';
import { jsonEntries, orderedJsonObject } from '../catalog/jsonScan';
import type { Type } from '../types/type';

/**
 * Edge-case fixtures (LANGUAGE.md 10.6): values made from an event's catalog
 * types and examples that show escaping and limits before production does —
 * the preview's one-click fixtures and `notify render|send --fixture`. Pure
 * and deterministic, so a fixture renders the same everywhere.
 */

export const FIXTURE_KINDS = ['empty', 'many', 'long', 'special'] as const;
export type FixtureKind = (typeof FIXTURE_KINDS)[number];

export function isFixtureKind(text: string): text is FixtureKind {
  return (FIXTURE_KINDS as readonly string[]).includes(text);
}

/** What each fixture does, for pickers and `--help`. */
export const FIXTURE_LABELS: Readonly<Record<FixtureKind, string>> = {
  empty: 'empty lists and maps',
  many: '500 items in every list',
  long: 'every string at its maximum length',
  special: 'quotes, newlines, emoji, < and & in every string',
};

/** Items in every list variable of the `many` fixture. */
export const MANY_ITEMS = 500;
/** The length (in Unicode code points) of the `long` fixture's strings when the catalog declares no `maxLength`. */
export const LONG_STRING_LENGTH = 1000;
/** Appended to every string of the `special` fixture. */
export const SPECIAL_TEXT = ' "double" \'single\' <b>tag</b> & &amp; \\ `\nsecond line 🔔 👩‍💻';

/** Every event has these; the render (or the send) decides them, so fixtures leave them alone. */
const COMMON = new Set(['eventname', 'eventid', 'timestamp', 'notifiername']);

/** The fixture's values for each of the event's own variables, keyed by lower-cased name. */
export function fixtureValues(event: EventDef, kind: FixtureKind): Map<string, Json> {
  const values = new Map<string, Json>();
  for (const [key, def] of event.variables) {
    if (COMMON.has(key)) continue;
    values.set(key, kind === 'many' ? many(def.type, def.example) : transform(def.type, def.example, kind, def.maxLength ?? LONG_STRING_LENGTH));
  }
  return values;
}

function transform(type: Type, value: Json, kind: Exclude<FixtureKind, 'many'>, length: number): Json {
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') return value;
      return kind === 'long' ? longText(value, length) : kind === 'special' ? value + SPECIAL_TEXT : value;
    case 'list':
      if (!Array.isArray(value)) return value;
      return kind === 'empty' ? [] : value.map((v) => transform(type.item, v, kind, length));
    case 'map':
      if (!isObject(value)) return value;
      if (kind === 'empty') return {};
      return orderedJsonObject(jsonEntries(value).map(([k, v]) => [k, transform(type.value, v, kind, length)]));
    case 'record': {
      if (!isObject(value)) return value;
      return orderedJsonObject(
        jsonEntries(value).map(([k, v]) => {
          const field = type.fields.get(k.toLowerCase());
          return [k, field ? transform(field.type, v, kind, length) : v];
        }),
      );
    }
    default:
      // Numbers, booleans, datetimes, durations, secrets and `any` keep their example: they have no escaping to show.
      return value;
  }
}

/** The example's items repeated in order up to MANY_ITEMS; an empty example gets items made from the item type. */
function many(type: Type, value: Json): Json {
  if (type.kind !== 'list' || !Array.isArray(value)) return value;
  const items: Json[] = [];
  for (let i = 0; i < MANY_ITEMS; i++) items.push(value.length ? value[i % value.length]! : madeUp(type.item, i + 1));
  return items;
}

/** A value of `type` for lists whose example has no items: `item N`, N, false, the epoch, 1s, empty collections. */
function madeUp(type: Type, n: number): Json {
  switch (type.kind) {
    case 'string':
    case 'secret':
    case 'any':
      return `item ${n}`;
    case 'number':
      return n;
    case 'bool':
      return false;
    case 'datetime':
      return '1970-01-01T00:00:00Z';
    case 'duration':
      return '1s';
    case 'list':
      return [];
    case 'map':
      return {};
    case 'record':
      return Object.fromEntries([...type.fields.values()].map((f) => [f.name, madeUp(f.type, n)]));
  }
}

/** The text repeated until it is exactly `length` code points (`x`s for an empty one). */
function longText(text: string, length: number): string {
  const unit = Array.from(text === '' ? 'x' : text);
  const out: string[] = [];
  while (out.length < length) out.push(...unit);
  return out.slice(0, length).join('');
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
