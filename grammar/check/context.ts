import type { Catalog } from '../catalog/catalog';
import type { Diagnostic } from '../diagnostics';
import type { FunctionDef } from '../functions/signature';
import type { Span } from '../syntax/ast';
import type { ModelBuilder } from './model';

/** The function table the checker resolves calls against (the built-ins, by default). */
export interface FunctionTable {
  lookup(name: string): FunctionDef | undefined;
  readonly all: readonly FunctionDef[];
}

/** What every part of the checker shares while checking one file. */
export interface CheckContext {
  readonly model: ModelBuilder;
  readonly functions: FunctionTable;
  /** The file text, for quick fixes that reuse written code; fixes needing it are left out without it. */
  readonly text: string | undefined;
  /** The events the file can see, to say where an unknown variable does exist. */
  readonly catalog?: Catalog;
  /** Variables `$Env` may read besides `NOTIFY_ENV_*`. */
  readonly allowedEnv?: readonly string[];
  report(d: Diagnostic): void;
}

export function sourceOf(ctx: CheckContext, span: Span): string | undefined {
  return ctx.text?.slice(span.start, span.end);
}

/**
 * Runs one check so that a bug in it costs that check's diagnostics, never
 * the whole analysis (the language server must not crash on any input).
 */
export function guarded<R>(fallback: R, run: () => R): R {
  try {
    return run();
  } catch (e) {
    if (strict) throw e;
    return fallback;
  }
}

let strict = false;

/** Tests turn this on so a checker bug fails the test instead of hiding as "no diagnostics". */
export function setStrictChecks(on: boolean): void {
  strict = on;
}

export function strictChecks(): boolean {
  return strict;
}

/** The span to delete to remove `span`: its whole line when nothing else is on it. */
export function removalSpan(ctx: CheckContext, span: Span): Span {
  const text = ctx.text;
  if (!text) return span;
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const newline = text.indexOf('\n', span.end);
  const lineEnd = newline < 0 ? text.length : newline;
  if (/^[ \t]*$/.test(text.slice(lineStart, span.start)) && /^[ \t]*$/.test(text.slice(span.end, lineEnd))) {
    return { start: lineStart, end: newline < 0 ? text.length : newline + 1 };
  }
  return span;
}
