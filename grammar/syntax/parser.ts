/**
 * `parse`: text of a `.notify` file → syntax tree + syntax diagnostics
 * (NTF001–NTF004). Never throws; on broken text the tree holds everything
 * that could be read, with missing pieces left undefined.
 */
import type { ChannelBlock, Item, NotifyFile } from './ast';
import type { Diagnostic } from '../diagnostics';
import { diagnostic } from '../diagnostics';
import { lex } from './lexer';
import { parseFileTokens } from './cstParser';
import { AstBuilder } from './toAst';
import type { TemplateSink } from './template';

export interface ParseResult {
  file: NotifyFile;
  diagnostics: Diagnostic[];
}

/** "… to close the channel block" → "… to close the `slack` block": the last channel opened before the error. */
function nameChannels(diagnostics: Diagnostic[], file: NotifyFile): Diagnostic[] {
  const channels: ChannelBlock[] = [];
  for (const item of file.items) if (item.kind === 'Notifier') for (const c of item.clauses) if (c.kind === 'Channel') channels.push(c);
  return diagnostics.map((d) => {
    if (!d.message.includes('the channel block')) return d;
    const open = channels.filter((c) => c.keywordSpan.start < d.span.start).pop();
    return open ? { ...d, message: d.message.replace('the channel block', `the \`${open.channel}\` block`) } : d;
  });
}

export function parse(text: string, sink?: TemplateSink): ParseResult {
  try {
    const lexer = lex(text);
    // Items are converted as the parser reads them (see parseFileTokens).
    const converter = new AstBuilder(text, sink);
    const items: Item[] = [];
    const { errors } = parseFileTokens(lexer.tokens, (node) => {
      const item = converter.item(node);
      if (item) items.push(item);
    });
    const builder = new AstBuilder(text, sink);
    builder.addParseErrors(errors, {
      fallback: { start: text.length, end: text.length },
      quiet: lexer.diagnostics.map((d) => d.span),
      tokens: lexer.tokens,
    });
    const file: NotifyFile = { kind: 'File', span: { start: 0, end: text.length }, items, comments: lexer.comments };
    // The parser's errors first, then the conversion's, as when the tree was converted after parsing.
    const syntax = [...builder.diagnostics, ...converter.diagnostics];
    const diagnostics = [...lexer.diagnostics, ...nameChannels(syntax, file)].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    return { file, diagnostics };
  } catch (e) {
    // A bug here must not take the editor down: report it as a syntax error on the whole file.
    const message =
      e instanceof RangeError
        ? 'This file nests brackets or strings too deeply to be read'
        : `Internal parser error: ${e instanceof Error ? e.message : String(e)}`;
    return {
      file: { kind: 'File', span: { start: 0, end: text.length }, items: [], comments: [] },
      diagnostics: [diagnostic('NTF001', { start: 0, end: 0 }, message)],
    };
  }
}
