import type { CompletionItem, CompletionList, Position, Range } from 'vscode-languageserver/node';
import { CompletionItemKind, InsertTextFormat } from '../protocol';
import type { PieceAnalysis } from '../../grammar/analyze';
import { CHANNEL_KINDS, CHANNELS } from '../../grammar/channels/registry';
import type { ScopeVariable } from '../../grammar/check/model';
import { FUNCTIONS, lookupFunction } from '../../grammar/functions/builtins';
import type { FunctionDef } from '../../grammar/functions/signature';
import { type ChannelBlock, type ChannelKind, type Node, type NotifierDecl, type SampleDecl, type Sigil } from '../../grammar/syntax/ast';
import { typeToString, type Type } from '../../grammar/types/type';
import { aliasesInScope } from '../../grammar/catalog/aliases';
import { opendirSync, statSync, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';
import { insideWorkspaceRoot, workspaceRootOf } from '../../host/files';
import type { EventDef } from '../../grammar/catalog/catalog';
import { schemesOf, SCHEME_KEY_DOC, type SchemeDef } from '../../grammar/channels/webhook/schemes';
import { frameOf, innerFrame, type CursorContext } from '../../grammar/complete/cursorContext';
import { expectedAt, fit, propertyDef } from '../../grammar/complete/expected';
import { T } from '../../grammar/types/type';
import { secretEnvVarName } from '../../grammar/functions/secretName';
import { contextAt, scopeOffset, variablesAt } from './cursor';
import { inside, toRange } from '../positions';
import type { DocState, DocView } from '../workspace';
import { channelMarkdown, eventMarkdown, exampleText, functionMarkdown, functionSignature, propertyMarkdown, sigilFor, variableMarkdown } from './markdown';

/**
 * Variables, functions and events are the long lists (typed on every `$`):
 * their documentation is filled in by `completionItem/resolve` for the item
 * the editor shows, which keeps each completion answer small.
 */
export type ResolveData =
  | { readonly resolve: 'variable'; readonly uri: string; readonly offset: number; readonly name: string }
  | { readonly resolve: 'function'; readonly name: string; readonly sigil: Sigil }
  | { readonly resolve: 'event'; readonly uri: string; readonly name: string };

/** `data` as `completion` made it: the client sends back whatever it kept (or another server's data), any shape. */
function isResolveData(data: unknown): data is ResolveData {
  if (typeof data !== 'object' || data === null || typeof (data as { name?: unknown }).name !== 'string') return false;
  const d = data as Record<string, unknown>;
  if (d.resolve === 'function') return d.sigil === '$' || d.sigil === '@' || d.sigil === '%';
  if (typeof d.uri !== 'string') return false;
  return d.resolve === 'event' || (typeof d.offset === 'number' && Number.isInteger(d.offset) && d.offset >= 0);
}

/** Adds the documentation of an item from `completion`; any other item is answered as it came. */
export function resolveCompletion(item: CompletionItem, docOf: (uri: string) => DocState | undefined): CompletionItem {
  const data: unknown = item.data;
  if (!isResolveData(data) || item.documentation) return item;
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
  const cx = contextAt(state, offset);
  // in a comment, or where a new name is written (`notifier ‸`, `<% foreach %‸`)
  if (cx.expect === 'comment' || cx.expect === 'none') return null;
  const before = text.slice(Math.max(0, offset - WINDOW), offset);
  const inner = innerFrame(cx);
  const mode: 'text' | 'code' = inner.kind === 'string' || cx.expect === 'text' || cx.expect === 'tag' ? 'text' : 'code';
  const items =
    (cx.expect === 'tag' ? tagSnippets(state, cx, offset) : undefined) ??
    secretNames(state, before, offset, ctx) ??
    recipientGroups(state, analysis, cx, offset) ??
    variableNameArgument(state, analysis, cx, offset) ??
    importPaths(state, cx, offset) ??
    (cx.expect === 'assignment' ? statementItems(state, analysis, cx, offset) : undefined) ??
    (mode === 'code' ? memberKeys(state, analysis, before, offset, cx) : undefined) ??
    sigilItems(state, analysis, before, offset, mode, cx) ??
    literalValues(state, cx, offset) ??
    (mode === 'code' && cx.expect === 'event' ? eventNames(state, analysis, before, offset) : undefined) ??
    (mode === 'code' ? valueItems(state, analysis, cx, offset) : undefined) ??
    (mode === 'code' ? statementItems(state, analysis, cx, offset) : undefined);
  // LSP: an item's edit range is one line, the cursor's, and holds the cursor; an item whose range would not is left out
  return items ? { isIncomplete: false, items: items.filter((i) => editRangeHolds(i, position, state.lines.position(offset))) } : null;
}

function editRangeHolds(item: CompletionItem, requested: Position, cursor: Position): boolean {
  const edit = item.textEdit;
  if (!edit) return true;
  const ranges = 'range' in edit ? [edit.range] : [edit.insert, edit.replace];
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return ranges.every((r) => r.start.line === cursor.line && r.end.line === cursor.line && r.start.line === requested.line && before(r.start, cursor) && before(cursor, r.end));
}

// ---------------------------------------------------------------- contexts

function replaceRange(state: DocView, start: number, offset: number): Range {
  let end = offset;
  while (end < state.text.length && NAME_CHAR.test(state.text[end]!)) end++;
  return toRange(state.lines, { start, end });
}

// ---------------------------------------------------------------- secrets

function secretNames(state: DocView, before: string, offset: number, ctx: CompletionContext): CompletionItem[] | undefined {
  const m = /(?:\$secret|%secretmap)\(\s*(["'])([^"'`\r\n]*)$/i.exec(before);
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
      value: `Resolved at send time from the editor's secret storage, then \`${secretEnvVarName(name)}\`.`,
    },
    textEdit: { range, newText: name },
  }));
}

/** `to = "@|"` in an email channel: the groups of notify-recipients.json (LANGUAGE.md 2.4). */
function recipientGroups(state: DocView, analysis: PieceAnalysis, cx: CursorContext, offset: number): CompletionItem[] | undefined {
  const channel = frameOf(cx, 'channel');
  const property = frameOf(cx, 'property');
  const str = frameOf(cx, 'string');
  // address lists (to, cc, bcc: the properties that take addresses and lists), not the single sender
  const def = channel && property ? CHANNELS[channel.channel as ChannelKind]?.properties.get(property.name.toLowerCase()) : undefined;
  if (!def || def.literal !== 'emails' || !def.types.some((t) => t.kind === 'list') || !str) return undefined;
  const m = /(?:^|[,\s])@([A-Za-z0-9_-]*)$/.exec(state.text.slice(str.contentStart, offset));
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

// ---------------------------------------------------------------- template tags, variable names, import paths

const TAG_SNIPPETS: readonly { label: string; snippet: string; doc: string }[] = [
  { label: 'if', snippet: '<% if ${1:condition} { %>$0<% \\} %>', doc: 'Text shown only when the condition holds.' },
  { label: 'if … else', snippet: '<% if ${1:condition} { %>$2<% \\} else { %>$0<% \\} %>', doc: 'Text for when the condition holds, and for when it does not.' },
  { label: 'foreach', snippet: '<% foreach ${1:%item} in ${2:@list} { %>$0<% \\} %>', doc: 'Text repeated for every item of a list; the loop variable is `$item` for scalars or `%item` for records.' },
  { label: 'else', snippet: '<% \\} else { %>$0', doc: 'Starts the text for when the `<% if %>` condition does not hold.' },
  { label: 'else if', snippet: '<% \\} else if ${1:condition} { %>$0', doc: 'A further condition after an `<% if %>`.' },
  { label: '}', snippet: '<% \\} %>', doc: 'Closes the innermost `<% if %>` or `<% foreach %>`.' },
];

/** Right after `<%` in a string: the template tags. */
function tagSnippets(state: DocView, cx: CursorContext, offset: number): CompletionItem[] | undefined {
  const word = cx.word;
  if (!word) return undefined;
  // the editor auto-closes `<%` with ` %>`: the snippet brings its own
  const closing = /^ ?%>/.exec(state.text.slice(offset, offset + 3));
  const range = toRange(state.lines, { start: word.start, end: offset + (closing ? closing[0].length : 0) });
  return TAG_SNIPPETS.map((t, i) => ({
    label: `<% ${t.label}`,
    filterText: `<% ${t.label}`,
    kind: CompletionItemKind.Snippet,
    detail: 'template tag',
    documentation: { kind: 'markdown', value: t.doc },
    sortText: String(i),
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: t.snippet },
  }));
}

/** The content of the string the cursor is in, from its start to its closing quote (or line end). */
function stringContentRange(state: DocView, cx: CursorContext, offset: number, from?: number): Range | undefined {
  const str = innerFrame(cx);
  if (str.kind !== 'string') return undefined;
  let end = offset;
  if (str.quote !== 'swim') while (end < state.text.length && state.text[end] !== str.quote && state.text[end] !== '\n' && state.text[end] !== '/') end++;
  // an edit range is on the cursor's line (LSP): in a swim string, what is typed before a line break is not part of the name
  return toRange(state.lines, { start: Math.max(from ?? str.contentStart, lineStartOf(state, offset)), end });
}

/** The offset where the line holding `offset` starts (in the view's offsets). */
function lineStartOf(state: DocView, offset: number): number {
  return state.lines.offset({ line: state.lines.position(offset).line, character: 0 });
}

/** `$IsVariableDefined("‸")`: the names of the variables in scope. */
function variableNameArgument(state: DocView, analysis: PieceAnalysis, cx: CursorContext, offset: number): CompletionItem[] | undefined {
  const call = cx.frames[cx.frames.length - 2];
  if (innerFrame(cx).kind !== 'string' || call?.kind !== 'call' || call.name.toLowerCase() !== 'isvariabledefined' || call.argIndex !== 0) return undefined;
  const range = stringContentRange(state, cx, offset)!;
  return variablesAt(analysis, cx, offset).map((v) => ({
    label: v.name,
    kind: CompletionItemKind.Variable,
    detail: `${v.sigil}${v.name}: ${typeToString(v.type)}`,
    labelDetails: { description: v.allEvents ? undefined : `only: ${v.definedBy.join(', ')}` },
    sortText: `${v.allEvents ? 1 : 0}_${v.name}`,
    data: { resolve: 'variable', uri: state.uri, offset: state.base + scopeOffset(analysis, cx, offset), name: v.name } satisfies ResolveData,
    textEdit: { range, newText: v.name },
  }));
}

/** `import "‸"`: folders and catalog files (`.json`) relative to the document. */
function importPaths(state: DocView, cx: CursorContext, offset: number): CompletionItem[] | undefined {
  const header = cx.frames[cx.frames.length - 2];
  const str = innerFrame(cx);
  if (str.kind !== 'string' || header?.kind !== 'header' || header.item !== 'import') return undefined;
  // the path typed on the cursor's line (a swim string may hold line breaks; a path does not)
  const start = Math.max(str.contentStart, lineStartOf(state, offset));
  const typed = state.text.slice(start, offset);
  const slash = typed.lastIndexOf('/');
  const dirPart = slash >= 0 ? typed.slice(0, slash + 1) : '';
  const range = stringContentRange(state, cx, offset, start + dirPart.length)!;
  // Only what an import may read: inside the document's workspace root, by path and links followed (LANGUAGE.md 7).
  const root = state.importRoot?.() ?? workspaceRootOf(state.baseDir);
  const folder = resolve(state.baseDir, dirPart || '.');
  if (!insideWorkspaceRoot(folder, root)) return [];
  const entries = listFolder(folder, MAX_LISTED);
  const items: CompletionItem[] = [];
  for (const entry of entries) {
    if (items.length >= 500) break;
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const e = entry.isSymbolicLink() ? linkTarget(join(folder, entry.name), root) : entry;
    if (!e) continue;
    const name = entry.name;
    if (e.isDirectory()) {
      items.push({
        label: `${name}/`,
        kind: CompletionItemKind.Folder,
        sortText: `1_${name}`,
        textEdit: { range, newText: `${name}/` },
        command: { title: 'Suggest', command: 'editor.action.triggerSuggest' },
      });
    } else if (e.isFile() && /\.json$/i.test(name)) {
      items.push({ label: name, kind: CompletionItemKind.File, detail: 'event catalog', sortText: `0_${name}`, textEdit: { range, newText: name } });
    }
  }
  return items;
}

/** Folder entries read for import-path completion: a folder of a million files costs a bounded read, not the whole listing. */
const MAX_LISTED = 5000;

/** Up to `max` entries of a folder (the first the system lists), sorted by name; none when it cannot be listed. */
function listFolder(folder: string, max: number): Dirent[] {
  const out: Dirent[] = [];
  let dir;
  try {
    dir = opendirSync(folder);
  } catch {
    return out;
  }
  try {
    for (let e = dir.readSync(); e && out.length < max; e = dir.readSync()) out.push(e);
  } catch {
    // unreadable part way: what was read
  } finally {
    dir.closeSync();
  }
  // In name order, as a listing of the whole folder gave (the directory's own order is the file system's).
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** What a symbolic link leads to, when that stays inside the root (else it is not offered). */
function linkTarget(path: string, root: string): { isDirectory(): boolean; isFile(): boolean } | undefined {
  if (!insideWorkspaceRoot(path, root)) return undefined;
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- variables and functions

function sigilItems(state: DocView, analysis: PieceAnalysis, before: string, offset: number, mode: 'text' | 'code', cx: CursorContext): CompletionItem[] | undefined {
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
  // ranked by the type expected where the value goes (a number parameter: numbers first)
  const inScope = variablesAt(analysis, cx, offset);
  const expected = expectedAt({ ...cx, expect: 'value' }, (name) => inScope.find((v) => v.name.toLowerCase() === name.toLowerCase())?.type);
  for (const v of inScope) {
    if (v.sigil !== sigil) continue;
    const item = variableItem(v, range, braced && afterName !== '}' ? '}' : '', { resolve: 'variable', uri: state.uri, offset: state.base + scopeOffset(analysis, cx, offset), name: v.name });
    items.push({ ...item, sortText: `${fit(v.type, expected)}${item.sortText}` });
  }
  // ProGet's names (`$PackageName`): offered under the name typed, inserting the variable meant.
  if (typed.length > 0) {
    for (const alias of aliasesInScope((lower) => inScope.find((v) => v.name.toLowerCase() === lower)?.name)) {
      const v = inScope.find((x) => x.name === alias.target)!;
      if (v.sigil !== sigil || !alias.spelled.toLowerCase().startsWith(typed.toLowerCase())) continue;
      const item = variableItem(v, range, braced && afterName !== '}' ? '}' : '', { resolve: 'variable', uri: state.uri, offset: state.base + scopeOffset(analysis, cx, offset), name: v.name });
      items.push({
        ...item,
        label: `${sigil}${alias.spelled}`,
        filterText: alias.spelled,
        labelDetails: { detail: ` → ${sigil}${v.name}`, description: typeToString(v.type) },
        detail: `${alias.from}: ${sigil}${v.name} here`,
        sortText: `9${item.sortText}`,
      });
    }
  }
  if (!braced) {
    for (const f of FUNCTIONS) {
      if (!f.sigils.includes(sigil)) continue;
      const item = functionItem(f, sigil, range, afterName === '(');
      let score = 1;
      try {
        score = fit(f.returns(sigil, f.params.map(() => T.any)), expected);
      } catch {
        // rank as unknown
      }
      items.push({ ...item, sortText: `${score}${item.sortText}` });
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

/**
 * After a `.`: the keys of the record the receiver is. The receiver is read
 * back from the dot: a variable followed by any chain of `.key`, `[index]`
 * and, for a call, its arguments (`@AffectedPackages[0].`,
 * `$ListItem(@AffectedPackages, 0).`, `%p.Commit.`).
 */
function memberKeys(state: DocView, analysis: PieceAnalysis, before: string, offset: number, cx: CursorContext): CompletionItem[] | undefined {
  const m = /\.([A-Za-z][A-Za-z0-9_-]*)?$/.exec(before);
  if (!m) return undefined;
  const receiver = receiverBefore(before, before.length - m[0].length);
  if (!receiver) return undefined;
  const vars = variablesAt(analysis, cx, offset);
  const type = receiverType(receiver, vars);
  if (!type || type.kind !== 'record') return type === undefined ? [] : [];
  const typed = m[1] ?? '';
  const range = replaceRange(state, offset - typed.length, offset);
  const owner = before.slice(receiver.start, before.length - m[0].length);
  return [...type.fields.values()].map((f) => ({
    label: f.name,
    kind: CompletionItemKind.Field,
    detail: typeToString(f.type),
    labelDetails: { description: typeToString(f.type) },
    documentation: { kind: 'markdown', value: `Key of \`${owner}\`: \`${typeToString(f.type)}\`.` },
    textEdit: { range, newText: f.name },
  }));
}

type Step = { kind: 'key'; name: string } | { kind: 'index' } | { kind: 'call'; args: string };
interface Receiver {
  readonly start: number;
  readonly sigil: Sigil;
  readonly name: string;
  readonly steps: readonly Step[];
}

/** The receiver expression ending at `end` (just before a `.`), read backwards over balanced brackets. */
function receiverBefore(text: string, end: number): Receiver | undefined {
  const steps: Step[] = [];
  let i = end;
  for (let guard = 0; guard < 50; guard++) {
    const close = text[i - 1];
    if (close === ']' || close === ')') {
      const open = matchingOpen(text, i - 1);
      if (open < 0) return undefined;
      if (close === ']') {
        steps.unshift({ kind: 'index' });
        i = open;
        continue;
      }
      const name = /([$@%])([A-Za-z][A-Za-z0-9_-]*)$/.exec(text.slice(Math.max(0, open - 80), open));
      if (!name) return undefined;
      steps.unshift({ kind: 'call', args: text.slice(open + 1, i - 1) });
      return { start: open - name[0].length, sigil: name[1] as Sigil, name: name[2]!, steps };
    }
    const word = /([$@%]\{?)?([A-Za-z][A-Za-z0-9_-]*)\}?$/.exec(text.slice(Math.max(0, i - 80), i));
    if (!word) return undefined;
    if (word[1]) return { start: i - word[0].length, sigil: word[1][0] as Sigil, name: word[2]!, steps };
    steps.unshift({ kind: 'key', name: word[2]! });
    i -= word[0].length;
    if (text[i - 1] !== '.') return undefined;
    i--;
  }
  return undefined;
}

function matchingOpen(text: string, closeAt: number): number {
  let depth = 0;
  for (let i = closeAt; i >= 0 && closeAt - i < 2000; i--) {
    const c = text[i];
    if (c === ')' || c === ']') depth++;
    else if (c === '(' || c === '[') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The type of a receiver chain; calls are typed from their arguments when those are plain variables. */
function receiverType(r: Receiver, vars: readonly ScopeVariable[]): Type | undefined {
  const varType = (name: string) => vars.find((v) => v.name.toLowerCase() === name.toLowerCase())?.type;
  let type: Type | undefined;
  const [first, ...rest] = r.steps;
  if (first?.kind === 'call') {
    const f = lookupFunction(r.name);
    if (!f) return undefined;
    const args = first.args.split(',').map((a) => {
      const v = /^\s*[$@%]\{?([A-Za-z][A-Za-z0-9_-]*)\}?\s*$/.exec(a);
      return (v && varType(v[1]!)) || (/^\s*\d+\s*$/.test(a) ? T.number : T.any);
    });
    try {
      type = f.returns(r.sigil, args);
    } catch {
      return undefined;
    }
  } else {
    type = varType(r.name);
    if (first) rest.unshift(first);
  }
  for (const step of rest) {
    if (!type) return undefined;
    if (step.kind === 'index') type = type.kind === 'list' ? type.item : type.kind === 'map' ? type.value : undefined;
    else if (step.kind === 'key') type = type.kind === 'record' ? type.fields.get(step.name.toLowerCase())?.type : type.kind === 'map' ? type.value : undefined;
    else return undefined;
  }
  return type;
}

// ---------------------------------------------------------------- events

function eventNames(state: DocView, analysis: PieceAnalysis, before: string, offset: number): CompletionItem[] | undefined {
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

// ---------------------------------------------------------------- values (enum literals, schemes, map keys, durations, operands)

/** The property whose value the cursor is directly in (the value itself, or the string that is it). */
function directProperty(cx: CursorContext) {
  const frames = cx.frames;
  let i = frames.length - 1;
  if (frames[i]?.kind === 'string') i--;
  const f = frames[i];
  if (f?.kind !== 'property') return undefined;
  const def = propertyDef(frames, f.name);
  return def && { frame: f, def };
}

/** The schemes when the cursor is at the value of `scheme:` in `auth = %(…)` / `signing = %(…)`. */
function schemeTable(cx: CursorContext): { what: string; schemes: Readonly<Record<string, SchemeDef>> } | undefined {
  const frames = cx.frames;
  let i = frames.length - 1;
  if (frames[i]?.kind === 'string') i--;
  const map = frames[i];
  const property = frames[i - 1];
  if (map?.kind !== 'map' || map.key !== 'scheme' || property?.kind !== 'property') return undefined;
  const schemes = schemesOf(property.name.toLowerCase());
  return schemes && { what: property.name.toLowerCase(), schemes };
}

function enumValues(cx: CursorContext): { values: readonly { value: string; doc: string }[]; what: string } | undefined {
  const table = schemeTable(cx);
  if (table) {
    return {
      what: 'scheme',
      values: Object.entries(table.schemes).map(([value, d]) => ({ value, doc: `${d.doc} Keys: ${[...d.required, ...d.optional].map((k) => `\`${k}\``).join(', ')}.` })),
    };
  }
  const p = directProperty(cx);
  if (!p) return undefined;
  const values = p.def.values ?? (p.def.literal === 'color' ? COLORS : undefined);
  return values && { what: p.def.name, values: values.map((v) => ({ value: v, doc: p.def.doc })) };
}

/** Inside a string that is a value with a closed set of values (`method = "‸"`, `scheme: "‸"`): those values. */
function literalValues(state: DocView, cx: CursorContext, offset: number): CompletionItem[] | undefined {
  const str = innerFrame(cx);
  if (str.kind !== 'string') return undefined;
  const found = enumValues(cx);
  if (!found) return undefined;
  let end = offset;
  if (str.quote !== 'swim') while (end < state.text.length && state.text[end] !== str.quote && state.text[end] !== '\n') end++;
  const range = toRange(state.lines, { start: str.contentStart, end });
  return enumItems(found.values, found.what, range, false);
}

function enumItems(values: readonly { value: string; doc: string }[], what: string, range: Range, quote: boolean): CompletionItem[] {
  return values.map((v, i) => ({
    label: v.value,
    kind: CompletionItemKind.EnumMember,
    detail: `${what} value`,
    documentation: { kind: 'markdown', value: v.doc },
    sortText: `0${String(i).padStart(2, '0')}`,
    filterText: quote ? `"${v.value}"` : v.value,
    textEdit: { range, newText: quote ? `"${v.value}"` : v.value },
  }));
}

const DURATIONS = ['5s', '10s', '30s', '1m', '5m', '250ms'];

/**
 * Where a value is expected in code: the allowed literal values, durations
 * where a duration goes, then every variable and function in scope (with
 * its sigil) and `true`/`false`, ranked by how well their type fits the
 * type expected there.
 */
function valueItems(state: DocView, analysis: PieceAnalysis, cx: CursorContext, offset: number): CompletionItem[] | undefined {
  if (cx.expect === 'key') return mapKeyItems(state, cx, offset);
  if (cx.expect !== 'value') return undefined;
  const word = cx.word;
  if (word && /^[$@%]/.test(word.text)) return undefined;
  const range = replaceRange(state, word ? word.start : offset, offset);
  const items: CompletionItem[] = [];
  // a closed set of values (method, color, a scheme): only those
  const found = enumValues(cx);
  if (found) return enumItems(found.values, found.what, range, true);
  const sample = frameOf(cx, 'sample');
  const sampleEvent = sample?.event ? analysis.catalog.events.get(sample.event) : undefined;
  const inScope = sample ? [] : variablesAt(analysis, cx, offset);
  const expected = expectedAt(cx, (name) => sampleEvent?.variables.get(name.toLowerCase())?.type ?? inScope.find((v) => v.name.toLowerCase() === name.toLowerCase())?.type);
  if (expected?.some((t) => typeof t !== 'string' && t.kind === 'duration')) {
    const p = directProperty(cx);
    const defaults = p?.def.defaultText && /^\d+(ms|s|m|h|d)$/.test(p.def.defaultText) ? [p.def.defaultText] : [];
    for (const [i, d] of [...new Set([...defaults, ...DURATIONS])].entries()) {
      items.push({
        label: d,
        kind: CompletionItemKind.Value,
        detail: i === 0 && defaults.length ? 'duration (the default)' : 'duration',
        documentation: { kind: 'markdown', value: 'A duration: a whole number and a unit, `ms`, `s`, `m`, `h` or `d`.' },
        sortText: `1${String(i).padStart(2, '0')}`,
        textEdit: { range, newText: d },
      });
    }
  }
  if (sample) return items.length ? items : undefined;
  for (const v of inScope) {
    const score = fit(v.type, expected);
    const item = variableItem(v, range, '', { resolve: 'variable', uri: state.uri, offset: state.base + scopeOffset(analysis, cx, offset), name: v.name });
    items.push({ ...item, filterText: v.name, sortText: `${2 + score}${item.sortText}`, textEdit: { range, newText: `${v.sigil}${v.name}` } });
  }
  for (const b of ['true', 'false']) {
    items.push({ label: b, kind: CompletionItemKind.Keyword, detail: 'bool', sortText: `${2 + fit(T.bool, expected)}5_${b}`, textEdit: { range, newText: b } });
  }
  for (const f of FUNCTIONS) {
    let best: { sigil: Sigil; score: number } | undefined;
    for (const sigil of f.sigils) {
      let score = 1;
      try {
        score = fit(f.returns(sigil, f.params.map(() => T.any)), expected);
      } catch {
        // a return type that needs real arguments: rank as unknown
      }
      if (!best || score < best.score) best = { sigil, score };
    }
    if (!best) continue;
    const item = functionItem(f, best.sigil, range, state.text[state.lines.offset(range.end)] === '(');
    const newText = `${best.sigil}${(item.textEdit as { newText: string }).newText}`;
    items.push({ ...item, filterText: f.name, sortText: `${2 + best.score}${item.sortText}`, textEdit: { range, newText: escapeLeadingSigil(newText) } });
  }
  return items;
}

/** A snippet's text starting with `$` (a call `$Join(…)`): the sigil is text, not a tab stop. */
function escapeLeadingSigil(snippet: string): string {
  return snippet.startsWith('$') ? `\\${snippet}` : snippet;
}

/** Keys of `auth = %(…)` / `signing = %(…)`: `scheme`, then the keys the scheme takes, minus those written. */
function mapKeyItems(state: DocView, cx: CursorContext, offset: number): CompletionItem[] | undefined {
  const map = innerFrame(cx);
  const property = cx.frames[cx.frames.length - 2];
  if (map.kind !== 'map' || property?.kind !== 'property') return undefined;
  const schemes = schemesOf(property.name.toLowerCase());
  if (!schemes) return undefined;
  const word = cx.word;
  const range = replaceRange(state, word ? word.start : offset, offset);
  const keyItem = (key: string, doc: string, sort: string): CompletionItem => ({
    label: key,
    kind: CompletionItemKind.Field,
    detail: `${property.name} key`,
    documentation: { kind: 'markdown', value: doc },
    sortText: sort,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: `${key}: $0` },
  });
  const written = map.entries;
  const items: CompletionItem[] = [];
  if (!written.has('scheme')) items.push(keyItem('scheme', `${SCHEME_KEY_DOC} One of ${Object.keys(schemes).map((k) => `\`"${k}"\``).join(', ')}.`, '0'));
  const scheme = written.get('scheme');
  const def = scheme !== undefined && Object.hasOwn(schemes, scheme) ? schemes[scheme] : undefined;
  if (def) {
    for (const k of [...def.required, ...def.optional]) {
      if (written.has(k)) continue;
      items.push(keyItem(k, `${def.keys[k] ?? ''}${def.required.includes(k) ? ' Required.' : ' Optional.'}`, def.required.includes(k) ? '1' : '2'));
    }
  }
  return items;
}

// ---------------------------------------------------------------- statements (clauses, channels, properties)

function statementItems(state: DocView, analysis: PieceAnalysis, cx: CursorContext, offset: number): CompletionItem[] | undefined {
  const e = cx.expect;
  if (e !== 'item' && e !== 'clause' && e !== 'property' && e !== 'assignment') return undefined;
  const word = cx.word;
  if (word && e !== 'assignment' && !/^[A-Za-z]/.test(word.text)) return undefined;
  const range = replaceRange(state, word ? word.start : offset, offset);
  if (e === 'property') {
    const frame = frameOf(cx, 'channel')!;
    if (!(CHANNEL_KINDS as readonly string[]).includes(frame.channel)) return [];
    const channel = treeNode(analysis, offset, (n): n is ChannelBlock => n.kind === 'Channel' && inside(n.bodySpan, offset) && n.channel === frame.channel);
    const set = new Set(frame.set.map((p) => p.toLowerCase()));
    for (const p of channel?.properties ?? []) if (!(p.name.span.start <= offset && offset <= p.name.span.end)) set.add(p.name.text.toLowerCase());
    return propertyItems(frame.channel as ChannelKind, set, range);
  }
  if (e === 'clause') {
    const notifier = treeNode(analysis, offset, (n): n is NotifierDecl => n.kind === 'Notifier' && inside(n.bodySpan, offset));
    return clauseItems(notifier?.clauses.some((c) => c.kind === 'On' && !(c.span.start <= offset && offset <= c.span.end)) ?? false, range, notifier);
  }
  if (e === 'assignment') {
    const frame = frameOf(cx, 'sample')!;
    const sample = treeNode(analysis, offset, (n): n is SampleDecl => n.kind === 'Sample' && inside(n.bodySpan, offset));
    const set = new Set(frame.set.map((v) => v.toLowerCase()));
    for (const a of sample?.assignments ?? []) if (!(a.variable.span.start <= offset && offset <= a.variable.span.end)) set.add(a.variable.name.toLowerCase());
    const event = frame.event ? analysis.catalog.events.get(frame.event) : undefined;
    return event ? sampleItems(event, set, range) : [];
  }
  return topLevelItems(range);
}

/** The top-level item of the tree that is (or whose clause is) the node wanted. */
function treeNode<N extends Node>(analysis: PieceAnalysis, offset: number, test: (n: Node) => n is N): N | undefined {
  for (const item of analysis.file.items) {
    if (test(item)) return item;
    if (item.kind === 'Notifier' && inside(item.bodySpan, offset)) for (const c of item.clauses) if (test(c)) return c;
  }
  return undefined;
}

function propertyItems(kind: ChannelKind, set: ReadonlySet<string>, range: Range): CompletionItem[] {
  const spec = CHANNELS[kind];
  const items: CompletionItem[] = [];
  for (const p of spec.properties.values()) {
    if (set.has(p.name)) continue;
    items.push({
      label: p.name,
      kind: CompletionItemKind.Property,
      detail: p.types.map(typeToString).join(' | '),
      labelDetails: { description: p.types.map(typeToString).join(' | ') + (p.required ? ' (required)' : '') },
      documentation: { kind: 'markdown', value: propertyMarkdown(kind, p) },
      sortText: `${p.required ? 0 : 1}_${p.name}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: `${p.name} = $0;` },
    });
  }
  return items;
}

function clauseItems(hasOn: boolean, range: Range, notifier: NotifierDecl | undefined): CompletionItem[] {
  const items: CompletionItem[] = [];
  if (!hasOn) {
    items.push(keywordItem('on', 'on ${1:event};', 'The events this notifier listens to: `on package.added, package.promoted;` (exactly one `on`).', range, '0'));
  }
  items.push(keywordItem('when', 'when ${1:condition};', 'A condition that must hold (a `bool`); several `when` clauses must all hold. `when false;` disables the notifier.', range, '1'));
  // LANGUAGE.md 2.1–2.3: offered while the notifier has none of them yet.
  if (!notifier?.clauses.some((c) => c.kind === 'Scope')) {
    items.push(keywordItem('scope', 'scope ${1|organization,product,project,tenant,feed|};', 'The level this notifier is configured at; shown in the outline and preview, and `$Scope` in expressions.', range, '1'));
  }
  if (!notifier?.clauses.some((c) => c.kind === 'Each' || c.kind === 'Digest')) {
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

function sampleItems(event: EventDef, set: ReadonlySet<string>, range: Range): CompletionItem[] {
  return [...event.variables.values()]
    .filter((d) => !set.has(d.name.toLowerCase()))
    .map((d) => {
      const v = { name: d.name, sigil: sigilFor(d.type), type: d.type, def: d, definedBy: [event.name], allEvents: true, kind: 'event' as const };
      const example = exampleText(d.example);
      const literal = example !== undefined && example.length < 80 && !example.includes('\n') ? sampleLiteral(d.example) : undefined;
      return {
        label: `${v.sigil}${v.name}`,
        filterText: `${v.sigil}${v.name}`,
        kind: CompletionItemKind.Variable,
        detail: typeToString(v.type),
        documentation: { kind: 'markdown', value: variableMarkdown(v) },
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range, newText: escapeLeadingSigil(`${v.sigil}${v.name} = \${1:${escapeSnippet(literal ?? '')}};`) },
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
