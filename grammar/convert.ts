import type { Converter } from './channels/channel';
import { CONVERTERS, type ChannelKind } from './channels/registry';
import type { Diagnostic, TextEdit } from './diagnostics';
import type { ChannelBlock, NotifyFile } from './syntax/ast';

/**
 * The converter framework (docs/LANGUAGE.md section 10, `notify convert`):
 * channel modules export `converters`; this runs them over a parsed file,
 * for the CLI, and attaches them as quick fixes, for the checker. Pure.
 */
export interface Conversion {
  readonly converter: Converter & { readonly channel: ChannelKind };
  readonly block: ChannelBlock;
  readonly edits: readonly TextEdit[];
}

export function channelBlocks(file: NotifyFile): ChannelBlock[] {
  const out: ChannelBlock[] = [];
  for (const item of file.items) {
    if (item.kind !== 'Notifier') continue;
    for (const clause of item.clauses) if (clause.kind === 'Channel') out.push(clause);
  }
  return out;
}

/** Every conversion that applies to `file`, in file order; `only` limits them to those converter ids. */
export function conversions(file: NotifyFile, text: string, only?: ReadonlySet<string>): Conversion[] {
  const out: Conversion[] = [];
  for (const block of channelBlocks(file)) {
    for (const converter of CONVERTERS) {
      if (converter.channel !== block.channel || (only && !only.has(converter.id))) continue;
      const edits = safeConvert(converter, block, text);
      // One conversion per block: a second converter sees the block as it was, so its edits could collide.
      if (edits) {
        out.push({ converter, block, edits });
        break;
      }
    }
  }
  return out;
}

/** The conversions of the channel block that contains `span`, for the editor's refactorings. */
export function conversionsAt(file: NotifyFile, text: string, span: { readonly start: number; readonly end: number }): Conversion[] {
  const out: Conversion[] = [];
  for (const block of channelBlocks(file)) {
    if (block.span.start > span.start || span.end > block.span.end) continue;
    for (const converter of CONVERTERS) {
      if (converter.channel !== block.channel) continue;
      const edits = safeConvert(converter, block, text);
      if (edits) out.push({ converter, block, edits });
    }
  }
  return out;
}

/**
 * `text` with `edits` applied (non-overlapping spans into `text`; insertions
 * at one offset in their order in `edits`, as LSP applies them). One pass
 * over the text: "fix all" on a large file applies tens of thousands.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const parts: string[] = [];
  let at = 0;
  for (const e of sorted) {
    // never backwards: an edit overlapping the one before it (which callers do not make) cannot duplicate text
    parts.push(text.slice(at, Math.max(at, e.span.start)), e.newText);
    at = Math.max(at, e.span.end);
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** The codes some converter fixes; made on first use (this runs once per checked piece, and CONVERTERS may not be initialised at import). */
let converterCodes: ReadonlySet<string> | undefined;

/**
 * Adds each converter's edits as a fix to the diagnostics with its code
 * inside a block it applies to: the quick fix is the same function
 * `notify convert` runs.
 */
export function withConverterFixes(file: NotifyFile, text: string | undefined, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const codes = (converterCodes ??= new Set(CONVERTERS.flatMap((c) => (c.code ? [c.code] : []))));
  if (text === undefined || !diagnostics.some((d) => codes.has(d.code))) return [...diagnostics];
  const blocks = channelBlocks(file);
  const cache = new Map<string, readonly TextEdit[] | undefined>();
  return diagnostics.map((d) => {
    if (!codes.has(d.code)) return d;
    const block = blocks.find((b) => b.span.start <= d.span.start && d.span.end <= b.span.end);
    if (!block) return d;
    const fixes = [...(d.fixes ?? [])];
    for (const converter of CONVERTERS) {
      if (!converter.code || converter.code !== d.code || converter.channel !== block.channel) continue;
      const key = `${converter.id}@${block.span.start}`;
      if (!cache.has(key)) cache.set(key, safeConvert(converter, block, text));
      const edits = cache.get(key);
      if (edits) fixes.push({ title: converter.title, edits });
    }
    return fixes.length === (d.fixes?.length ?? 0) ? d : { ...d, fixes };
  });
}

/** A converter that throws, or edits outside its block, converts nothing (the checker never crashes on a converter's bug). */
function safeConvert(converter: Converter, block: ChannelBlock, text: string): readonly TextEdit[] | undefined {
  let edits: readonly TextEdit[] | undefined;
  try {
    edits = converter.convert(block, text);
  } catch {
    return undefined;
  }
  if (!edits || edits.length === 0) return undefined;
  if (edits.some((e) => e.span.start < block.span.start || e.span.end > block.span.end || e.span.start > e.span.end)) return undefined;
  return crlfBlock(text, block) ? edits.map((e) => ({ ...e, newText: e.newText.replace(/\r?\n/g, '\r\n') })) : edits;
}

/** Whether the block's first line ends with CRLF: converters write `\n`, and a CRLF file keeps its line breaks (LANGUAGE.md 10, "Converters"). */
function crlfBlock(text: string, block: ChannelBlock): boolean {
  const newline = text.indexOf('\n', block.span.start);
  return newline > 0 && text[newline - 1] === '\r';
}
