import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import type { Analysis } from '../../grammar/analyze';
import { CHANNELS } from '../../grammar/channels/properties';
import type { ScopeVariable } from '../../grammar/check/model';
import { FUNCTIONS, lookupFunction } from '../../grammar/functions/builtins';
import type { FunctionDef } from '../../grammar/functions/signature';
import { CHANNEL_KINDS, type ChannelBlock, type Node, type NotifierDecl, type SampleDecl, type Sigil } from '../../grammar/syntax/ast';
import { typeToString, type Type } from '../../grammar/types/type';
import { innermost, inside, pathAt } from '../ast';
import { toRange } from '../positions';
import type { DocState, DocView } from '../workspace';
import { channelMarkdown, eventMarkdown, exampleText, functionMarkdown, functionSignature, propertyMarkdown, variableMarkdown } from './markdown';

/**
 * Variables, functions and events are the long lists (typed on every `$`):
 * their documentation is filled in by `completionItem/resolve` for the item
 * the editor shows, which keeps each completion answer small.
 */
export type ResolveData =
  | { readonly resolve: 'variable'; readonly uri: string; readonly offset: number; readonly name: string }
  | { readonly resolve: 'function'; readonly name: string; readonly sigil: Sigil }
  | { readonly resolve: 'event'; readonly uri: string; readonly name: string };

/** Adds the documentation of an item from `completion`. */
export function resolveCompletion(item: CompletionItem, docOf: (uri: string) => DocState | undefined): CompletionItem {
  const data = item.data as ResolveData | undefined;
  if (!data || item.documentation) return item;
  let value: string | undefined;
  if (data.resolve === 'function') {
    const f = lookupFunction(data.name);
    if (f) value = functionMarkdown(f, data.sigil);
  } else if (data.resolve === 'event') {
    const e = docOf(data.uri)?.catalog().events.get(data.name);
    if (e) value = eventMarkdown(e);
  } else {
    const doc = docOf(data.uri);
    const view = doc?.viewAt(data.offset);
    const v = view?.analysis().model.variablesInScope(data.offset - view.base).find((x) => x.name === data.name);
    if (v) value = variableMarkdown(v);
  }
  return value === undefined ? item : { ...item, documentation: { kind: 'markdown', value } };
}

export interface CompletionContext {
  /** Secret names used anywhere in the workspace (asked only inside `$Secret("…")`: it reads every open document). */
  readonly secrets: () => readonly string[];
}

const NAME_CHAR = /[A-Za-z0-9_-]/;
/** How far back the text-based context rules look (a clause fits easily). */
const WINDOW = 400;

const SCHEMES: Record<string, readonly { value: string; doc: string }[]> = {
  auth: [
    { value: 'bearer', doc: '`Authorization: Bearer <token>`. Keys: `token`.' },
    { value: 'basic', doc: 'HTTP Basic authentication. Keys: `username`, `password`.' },
    { value: 'apikey', doc: 'An API key in a header of your choice. Keys: `header`, `value`.' },
  ],
  signing: [
    { value: 'hmac-sha256', doc: 'Header (default `X-Notify-Signature`) = `sha256=<hex HMAC of the raw body>`. Keys: `secret`, optional `header`.' },
    { value: 'standard-webhooks', doc: 'Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`. Keys: `secret` (`whsec_…`).' },
  ],
};

const COLORS = ['good', 'warning', 'danger'];

/**
 * Completion at a position. Context comes from two places: the text just
 * before the cursor (what is being typed: a sigil, a `.`, an event list),
 * and the syntax tree (which notifier, channel or string the cursor is in).
 * The text decides *what* is typed because half-typed code is exactly what
 * the parser understands least.
 */
export function completion(state: DocView, position: Position, ctx: CompletionContext): CompletionList | null {
  const text = state.text;
  const offset = state.lines.offset(position);
  const analysis = state.analysis();
  if (inComment(analysis, offset)) return null;
  const before = text.slice(Math.max(0, offset - WINDOW), offset);
  const path = pathAt(analysis.file, offset);
  const mode = textMode(path, offset);
  const items =
    secretNames(state, before, offset, ctx) ??
    recipientGroups(state, analysis, path, before, offset) ??
    (mode === 'code' ? memberKeys(state, analysis, before, offset) : undefined) ??
    sigilItems(state, analysis, before, offset, mode) ??
    (mode === 'code' ? eventNames(state, analysis, before, offset) : undefined) ??
    literalValues(state, path, offset) ??
    (mode === 'code' ? statementItems(state, analysis, path, before, offset) : undefined);
  return items ? { isIncomplete: false, items } : null;
}

// ---------------------------------------------------------------- contexts

function inComment(analysis: Analysis, offset: number): boolean {
  for (const c of analysis.file.comments) {
    if (c.span.start >= offset) return false;
    // a line comment runs to the end of its line: a cursor at its end is still in it
    if (offset < c.span.end || (offset === c.span.end && c.style !== '/*')) return true;
    if (c.style === '/*' && offset === c.span.end && !c.text.endsWith('*/')) return true;
  }
  return false;
}

/** `text`: in string text, where only `$` is special; `code`: in an expression or at clause level. */
function textMode(path: readonly Node[], offset: number): 'text' | 'code' {
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i]!;
    switch (n.kind) {
      case 'Text':
        return 'text';
      case 'String':
        return offset > n.contentSpan.start - 1 && offset <= n.contentSpan.end ? 'text' : 'code';
      case 'Interpolation':
        return n.form === 'name' || n.form === 'braced' ? 'text' : 'code';
      case 'Foreach':
      case 'If':
        return 'code';
      default:
        if (n.kind === 'Variable' || n.kind === 'Call') {
          // keep looking outward only for name interpolations (text mode), otherwise code
          const parent = path[i - 1];
          if (parent?.kind === 'Interpolation' && (parent.form === 'name' || parent.form === 'braced')) return 'text';
          return 'code';
        }
    }
  }
  return 'code';
}

function replaceRange(state: DocView, start: number, offset: number): Range {
  let end = offset;
  while (end < state.text.length && NAME_CHAR.test(state.text[end]!)) end++;
  return toRange(state.lines, { start, end });
}

// ---------------------------------------------------------------- secrets

function secretNames(state: DocView, before: string, offset: number, ctx: CompletionContext): CompletionItem[] | undefined {
  const m = /\$secret\(\s*(["'])([^"'`\r\n]*)$/i.exec(before);
  if (!m) return undefined;
  const start = offset - m[2]!.length;
  let end = offset;
  while (end < state.text.length && !/["'`\r\n]/.test(state.text[end]!)) end++;
  const range = toRange(state.lines, { start, end });
  return ctx.secrets().map((name) => ({
    label: name,
    kind: CompletionItemKind.Constant,
    detail: 'secret name used in the workspace',
    documentation: {
      kind: 'markdown',
      value: `Resolved at send time from the editor's secret storage, then \`NOTIFY_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}\`.`,
    },
    textEdit: { range, newText: name },
  }));
}

/** `to = "@|"` in an email channel: the groups of notify-recipients.json (LANGUAGE.md 2.4). */
function recipientGroups(state: DocView, analysis: Analysis, path: readonly Node[], before: string, offset: number): CompletionItem[] | undefined {
  const propertyIndex = findLast(path, 'Property');
  if (propertyIndex < 0) return undefined;
  const property = path[propertyIndex] as Extract<Node, { kind: 'Property' }>;
  const channel = innermost(path, 'Channel');
  if (channel?.kind !== 'Channel' || channel.channel !== 'email' || !['to', 'cc', 'bcc'].includes(property.name.text.toLowerCase())) return undefined;
  const str = [...path].reverse().find((n): n is Extract<Node, { kind: 'String' }> => n.kind === 'String');
  if (!str || offset < str.contentSpan.start || offset > str.contentSpan.end) return undefined;
  const m = /(?:^|[,\s])@([A-Za-z0-9_-]*)$/.exec(state.text.slice(str.contentSpan.start, offset));
  const book = analysis.catalog.recipients;
  if (!m || !book?.ok) return undefined;
  const range = toRange(state.lines, { start: offset - m[1]!.length - 1, end: offset });
  return [...book.groups.values()].map((g) => ({
    label: `@${g.name}`,
    kind: CompletionItemKind.EnumMember,
    detail: `recipient group (${g.members.length} member${g.members.length === 1 ? '' : 's'})`,
    documentation: { kind: 'markdown', value: `From \`${book.path}\`:\n\n${g.members.map((a) => `- ${a}`).join('\n') || '(no members)'}` },
    textEdit: { range, newText: `@${g.name}` },
  }));
}

// ---------------------------------------------------------------- variables and functions

function sigilItems(state: DocView, analysis: Analysis, before: string, offset: number, mode: 'text' | 'code'): CompletionItem[] | undefined {
  const m = /(^|[^`$@%A-Za-z0-9_])([$@%])(\{?)([A-Za-z][A-Za-z0-9_-]*)?$/.exec(before);
  if (!m) return undefined;
  const sigil = m[2] as Sigil;
  const braced = m[3] === '{';
  if (mode === 'text' && sigil !== '$') return undefined;
  const typed = m[4] ?? '';
  const start = offset - typed.length;
  const range = replaceRange(state, start, offset);
  const afterName = state.text[state.lines.offset(range.end)];
  const items: CompletionItem[] = [];
  for (const v of analysis.model.variablesInScope(offset)) {
    if (v.sigil !== sigil) continue;
    items.push(variableItem(v, range, braced && afterName !== '}' ? '}' : '', { resolve: 'variable', uri: state.uri, offset: state.base + offset, name: v.name }));
  }
  if (!braced) {
    for (const f of FUNCTIONS) {
      if (!f.sigils.includes(sigil)) continue;
      items.push(functionItem(f, sigil, range, afterName === '('));
    }
  }
  return items;
}

function variableItem(v: ScopeVariable, range: Range, suffix: string, data: ResolveData): CompletionItem {
  const partial = !v.allEvents && v.kind === 'event';
  return {
    label: `${v.sigil}${v.name}`,
    filterText: v.name,
    kind: CompletionItemKind.Variable,
    labelDetails: {
      detail: partial ? ` only: ${v.definedBy.join(', ')}` : undefined,
      description: typeToString(v.type),
    },
    detail: typeToString(v.type),
    data,
    // loop variables first, then variables every event defines, then the partial ones
    sortText: `${v.kind === 'loop' ? 0 : partial ? 2 : 1}_${v.name.toLowerCase()}`,
    textEdit: { range, newText: v.name + suffix },
  };
}

function functionItem(f: FunctionDef, sigil: Sigil, range: Range, parenFollows: boolean): CompletionItem {
  const required = f.params.filter((p) => !p.optional && !p.variadic);
  const args = required.length ? required.map((p, i) => `\${${i + 1}:${p.name}}`).join(', ') : '$1';
  return {
    label: `${sigil}${f.name}`,
    filterText: f.name,
    kind: CompletionItemKind.Function,
    labelDetails: { detail: `(${f.params.map((p) => p.name + (p.optional ? '?' : '')).join(', ')})` },
    detail: functionSignature(f, sigil),
    data: { resolve: 'function', name: f.name, sigil } satisfies ResolveData,
    sortText: `3_${f.name.toLowerCase()}`,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: parenFollows ? f.name : `${f.name}(${args})` },
    command: parenFollows ? undefined : { title: 'Signature help', command: 'editor.action.triggerParameterHints' },
  };
}

/** `%p.` → the record's keys. Only plain chains of names (`%a.b.`), which is what people type. */
function memberKeys(state: DocView, analysis: Analysis, before: string, offset: number): CompletionItem[] | undefined {
  const m = /([$@%])(?:\{([A-Za-z][A-Za-z0-9_-]*)\}|([A-Za-z][A-Za-z0-9_-]*))((?:\.[A-Za-z][A-Za-z0-9_-]*)*)\.([A-Za-z][A-Za-z0-9_-]*)?$/.exec(before);
  if (!m) return undefined;
  const name = (m[2] ?? m[3])!.toLowerCase();
  const variable = analysis.model.variablesInScope(offset).find((v) => v.name.toLowerCase() === name);
  if (!variable) return [];
  let type: Type | undefined = variable.type;
  for (const key of m[4]!.split('.').filter(Boolean)) {
    type = type.kind === 'record' ? type.fields.get(key.toLowerCase())?.type : undefined;
    if (!type) return [];
  }
  if (type.kind !== 'record') return [];
  const typed = m[5] ?? '';
  const range = replaceRange(state, offset - typed.length, offset);
  return [...type.fields.values()].map((f) => ({
    label: f.name,
    kind: CompletionItemKind.Field,
    detail: typeToString(f.type),
    labelDetails: { description: typeToString(f.type) },
    documentation: { kind: 'markdown', value: `Key of \`${variable.sigil}${variable.name}\`: \`${typeToString(f.type)}\`.` },
    textEdit: { range, newText: f.name },
  }));
}

// ---------------------------------------------------------------- events

function eventNames(state: DocView, analysis: Analysis, before: string, offset: number): CompletionItem[] | undefined {
  const on = /(?:^|[\s;{}])on\s+((?:[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*\s*,\s*)*)([a-z0-9_.]*)$/.exec(before);
  const forSample = /(?:^|[\s;{}])sample\s+(?:"[^"\r\n]*"|'[^'\r\n]*')\s+for\s+([a-z0-9_.]*)$/.exec(before);
  if (!on && !forSample) return undefined;
  const typed = on ? on[2]! : forSample![1]!;
  const listed = new Set(on ? on[1]!.split(',').map((s) => s.trim()).filter(Boolean) : []);
  let end = offset;
  while (end < state.text.length && /[a-z0-9_.]/.test(state.text[end]!)) end++;
  const range = toRange(state.lines, { start: offset - typed.length, end });
  const items: CompletionItem[] = [];
  for (const e of analysis.catalog.events.values()) {
    if (listed.has(e.name)) continue;
    items.push({
      label: e.name,
      kind: CompletionItemKind.Event,
      detail: e.description,
      labelDetails: { description: e.origin.kind === 'import' ? e.origin.importPath : undefined },
      data: { resolve: 'event', uri: state.uri, name: e.name } satisfies ResolveData,
      textEdit: { range, newText: e.name },
    });
  }
  return items;
}

// ---------------------------------------------------------------- literal values (method, scheme, colour)

function literalValues(state: DocView, path: readonly Node[], offset: number): CompletionItem[] | undefined {
  const propertyIndex = findLast(path, 'Property');
  if (propertyIndex < 0) return undefined;
  const property = path[propertyIndex] as Extract<Node, { kind: 'Property' }>;
  if (offset <= property.name.span.end) return undefined;
  const channel = innermost(path, 'Channel');
  if (!channel) return undefined;
  const def = CHANNELS[channel.channel]?.properties.get(property.name.text);
  if (!def) return undefined;
  const inner = path.slice(propertyIndex + 1);
  const str = inner[inner.length - 1]?.kind === 'Text' ? inner[inner.length - 2] : inner[inner.length - 1];

  // `auth = %(scheme: "|")` / `signing = %(scheme: "|")`
  const schemes = SCHEMES[def.name];
  if (schemes && inner[0]?.kind === 'Map') {
    const entry = inner[1];
    if (entry?.kind === 'MapEntry' && entry.key.toLowerCase() === 'scheme' && offset > entry.keySpan.end) {
      return valueItems(state, str, offset, schemes, 'scheme');
    }
    return undefined;
  }
  const values = def.values ?? (def.literal === 'color' ? COLORS : undefined);
  if (!values) return undefined;
  // only directly at the value: the property's value, or nothing typed yet
  if (inner.length > 2 || (inner.length >= 1 && inner[0]!.kind !== 'String' && inner[0]!.kind !== 'Unquoted')) return undefined;
  return valueItems(
    state,
    str,
    offset,
    values.map((v) => ({ value: v, doc: def.doc })),
    def.name,
  );
}

function valueItems(state: DocView, str: Node | undefined, offset: number, values: readonly { value: string; doc: string }[], what: string): CompletionItem[] {
  // inside a string: replace its content; elsewhere: insert a quoted string
  const inString = str?.kind === 'String' && offset >= str.contentSpan.start && offset <= str.contentSpan.end;
  const range = inString ? toRange(state.lines, str.contentSpan) : replaceRange(state, wordStart(state.text, offset), offset);
  return values.map((v, i) => ({
    label: v.value,
    kind: CompletionItemKind.EnumMember,
    detail: `${what} value`,
    documentation: { kind: 'markdown', value: v.doc },
    sortText: String(i).padStart(2, '0'),
    textEdit: { range, newText: inString ? v.value : `"${v.value}"` },
  }));
}

function wordStart(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && NAME_CHAR.test(text[start - 1]!)) start--;
  return start;
}

function findLast(path: readonly Node[], kind: Node['kind']): number {
  for (let i = path.length - 1; i >= 0; i--) if (path[i]!.kind === kind) return i;
  return -1;
}

// ---------------------------------------------------------------- statements (clauses, channels, properties)

function statementItems(state: DocView, analysis: Analysis, path: readonly Node[], before: string, offset: number): CompletionItem[] | undefined {
  const m = /([A-Za-z_][A-Za-z0-9_-]*)?$/.exec(before)!;
  const typed = m[1] ?? '';
  const head = before.slice(0, before.length - typed.length);
  const atStatementStart = /(^|[{};])\s*$/.test(head) || /(^|\n)[ \t]*$/.test(head);
  if (!atStatementStart) return undefined;
  // inside a value spanning lines (a map, a list, a call) a line start is not a statement start
  if (path.some((n) => n.kind === 'Map' || n.kind === 'List' || n.kind === 'Call' || n.kind === 'Paren' || n.kind === 'String')) return undefined;
  const range = replaceRange(state, offset - typed.length, offset);

  let notifier: NotifierDecl | undefined;
  let sample: SampleDecl | undefined;
  let channel: ChannelBlock | undefined;
  for (const item of analysis.file.items) {
    if (item.kind === 'Notifier' && inside(item.bodySpan, offset)) notifier = item;
    if (item.kind === 'Sample' && inside(item.bodySpan, offset)) sample = item;
  }
  if (notifier) channel = notifier.clauses.find((c): c is ChannelBlock => c.kind === 'Channel' && inside(c.bodySpan, offset));

  if (channel) return propertyItems(channel, range, offset);
  if (notifier) return clauseItems(notifier, range);
  if (sample) return sampleItems(analysis, sample, range, offset);
  return topLevelItems(range);
}

function propertyItems(channel: ChannelBlock, range: Range, offset: number): CompletionItem[] {
  const spec = CHANNELS[channel.channel];
  const set = new Set(channel.properties.filter((p) => !(p.name.span.start <= offset && offset <= p.name.span.end)).map((p) => p.name.text));
  const items: CompletionItem[] = [];
  for (const p of spec.properties.values()) {
    if (set.has(p.name)) continue;
    items.push({
      label: p.name,
      kind: CompletionItemKind.Property,
      detail: p.types.map(typeToString).join(' | '),
      labelDetails: { description: p.types.map(typeToString).join(' | ') + (p.required ? ' (required)' : '') },
      documentation: { kind: 'markdown', value: propertyMarkdown(channel.channel, p) },
      sortText: `${p.required ? 0 : 1}_${p.name}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: `${p.name} = $0;` },
    });
  }
  return items;
}

function clauseItems(notifier: NotifierDecl, range: Range): CompletionItem[] {
  const items: CompletionItem[] = [];
  const hasOn = notifier.clauses.some((c) => c.kind === 'On');
  if (!hasOn) {
    items.push(keywordItem('on', 'on ${1:event};', 'The events this notifier listens to: `on package.added, package.promoted;` (exactly one `on`).', range, '0'));
  }
  items.push(keywordItem('when', 'when ${1:condition};', 'A condition that must hold (a `bool`); several `when` clauses must all hold. `when false;` disables the notifier.', range, '1'));
  // LANGUAGE.md 2.1–2.3: offered while the notifier has none of them yet.
  if (!notifier.clauses.some((c) => c.kind === 'Scope')) {
    items.push(keywordItem('scope', 'scope ${1|organization,product,project,tenant,feed|};', 'The level this notifier is configured at; shown in the outline and preview, and `$Scope` in expressions.', range, '1'));
  }
  if (!notifier.clauses.some((c) => c.kind === 'Each' || c.kind === 'Digest')) {
    items.push(keywordItem('each', 'each ${1:%Item} in ${2:@List};', 'Fan-out: every channel renders once per item of the list, with the item in scope.', range, '1'));
    items.push(keywordItem('digest', 'digest by ${1:\\$Key};', 'Digest: a batch of events is grouped by the key; every channel renders once per group, with `@Events`, `$Count` and `$DigestKey`.', range, '1'));
  }
  for (const kind of CHANNEL_KINDS) {
    const spec = CHANNELS[kind];
    const required = [...spec.properties.values()].filter((p) => p.required);
    const body = required.map((p, i) => `\t${p.name} = \${${i + 1}};`).join('\n');
    items.push({
      label: kind,
      kind: CompletionItemKind.Module,
      detail: `${kind} channel`,
      documentation: { kind: 'markdown', value: channelMarkdown(spec) },
      sortText: `2_${kind}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: `${kind} {\n${body}\n\t$0\n}` },
    });
  }
  return items;
}

function sampleItems(analysis: Analysis, sample: SampleDecl, range: Range, offset: number): CompletionItem[] {
  const assigned = new Set(sample.assignments.map((a) => a.variable.name.toLowerCase()));
  return analysis.model
    .variablesInScope(offset)
    .filter((v) => v.kind === 'event' && !assigned.has(v.name.toLowerCase()))
    .map((v) => {
      const example = exampleText(v.def?.example);
      const literal = example !== undefined && example.length < 80 && !example.includes('\n') ? sampleLiteral(v.def?.example) : undefined;
      return {
        label: `${v.sigil}${v.name}`,
        filterText: v.name,
        kind: CompletionItemKind.Variable,
        detail: typeToString(v.type),
        documentation: { kind: 'markdown', value: variableMarkdown(v) },
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range, newText: `${v.sigil}${v.name} = \${1:${escapeSnippet(literal ?? '')}};` },
      };
    });
}

/** A catalog example written as a literal of the language (scalars only). */
function sampleLiteral(example: unknown): string | undefined {
  if (typeof example === 'number' || typeof example === 'boolean') return String(example);
  if (typeof example === 'string') return `"${example.replace(/`/g, '``').replace(/"/g, '`"').replace(/\$/g, '`$')}"`;
  return undefined;
}

function escapeSnippet(s: string): string {
  return s.replace(/[\\$}]/g, (c) => `\\${c}`);
}

function topLevelItems(range: Range): CompletionItem[] {
  return [
    keywordItem('notifier', 'notifier "${1:name}" {\n\ton ${2:event};\n\t$0\n}', 'Declares a notifier: its events, conditions and channels.', range, '0'),
    keywordItem('sample', 'sample "${1:name}" for ${2:event} {\n\t$0\n}', 'Test data for an event: variables it sets override the catalog examples.', range, '1'),
    keywordItem('import', 'import "${1:events.json}";', 'Imports a JSON event catalog (path relative to this file).', range, '2'),
  ];
}

function keywordItem(label: string, snippet: string, doc: string, range: Range, sort: string): CompletionItem {
  return {
    label,
    kind: CompletionItemKind.Keyword,
    documentation: { kind: 'markdown', value: doc },
    sortText: `${sort}_${label}`,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: snippet },
  };
}
