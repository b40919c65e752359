import type { CodeAction, CodeActionContext, Range, TextEdit } from 'vscode-languageserver/node';
import { CodeActionKind } from '../protocol';
import { conversionsAt } from '../../grammar/convert';
import type { Diagnostic, TextEdit as GrammarEdit } from '../../grammar/diagnostics';
import { fixAllEdits } from '../../grammar/fixAll';
import type { Node, NotifierDecl } from '../../grammar/syntax/ast';
import { nodePathAt } from '../../grammar/syntax/visit';
import { toRange, toSpan } from '../positions';
import type { DocState, DocView } from '../workspace';
import { toLsp } from './diagnostics';

/**
 * Quick fixes come from the checker: every diagnostic touching the range
 * offers its `fixes` (the checker's `preferred` one is the editor's
 * preferred fix), at most MAX_QUICK_FIXES of them per request, as diagnostics
 * are published (a range over a whole generated file would otherwise answer
 * megabytes). "Fix all" applies every diagnostic's preferred fix whose edits
 * do not overlap an earlier one (grammar/fixAll.ts).
 */
export const MAX_QUICK_FIXES = 1000;

/**
 * `clientCommands`: the commands the client runs itself (initializationOptions
 * `clientCommands`); an action carries a command only when the client has it,
 * since any other client would send it back to a server that does not run it.
 */
export function codeActions(doc: DocState, range: Range, context: CodeActionContext, clientCommands: ReadonlySet<string> = new Set()): CodeAction[] {
  const only = context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const out: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const docSpan = toSpan(doc.lines, range);
    for (const state of doc.views()) {
      if (state.base > docSpan.end || state.base + state.text.length < docSpan.start) continue;
      out.push(...quickFixes(state, range, clientCommands));
    }
    out.splice(MAX_QUICK_FIXES);
  }
  if (wants(CodeActionKind.RefactorRewrite)) {
    const docSpan = toSpan(doc.lines, range);
    for (const state of doc.views()) {
      if (state.base > docSpan.end || state.base + state.text.length < docSpan.start) continue;
      out.push(...conversionActions(state, range));
    }
  }
  if (wants(CodeActionKind.SourceFixAll) || (only?.includes(CodeActionKind.Source) ?? false)) {
    const all = doc.views().flatMap((v) => lspEdits(v, fixAllEdits(v.analysis().diagnostics)));
    if (all.length) {
      out.push({ title: 'Fix all auto-fixable problems', kind: CodeActionKind.SourceFixAll, edit: { changes: { [doc.uri]: all } } });
    }
  }
  return out;
}

function quickFixes(state: DocView, range: Range, clientCommands: ReadonlySet<string>): CodeAction[] {
  const span = toSpan(state.lines, range);
  const out: CodeAction[] = [];
  {
    for (const d of state.analysis().diagnostics) {
      if (out.length >= MAX_QUICK_FIXES) break;
      if (d.span.end < span.start || d.span.start > span.end) continue;
      if (d.code === 'NTF301') out.push(...addOnClause(state, d, clientCommands.has('notify.suggestAt')));
      if (d.code === 'NTF103') out.push(...guardPartialVariable(state, d));
      if (!d.fixes?.length) continue;
      const lsp = toLsp(state, d, undefined);
      for (const fix of d.fixes ?? []) {
        out.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [lsp],
          isPreferred: fix.preferred === true,
          edit: { changes: { [state.uri]: lspEdits(state, fix.edits) } },
        });
      }
    }
  }
  return out;
}

/** The channels' converters (grammar/convert.ts) that apply to the block at the range: the same edits `notify convert` makes. */
function conversionActions(state: DocView, range: Range): CodeAction[] {
  const span = toSpan(state.lines, range);
  return conversionsAt(state.analysis().file, state.text, span).map((c) => ({
    title: c.converter.title,
    kind: CodeActionKind.RefactorRewrite,
    edit: { changes: { [state.uri]: lspEdits(state, c.edits) } },
  }));
}

function lspEdits(state: DocView, edits: readonly GrammarEdit[]): TextEdit[] {
  return edits.map((e) => ({ range: toRange(state.lines, e.span), newText: e.newText }));
}

/**
 * NTF301: insert `on ;` as the notifier's first clause, put the cursor
 * between `on` and `;` and open event completion (the extension's
 * `notify.suggestAt` command; other editors get the clause without the cursor move).
 */
function addOnClause(state: DocView, d: Diagnostic, suggestAt: boolean): CodeAction[] {
  const notifier = state.analysis().file.items.find((i): i is NotifierDecl => i.kind === 'Notifier' && i.span.start <= d.span.start && d.span.end <= i.span.end);
  if (!notifier?.bodySpan) return [];
  const text = state.text;
  const open = notifier.bodySpan.start + 1;
  const firstClause = notifier.clauses[0];
  const lineStart = firstClause ? text.lastIndexOf('\n', firstClause.span.start - 1) + 1 : -1;
  const indent = firstClause ? /^[ \t]*/.exec(text.slice(lineStart))![0] : '    ';
  const newText = `\n${indent}on ;`;
  // where the cursor goes once the edit is applied: on the inserted line, after `on `
  const at = { line: state.lines.position(open).line + 1, character: indent.length + 3 };
  return [
    {
      title: 'Add an `on` clause',
      kind: CodeActionKind.QuickFix,
      diagnostics: [toLsp(state, d, undefined)],
      isPreferred: true,
      edit: { changes: { [state.uri]: [{ range: toRange(state.lines, { start: open, end: open }), newText }] } },
      ...(suggestAt ? { command: { title: 'Choose the events', command: 'notify.suggestAt', arguments: [state.uri, at.line, at.character] } } : {}),
    },
  ];
}

/**
 * NTF103 (a variable only some of the notifier's events define): use a
 * fallback with `$Coalesce(…, "…")`, or, in a string, show the text only
 * when it is defined (`<% if $IsVariableDefined("…") { %>…<% } %>`).
 */
function guardPartialVariable(state: DocView, d: Diagnostic): CodeAction[] {
  const path = nodePathAt(state.analysis().file, d.span.start);
  let i = path.length - 1;
  while (i >= 0 && path[i]!.kind !== 'Variable') i--;
  if (i < 0) return [];
  const variable = path[i] as Extract<Node, { kind: 'Variable' }>;
  const parent = path[i - 1];
  const str = [...path.slice(0, i)].reverse().find((n): n is Extract<Node, { kind: 'String' }> => n.kind === 'String');
  const diagnostics = [toLsp(state, d, undefined)];
  const action = (title: string, span: { start: number; end: number }, newText: string): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    edit: { changes: { [state.uri]: [{ range: toRange(state.lines, span), newText }] } },
  });
  const out: CodeAction[] = [];
  if (variable.sigil === '$') {
    const inText = parent?.kind === 'Interpolation' && (parent.form === 'name' || parent.form === 'braced');
    const quote = str && inText ? (str.quote === '"' ? "'" : '"') : '"';
    const call = `$Coalesce($${variable.name}, ${quote}${quote})`;
    out.push(action(`Use a fallback: ${call}`, inText ? parent.span : variable.span, call));
  }
  if (str && parent?.kind === 'Interpolation') {
    const guarded = `<% if $IsVariableDefined(${str.quote === '"' ? "'" : '"'}${variable.name}${str.quote === '"' ? "'" : '"'}) { %>${state.text.slice(parent.span.start, parent.span.end)}<% } %>`;
    out.push(action(`Show it only when defined: <% if $IsVariableDefined(…) %>`, parent.span, guarded));
  }
  return out;
}
