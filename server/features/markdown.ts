/**
 * The markdown that completion items and hovers show: one writer per kind of
 * thing, so a variable reads the same in both places.
 */
import type { EventDef, Json, VariableDef } from '../../grammar/catalog/catalog';
import type { PropertyDef } from '../../grammar/channels/properties';
import type { Channel } from '../../grammar/channels/registry';
import type { FunctionDef, ParamDef } from '../../grammar/functions/signature';
import type { Sigil } from '../../grammar/syntax/ast';
import { sigilOf, typeToString, type Type } from '../../grammar/types/type';
import { jsonText } from '../../grammar/catalog/jsonScan';

export function fence(code: string, lang = 'notify'): string {
  const ticks = code.includes('```') ? '````' : '```';
  return `${ticks}${lang}\n${code}\n${ticks}`;
}

export function sigilFor(type: Type): Sigil {
  const s = sigilOf(type);
  return s === 'any' ? '$' : s;
}

/** An example value as a reader would write it: JSON, shortened if long. */
export function exampleText(example: Json | undefined): string | undefined {
  if (example === undefined) return undefined;
  let text = jsonText(example, Array.isArray(example) || (example !== null && typeof example === 'object') ? 2 : 0);
  if (text.length > 600) text = `${text.slice(0, 600)}…`;
  return text;
}

export interface VariableFacts {
  readonly name: string;
  readonly sigil: Sigil;
  readonly type: Type;
  readonly def?: VariableDef;
  readonly definedBy: readonly string[];
  readonly allEvents: boolean;
  readonly kind: 'event' | 'loop' | 'sample';
  readonly note?: string;
}

export function variableMarkdown(v: VariableFacts, options: { heading?: boolean } = {}): string {
  const out: string[] = [];
  if (options.heading !== false) out.push(fence(`${v.sigil}${v.name}: ${typeToString(v.type)}`));
  if (v.kind === 'loop') out.push(v.note ?? 'Loop variable of the enclosing `foreach`.');
  if (v.def?.description) out.push(v.def.description);
  const example = exampleText(v.def?.example);
  if (example !== undefined) out.push(`Example: ${example.includes('\n') ? `\n${fence(example, 'json')}` : `\`${example}\``}`);
  if (v.definedBy.length) {
    const events = v.definedBy.map((e) => `\`${e}\``).join(', ');
    out.push(v.allEvents ? `Defined by ${events}.` : `Only defined by ${events}: empty for the notifier's other events.`);
  }
  if (v.def?.origin.kind === 'import' && v.def.origin.importPath) out.push(`From \`${v.def.origin.importPath}\`.`);
  return out.join('\n\n');
}

export function paramLabel(p: ParamDef): string {
  return `${p.name}${p.optional ? '?' : ''}${p.variadic ? '…' : ''}`;
}

export function paramTypeText(p: ParamDef): string {
  return typeof p.type === 'string' ? p.type : typeToString(p.type);
}

/** `$ToJson(value, pretty?)` */
export function functionSignature(f: FunctionDef, sigil: Sigil = f.sigils[0] ?? '$'): string {
  return `${sigil}${f.name}(${f.params.map(paramLabel).join(', ')})`;
}

export function functionMarkdown(f: FunctionDef, sigil?: Sigil): string {
  const sigils = f.sigils.length > 1 ? `\n\nCall as ${f.sigils.map((s) => `\`${s}${f.name}\``).join(', ')}.` : '';
  const params = f.params.filter((p) => p.doc).map((p) => `- \`${paramLabel(p)}\`: ${p.doc}`);
  return [fence(functionSignature(f, sigil)), f.doc + sigils, params.length ? params.join('\n') : '', f.own ? '_Notify function._' : '']
    .filter(Boolean)
    .join('\n\n');
}

export function eventMarkdown(e: EventDef, options: { variables?: boolean } = {}): string {
  const out = [fence(`on ${e.name};`), e.description];
  if (options.variables !== false) {
    const rows = [...e.variables.values()].map((v) => `- \`${sigilFor(v.type)}${v.name}\`: ${typeToString(v.type)}`);
    out.push(`Variables:\n${rows.join('\n')}`);
  }
  if (e.origin.kind === 'import' && e.origin.importPath) out.push(`From \`${e.origin.importPath}\`.`);
  return out.join('\n\n');
}

export function channelMarkdown(c: Channel): string {
  const props = [...c.properties.values()].map((p) => `- \`${p.name}\`${p.required ? ' (required)' : ''}: ${p.types.map(typeToString).join(' or ')}`);
  return [fence(`${c.kind} { … }`), c.doc, `Properties:\n${props.join('\n')}`].join('\n\n');
}

export function propertyMarkdown(channel: string, p: PropertyDef): string {
  const out = [fence(`${p.name} = …;  # ${p.types.map(typeToString).join(' | ')}`), p.doc];
  const facts: string[] = [];
  if (p.required) facts.push(`Required in \`${channel}\`.`);
  if (p.values) facts.push(`One of ${p.values.map((v) => `\`"${v}"\``).join(', ')}.`);
  if (p.defaultText) facts.push(`Default: ${p.defaultText}.`);
  if (p.secretAllowed) facts.push('`$Secret(...)` and `$Env(...)` are allowed here.');
  if (facts.length) out.push(facts.join(' '));
  return out.join('\n\n');
}
