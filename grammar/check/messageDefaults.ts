import type { EventDefaults, EventDef } from '../catalog/catalog';
import { diagnostic, type Fix } from '../diagnostics';
import type { ChannelBlock, ChannelKind } from '../syntax/ast';
import { constantText } from './expressions';
import type { CheckContext } from './context';

/**
 * What each service needs in a message for it to be accepted (Slack answers
 * `no_text` to `{"text": ""}`, a MessageCard needs a `summary`, Discord
 * rejects an empty embed, a JSON webhook with body `""` is not JSON). A need
 * is met by one of its properties, written or given by the default of every
 * event the notifier listens to; otherwise NTF213 with a fix that writes a
 * template for it.
 */
interface Need {
  /** Any one of these, as `[property, default key]`. */
  readonly anyOf: readonly (readonly [property: string, key: keyof EventDefaults | undefined])[];
  /** The property the quick fix writes, and its template. */
  readonly write: string;
  readonly template: string;
  readonly why: string;
}

const EVENT_LINE = '"$EventName at $Timestamp"';

export const MESSAGE_NEEDS: Readonly<Partial<Record<ChannelKind, readonly Need[]>>> = {
  slack: [{ anyOf: [['text', 'text']], write: 'text', template: EVENT_LINE, why: 'Slack rejects a message without text (`no_text`)' }],
  teams: [{ anyOf: [['title', 'title']], write: 'title', template: '"$EventName"', why: "the card's `title` is also its required `summary`" }],
  discord: [{ anyOf: [['title', 'title'], ['description', 'text']], write: 'title', template: '"$EventName"', why: 'Discord rejects an embed without a title or description' }],
  email: [
    { anyOf: [['subject', 'subject']], write: 'subject', template: '"$EventName"', why: 'an email needs a subject' },
    { anyOf: [['body', 'text'], ['html', undefined]], write: 'body', template: EVENT_LINE, why: 'an email needs a body' },
  ],
  webhook: [
    {
      anyOf: [['body', 'body']],
      write: 'body',
      template: '"$ToJson(%(event: $EventName, id: $EventId, timestamp: $Timestamp))"',
      why: 'an empty body is not JSON',
    },
  ],
};

export function checkMessageDefaults(ctx: CheckContext, block: ChannelBlock, events: readonly EventDef[]): void {
  const needs = MESSAGE_NEEDS[block.channel];
  if (!needs || events.length === 0) return;
  const written = new Map(block.properties.map((p) => [p.name.text.toLowerCase(), p]));
  if (block.channel === 'webhook') {
    const method = written.get('method');
    const m = method?.value?.kind === 'String' ? constantText(method.value) : undefined;
    // GET and DELETE send no body; a method computed at render time is not guessed.
    if (method && (m === undefined || /^(get|delete)$/i.test(m.trim()))) return;
  }
  for (const need of needs) {
    if (need.anyOf.some(([prop]) => written.has(prop))) continue;
    const lacking = events.filter((e) => !need.anyOf.some(([, key]) => key !== undefined && typeof e.defaults[key] === 'string' && e.defaults[key] !== ''));
    if (lacking.length === 0) continue;
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

function indentOf(ctx: CheckContext, offset: number): string {
  const text = ctx.text;
  if (!text) return '';
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}
