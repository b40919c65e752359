import type { Position, SignatureHelp, SignatureInformation } from 'vscode-languageserver/node';
import { lookupFunction } from '../../grammar/functions/builtins';
import type { FunctionDef } from '../../grammar/functions/signature';
import type { Sigil } from '../../grammar/syntax/ast';
import { frameOf } from '../../grammar/complete/cursorContext';
import { contextAt } from './cursor';
import type { DocView } from '../workspace';
import { functionSignature, paramLabel, paramTypeText } from './markdown';

/**
 * Signature help inside `$Func( … )`, from the cursor context: the
 * innermost call open at the cursor, in code or inside a string, closed or
 * still being typed (`text = "$Join(', ', ‸";` has no `)` yet).
 */
export function signatureHelp(state: DocView, position: Position): SignatureHelp | null {
  const offset = state.lines.offset(position);
  const cx = contextAt(state, offset);
  if (cx.expect === 'comment') return null;
  const call = frameOf(cx, 'call');
  if (!call) return null;
  const f = lookupFunction(call.name);
  if (!f) return null;
  return { signatures: [signature(f, call.sigil)], activeSignature: 0, activeParameter: activeParam(f, call.argIndex) };
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
