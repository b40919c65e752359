import { CodeActionKind, type CodeAction, type CodeActionContext, type Range, type TextEdit } from 'vscode-languageserver/node';
import type { Diagnostic, Fix } from '../../grammar/diagnostics';
import { toRange, toSpan } from '../positions';
import type { DocState, DocView } from '../workspace';
import { toLsp } from './diagnostics';

/**
 * Quick fixes come from the checker: every diagnostic touching the range
 * offers its `fixes` (the checker's `preferred` one is the editor's
 * preferred fix). "Fix all" applies every diagnostic's preferred fix whose
 * edits do not overlap an earlier one.
 */
export function codeActions(doc: DocState, range: Range, context: CodeActionContext): CodeAction[] {
  const only = context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const out: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const docSpan = toSpan(doc.lines, range);
    for (const state of doc.views()) {
      if (state.base > docSpan.end || state.base + state.text.length < docSpan.start) continue;
      out.push(...quickFixes(state, range));
    }
  }
  if (wants(CodeActionKind.SourceFixAll) || (only?.includes(CodeActionKind.Source) ?? false)) {
    const all = doc.views().flatMap((v) => fixAll(v, v.analysis().diagnostics));
    if (all.length) {
      out.push({ title: 'Fix all auto-fixable problems', kind: CodeActionKind.SourceFixAll, edit: { changes: { [doc.uri]: all } } });
    }
  }
  return out;
}

function quickFixes(state: DocView, range: Range): CodeAction[] {
  const span = toSpan(state.lines, range);
  const out: CodeAction[] = [];
  {
    for (const d of state.analysis().diagnostics) {
      if (!d.fixes?.length || d.span.end < span.start || d.span.start > span.end) continue;
      const lsp = toLsp(state, d, undefined);
      for (const fix of d.fixes) {
        out.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [lsp],
          isPreferred: fix.preferred === true,
          edit: { changes: { [state.uri]: edits(state, fix) } },
        });
      }
    }
  }
  return out;
}

function edits(state: DocView, fix: Fix): TextEdit[] {
  return fix.edits.map((e) => ({ range: toRange(state.lines, e.span), newText: e.newText }));
}

function fixAll(state: DocView, diagnostics: readonly Diagnostic[]): TextEdit[] {
  const taken: { start: number; end: number }[] = [];
  const out: TextEdit[] = [];
  for (const d of diagnostics) {
    const fix = d.fixes?.find((f) => f.preferred);
    if (!fix) continue;
    const overlaps = fix.edits.some((e) => taken.some((t) => e.span.start < t.end && t.start < e.span.end));
    if (overlaps) continue;
    for (const e of fix.edits) taken.push(e.span);
    out.push(...edits(state, fix));
  }
  return out;
}
