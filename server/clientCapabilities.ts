import type {
  ClientCapabilities,
  CodeAction,
  Command,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  MarkupContent,
  SignatureHelp,
  SymbolInformation,
} from 'vscode-languageserver/node';
import { InsertTextFormat } from './protocol';

/**
 * What the client said it takes (`initialize`'s capabilities), and the
 * answers reshaped to it (LANGUAGE.md 10.5, "Client capabilities"). The
 * features compute the richest form (what VS Code takes); a client that
 * did not declare a form gets the plain one LSP defines as the default:
 * plain text for Markdown, plain text for snippets, `SymbolInformation`
 * for a document outline, string labels for parameters, no code action
 * literals. A client that sends no capabilities at all (`{}`) gets only
 * what every LSP client reads.
 */
export interface ClientShape {
  readonly snippets: boolean;
  readonly completionMarkdown: boolean;
  readonly labelDetails: boolean;
  readonly hoverMarkdown: boolean;
  readonly signatureMarkdown: boolean;
  readonly labelOffsets: boolean;
  readonly activeParameterInSignature: boolean;
  readonly hierarchicalSymbols: boolean;
  readonly codeActionLiterals: boolean;
  /** `isPreferred` on code actions (`codeAction.isPreferredSupport`). */
  readonly preferredActions: boolean;
  /** `tooltip` on document links (`documentLink.tooltipSupport`). */
  readonly linkTooltips: boolean;
  readonly prepareRename: boolean;
  readonly relatedInformation: boolean;
  readonly codeDescription: boolean;
  readonly foldingRangeLimit: number | undefined;
  readonly foldingLineOnly: boolean;
  /**
   * The commands the client runs itself (initializationOptions
   * `clientCommands`): a completion item carries a `command` only when it is
   * one of them, since any other client would send it back to a server that
   * does not run it.
   */
  readonly commands: ReadonlySet<string>;
}

/** The richest shape: every form the features produce (what VS Code's client declares). */
export const FULL_CLIENT: ClientShape = {
  snippets: true,
  completionMarkdown: true,
  labelDetails: true,
  hoverMarkdown: true,
  signatureMarkdown: true,
  labelOffsets: true,
  activeParameterInSignature: true,
  hierarchicalSymbols: true,
  codeActionLiterals: true,
  preferredActions: true,
  linkTooltips: true,
  prepareRename: true,
  relatedInformation: true,
  codeDescription: true,
  foldingRangeLimit: undefined,
  foldingLineOnly: false,
  commands: new Set(['editor.action.triggerSuggest', 'notify.suggestAt']),
};

const markdownIn = (formats: unknown): boolean => Array.isArray(formats) && formats.includes('markdown');

export function clientShapeOf(capabilities: ClientCapabilities | undefined, commands: ReadonlySet<string> = new Set()): ClientShape {
  const td = (typeof capabilities === 'object' && capabilities !== null ? capabilities.textDocument : undefined) ?? {};
  const completionItem = td.completion?.completionItem;
  const signature = td.signatureHelp?.signatureInformation;
  const limit = td.foldingRange?.rangeLimit;
  return {
    snippets: completionItem?.snippetSupport === true,
    completionMarkdown: markdownIn(completionItem?.documentationFormat),
    labelDetails: completionItem?.labelDetailsSupport === true,
    hoverMarkdown: markdownIn(td.hover?.contentFormat),
    signatureMarkdown: markdownIn(signature?.documentationFormat),
    labelOffsets: signature?.parameterInformation?.labelOffsetSupport === true,
    activeParameterInSignature: signature?.activeParameterSupport === true,
    hierarchicalSymbols: td.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    codeActionLiterals: typeof td.codeAction?.codeActionLiteralSupport === 'object' && td.codeAction.codeActionLiteralSupport !== null,
    preferredActions: td.codeAction?.isPreferredSupport === true,
    linkTooltips: td.documentLink?.tooltipSupport === true,
    prepareRename: td.rename?.prepareSupport === true,
    relatedInformation: td.publishDiagnostics?.relatedInformation === true,
    codeDescription: td.publishDiagnostics?.codeDescriptionSupport === true,
    foldingRangeLimit: typeof limit === 'number' && Number.isInteger(limit) && limit >= 0 ? limit : undefined,
    foldingLineOnly: td.foldingRange?.lineFoldingOnly === true,
    commands,
  };
}

/** Markdown as readable plain text: fences, backticks and emphasis marks dropped, links as `text (url)`. */
export function markdownToPlain(value: string): string {
  return value
    .split('\n')
    .filter((line) => !/^\s*```/.test(line))
    .join('\n')
    .replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|>])/g, '$1');
}

/** Documentation (of a completion item, a signature, a parameter) for a client without Markdown: a string, which LSP reads as plain text. */
function plainMarkup(doc: MarkupContent | string | undefined, markdown: boolean): MarkupContent | string | undefined {
  if (markdown || doc === undefined || typeof doc === 'string') return doc;
  return doc.kind === 'markdown' ? markdownToPlain(doc.value) : doc.value;
}

/** A snippet's text as it would read once inserted with every placeholder at its default (`${1:x}` → `x`, `$0` → ``). */
export function snippetToPlain(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i]!;
    if (c === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1]!)) {
      out += snippet[++i];
    } else if (c === '$') {
      const tab = /^\$(\d+)/.exec(snippet.slice(i));
      if (tab) {
        i += tab[0].length - 1;
        continue;
      }
      const open = /^\$\{(\d+)(:|\|)?/.exec(snippet.slice(i));
      if (open) {
        // the default text, up to the matching `}` (placeholders nest)
        let depth = 1;
        let j = i + open[0].length;
        let inner = '';
        while (j < snippet.length && depth > 0) {
          const d = snippet[j]!;
          if (d === '\\' && j + 1 < snippet.length) {
            inner += d + snippet[j + 1]!;
            j += 2;
            continue;
          }
          if (d === '{' && snippet[j - 1] === '$') depth++;
          else if (d === '}') depth--;
          if (depth > 0) inner += d;
          j++;
        }
        // a choice `${1|a,b|}` takes its first option
        out += open[2] === '|' ? inner.split(/[,|]/)[0] ?? '' : snippetToPlain(inner);
        i = j - 1;
        continue;
      }
      out += c;
    } else out += c;
  }
  return out;
}

function completionItem(item: CompletionItem, client: ClientShape): CompletionItem {
  let out = item;
  if (!client.snippets && out.insertTextFormat === InsertTextFormat.Snippet) {
    out = { ...out, insertTextFormat: InsertTextFormat.PlainText };
    if (out.textEdit) out.textEdit = { ...out.textEdit, newText: snippetToPlain(out.textEdit.newText) };
    if (out.insertText !== undefined) out.insertText = snippetToPlain(out.insertText);
  }
  if (out.command && !client.commands.has(out.command.command)) {
    const { command: _dropped, ...rest } = out;
    out = rest;
  }
  if (!client.completionMarkdown && out.documentation !== undefined) out = { ...out, documentation: plainMarkup(out.documentation, false) };
  if (!client.labelDetails && out.labelDetails !== undefined) {
    const { labelDetails, ...rest } = out;
    out = rest;
    if (out.detail === undefined && (labelDetails.description || labelDetails.detail)) out.detail = (labelDetails.description ?? labelDetails.detail?.trim())!;
  }
  return out;
}

export function shapeCompletion(list: CompletionList | null, client: ClientShape): CompletionList | null {
  if (!list) return list;
  return { ...list, items: list.items.map((i) => completionItem(i, client)) };
}

export function shapeCompletionItem(item: CompletionItem, client: ClientShape): CompletionItem {
  return completionItem(item, client);
}

export function shapeHover(hover: Hover | null, client: ClientShape): Hover | null {
  if (!hover || client.hoverMarkdown) return hover;
  const contents = hover.contents;
  // MarkupContent of kind plaintext (a bare string would be a MarkedString, which LSP reads as Markdown)
  if (typeof contents === 'object' && contents !== null && 'kind' in contents && contents.kind === 'markdown') return { ...hover, contents: { kind: 'plaintext', value: markdownToPlain(contents.value) } };
  return hover;
}

export function shapeSignatureHelp(help: SignatureHelp | null, client: ClientShape): SignatureHelp | null {
  if (!help) return help;
  return {
    ...help,
    signatures: help.signatures.map((sig) => {
      const { activeParameter, ...rest } = sig;
      return {
        ...rest,
        ...(client.activeParameterInSignature && activeParameter !== undefined ? { activeParameter } : {}),
        documentation: plainMarkup(sig.documentation, client.signatureMarkdown),
        parameters: sig.parameters?.map((p) => ({
          ...p,
          label: client.labelOffsets || typeof p.label === 'string' ? p.label : sig.label.slice(p.label[0], p.label[1]),
          documentation: plainMarkup(p.documentation, client.signatureMarkdown),
        })),
      };
    }),
  };
}

/** The outline as `SymbolInformation` (flat, each with its container's name) for a client without hierarchical symbols. */
export function shapeSymbols(uri: string, symbols: DocumentSymbol[], client: ClientShape): DocumentSymbol[] | SymbolInformation[] {
  if (client.hierarchicalSymbols) return symbols;
  const out: SymbolInformation[] = [];
  const walk = (list: readonly DocumentSymbol[], container: string | undefined) => {
    for (const s of list) {
      out.push({ name: s.name, kind: s.kind, location: { uri, range: s.range }, ...(container !== undefined ? { containerName: container } : {}) });
      if (s.children) walk(s.children, s.name);
    }
  };
  walk(symbols, undefined);
  return out;
}

/** Code actions are literals (edits the client applies); a client that takes only commands gets none (the server runs no command). */
export function shapeCodeActions(actions: (CodeAction | Command)[], client: ClientShape): (CodeAction | Command)[] {
  if (!client.codeActionLiterals) return [];
  if (client.preferredActions) return actions;
  return actions.map((a) => {
    if (!('isPreferred' in a)) return a;
    const { isPreferred: _dropped, ...rest } = a;
    return rest;
  });
}

/** Document links without `tooltip` for a client that did not declare it takes one. */
export function shapeLinks(links: DocumentLink[], client: ClientShape): DocumentLink[] {
  return client.linkTooltips ? links : links.map(({ tooltip: _dropped, ...rest }) => rest);
}

export function shapeDiagnostic(d: Diagnostic, client: ClientShape): Diagnostic {
  if (client.relatedInformation && client.codeDescription) return d;
  const out = { ...d };
  if (!client.relatedInformation) delete out.relatedInformation;
  if (!client.codeDescription) delete out.codeDescription;
  return out;
}

export function shapeFoldingRanges(ranges: FoldingRange[], client: ClientShape): FoldingRange[] {
  let out = ranges;
  if (client.foldingLineOnly) {
    out = out.map(({ startCharacter: _s, endCharacter: _e, ...rest }) => rest);
  }
  if (client.foldingRangeLimit !== undefined && out.length > client.foldingRangeLimit) out = out.slice(0, client.foldingRangeLimit);
  return out;
}
