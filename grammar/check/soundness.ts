/**
 * Checks that make "`check` passes" mean "`render` succeeds" for the values
 * a property can take (docs/LANGUAGE.md section 4, "What check guarantees"):
 * map properties whose values become text hold scalars, and what becomes an
 * HTTP header is a valid header. Values known only at render time (a
 * variable in a header value) are checked there, with a positioned error.
 */
import type { PropertyDef } from '../channels/properties';
import { diagnostic } from '../diagnostics';
import type { Expr, TemplatePart } from '../syntax/ast';
import type { Type } from '../types/type';
import type { CheckContext } from './context';
import { constantText, describeType } from './expressions';

/** RFC 9110 `token`: what a header name may be. */
export const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Map properties whose values are shown as text: Slack and Discord `fields`, Teams `facts`. */
const TEXT_MAPS = new Set(['fields', 'facts']);

/** The soundness checks for one property value (its type already checked by the caller). */
export function checkPropertySoundness(ctx: CheckContext, channel: string, def: PropertyDef, value: Expr): void {
  if (TEXT_MAPS.has(def.name)) textMap(ctx, def, value);
  if (def.httpHeaders === 'map') headerMap(ctx, value, 'Header');
  if (def.httpHeaders === 'scheme') schemeHeaders(ctx, def.name, value);
}

/** Text a value of this type cannot become: a list, a map or a record (NTF203). */
function notText(type: Type | undefined): boolean {
  return type !== undefined && (type.kind === 'list' || type.kind === 'map' || type.kind === 'record');
}

function textMap(ctx: CheckContext, def: PropertyDef, value: Expr): void {
  const hint = 'each value is shown as text: use $Join(", ", @list) or $ToJson(…) for a list or map';
  if (value.kind === 'Map') {
    for (const entry of value.entries) {
      if (!entry.value) continue;
      if (def.shortFields && entry.value.kind === 'Map' && shortField(ctx, entry.key, entry.value)) continue;
      const t = ctx.model.typeOf(entry.value);
      if (notText(t)) ctx.report(diagnostic('NTF203', entry.value.span, `\`${entry.key}\` in \`${def.name}\` is ${describeType(t!)}; ${hint}.`));
    }
    return;
  }
  const t = ctx.model.typeOf(value);
  if (t?.kind === 'map' && notText(t.value)) {
    ctx.report(diagnostic('NTF203', value.span, `The values of \`${def.name}\` are ${describeType(t.value)}; ${hint}.`));
  } else if (t?.kind === 'record') {
    const bad = [...t.fields.values()].filter((f) => notText(f.type));
    if (bad.length) ctx.report(diagnostic('NTF203', value.span, `\`${bad[0]!.name}\` of this ${describeType(t)} in \`${def.name}\` is ${describeType(bad[0]!.type)}; ${hint}.`));
  }
}

/** `%(value: TEXT, short: BOOL)` as a field value: true when written so (its parts then checked here). */
function shortField(ctx: CheckContext, key: string, value: Extract<Expr, { kind: 'Map' }>): boolean {
  const names = value.entries.map((e) => e.key);
  if (!names.includes('value') || !names.every((n) => n === 'value' || n === 'short')) return false;
  for (const e of value.entries) {
    if (!e.value) continue;
    const t = ctx.model.typeOf(e.value);
    if (e.key === 'value' && notText(t)) ctx.report(diagnostic('NTF203', e.value.span, `The value of field \`${key}\` is ${describeType(t!)}; it is shown as text.`));
    if (e.key === 'short' && t && t.kind !== 'bool' && t.kind !== 'any') ctx.report(diagnostic('NTF203', e.value.span, `\`short\` of field \`${key}\` must be true or false, but this is ${describeType(t)}.`));
  }
  return true;
}

/** Literal header names must be HTTP tokens; literal text of header values must not hold a line break. */
function headerMap(ctx: CheckContext, value: Expr, what: string): void {
  if (value.kind !== 'Map') return;
  for (const entry of value.entries) {
    if (!HTTP_TOKEN.test(entry.key)) {
      ctx.report(
        diagnostic('NTF203', entry.keySpan, `${what} name "${entry.key}" is not a valid HTTP header name: use letters, digits and \`-\` (no spaces, colons or quotes).`),
      );
    }
    if (entry.value) lineBreaks(ctx, entry.value, `${what} \`${entry.key}\``);
  }
}

/** `auth` and `signing` values end up in headers: the same rules for the names and values they give. */
function schemeHeaders(ctx: CheckContext, property: string, value: Expr): void {
  if (value.kind !== 'Map') return;
  for (const entry of value.entries) {
    const key = entry.key.toLowerCase();
    if (!entry.value) continue;
    if (key === 'header') {
      const name = constantText(entry.value);
      if (name !== undefined && !HTTP_TOKEN.test(name)) {
        ctx.report(diagnostic('NTF203', entry.value.span, `"${name}" in \`${property}\` is not a valid HTTP header name: use letters, digits and \`-\`.`));
        continue;
      }
    }
    // bearer `token` and apikey `value` are sent as header values; basic credentials are encoded first
    if (key === 'token' || key === 'value' || key === 'header') lineBreaks(ctx, entry.value, `\`${entry.key}\` of \`${property}\``);
  }
}

/** A header value with a line break would split the request (header injection): NTF203 when the text is written in the file. */
function lineBreaks(ctx: CheckContext, value: Expr, what: string): void {
  const found = writtenText(value).find((p) => /[\r\n\0]/.test(p.value));
  if (!found) return;
  ctx.report(diagnostic('NTF203', value.span, `${what} cannot contain a line break: it is sent as an HTTP header. Write it on one line.`));
}

function writtenText(value: Expr): { value: string }[] {
  if (value.kind === 'Paren') return value.expr ? writtenText(value.expr) : [];
  if (value.kind !== 'String') return [];
  const out: { value: string }[] = [];
  const visit = (parts: readonly TemplatePart[]) => {
    for (const p of parts) {
      if (p.kind === 'Text') out.push(p);
      else if (p.kind === 'If') {
        visit(p.then);
        if (p.else) visit(p.else);
      } else if (p.kind === 'Foreach') visit(p.body);
    }
  };
  visit(value.parts);
  return out;
}
