import type { Range, TextEdit } from 'vscode-languageserver/node';
import { format } from '../../grammar/format/format';
import { formatRange as formatSelection } from '../../grammar/format/range';
import { toRange, toSpan } from '../positions';
import type { DocState } from '../workspace';

/**
 * Document formatting: one edit replacing the whole text, or none when the
 * text is already formatted. A file with syntax errors is left alone (the
 * formatter reports them and `changed` is false).
 */
export function formatDocument(state: DocState): TextEdit[] {
  const result = format(state.text);
  if (!result.changed || result.text === state.text) return [];
  return [{ range: toRange(state.lines, { start: 0, end: state.text.length }), newText: result.text }];
}

/**
 * Range formatting: the edits of `formatRange` (grammar/format/range), each
 * inside the selection, verified not to break the file.
 */
export function formatRange(state: DocState, range: Range): TextEdit[] {
  return formatSelection(state.text, toSpan(state.lines, range)).map((e) => ({ range: toRange(state.lines, e), newText: e.newText }));
}
