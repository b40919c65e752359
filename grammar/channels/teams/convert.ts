import type { ChannelBlock, Expr, MapLiteral, Property } from '../../syntax/ast';
import type { TextEdit } from '../../diagnostics';
import type { Converter } from '../channel';

/**
 * Teams MessageCard → Workflows Adaptive Card (LANGUAGE.md 6.2): the
 * migration Microsoft's retirement of Office 365 connectors forces. `title`,
 * `text`, `facts` and `color` mean the same in both formats; `sections`
 * become `body` elements and `potential_action` becomes `actions`. Written
 * values are copied as written (templates stay templates); only literal
 * lists of literal maps can be converted, anything computed is reported.
 */
export const messageCardToAdaptive: Converter = {
  id: 'teams-messagecard-to-adaptive',
  title: 'Convert the MessageCard to a Workflows Adaptive Card',
  code: 'NTF228',
  convert: (block, text) => {
    const result = convertMessageCard(block, text);
    return result && !('cannot' in result) ? result : undefined;
  },
};

/** The edits, or why this block cannot be converted faithfully, or null when it is no MessageCard. */
export function convertMessageCard(block: ChannelBlock, text: string): readonly TextEdit[] | { readonly cannot: string } | null {
    if (block.channel !== 'teams') return null;
    const format = property(block, 'format');
    const formatText = format?.value ? literal(format.value) : undefined;
    const sections = property(block, 'sections');
    const actions = property(block, 'potential_action');
    if (formatText !== 'messagecard' && !sections && !actions) return null;
    if (format?.value && formatText === undefined) return { cannot: '`format` is computed, so the card format is not known' };
    const edits: TextEdit[] = [];
    if (format?.value) edits.push({ span: format.value.span, newText: '"adaptive"' });
    const indent = indentOf(text, block.properties[0]?.span.start ?? block.keywordSpan.start);
    if (sections?.value) {
      if (property(block, 'body')) return { cannot: 'both `sections` and `body` are written' };
      const items = mapItems(sections.value, 'sections');
      if ('cannot' in items) return items;
      const elements: string[] = [];
      for (const section of items) {
        const converted = sectionElements(section, text);
        if (typeof converted === 'object' && 'cannot' in converted) return converted;
        elements.push(...converted);
      }
      edits.push({ span: sections.name.span, newText: 'body' }, { span: sections.value.span, newText: list(elements, indent) });
    }
    if (actions?.value) {
      if (property(block, 'actions')) return { cannot: 'both `potential_action` and `actions` are written' };
      const items = mapItems(actions.value, 'potential_action');
      if ('cannot' in items) return items;
      const converted: string[] = [];
      for (const action of items) {
        const one = openUrlAction(action, text);
        if (typeof one === 'object') return one;
        converted.push(one);
      }
      edits.push({ span: actions.name.span, newText: 'actions' }, { span: actions.value.span, newText: list(converted, indent) });
    }
    return edits;
}

function property(block: ChannelBlock, name: string): Property | undefined {
  return block.properties.find((p) => p.name.text === name && p.value);
}

/** The text of a string literal without interpolation; undefined otherwise. */
export function literal(expr: Expr): string | undefined {
  if (expr.kind !== 'String' || expr.parts.some((p) => p.kind !== 'Text')) return undefined;
  return expr.parts.map((p) => (p.kind === 'Text' ? p.value : '')).join('');
}

function source(text: string, expr: Expr): string {
  return text.slice(expr.span.start, expr.span.end);
}

function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

function list(items: readonly string[], indent: string): string {
  if (items.length === 0) return '@()';
  return `@(\n${items.map((i) => `${indent}    ${i}`).join(',\n')}\n${indent})`;
}

function mapItems(value: Expr, name: string): readonly MapLiteral[] | { cannot: string } {
  if (value.kind !== 'List') return { cannot: `\`${name}\` is computed, not a list written in the file` };
  const maps: MapLiteral[] = [];
  for (const item of value.items) {
    if (item.kind !== 'Map') return { cannot: `an item of \`${name}\` is computed, not a map written in the file` };
    maps.push(item);
  }
  return maps;
}

function entry(map: MapLiteral, key: string): Expr | undefined {
  return map.entries.find((e) => e.key === key)?.value;
}

/** One MessageCard section as Adaptive Card elements, in the order Teams draws a section. */
function sectionElements(section: MapLiteral, text: string): string[] | { cannot: string } {
  const known = new Set(['activityTitle', 'activitySubtitle', 'activityText', 'activityImage', 'title', 'text', 'facts', 'images', 'markdown', 'startGroup']);
  const unknown = section.entries.find((e) => !known.has(e.key));
  if (unknown) return { cannot: `a section's \`${unknown.key}\` has no Adaptive Card equivalent here` };
  const out: string[] = [];
  const v = (key: string) => entry(section, key);
  const textBlock = (key: string, extra: string) => {
    const value = v(key);
    if (value) out.push(`%(type: "TextBlock", text: ${source(text, value)}${extra}, wrap: true)`);
  };
  const image = v('activityImage');
  if (image) out.push(`%(type: "Image", url: ${source(text, image)}, size: "Small")`);
  textBlock('title', ', size: "Medium", weight: "Bolder"');
  textBlock('activityTitle', ', weight: "Bolder"');
  textBlock('activitySubtitle', ', isSubtle: true, spacing: "None"');
  textBlock('activityText', '');
  textBlock('text', '');
  const facts = v('facts');
  if (facts) {
    const converted = factSet(facts, text);
    if (typeof converted === 'object') return converted;
    out.push(converted);
  }
  const images = v('images');
  if (images) {
    const items = mapItems(images, 'images');
    if ('cannot' in items) return items;
    for (const img of items) {
      const url = entry(img, 'image');
      if (!url) return { cannot: 'an image of a section has no `image`' };
      out.push(`%(type: "Image", url: ${source(text, url)})`);
    }
  }
  // `startGroup` draws a line above the section.
  const group = v('startGroup');
  if (group?.kind === 'Bool' && group.value && out.length) out[0] = out[0]!.replace(/\)$/, ', separator: true)');
  return out;
}

/** MessageCard facts (`@(%(name, value))`, or a map of name to value) as a FactSet. */
function factSet(facts: Expr, text: string): string | { cannot: string } {
  if (facts.kind === 'Map') {
    const items = facts.entries.filter((e) => e.value).map((e) => `%(title: ${JSON.stringify(e.key)}, value: ${source(text, e.value!)})`);
    return `%(type: "FactSet", facts: @(${items.join(', ')}))`;
  }
  const items = mapItems(facts, 'facts');
  if ('cannot' in items) return items;
  const converted: string[] = [];
  for (const fact of items) {
    const name = entry(fact, 'name');
    const value = entry(fact, 'value');
    if (!name || !value) return { cannot: 'a fact needs `name` and `value`' };
    converted.push(`%(title: ${source(text, name)}, value: ${source(text, value)})`);
  }
  return `%(type: "FactSet", facts: @(${converted.join(', ')}))`;
}

/** An `OpenUri` potential action as `Action.OpenUrl`; other kinds post back to a service and have no webhook equivalent. */
function openUrlAction(action: MapLiteral, text: string): string | { cannot: string } {
  const typeExpr = entry(action, '@type');
  const type = typeExpr ? literal(typeExpr) : undefined;
  if (type !== 'OpenUri') return { cannot: `a \`${type ?? 'computed'}\` action posts back to a service; an Adaptive Card sent through a webhook can only open a URL (Action.OpenUrl)` };
  const name = entry(action, 'name');
  const targets = entry(action, 'targets');
  if (!name || !targets) return { cannot: 'an OpenUri action needs `name` and `targets`' };
  const items = mapItems(targets, 'targets');
  if ('cannot' in items) return items;
  const target = items.find((t) => { const os = entry(t, 'os'); return os && literal(os) === 'default'; }) ?? items[0];
  const uri = target && entry(target, 'uri');
  if (!uri) return { cannot: 'an OpenUri action has no target `uri`' };
  return `%(type: "Action.OpenUrl", title: ${source(text, name)}, url: ${source(text, uri)})`;
}
