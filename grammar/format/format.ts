/**
 * Placeholder until the printer lands: returns the text unchanged with the
 * syntax diagnostics, which is what `format` does for broken text anyway.
 */
import { parse } from '../syntax/parser';
import type { Diagnostic } from '../diagnostics';

export interface FormatResult {
  text: string;
  changed: boolean;
  diagnostics: Diagnostic[];
}

export function format(text: string): FormatResult {
  return { text, changed: false, diagnostics: parse(text).diagnostics };
}
