import { EvalError } from '../functions/signature';
import { DateTimeValue, DurationValue, SecretValue, isList, isMap, type Value } from './value';

/**
 * A scalar as text (spec section 4): numbers in shortest JSON form, booleans
 * `true`/`false`, datetimes ISO 8601 UTC, durations as written, secrets as
 * their placeholder, and a value the event does not define (`null`) as "".
 * A list or map has no text form: that is an error naming the way out.
 */
export function scalarText(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof DateTimeValue || value instanceof DurationValue || value instanceof SecretValue) return value.toString();
  if (isList(value)) throw new EvalError('a list cannot be used as text; use $Join(", ", @list) or $ToJson(@list)');
  if (isMap(value)) throw new EvalError('a map cannot be used as text; use $ToJson(%map) or pick a key with .Name');
  throw new EvalError('this value cannot be used as text');
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new EvalError(`the number ${n} cannot be written as text`);
  return Object.is(n, -0) ? '0' : String(n);
}

/** What kind of value this is, for error messages. */
export function describeValue(value: Value): string {
  if (value === null) return 'nothing (the variable is not defined for this event)';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a bool';
  if (value instanceof DateTimeValue) return 'a datetime';
  if (value instanceof DurationValue) return 'a duration';
  if (value instanceof SecretValue) return 'a secret';
  if (isList(value)) return 'a list';
  if (isMap(value)) return 'a map';
  return 'a value';
}
