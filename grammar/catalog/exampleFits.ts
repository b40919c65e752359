import type { Type } from '../types/type';
import type { Json } from './catalog';

/** Where inside an example value a problem is: keys and list indexes from the example's root. */
export type JsonPath = readonly (string | number)[];

export interface ExampleProblem {
  readonly path: JsonPath;
  readonly message: string;
}

/** ISO 8601 date and time with a zone (`Z` or `±hh:mm`), as catalogs write datetimes. */
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DURATION = /^\d+(ms|s|m|h|d)$/;

export function isIsoDateTime(text: string): boolean {
  return ISO_DATETIME.test(text) && !Number.isNaN(Date.parse(text));
}

export function isDurationText(text: string): boolean {
  return DURATION.test(text);
}

/**
 * Does a JSON example fit its declared type? Returns the first problem, or
 * undefined. Datetimes are ISO 8601 strings, durations strings as written
 * (`10s`), secrets a secret name; records must give every field and no other.
 */
export function exampleProblem(type: Type, value: Json, path: JsonPath = []): ExampleProblem | undefined {
  const fail = (message: string): ExampleProblem => ({ path, message });
  switch (type.kind) {
    case 'any':
      return undefined;
    case 'string':
    case 'secret':
      return typeof value === 'string' ? undefined : fail(`expected a string, found ${describe(value)}`);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : fail(`expected a number, found ${describe(value)}`);
    case 'bool':
      return typeof value === 'boolean' ? undefined : fail(`expected true or false, found ${describe(value)}`);
    case 'datetime':
      return typeof value === 'string' && isIsoDateTime(value)
        ? undefined
        : fail(`expected an ISO 8601 datetime string such as "2026-04-28T07:12:43Z", found ${describe(value)}`);
    case 'duration':
      return typeof value === 'string' && isDurationText(value)
        ? undefined
        : fail(`expected a duration string such as "10s" or "250ms", found ${describe(value)}`);
    case 'list': {
      if (!Array.isArray(value)) return fail(`expected a list, found ${describe(value)}`);
      for (let i = 0; i < value.length; i++) {
        const p = exampleProblem(type.item, value[i]!, [...path, i]);
        if (p) return p;
      }
      return undefined;
    }
    case 'map': {
      if (!isObject(value)) return fail(`expected an object, found ${describe(value)}`);
      for (const [k, v] of Object.entries(value)) {
        const p = exampleProblem(type.value, v, [...path, k]);
        if (p) return p;
      }
      return undefined;
    }
    case 'record': {
      if (!isObject(value)) return fail(`expected an object, found ${describe(value)}`);
      const given = new Map(Object.keys(value).map((k) => [k.toLowerCase(), k]));
      for (const key of Object.keys(value)) {
        if (!type.fields.has(key.toLowerCase())) {
          const known = [...type.fields.values()].map((f) => f.name).join(', ');
          return { path: [...path, key], message: `unknown field "${key}" (the record has ${known || 'no fields'})` };
        }
      }
      for (const [k, field] of type.fields) {
        const key = given.get(k);
        if (key === undefined) return fail(`missing field "${field.name}"`);
        const p = exampleProblem(field.type, value[key]!, [...path, key]);
        if (p) return p;
      }
      return undefined;
    }
  }
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    default:
      return 'an object';
  }
}

/** `a.b[0].c` — how problems name a place inside an example. */
export function pathToString(path: JsonPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}
