import type { Position, SignatureHelp, SignatureInformation } from 'vscode-languageserver/node';
import { lookupFunction } from '../../grammar/functions/builtins';
import type { FunctionDef } from '../../grammar/functions/signature';
import type { CallExpr, Sigil } from '../../grammar/syntax/ast';
import { nodePathAt } from '../../grammar/syntax/visit';
import type { DocView } from '../workspace';
import { functionSignature, paramLabel, paramTypeText } from './markdown';

/** How far back the text fallback looks for an unclosed `$Func(`. */
const WINDOW = 2000;

/**
 * Signature help inside `$Func( … )`. The syntax tree gives the call and its
 * arguments; while a call is still being typed (unclosed, half an argument)
 * the text before the cursor is scanned instead.
 */
export function signatureHelp(state: DocView, position: Position): SignatureHelp | null {
  const offset = state.lines.offset(position);
  const fromTree = callFromTree(state, offset);
  const found = fromTree ?? callFromText(state.text, offset);
  if (!found) return null;
  const f = lookupFunction(found.name);
  if (!f) return null;
  return { signatures: [signature(f, found.sigil)], activeSignature: 0, activeParameter: activeParam(f, found.argIndex) };
}

interface FoundCall {
  readonly name: string;
  readonly sigil: Sigil;
  readonly argIndex: number;
}

function callFromTree(state: DocView, offset: number): FoundCall | undefined {
  const path = nodePathAt(state.analysis().file, offset);
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i]!;
    if (n.kind !== 'Call') continue;
    const closed = state.text[n.argsSpan.end - 1] === ')' && n.argsSpan.end > n.argsSpan.start + 1;
    const insideArgs = offset > n.argsSpan.start && (closed ? offset < n.argsSpan.end : offset <= n.argsSpan.end);
    if (!insideArgs) continue;
    return { name: n.name, sigil: n.sigil, argIndex: argIndexInTree(state.text, n, offset) };
  }
  return undefined;
}

function argIndexInTree(text: string, call: CallExpr, offset: number): number {
  let index = 0;
  for (let i = 0; i < call.args.length; i++) {
    const arg = call.args[i]!;
    if (offset <= arg.span.end) return i;
    index = text.slice(arg.span.end, offset).includes(',') ? i + 1 : i;
  }
  return index;
}

/** The innermost unclosed `$Name(` before the cursor, counting commas at its depth; skips quoted strings on the way. */
export function callFromText(text: string, offset: number): FoundCall | undefined {
  const start = Math.max(0, offset - WINDOW);
  const stack: { open: number; commas: number }[] = [];
  let quote: string | undefined;
  for (let i = start; i < offset; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '`') i++;
      else if (c === quote || c === '\n') quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') stack.push({ open: i, commas: 0 });
    else if (c === ')' || c === ']') stack.pop();
    else if (c === ',' && stack.length) stack[stack.length - 1]!.commas++;
  }
  for (let k = stack.length - 1; k >= 0; k--) {
    const { open, commas } = stack[k]!;
    const m = /([$@%])([A-Za-z][A-Za-z0-9_-]*)$/.exec(text.slice(Math.max(0, open - 80), open));
    if (m) return { sigil: m[1] as Sigil, name: m[2]!, argIndex: commas };
  }
  return undefined;
}

function signature(f: FunctionDef, sigil: Sigil): SignatureInformation {
  const label = functionSignature(f, sigil);
  const params: { label: [number, number]; documentation?: { kind: 'markdown'; value: string } }[] = [];
  let at = label.indexOf('(') + 1;
  for (const p of f.params) {
    const text = paramLabel(p);
    params.push({ label: [at, at + text.length], documentation: { kind: 'markdown', value: `\`${paramTypeText(p)}\`${p.doc ? ` — ${p.doc}` : ''}` } });
    at += text.length + 2;
  }
  return { label, documentation: { kind: 'markdown', value: f.doc }, parameters: params };
}

function activeParam(f: FunctionDef, argIndex: number): number {
  const last = f.params.length - 1;
  if (last >= 0 && f.params[last]!.variadic && argIndex > last) return last;
  return argIndex;
}
