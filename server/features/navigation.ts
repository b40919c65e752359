import { join, resolve } from 'node:path';
import type { Location, Position, Range, WorkspaceEdit } from 'vscode-languageserver/node';
import { LSPErrorCodes, ResponseError } from '../protocol';
import { readRegularFile } from '../../host/files';
import type { PieceAnalysis } from '../../grammar/analyze';
import type { CatalogOrigin } from '../../grammar/catalog/catalog';
import { importPathText } from '../../grammar/catalog/imports';
import type { VariableResolution } from '../../grammar/check/model';
import type { Node, NotifierDecl, SampleDecl, Span, StringLiteral, VariableRef } from '../../grammar/syntax/ast';
import { LineMap } from '../../grammar/syntax/lineMap';
import { spellInString, parseTemplate } from '../../grammar/syntax/template';
import { nodePathAt, walk } from '../../grammar/syntax/visit';
import { constantText } from '../../grammar/check/expressions';
import { docsDir } from '../docsLocation';
import { toRange } from '../positions';
import { pathToUri } from '../uris';
import type { DocState, DocView } from '../workspace';

const NAME = /^[A-Za-z](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$/;

// ---------------------------------------------------------------- what is under the cursor

type Target =
  | { kind: 'variable'; ref: VariableRef; resolution: VariableResolution | undefined }
  | { kind: 'event'; name: string; span: Span }
  | { kind: 'declName'; decl: NotifierDecl | SampleDecl; name: StringLiteral }
  | { kind: 'import'; path: string; span: Span }
  | { kind: 'function'; name: string }
  | { kind: 'member'; root: VariableRef; keys: readonly string[] };

function targetAt(analysis: PieceAnalysis, offset: number): Target | undefined {
  const path = nodePathAt(analysis.file, offset);
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i]!;
    const parent: Node | undefined = path[i - 1];
    if (n.kind === 'Variable') return { kind: 'variable', ref: n, resolution: analysis.model.resolveVariable(n) };
    if (n.kind === 'Identifier' && parent?.kind === 'Member') return memberTarget(parent);
    if (n.kind === 'Call' && offset <= n.nameSpan.end) return { kind: 'function', name: analysis.model.resolveCall(n)?.name ?? n.name };
    if (n.kind === 'EventRef') return { kind: 'event', name: n.name, span: n.span };
    if (n.kind === 'String' && (parent?.kind === 'Notifier' || parent?.kind === 'Sample') && parent.name === n) {
      return { kind: 'declName', decl: parent, name: n };
    }
    if (n.kind === 'String' && parent?.kind === 'Import') {
      const p = importPathText(parent);
      return p ? { kind: 'import', path: p, span: n.span } : undefined;
    }
  }
  return undefined;
}

/** `%Commit.Author.Name`: the variable the chain starts from and the keys to the one under the cursor. */
function memberTarget(member: Extract<Node, { kind: 'Member' }>): Target | undefined {
  const keys: string[] = [];
  let n: Node = member;
  while (n.kind === 'Member' || n.kind === 'Index') {
    if (n.kind === 'Member' && n.member) keys.unshift(n.member.text);
    n = n.object;
  }
  return n.kind === 'Variable' ? { kind: 'member', root: n, keys } : undefined;
}

/** Where the last of `keys` is declared in a catalog JSON text, searching from the variable's declaration on. */
function keyOffset(text: string, from: number, keys: readonly string[]): number | undefined {
  let at = from;
  for (const key of keys) {
    const re = new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}"\\s*:`, 'i');
    const m = re.exec(text.slice(at));
    if (!m) return undefined;
    at += m.index;
  }
  return at;
}

// ---------------------------------------------------------------- go to definition

/**
 * Where a thing is declared: a loop variable → its `foreach`; an event
 * variable or event → its entry in the imported catalog JSON, or in the
 * installed `docs/catalog.md` for built-in ones (a file VS Code opens without
 * any client support); a notifier or sample name → the first declaration of
 * that name; an import path → the catalog file; a function → its section of
 * the installed `docs/functions.md`.
 */
export function definition(doc: DocState, position: Position): Location | null {
  const state = doc.viewAt(doc.lines.offset(position));
  const analysis = state.analysis();
  const target = targetAt(analysis, state.lines.offset(position));
  if (!target) return null;
  switch (target.kind) {
    case 'variable': {
      const r = target.resolution;
      if (!r) return null;
      if (r.kind === 'loop' && r.declaration) return { uri: state.uri, range: toRange(state.lines, r.declaration) };
      if (r.def) return originLocation(r.def.origin, r.def.name, r.definedBy[0]);
      if (r.declaration) return { uri: state.uri, range: toRange(state.lines, r.declaration) };
      return null;
    }
    case 'event': {
      const e = analysis.catalog.events.get(target.name);
      return e ? originLocation(e.origin, undefined, e.name) : null;
    }
    case 'declName': {
      const first = sameNameDecls(doc, target.decl)[0];
      return first?.decl.name ? { uri: state.uri, range: toRange(first.view.lines, first.decl.name.span) } : null;
    }
    case 'import':
      return { uri: pathToUri(resolve(state.baseDir, target.path)), range: zeroRange() };
    case 'member': {
      const r = analysis.model.resolveVariable(target.root);
      const origin = r?.def?.origin;
      if (origin?.kind === 'import' && origin.resolvedPath) {
        const text = readText(origin.resolvedPath) ?? '';
        const at = keyOffset(text, origin.offset ?? 0, target.keys) ?? origin.offset ?? 0;
        const pos = new LineMap(text).position(at);
        return { uri: pathToUri(origin.resolvedPath), range: { start: pos, end: pos } };
      }
      if (r?.def) {
        // a built-in record: the variable's entry in catalog.md, then the key's line below it
        const catalogMd = join(docsDir(), 'catalog.md');
        const text = readText(catalogMd);
        if (text === undefined) return null;
        const lines = text.split('\n');
        const from = catalogLine(text, r.definedBy[0], r.def.name);
        const key = target.keys[target.keys.length - 1]!;
        const re = new RegExp(`\\b${key}\\b`);
        let line = from;
        for (let i = from; i < Math.min(lines.length, from + 40); i++) if (re.test(lines[i]!)) { line = i; break; }
        return { uri: pathToUri(catalogMd), range: { start: { line, character: 0 }, end: { line, character: 0 } } };
      }
      if (r?.declaration) return { uri: state.uri, range: toRange(state.lines, r.declaration) };
      return null;
    }
    case 'function': {
      // the function's section of the installed docs/functions.md
      const functionsMd = join(docsDir(), 'functions.md');
      const text = readText(functionsMd);
      if (text === undefined) return null;
      const lines = text.split('\n');
      const re = new RegExp(`^#+ .*\\b${target.name}\\b`, 'i');
      const line = Math.max(0, lines.findIndex((l) => re.test(l)));
      return { uri: pathToUri(functionsMd), range: { start: { line, character: 0 }, end: { line, character: 0 } } };
    }
  }
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function originLocation(origin: CatalogOrigin, variable: string | undefined, event: string | undefined): Location | null {
  if (origin.kind === 'import' && origin.resolvedPath) {
    const text = readText(origin.resolvedPath);
    const lines = new LineMap(text ?? '');
    const at = origin.offset ?? 0;
    const pos = lines.position(at);
    return { uri: pathToUri(origin.resolvedPath), range: { start: pos, end: pos } };
  }
  const catalogMd = join(docsDir(), 'catalog.md');
  const text = readText(catalogMd);
  const line = text ? catalogLine(text, event, variable) : 0;
  return { uri: pathToUri(catalogMd), range: { start: { line, character: 0 }, end: { line, character: 0 } } };
}

/** The line of docs/catalog.md that documents `variable` of `event` (else the event, else the top). */
export function catalogLine(text: string, event: string | undefined, variable: string | undefined): number {
  const lines = text.split('\n');
  let from = 0;
  if (event) {
    const heading = lines.findIndex((l) => /^#+\s/.test(l) && l.includes(event));
    const mention = heading >= 0 ? heading : lines.findIndex((l) => l.includes(`\`${event}\``) || l.includes(event));
    if (mention >= 0) from = mention;
  }
  if (variable) {
    const re = new RegExp(`[$@%]${variable.replace(/[-]/g, '\\-')}(?![A-Za-z0-9_-])`, 'i');
    for (let i = from; i < lines.length; i++) if (re.test(lines[i]!)) return i;
    for (let i = 0; i < from; i++) if (re.test(lines[i]!)) return i;
  }
  return from;
}

function readText(path: string): string | undefined {
  const r = readRegularFile(path);
  return 'text' in r ? r.text : undefined;
}

/** Declarations of the same kind and name across the document's pieces, in order. */
function sameNameDecls(doc: DocState, decl: NotifierDecl | SampleDecl): { view: DocView; decl: NotifierDecl | SampleDecl }[] {
  const name = constantText(decl.name);
  const out: { view: DocView; decl: NotifierDecl | SampleDecl }[] = [];
  for (const view of doc.views()) {
    for (const item of view.analysis().file.items) {
      if (item.kind !== decl.kind) continue;
      if (name === undefined ? item === decl : constantText(item.name) === name) out.push({ view, decl: item });
    }
  }
  return out;
}

// ---------------------------------------------------------------- references

/** Variable references resolving to the same thing (a loop variable's own loop; event variables by name). */
function sameVariable(analysis: PieceAnalysis, ref: VariableRef, r: VariableResolution | undefined): VariableRef[] {
  const out: VariableRef[] = [];
  walk(analysis.file, (n) => {
    if (n.kind !== 'Variable' || n.name.toLowerCase() !== ref.name.toLowerCase()) return;
    const other = analysis.model.resolveVariable(n);
    if (!r || !other) {
      if (!r && !other) out.push(n);
      return;
    }
    if (r.kind === 'loop' || other.kind === 'loop') {
      if (r.kind === other.kind && sameSpan(r.declaration, other.declaration)) out.push(n);
      return;
    }
    out.push(n);
  });
  return out;
}

function sameSpan(a: Span | undefined, b: Span | undefined): boolean {
  return !!a && !!b && a.start === b.start && a.end === b.end;
}

export function references(doc: DocState, position: Position, includeDeclaration: boolean): Location[] {
  const state = doc.viewAt(doc.lines.offset(position));
  const analysis = state.analysis();
  const target = targetAt(analysis, state.lines.offset(position));
  if (!target) return [];
  const loc = (view: DocView, span: Span): Location => ({ uri: doc.uri, range: toRange(view.lines, span) });
  switch (target.kind) {
    case 'variable': {
      const r = target.resolution;
      if (r?.kind === 'loop') {
        const decl = r.declaration;
        return sameVariable(analysis, target.ref, r)
          .filter((ref) => includeDeclaration || !decl || ref.span.start !== decl.start)
          .map((ref) => loc(state, ref.span));
      }
      // event variables: the same name in every piece
      return doc.views().flatMap((v) => sameVariable(v.analysis(), target.ref, r).map((ref) => loc(v, ref.span)));
    }
    case 'event': {
      const out: Location[] = [];
      for (const v of doc.views()) {
        walk(v.analysis().file, (n) => {
          if (n.kind === 'EventRef' && n.name === target.name) out.push(loc(v, n.span));
        });
      }
      return out;
    }
    case 'declName':
      return sameNameDecls(doc, target.decl).flatMap((d) => (d.decl.name ? [loc(d.view, d.decl.name.span)] : []));
    case 'import':
    case 'function':
    case 'member':
      return [];
  }
}

// ---------------------------------------------------------------- rename

const REFUSE =
  'Only loop variables, notifier names and sample names can be renamed here; event variables and events are declared by their catalog.';

/**
 * What can be renamed: a loop variable (its `foreach` and every use), a
 * notifier's or sample's name. Anything else is refused with a message the
 * editor shows, rather than a silent no-op.
 */
export function prepareRename(doc: DocState, position: Position): { range: Range; placeholder: string } {
  const state = doc.viewAt(doc.lines.offset(position));
  const analysis = state.analysis();
  const target = targetAt(analysis, state.lines.offset(position));
  if (target?.kind === 'variable' && target.resolution?.kind === 'loop') {
    return { range: toRange(state.lines, target.ref.nameSpan), placeholder: target.ref.name };
  }
  if (target?.kind === 'declName') {
    const name = constantText(target.name);
    if (name === undefined) throw new ResponseError(LSPErrorCodes.RequestFailed, 'A name with interpolation cannot be renamed.');
    // the name as written (escapes and all): the placeholder is exactly the text of the range rename replaces
    const { start, end } = target.name.contentSpan;
    return { range: toRange(state.lines, target.name.contentSpan), placeholder: state.text.slice(start, end) };
  }
  throw new ResponseError(LSPErrorCodes.RequestFailed, REFUSE);
}

export function rename(doc: DocState, position: Position, newName: string): WorkspaceEdit | null {
  prepareRename(doc, position);
  const state = doc.viewAt(doc.lines.offset(position));
  const analysis = state.analysis();
  const target = targetAt(analysis, state.lines.offset(position))!;
  if (target.kind === 'variable') {
    const name = newName.replace(/^[$@%]\{?/, '').replace(/\}$/, '');
    if (!NAME.test(name)) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, `"${newName}" is not a valid variable name (a letter, then letters, digits, _ or -).`);
    }
    const edits = sameVariable(analysis, target.ref, target.resolution).map((r) => ({ range: toRange(state.lines, r.nameSpan), newText: name }));
    return { changes: { [state.uri]: edits } };
  }
  if (target.kind === 'declName') {
    // read as written, like the placeholder (LANGUAGE.md 10.5)
    const literal = target.name;
    if (literal.quote !== 'swim' && /[\r\n]/.test(newName)) throw new ResponseError(LSPErrorCodes.RequestFailed, 'A name in quotes is one line.');
    const spelled = spellInString(newName, literal.quote);
    if (literal.quote === 'swim' && literal.marker !== undefined && spelled.includes(literal.marker)) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, `The new name holds the string's marker ${literal.marker}.`);
    }
    const read = parseTemplate(spelled);
    if (read.diagnostics.length > 0 || read.parts.some((p) => p.kind !== 'Text')) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, `"${newName}" cannot be a name: a name is fixed text, without template tags.`);
    }
    return { changes: { [state.uri]: [{ range: toRange(state.lines, literal.contentSpan), newText: spelled }] } };
  }
  return null;
}
