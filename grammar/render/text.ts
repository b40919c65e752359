import { toText } from '../functions/text';
import { DateTimeValue, DurationValue, SecretValue, isList, isMap, type Value } from '../values/value';

/**
 * A scalar as text (spec section 4), shared with the functions: null (a
 * variable the event does not define) is "", a list or map is an error.
 */
export const scalarText: (value: Value) => string = toText;

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
