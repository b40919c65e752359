import assert from 'node:assert/strict';
import { BUILTIN_CATALOG } from '../../../grammar/catalog/builtin';
import type { FunctionDef } from '../../../grammar/functions/signature';
import { buildScope, makeEnv } from '../../../grammar/render/environment';
import type { EvalEnv, EvalLimits } from '../../../grammar/render/evaluate';
import type { Expr, NotifyFile } from '../../../grammar/syntax/ast';
import { parse } from '../../../grammar/syntax/parser';

/** Parses text that must have no syntax errors. */
export function parseOk(text: string): NotifyFile {
  const { file, diagnostics } = parse(text);
  assert.deepEqual(diagnostics.map((d) => `${d.code} ${d.message}`), [], 'the test source must parse cleanly');
  return file;
}

/** The expression `src`, parsed as the value of a property. */
export function exprOf(src: string): { expr: Expr; text: string } {
  const text = `notifier "n" { on package.added; webhook { body = ${src}; } }`;
  const file = parseOk(text);
  const notifier = file.items[0]!;
  if (notifier.kind !== 'Notifier') throw new Error('no notifier');
  const channel = notifier.clauses.find((c) => c.kind === 'Channel');
  if (!channel || channel.kind !== 'Channel') throw new Error('no channel');
  return { expr: channel.properties[0]!.value!, text };
}

/** An environment of the catalog's examples for `event`, with the given functions. */
export function envFor(
  event: string,
  functions: (name: string) => FunctionDef | undefined,
  limits?: Partial<EvalLimits>,
): EvalEnv {
  const def = BUILTIN_CATALOG.events.get(event)!;
  const scope = buildScope(def, 'n', undefined, functions, limits);
  return makeEnv(scope.variables, functions, limits);
}

export const noFunctions = (): undefined => undefined;
