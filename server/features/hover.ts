import { resolve } from 'node:path';
import type { Hover, Position } from 'vscode-languageserver/node';
import { schemesOf, SCHEME_KEY_DOC } from '../../grammar/channels/webhook/schemes';
import { importPathText } from '../../grammar/catalog/imports';
import { constantText } from '../../grammar/check/expressions';
import { secretEnvVarName } from '../../grammar/functions/secretName';
import type { ChannelKind, DurationLiteral, MapEntry, SampleDecl, StringLiteral } from '../../grammar/syntax/ast';
import { contextAt } from './cursor';
import { CHANNELS } from '../../grammar/channels/registry';
import { lookupFunction } from '../../grammar/functions/builtins';
import { resolveAlias } from '../../grammar/catalog/aliases';
import type { Node, NotifierDecl, Span } from '../../grammar/syntax/ast';
import { typeToString } from '../../grammar/types/type';
import { innermost, nodePathAt } from '../../grammar/syntax/visit';
import { toRange, touches } from '../positions';
import type { DocView } from '../workspace';
import { channelMarkdown, eventMarkdown, fence, functionMarkdown, propertyMarkdown, variableMarkdown } from './markdown';

/** What a keyword does, in one or two sentences. */
const KEYWORDS: Record<string, string> = {
  notifier: 'Declares a notifier: `notifier "name" { on …; when …; channel { … } }`.',
  sample: 'Declares test data for an event: `sample "name" for event { $Variable = value; }`. The variables it sets override the catalog examples in previews and test sends.',
  import: 'Imports a JSON event catalog, resolved relative to this file: `import "events/deploy.json";`.',
  on: 'The events this notifier listens to, separated by commas. Exactly one `on` per notifier.',
  when: 'A condition (a `bool`) that must hold for the notifier to send; several `when` clauses must all hold. `when false;` disables the notifier.',
  for: 'The event a sample is test data for.',
  if: 'Template tag: the text up to the matching `<% } %>` (or `<% } else { %>`) is shown only when the condition holds.',
  foreach: 'Template tag: the text up to the matching `<% } %>` is repeated for every item of the list; the loop variable is `$item` for scalars, `%item` for records.',
  in: 'Separates a `foreach` loop variable from the list it loops over.',
  else: 'Template tag: the text shown when the `<% if %>` condition does not hold.',
  true: 'The `bool` value true.',
  false: 'The `bool` value false.',
};

const OPERATORS: Record<string, string> = {
  '||': 'Logical or: true when either side is true (the right side is evaluated only when the left is false).',
  '&&': 'Logical and: true when both sides are true (the right side is evaluated only when the left is true).',
  '==': 'Equal: compares values of the same type; strings compare case-sensitively.',
  '!=': 'Not equal: the negation of `==`.',
  '<': 'Less than: numbers, durations and dates; strings compare by their characters.',
  '<=': 'Less than or equal.',
  '>': 'Greater than: numbers, durations and dates; strings compare by their characters.',
  '>=': 'Greater than or equal.',
  '!': 'Not: negates a `bool`.',
};

const UNIT_NAMES: Record<string, string> = { ms: 'millisecond', s: 'second', m: 'minute', h: 'hour', d: 'day' };

export function hover(state: DocView, position: Position): Hover | null {
  const offset = state.lines.offset(position);
  const analysis = state.analysis();
  const path = nodePathAt(analysis.file, offset);
  const result = (value: string, span: Span): Hover => ({ contents: { kind: 'markdown', value }, range: toRange(state.lines, span) });
  const cx = contextAt(state, offset);
  if (cx.expect === 'comment') return null;
  const keyword = keywordAt(state.text, offset);
  const keywordHover = () => (keyword && cx.expect !== 'text' ? result(`${fence(keyword.word)}\n\n${KEYWORDS[keyword.word]}`, keyword.span) : null);

  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i]!;
    const parent: Node | undefined = path[i - 1];
    switch (node.kind) {
      case 'Variable': {
        const r = analysis.model.resolveVariable(node);
        if (!r) {
          // A name from ProGet or another tool: say what it is called here (NTF102 offers the change).
          const inScope = analysis.model.variablesInScope(node.span.start);
          const alias = resolveAlias(node.name, (lower) => inScope.find((v) => v.name.toLowerCase() === lower)?.name);
          if (!alias) return null;
          const target = inScope.find((v) => v.name === alias.target)!;
          return result(
            `${fence(`${node.sigil}${alias.spelled} → ${target.sigil}${target.name}`)}\n\n\`${node.sigil}${alias.spelled}\` is ${alias.from}; in Notify it is \`${target.sigil}${target.name}\`.\n\n${variableMarkdown(target, { heading: false })}`,
            node.span,
          );
        }
        return result(variableMarkdown({ ...r, sigil: node.sigil }), node.span);
      }
      case 'Call': {
        if (!touches(node.nameSpan, offset) && offset !== node.span.start) continue;
        const f = analysis.model.resolveCall(node) ?? lookupFunction(node.name);
        if (!f) return null;
        return result(functionMarkdown(f, node.sigil), { start: node.span.start, end: node.nameSpan.end });
      }
      case 'EventRef': {
        const e = analysis.catalog.events.get(node.name);
        return e ? result(eventMarkdown(e), node.span) : null;
      }
      case 'Duration':
        return result(durationMarkdown(node), node.span);
      case 'Bool':
        return keywordHover();
      case 'Binary':
        if (!touches(node.opSpan, offset)) continue;
        return result(`${fence(`a ${node.op} b`)}\n\n${OPERATORS[node.op]}`, node.opSpan);
      case 'Unary':
        if (offset > node.span.start + 1) continue;
        return result(`${fence('!a')}\n\n${OPERATORS['!']}`, { start: node.span.start, end: node.span.start + 1 });
      case 'MapEntry': {
        if (!touches(node.keySpan, offset)) continue;
        const property = path[i - 2];
        if (property?.kind !== 'Property') return null;
        const doc = schemeKeyDoc(property.name.text, path[i - 1] as Extract<Node, { kind: 'Map' }>, node);
        return doc ? result(doc, node.keySpan) : null;
      }
      case 'If':
      case 'Foreach':
      case 'When':
      case 'On':
      case 'Notifier':
      case 'Import': {
        const h = keywordHover();
        if (h) return h;
        continue;
      }
      case 'Sample': {
        const h = keywordHover();
        if (h) return h;
        continue;
      }
      case 'Channel': {
        if (!touches(node.keywordSpan, offset)) continue;
        return result(channelMarkdown(CHANNELS[node.channel]), node.keywordSpan);
      }
      case 'Each':
      case 'Digest':
      case 'Scope': {
        if (!touches(node.keywordSpan, offset)) continue;
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
        const special = stringHover(state, analysis, path, i, node);
        if (special) return result(special, node.span);
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
          return result(sampleMarkdown(state.text, parent, info.name), node.span);
        }
        continue;
      }
      default:
        continue;
    }
  }
  return keywordHover();
}

/** A keyword of the language under the cursor (in code: the caller checks it is not string text). */
function keywordAt(text: string, offset: number): { word: string; span: Span } | undefined {
  let start = offset;
  while (start > 0 && /[A-Za-z]/.test(text[start - 1]!)) start--;
  let end = offset;
  while (end < text.length && /[A-Za-z]/.test(text[end]!)) end++;
  const word = text.slice(start, end);
  if (!Object.hasOwn(KEYWORDS, word) || /[$@%.\w-]/.test(text[start - 1] ?? '') || /[\w-]/.test(text[end] ?? '')) return undefined;
  return { word, span: { start, end } };
}

function durationMarkdown(d: DurationLiteral): string {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(d.raw);
  const words = m ? `${m[1]} ${UNIT_NAMES[m[2]!]}${m[1] === '1' ? '' : 's'}` : d.raw;
  return `${fence(`${d.raw}: duration`)}\n\n${words} (${d.ms.toLocaleString('en-US')} ms). A duration is a whole number and a unit: \`ms\`, \`s\`, \`m\`, \`h\`, \`d\`.`;
}

/** What the sample sets, as written. */
function sampleMarkdown(text: string, decl: SampleDecl, name: string | undefined): string {
  const head = fence(`sample "${name ?? ''}" for ${decl.event?.name ?? '…'}`);
  if (!decl.assignments.length) return `${head}\n\nSets no variables yet: previews use the catalog examples.`;
  const rows = decl.assignments.map((a) => `- \`${text.slice(a.variable.span.start, a.variable.span.end)}\` = \`${a.value ? oneLine(text.slice(a.value.span.start, a.value.span.end)) : '…'}\``);
  return `${head}\n\nSets (the event's other variables keep their catalog examples):\n${rows.join('\n')}`;
}

function oneLine(s: string): string {
  const line = s.replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

/** A key of `auth = %(…)` / `signing = %(…)`. */
function schemeKeyDoc(property: string, map: Extract<Node, { kind: 'Map' }>, entry: MapEntry): string | undefined {
  const schemes = schemesOf(property.toLowerCase());
  if (!schemes) return undefined;
  const key = entry.key.toLowerCase();
  if (key === 'scheme') return `${fence(`scheme: …`)}\n\n${SCHEME_KEY_DOC} One of ${Object.keys(schemes).map((k) => `\`"${k}"\``).join(', ')}.`;
  const schemeEntry = map.entries.find((e) => e.key.toLowerCase() === 'scheme');
  const scheme = schemeEntry?.value ? constantText(schemeEntry.value) : undefined;
  const def = scheme !== undefined && Object.hasOwn(schemes, scheme) ? schemes[scheme] : undefined;
  const doc = def?.keys[key];
  if (!def || !doc) return undefined;
  return `${fence(`${entry.key}: …`)}\n\n${doc} ${def.required.includes(key) ? 'Required' : 'Optional'} with \`${property}\` scheme \`"${scheme}"\`.`;
}

/** Strings that mean something beyond their text: a secret name, an import path, an allowed value, a scheme. */
function stringHover(state: DocView, analysis: ReturnType<DocView['analysis']>, path: readonly Node[], i: number, node: StringLiteral): string | undefined {
  const parent = path[i - 1];
  const value = constantText(node);
  if (parent?.kind === 'Call' && parent.name.toLowerCase() === 'secret' && parent.args[0] === node && value !== undefined) {
    return [
      fence(`$Secret("${value}")`),
      `The secret \`${value}\`: resolved only when sending, from the editor's secret storage (set it with **Notify: Set Secret…**, command \`notify.setSecret\`), else from the environment variable \`${secretEnvVarName(value)}\`.`,
    ].join('\n\n');
  }
  if (parent?.kind === 'Import') {
    const p = importPathText(parent);
    if (p === undefined) return undefined;
    const resolved = resolve(state.baseDir, p);
    const events = [...analysis.catalog.events.values()].filter((e) => e.origin.kind === 'import' && e.origin.importPath === p);
    const list = events.length ? events.map((e) => `- \`${e.name}\`: ${e.description}`).join('\n') : 'No events read from it (see the diagnostics on this import).';
    return `${fence(`import "${p}"`)}\n\nResolves to \`${resolved}\`.\n\nEvents:\n${list}`;
  }
  if (value === undefined) return undefined;
  if (parent?.kind === 'Property') {
    const channel = innermost(path, 'Channel');
    const def = channel && CHANNELS[channel.channel as ChannelKind].properties.get(parent.name.text.toLowerCase());
    if (def?.values?.includes(value)) return `${fence(`${def.name} = "${value}"`)}\n\nOne of the values of \`${def.name}\`: ${def.values.map((v) => `\`"${v}"\``).join(', ')}. ${def.doc}`;
  }
  if (parent?.kind === 'MapEntry' && parent.key.toLowerCase() === 'scheme') {
    const property = path[i - 3];
    const schemes = property?.kind === 'Property' ? schemesOf(property.name.text.toLowerCase()) : undefined;
    const def = schemes && Object.hasOwn(schemes, value) ? schemes[value] : undefined;
    if (def) return `${fence(`scheme: "${value}"`)}\n\n${def.doc} Keys: ${[...def.required.map((k) => `\`${k}\``), ...def.optional.map((k) => `\`${k}\` (optional)`)].join(', ')}.`;
  }
  return undefined;
}

/** LANGUAGE.md 2.1–2.3, one paragraph each. */
const CLAUSE_DOCS = {
  Each: '`each VARIABLE in LIST;` — fan-out: every channel renders once per item of the list, with the item in scope (one message per item).',
  Digest: '`digest by KEY;` — digest: a batch of events is grouped by the key; every channel renders once per group, with `@Events`, `$Count` and `$DigestKey` in scope.',
  Scope: '`scope NAME;` — the level the notifier is configured at (`organization`, `product`, `project`, `tenant`, `feed`); `$Scope` holds it.',
} as const;

/** What a notifier's `each`/`digest` makes of one event, in words: undefined for one message per channel. */
function notifierShape(decl: NotifierDecl): string | undefined {
  for (const c of decl.clauses) {
    if (c.kind === 'Each' && c.variable) return `one message per item (\`each ${c.variable.sigil}${c.variable.name}\`)`;
    if (c.kind === 'Digest') return 'one message per group of events (`digest by`)';
  }
  return undefined;
}
