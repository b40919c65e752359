import type { TextEdit } from '../../diagnostics';
import type { Expr, Property } from '../../syntax/ast';
import type { Converter } from '../channel';
import { SLACK_LIMITS } from './blocks';
import { shapedField } from './render';

/**
 * `slack-blocks` (docs/LANGUAGE.md sections 6.1 and 10): attachment `fields`
 * (and `color`) → `blocks`, the text shown in a section above the fields and
 * kept as the notification fallback.
 */
export const slackBlocksConverter: Converter = {
  id: 'slack-blocks',
  title: 'Convert the Slack attachment to Block Kit',
  convert: (block, text) => {
    const prop = (name: string) => block.properties.find((p) => p.name.text === name && p.value);
    const fields = prop('fields');
    if (!fields || prop('blocks')) return undefined;
    // A property written twice, or in another case, is the checker's to report first.
    if (block.properties.filter((p) => p.name.text === 'fields' || p.name.text === 'text' || p.name.text === 'color').length !== ['fields', 'text', 'color'].filter((n) => prop(n)).length) {
      return undefined;
    }
    const written = prop('text');
    const source = (e: Expr) => text.slice(e.span.start, e.span.end);
    const sectionText = written ? source(written.value!) : FALLBACK;
    const edits: TextEdit[] = [];
    const indent = indentOf(text, fields.span.start);
    const items = blockItems(fields.value!, sectionText, source);
    // `=` aligned as `notify fmt` aligns a block's properties.
    const kept = block.properties.filter((p) => p.name.text !== 'fields' && p.name.text !== 'color').map((p) => p.name.text);
    const width = Math.max(...[...kept, 'text', 'blocks'].map((n) => n.length));
    const assign = (name: string) => `${name.padEnd(width)} = `;
    const blocks = `${assign('blocks')}@(\n${items.map((i) => `${indent}    ${i}`).join(',\n')}\n${indent});`;
    const lines = written ? blocks : `${assign('text')}${FALLBACK};\n${indent}${blocks}`;
    edits.push({ span: fields.span, newText: lines });
    const color = prop('color');
    if (color) edits.push({ span: removal(text, color), newText: '' });
    return edits;
  },
};

const FALLBACK = '"$EventName at $Timestamp"';

/** `%SlackSection(TEXT, FIELDS)`, or beyond 10 written fields a section and `%SlackFields` of 10 each. */
function blockItems(fields: Expr, sectionText: string, source: (e: Expr) => string): string[] {
  if (fields.kind !== 'Map') return [`%SlackSection(${sectionText}, ${source(fields)})`];
  const entries = fields.entries.filter((e) => e.value).map((e) => {
    const key = /^[A-Za-z_][A-Za-z0-9_]*$/.test(e.key) ? e.key : JSON.stringify(e.key);
    const shaped = e.value!.kind === 'Map' ? shapedField(e.value!.entries) : undefined;
    return `${key}: ${source(shaped ? shaped.value : e.value!)}`;
  });
  if (entries.length <= SLACK_LIMITS.fields) return [`%SlackSection(${sectionText}, %(${entries.join(', ')}))`];
  const out = [`%SlackSection(${sectionText})`];
  for (let i = 0; i < entries.length; i += SLACK_LIMITS.fields) out.push(`%SlackFields(%(${entries.slice(i, i + SLACK_LIMITS.fields).join(', ')}))`);
  return out;
}

function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** The property with its whole line (its CRLF included) when nothing else is on it. */
function removal(text: string, prop: Property): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', prop.span.start - 1) + 1;
  const newline = text.indexOf('\n', prop.span.end);
  const lineEnd = newline < 0 ? text.length : newline;
  if (/^[ \t]*$/.test(text.slice(lineStart, prop.span.start)) && /^[ \t]*\r?$/.test(text.slice(prop.span.end, lineEnd)) && newline >= 0) {
    return { start: lineStart, end: newline + 1 };
  }
  return prop.span;
}

