import type { Json } from '../catalog/catalog';
import { jsonEntries } from '../catalog/jsonScan';
import type { Type } from '../types/type';
import { DateTimeValue, DurationValue, inertText, SecretValue, type Value } from '../values/value';

/**
 * A catalog example (JSON) as a runtime Value of its declared type: datetimes
 * and durations become their classes (they render and compare as such), a
 * `secret` example becomes a SecretValue naming the secret, objects become
 * ordered maps. Where the JSON does not fit the type, the JSON shape wins
 * (the catalog loader reports such examples; rendering should not crash).
 */
export function valueFromJson(json: Json, type: Type): Value {
  switch (type.kind) {
    case 'datetime':
      return typeof json === 'string' && !Number.isNaN(Date.parse(json)) ? new DateTimeValue(Date.parse(json)) : plain(json);
    case 'duration': {
      const ms = typeof json === 'string' ? durationMs(json) : undefined;
      return ms === undefined ? plain(json) : new DurationValue(ms, json as string);
    }
    case 'secret':
      return typeof json === 'string' ? new SecretValue('secret', json) : plain(json);
    case 'list':
      return Array.isArray(json) ? json.map((item) => valueFromJson(item, type.item)) : plain(json);
    case 'map':
      return isObject(json) ? new Map(jsonEntries(json).map(([k, v]) => [inertText(k), valueFromJson(v, type.value)])) : plain(json);
    case 'record': {
      if (!isObject(json)) return plain(json);
      return new Map(
        jsonEntries(json).map(([k, v]) => {
          const field = type.fields.get(k.toLowerCase());
          return [inertText(k), field ? valueFromJson(v, field.type) : plain(v)];
        }),
      );
    }
    default:
      return plain(json);
  }
}

/** JSON as Values with no type to guide it (`any`); its text made inert (no placeholder can come from data). */
export function plain(json: Json): Value {
  if (Array.isArray(json)) return json.map(plain);
  if (isObject(json)) return new Map(jsonEntries(json).map(([k, v]) => [inertText(k), plain(v)]));
  return typeof json === 'string' ? inertText(json) : json;
}

function isObject(json: Json): json is { [key: string]: Json } {
  return typeof json === 'object' && json !== null && !Array.isArray(json);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `10s` → 10000; undefined when the text is not a duration. */
export function durationMs(text: string): number | undefined {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : undefined;
}
