import type { DocumentSymbol } from 'vscode-languageserver/node';
import { SymbolKind } from '../protocol';
import { importPathText } from '../../grammar/catalog/imports';
import { constantText } from '../../grammar/check/expressions';
import type { NotifierDecl } from '../../grammar/syntax/ast';
import { toRange } from '../positions';
import type { DocView } from '../workspace';

/** Outline: imports, notifiers (their channels as children) and samples. */
export function documentSymbols(state: DocView): DocumentSymbol[] {
  const { file } = state.analysis();
  const range = (span: { start: number; end: number }) => toRange(state.lines, span);
  const out: DocumentSymbol[] = [];
  for (const item of file.items) {
    switch (item.kind) {
      case 'Import':
        out.push({
          name: `import ${importPathText(item) ?? '…'}`,
          kind: SymbolKind.File,
          range: range(item.span),
          selectionRange: range(item.path?.span ?? item.span),
        });
        break;
      case 'Notifier': {
        const on = item.clauses.find((c) => c.kind === 'On');
        out.push({
          name: constantText(item.name) || '(unnamed notifier)',
          detail: notifierDetail(item, on?.kind === 'On' ? on.events.map((e) => e.name).join(', ') : undefined),
          kind: SymbolKind.Class,
          range: range(item.span),
          selectionRange: range(item.name?.span ?? item.span),
          children: item.clauses.flatMap((c) =>
            c.kind === 'Channel'
              ? [
                  {
                    name: c.channel,
                    kind: SymbolKind.Module,
                    range: range(c.span),
                    selectionRange: range(c.keywordSpan),
                    children: c.properties.map((p) => ({
                      name: p.name.text,
                      kind: SymbolKind.Property,
                      range: range(p.span),
                      selectionRange: range(p.name.span),
                    })),
                  },
                ]
              : [],
          ),
        });
        break;
      }
      case 'Sample':
        out.push({
          name: constantText(item.name) || '(unnamed sample)',
          detail: item.event ? `for ${item.event.name}` : undefined,
          kind: SymbolKind.Object,
          range: range(item.span),
          selectionRange: range(item.name?.span ?? item.span),
          children: item.assignments.map((a) => ({
            name: `${a.variable.sigil}${a.variable.name}`,
            kind: SymbolKind.Variable,
            range: range(a.span),
            selectionRange: range(a.variable.span),
          })),
        });
        break;
    }
  }
  return out;
}

/** The outline's line for a notifier: its events, then its scope and fan-out or digest (LANGUAGE.md 2.1–2.3). */
function notifierDetail(decl: NotifierDecl, events: string | undefined): string | undefined {
  const parts = events ? [events] : [];
  for (const c of decl.clauses) {
    if (c.kind === 'Scope' && c.name) parts.push(`scope ${c.name.text}`);
    else if (c.kind === 'Each' && c.variable) parts.push(`each ${c.variable.sigil}${c.variable.name}`);
    else if (c.kind === 'Digest') parts.push('digest');
  }
  return parts.length ? parts.join(' · ') : undefined;
}
