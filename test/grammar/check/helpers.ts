import assert from 'node:assert/strict';
import { analyze, type Analysis } from '../../../grammar/analyze';
import type { ImportHost } from '../../../grammar/catalog/imports';
import type { Diagnostic, DiagnosticCode, Severity } from '../../../grammar/diagnostics';

/** Serves imports from an in-memory table, as a language server's host would from disk. */
export function hostOf(files: Record<string, string> = {}): ImportHost {
  return {
    readImport(path) {
      const text = files[path];
      return text === undefined ? { error: `file not found: ${path}` } : { text, resolvedPath: `/project/${path}` };
    },
  };
}

export function run(text: string, files: Record<string, string> = {}): Analysis {
  return analyze(text, hostOf(files));
}

export function codes(text: string, files: Record<string, string> = {}): string[] {
  return run(text, files).diagnostics.map((d) => d.code);
}

export function spanText(text: string, d: Diagnostic): string {
  return text.slice(d.span.start, d.span.end);
}

/** Applies a fix's edits (from the end, so earlier offsets stay valid). */
export function applyFix(text: string, d: Diagnostic, which = 0): string {
  const fix = d.fixes?.[which];
  assert.ok(fix, `${d.code} has no fix: ${d.message}`);
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.span.start - a.span.start)) {
    out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  }
  return out;
}

/**
 * The one diagnostic of `code` in `text`, checked for severity and the exact
 * text it points at.
 */
export function expectOne(
  text: string,
  code: DiagnosticCode,
  severity: Severity,
  span: string,
  files: Record<string, string> = {},
): Diagnostic {
  const all = run(text, files).diagnostics;
  const found = all.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got: ${JSON.stringify(all.map((d) => `${d.code} ${d.message}`), null, 1)}`);
  const d = found[0]!;
  assert.equal(d.severity, severity);
  assert.equal(spanText(text, d), span);
  assert.ok(d.message.length > 10);
  return d;
}

/** No diagnostics at all (any code), with a readable failure. */
export function expectClean(text: string, files: Record<string, string> = {}): void {
  const all = run(text, files).diagnostics;
  assert.deepEqual(
    all.map((d) => `${d.code} ${JSON.stringify(spanText(text, d))}: ${d.message}`),
    [],
  );
}

/** A notifier around a body, for short tests. */
export function notifier(body: string, on = 'package.added'): string {
  return `notifier "N" {\n    on ${on};\n${body}\n}\n`;
}

export const SLACK_URL = 'url = $Secret("s");';
