import type { TextLimit } from '../channels/properties';
import { utf8Length } from '../channels/http';
import { diagnostic, type Fix } from '../diagnostics';
import type { ChannelBlock, Expr } from '../syntax/ast';
import type { CheckContext } from './context';

/**
 * Documented limits at check time (NTF225, NTF226): a value is reported only
 * when the file proves it too long — the text written in a template is a
 * lower bound of what it renders to (interpolated values may be empty), and
 * `$Truncate(text, n)` caps it. The renderer checks the text sent
 * (grammar/render/properties.ts), so what is unknown here is caught there.
 */

/** The least size `expr` can render to, in `unit`. */
export function lowerBound(expr: Expr, unit: TextLimit['unit']): number {
  const size = (text: string) => (unit === 'bytes' ? utf8Length(text) : text.length);
  switch (expr.kind) {
    case 'String': {
      let n = 0;
      for (const part of expr.parts) {
        if (part.kind === 'Text') n += size(part.value);
        else if (part.kind === 'Interpolation' && part.expr) n += lowerBound(part.expr, unit);
        // `<% if %>` and `<% foreach %>` may render nothing.
      }
      return n;
    }
    case 'Paren':
      return expr.expr ? lowerBound(expr.expr, unit) : 0;
    case 'Call': {
      const cap = truncateCap(expr);
      if (cap === undefined) return 0;
      // At most `n` characters, each at least one byte: a character count caps a byte count from below too.
      return Math.min(expr.args[0] ? lowerBound(expr.args[0], unit) : 0, cap);
    }
    default:
      return 0;
  }
}

/** `$Truncate(text, n[, suffix])` with a literal `n`: the most characters it returns. */
function truncateCap(call: Expr & { kind: 'Call' }): number | undefined {
  if (call.name.toLowerCase() !== 'truncate') return undefined;
  const n = call.args[1];
  return n?.kind === 'Number' && Number.isInteger(n.value) && n.value >= 0 ? n.value : undefined;
}

function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}

/** "Discord allows at most 256 characters in `title`" — the wording of the render error too. */
function limitText(limit: TextLimit, max: number, where: string): string {
  return `${limit.service} allows at most ${formatNumber(max)} ${limit.unit} in ${where}`;
}

/**
 * The `n` of the quick fix's `$Truncate(…, n)`: $Truncate counts UTF-16 code
 * units, each at most 3 bytes of UTF-8, so a byte limit takes a third.
 */
export function truncateLength(limit: TextLimit, max: number): number {
  return limit.unit === 'bytes' ? Math.floor(max / 3) : max;
}

/** The limit of one property's value (`where` names it: "`title`", "the value of `fields` \"x\""). */
function checkOne(ctx: CheckContext, limit: TextLimit, max: number, value: Expr, where: string, fixable: boolean): void {
  const least = lowerBound(value, limit.unit);
  if (least <= max) return;
  const code = limit.warning ? 'NTF226' : 'NTF225';
  const source = ctx.text?.slice(value.span.start, value.span.end);
  const n = truncateLength(limit, max);
  const fixes: Fix[] =
    fixable && source !== undefined
      ? [{ title: `Truncate to ${formatNumber(n)} characters with $Truncate`, edits: [{ span: value.span, newText: `$Truncate(${source}, ${n})` }], preferred: true }]
      : [];
  const size = value.kind === 'String' && value.parts.every((p) => p.kind === 'Text') ? `it has ${formatNumber(least)}` : `its written text alone has ${formatNumber(least)}`;
  ctx.report(
    diagnostic(code, value.span, `${limitText(limit, max, where)}; ${size}${limit.warning ? ` (${limit.warning})` : ''}.`, { fixes }),
  );
}

/** A property's limit: its text, or each key and value of a written map, and the number of entries. */
export function checkPropertyLimit(ctx: CheckContext, name: string, limit: TextLimit, value: Expr): void {
  if (value.kind !== 'Map') {
    checkOne(ctx, limit, limit.max, value, `\`${name}\``, true);
    return;
  }
  if (limit.entriesMax !== undefined && value.entries.length > limit.entriesMax) {
    ctx.report(
      diagnostic('NTF225', value.span, `${limit.service} allows at most ${limit.entriesMax} entries in \`${name}\`; this map has ${value.entries.length}.`),
    );
  }
  for (const entry of value.entries) {
    if (limit.keyMax !== undefined) {
      const keyLength = limit.unit === 'bytes' ? utf8Length(entry.key) : entry.key.length;
      if (keyLength > limit.keyMax) {
        ctx.report(diagnostic('NTF225', entry.keySpan, `${limitText(limit, limit.keyMax, `a key of \`${name}\``)}; this one has ${formatNumber(keyLength)}.`));
      }
    }
    if (entry.value) checkOne(ctx, limit, limit.max, entry.value, `a value of \`${name}\``, true);
  }
}

/**
 * A limit on the whole message: the written text of the block's properties
 * adds up to at least their lower bounds (the envelope around them is not
 * counted, so this errs on the quiet side).
 */
export function checkMessageLimit(ctx: CheckContext, block: ChannelBlock, limit: TextLimit, counted: (property: string) => boolean): void {
  let least = 0;
  for (const prop of block.properties) {
    if (!prop.value || !counted(prop.name.text)) continue;
    least += sizeOfWritten(prop.value, limit.unit);
  }
  if (least <= limit.max) return;
  ctx.report(
    diagnostic(
      limit.warning ? 'NTF226' : 'NTF225',
      block.keywordSpan,
      `${limitText(limit, limit.max, 'a message')}; the text written in this block alone has ${formatNumber(least)}. Shorten it, or cap long values with $Truncate.`,
    ),
  );
}

/** Lower bound of a value that may be a list or map of texts (Teams `body`, `facts`). */
function sizeOfWritten(expr: Expr, unit: TextLimit['unit']): number {
  if (expr.kind === 'List') return expr.items.reduce((n, item) => n + sizeOfWritten(item, unit), 0);
  if (expr.kind === 'Map') return expr.entries.reduce((n, e) => n + (e.value ? sizeOfWritten(e.value, unit) : 0), 0);
  return lowerBound(expr, unit);
}
