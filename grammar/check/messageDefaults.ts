import type { EventDef } from '../catalog/catalog';
import { CHANNELS } from '../channels/registry';
import { diagnostic, type Fix } from '../diagnostics';
import type { ChannelBlock } from '../syntax/ast';
import { constantText } from './expressions';
import type { CheckContext } from './context';

/**
 * What each service needs in a message for it to be accepted (Slack answers
 * `no_text` to `{"text": ""}`, a MessageCard needs a `summary`, Discord
 * rejects an empty embed, a JSON webhook with body `""` is not JSON): the
 * channel module's `messageNeeds`. A need is met by one of its properties,
 * written or given by the default of every event the notifier listens to;
 * otherwise NTF213 with a fix that writes a template for it.
 */
export function checkMessageDefaults(ctx: CheckContext, block: ChannelBlock, events: readonly EventDef[]): void {
  const channel = CHANNELS[block.channel];
  const needs = channel?.module.messageNeeds;
  if (!needs || events.length === 0) return;
  const nothing = channel.module.needsNothingWhen;
  if (nothing) {
    // Each name once, with the value written last: from the last property back, skipping names
    // already asked about (indexed loops, no Map of the properties: once per channel block).
    const properties = block.properties;
    const asked: string[] = [];
    for (let i = properties.length - 1; i >= 0; i--) {
      const prop = properties[i]!;
      const name = prop.name.text.toLowerCase();
      if (asked.includes(name)) continue;
      asked.push(name);
      const constant = prop.value?.kind === 'String' ? constantText(prop.value) : undefined;
      if (nothing(name, constant)) return;
    }
  }
  for (let n = 0; n < needs.length; n++) {
    const need = needs[n]!;
    if (writesOneOf(block, need.anyOf)) continue;
    if (allHaveDefault(events, need.anyOf)) continue;
    const lacking = events.filter((e) => !hasDefault(e, need.anyOf));
    const names = lacking.map((e) => `\`${e.name}\``).join(', ');
    const props = need.anyOf.map(([p]) => `\`${p}\``).join(' or ');
    const fixes: Fix[] = [];
    if (block.bodySpan) {
      const indent = indentOf(ctx, block.keywordSpan.start) + '    ';
      fixes.push({
        title: `Add \`${need.write} = ${need.template};\``,
        edits: [{ span: { start: block.bodySpan.start + 1, end: block.bodySpan.start + 1 }, newText: `\n${indent}${need.write} = ${need.template};` }],
        preferred: true,
      });
    }
    ctx.report(
      diagnostic(
        'NTF213',
        block.keywordSpan,
        `\`${block.channel}\` needs ${props}: ${names} ${lacking.length === 1 ? 'has' : 'have'} no default for it, and ${need.why}. Write ${props === `\`${need.write}\`` ? 'it' : `\`${need.write}\``}.`,
        { fixes },
      ),
    );
  }
}

function writesOneOf(block: ChannelBlock, anyOf: readonly (readonly [string, string | undefined])[]): boolean {
  for (let i = 0; i < anyOf.length; i++) if (isWritten(block, anyOf[i]![0])) return true;
  return false;
}

function allHaveDefault(events: readonly EventDef[], anyOf: readonly (readonly [string, string | undefined])[]): boolean {
  for (let i = 0; i < events.length; i++) if (!hasDefault(events[i]!, anyOf)) return false;
  return true;
}

/** Does the event give a non-empty default text for one of the need's properties? */
function hasDefault(event: EventDef, anyOf: readonly (readonly [string, string | undefined])[]): boolean {
  for (let i = 0; i < anyOf.length; i++) {
    const key = anyOf[i]![1];
    if (key === undefined) continue;
    const text = event.defaults[key as keyof EventDef['defaults']];
    if (typeof text === 'string' && text !== '') return true;
  }
  return false;
}

/** Is property `name` (lower case) written in the block, in any case? Names are mostly written lower case: no lower-casing for those. */
function isWritten(block: ChannelBlock, name: string): boolean {
  const properties = block.properties;
  for (let i = 0; i < properties.length; i++) {
    const text = properties[i]!.name.text;
    if (text === name || (text.length === name.length && text.toLowerCase() === name)) return true;
  }
  return false;
}

function indentOf(ctx: CheckContext, offset: number): string {
  const text = ctx.text;
  if (!text) return '';
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}
