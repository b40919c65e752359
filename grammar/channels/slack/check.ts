import { diagnostic, type TextEdit } from '../../diagnostics';
import type { ChannelBlock, Expr, Property, StringLiteral } from '../../syntax/ast';
import { lowerBound } from '../../check/limits';
import type { ChannelCheck } from '../channel';
import { SLACK_BLOCK_TYPES, SLACK_LIMITS, slackHelper } from './blocks';

/**
 * Slack's checks over a whole block (docs/LANGUAGE.md section 6.1):
 * NTF220 `blocks` without `text`, NTF223 attachment properties beside
 * `blocks`.
 */
export function checkSlackBlock(block: ChannelBlock, check: ChannelCheck): void {
  const prop = (name: string) => block.properties.find((p) => p.name.text === name && p.value);
  const blocks = prop('blocks');
  if (!blocks) return;
  for (const name of ['color', 'fields']) {
    const other = prop(name);
    if (!other) continue;
    check.report(
      diagnostic(
        'NTF223',
        other.name.span,
        name === 'color'
          ? 'A message with `blocks` has no attachment, so no colour bar: remove `color`.'
          : 'A message with `blocks` has no attachment to hold `fields`: show them with `%SlackSection(text, %(…))` or `%SlackFields(%(…))` in `blocks`.',
      ),
    );
  }
  if (!prop('text')) {
    check.report(
      diagnostic(
        'NTF220',
        blocks.name.span,
        'Write `text` beside `blocks`: it is what Slack shows in notifications and where blocks cannot be shown (without your own, the event\'s default text is sent, which may not match the blocks).',
        { fixes: check.text === undefined ? [] : [{ title: 'Add a `text` fallback', edits: [textFallback(blocks, check.text)], preferred: true }] },
      ),
    );
  }
}

/** `text = …;` before `blocks`, from the first header or section whose text is written as a string. */
function textFallback(blocks: Property, text: string): TextEdit {
  let fallback = '"$EventName at $Timestamp"';
  const items = blocks.value?.kind === 'List' ? blocks.value.items : [];
  for (const item of items) {
    if (item.kind !== 'Call') continue;
    const name = slackHelper(item.name)?.def.name;
    const first = item.args[0];
    if ((name === 'SlackHeader' || name === 'SlackSection') && first?.kind === 'String' && first.quote !== 'swim') {
      fallback = text.slice(first.span.start, first.span.end);
      break;
    }
  }
  const lineStart = text.lastIndexOf('\n', blocks.span.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, blocks.span.start))![0];
  return { span: { start: blocks.span.start, end: blocks.span.start }, newText: `text = ${fallback};\n${indent}` };
}

/** NTF221 (limits the written text alone passes) and NTF222 (a block map without a known `type`), for `blocks` and `text`. */
export function checkSlackProperty(name: string, value: Expr, check: ChannelCheck): void {
  if (name === 'text') return writtenLimit(value, SLACK_LIMITS.text, '`text`', check);
  if (name !== 'blocks') return;
  const items = value.kind === 'List' ? value.items : undefined;
  if (!items) return;
  if (items.length > SLACK_LIMITS.blocks) {
    check.report(diagnostic('NTF221', value.span, `Slack allows at most ${SLACK_LIMITS.blocks} blocks in a message; there are ${items.length}.`));
  }
  items.forEach((item, i) => {
    const where = `block ${i + 1}`;
    if (item.kind === 'Map') return blockMap(item, where, check);
    if (item.kind !== 'Call' || item.sigil !== '%') return;
    const helper = slackHelper(item.name)?.def.name;
    const [first, second] = item.args;
    if (helper === 'SlackHeader' && first) writtenLimit(first, SLACK_LIMITS.headerText, `the text of header ${where}`, check);
    if (helper === 'SlackSection' && first) writtenLimit(first, SLACK_LIMITS.sectionText, `the text of section ${where}`, check);
    const fields = helper === 'SlackSection' ? second : helper === 'SlackFields' ? first : undefined;
    if (fields?.kind === 'Map') {
      if (fields.entries.length > SLACK_LIMITS.fields) {
        check.report(diagnostic('NTF221', fields.span, `Slack allows at most ${SLACK_LIMITS.fields} fields in section ${where}; there are ${fields.entries.length}.`));
      }
      fields.entries.forEach((e, j) => {
        if (e.value) writtenLimit(e.value, SLACK_LIMITS.fieldText - (e.key ? e.key.length + 3 : 0), `field ${j + 1} of section ${where}`, check, SLACK_LIMITS.fieldText);
      });
    }
    if (helper === 'SlackContext' && item.args.length > SLACK_LIMITS.contextElements) {
      check.report(diagnostic('NTF221', item.span, `Slack allows at most ${SLACK_LIMITS.contextElements} elements in context ${where}; there are ${item.args.length}.`));
    }
    if (helper === 'SlackActions' && first?.kind === 'Map') {
      for (const e of first.entries) {
        if (e.value?.kind !== 'String') continue;
        const written = writtenText(e.value);
        // Decidable when written out, or when the written start already cannot become http(s)://host.
        const start = written.dynamic ? leadingText(e.value) : written.text;
        if (!written.dynamic ? !/^https?:\/\/[^\s/]+/i.test(start) : start !== '' && !'https://'.startsWith(start.toLowerCase()) && !'http://'.startsWith(start.toLowerCase()) && !/^https?:\/\//i.test(start)) {
          check.report(diagnostic('NTF205', e.value.span, `The URL of button "${e.key}" must be an absolute http(s) URL, e.g. "https://example.com/advisory".`));
        }
      }
    }
    if (helper === 'SlackActions' && first?.kind === 'Map' && first.entries.length > SLACK_LIMITS.actionsElements) {
      check.report(diagnostic('NTF221', first.span, `Slack allows at most ${SLACK_LIMITS.actionsElements} elements in actions ${where}; there are ${first.entries.length}.`));
    }
  });
}

function blockMap(item: Extract<Expr, { kind: 'Map' }>, where: string, check: ChannelCheck): void {
  const type = item.entries.find((e) => e.key === 'type');
  const known = SLACK_BLOCK_TYPES.map((t) => `"${t}"`).join(', ');
  if (!type) {
    check.report(diagnostic('NTF222', item.span, `Slack needs a \`type\` in every block (${where} has none): one of ${known}, or use a helper such as %SlackSection(…).`));
    return;
  }
  const written = type.value?.kind === 'String' ? writtenText(type.value) : undefined;
  if (written && !written.dynamic && !SLACK_BLOCK_TYPES.includes(written.text)) {
    check.report(diagnostic('NTF222', type.value!.span, `Slack has no block type "${written.text}" (${where}); it is one of ${known}.`));
  }
}

/**
 * NTF221 when the text written in a value already passes `max`: its lower
 * bound as the documented limits count it (check/limits.ts: interpolations
 * at their own lower bound, `$Truncate(x, n)` at most `n`, tags as empty).
 */
function writtenLimit(value: Expr, max: number, what: string, check: ChannelCheck, shownMax = max): void {
  const least = lowerBound(value, 'characters');
  if (least <= max) return;
  const exact = value.kind === 'String' && value.parts.every((p) => p.kind === 'Text');
  const size = least + (shownMax - max);
  check.report(
    diagnostic('NTF221', value.span, `Slack allows at most ${shownMax} characters in ${what}; the written text alone has ${exact ? '' : 'at least '}${size}.`),
  );
}

/** The text written before the first interpolation or tag. */
function leadingText(str: StringLiteral): string {
  let text = '';
  for (const part of str.parts) {
    if (part.kind !== 'Text') break;
    text += part.value;
  }
  return text;
}

/** The text written at the top level of a string (outside tags and interpolations), and whether anything is computed. */
function writtenText(str: StringLiteral): { text: string; dynamic: boolean } {
  let text = '';
  let dynamic = false;
  for (const part of str.parts) {
    if (part.kind === 'Text') text += part.value;
    else dynamic = true;
  }
  return { text, dynamic };
}

