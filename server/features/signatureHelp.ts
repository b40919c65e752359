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
export function signatureHelp(state: DocView, position: Position, client: { noActiveParameter: boolean }): SignatureHelp | null {
  const offset = state.lines.offset(position);
  const cx = contextAt(state, offset);
  if (cx.expect === 'comment') return null;
  const call = frameOf(cx, 'call');
  if (!call) return null;
  const f = lookupFunction(call.name);
  if (!f) return null;
  const active = activeParam(f, call.argIndex, client.noActiveParameter);
  // the same at both levels: a client reads the signature's first, and one that reads only the top level must agree
  const sig = signature(f, call.sigil);
  if (active === undefined) return { signatures: [sig], activeSignature: 0 };
  return { signatures: [{ ...sig, activeParameter: active }], activeSignature: 0, activeParameter: active };
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

/**
 * The parameter of argument `argIndex` (LANGUAGE.md 10.5): its own, or the
 * last one when that is variadic. An extra argument has none: `null` where the
 * client takes it; else the last parameter, since LSP 3.17 reads an index past
 * the parameters as the first one (and some clients index with it unchecked);
 * with no parameters at all, nothing (`undefined`: LSP ignores it then).
 */
function activeParam(f: FunctionDef, argIndex: number, nullOk: boolean): number | null | undefined {
  const count = f.params.length;
  if (argIndex < count) return argIndex;
  if (count > 0 && f.params[count - 1]!.variadic) return count - 1;
  if (nullOk) return null;
  return count > 0 ? count - 1 : undefined;
}
