import type { EventDef, EventDefaults } from '../catalog/catalog';
import type { Diagnostic } from '../diagnostics';
import type { TemplatePart } from '../syntax/ast';
import { parseTemplate } from '../syntax/template';
import { EvalFailure } from './evaluate';

export type DefaultKey = keyof EventDefaults;

const cache = new WeakMap<EventDef, Map<DefaultKey, readonly TemplatePart[] | Error>>();

/**
 * The parsed default text of an event (`body`, `text`, `title`, `subject`),
 * or undefined when the event has none. Defaults are template text written in
 * the language; they are parsed once per event. A default that does not
 * parse is the catalog's fault, reported as a render error naming it.
 */
export function defaultTemplate(event: EventDef, key: DefaultKey): readonly TemplatePart[] | undefined {
  const source = event.defaults[key];
  if (source === undefined) return undefined;
  let perEvent = cache.get(event);
  if (!perEvent) cache.set(event, (perEvent = new Map()));
  let parsed = perEvent.get(key);
  if (!parsed) {
    const { parts, diagnostics } = parseTemplate(source, 0);
    const error = diagnostics.find((d: Diagnostic) => d.severity === 'error');
    const result: readonly TemplatePart[] | Error = error ? new Error(error.message) : parts;
    perEvent.set(key, result);
    parsed = result;
  }
  if (parsed instanceof Error) {
    throw new EvalFailure(`the default ${key} of event ${event.name} does not parse: ${parsed.message}`, undefined);
  }
  return parsed;
}
