import type { Hover, Position } from 'vscode-languageserver/node';
import { CHANNELS } from '../../grammar/channels/properties';
import { lookupFunction } from '../../grammar/functions/builtins';
import type { Node, Span } from '../../grammar/syntax/ast';
import { typeToString } from '../../grammar/types/type';
import { contains, innermost, notifierShape, pathAt } from '../ast';
import { toRange } from '../positions';
import type { DocView } from '../workspace';
import { channelMarkdown, eventMarkdown, fence, functionMarkdown, propertyMarkdown, sigilFor, variableMarkdown } from './markdown';

export function hover(state: DocView, position: Position): Hover | null {
  const offset = state.lines.offset(position);
  const analysis = state.analysis();
  const path = pathAt(analysis.file, offset);
  const result = (value: string, span: Span): Hover => ({ contents: { kind: 'markdown', value }, range: toRange(state.lines, span) });

  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i]!;
    const parent: Node | undefined = path[i - 1];
    switch (node.kind) {
      case 'Variable': {
        const r = analysis.model.resolveVariable(node);
        if (!r) return null;
        return result(variableMarkdown({ ...r, sigil: node.sigil }), node.span);
      }
      case 'Call': {
        if (!contains(node.nameSpan, offset) && offset !== node.span.start) continue;
        const f = analysis.model.resolveCall(node) ?? lookupFunction(node.name);
        if (!f) return null;
        return result(functionMarkdown(f, node.sigil), { start: node.span.start, end: node.nameSpan.end });
      }
      case 'EventRef': {
        const e = analysis.catalog.events.get(node.name);
        return e ? result(eventMarkdown(e), node.span) : null;
      }
      case 'Channel': {
        if (!contains(node.keywordSpan, offset)) return null;
        return result(channelMarkdown(CHANNELS[node.channel]), node.keywordSpan);
      }
      case 'Each':
      case 'Digest':
      case 'Scope': {
        if (!contains(node.keywordSpan, offset)) continue;
        return result(CLAUSE_DOCS[node.kind], node.keywordSpan);
      }
      case 'Identifier': {
        if (parent?.kind === 'Scope') return result(`${fence(`scope ${node.text};`)}\n\n${CLAUSE_DOCS.Scope}`, node.span);
        if (parent?.kind === 'Property') {
          const channel = innermost(path, 'Channel');
          if (channel?.kind !== 'Channel') return null;
          const def = CHANNELS[channel.channel].properties.get(node.text);
          return def ? result(propertyMarkdown(channel.channel, def), node.span) : null;
        }
        if (parent?.kind === 'Member') {
          const type = analysis.model.typeOf(parent);
          return type ? result(fence(`.${node.text}: ${typeToString(type)}`), node.span) : null;
        }
        return null;
      }
      case 'String': {
        if (parent?.kind === 'Notifier') {
          const info = analysis.model.notifiers.find((n) => n.decl === parent);
          if (!info) return null;
          const events = info.eventNames.map((e) => `\`${e}\``).join(', ') || 'no events yet';
          const channels = info.channels.map((c) => `\`${c.channel}\``).join(', ') || 'no channels yet';
          const shape = notifierShape(parent);
          return result(`${fence(`notifier "${info.name ?? ''}"`)}\n\nOn ${events}; sends to ${channels}${shape ? `, ${shape}` : ''}.${info.scope ? `\n\nScope: **${info.scope}** (\`$Scope\`).` : ''}`, node.span);
        }
        if (parent?.kind === 'Sample') {
          const info = analysis.model.samples.find((s) => s.decl === parent);
          if (!info) return null;
          const vars = info.event ? [...info.event.variables.values()].map((v) => `\`${sigilFor(v.type)}${v.name}\``).join(', ') : '';
          return result(
            `${fence(`sample "${info.name ?? ''}" for ${parent.event?.name ?? '…'}`)}\n\nTest data: the variables it sets override the catalog examples${vars ? ` (${vars})` : ''}.`,
            node.span,
          );
        }
        continue;
      }
      default:
        continue;
    }
  }
  return null;
}

/** LANGUAGE.md 2.1–2.3, one paragraph each. */
const CLAUSE_DOCS = {
  Each: '`each VARIABLE in LIST;` — fan-out: every channel renders once per item of the list, with the item in scope (one message per item).',
  Digest: '`digest by KEY;` — digest: a batch of events is grouped by the key; every channel renders once per group, with `@Events`, `$Count` and `$DigestKey` in scope.',
  Scope: '`scope NAME;` — the level the notifier is configured at (`organization`, `product`, `project`, `tenant`, `feed`); `$Scope` holds it.',
} as const;
