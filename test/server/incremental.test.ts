/**
 * The editor and the CLI agree by construction: the server answers from
 * `analyze()` with a cache kept between versions, the CLI from `analyze()`
 * without one. Random edit sequences, typed through the real server
 * process over stdio (comment and swim-string openers and closers, quotes,
 * braces, item keywords anywhere), must leave the editor with exactly the
 * diagnostics, semantic tokens, document symbols and folding ranges of a
 * fresh `analyze()` of the same text, and of a fresh open of it. No
 * tolerance: a cache that changes any answer fails here.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import {
  DocumentSymbolRequest,
  FoldingRangeRequest,
  SemanticTokensRequest,
  type Diagnostic as LspDiagnostic,
} from 'vscode-languageserver-protocol/node';
import { analyze } from '../../grammar/analyze';
import { LineMap } from '../../grammar/syntax/lineMap';
import { nodeImportHost } from '../../host/files';
import { toLspDiagnostics } from '../../server/features/diagnostics';
import { foldingRanges } from '../../server/features/folding';
import { semanticTokens } from '../../server/features/semanticTokens';
import { documentSymbols } from '../../server/features/symbols';
import { AnalyzedDocument } from '../../server/workspace';
import { positionAt, ROOT, TestServer } from './harness';

function examples(dir = join(ROOT, 'examples'), out: { path: string; text: string }[] = []) {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) examples(full, out);
    else if (name.endsWith('.notify')) out.push({ path: full, text: readFileSync(full, 'utf8') });
  }
  return out;
}

const notifier = (name: string, extra = '') => `notifier "${name}" {\n  on package.added;\n${extra}  slack { url = $Secret("s"); text = "hi $PackageId"; }\n}\n`;

/** Notifiers A–D, D holding a block comment: the example. */
const FOUR = `${notifier('A')}\n${notifier('B')}\n${notifier('C')}\n${notifier('D', '  /* a comment */\n')}`;

const TEXTS = [
  ...examples(),
  { path: join(ROOT, 'examples', 'four.notify'), text: FOUR },
  {
    path: join(ROOT, 'examples', 'tricky.notify'),
    text:
      'import "events/deploy.json";\nnotifier "a" {\n  on package.added;\n  email {\n    to = "a@example.com";\n    body = >>\nnotifier "fake" {\n>>;\n  }\n}\n' +
      '/*\nnotifier "in comment" {\n*/\nsample "s" for package.added { $PackageId = "x"; }\n' +
      'notifier "b" {\n  on package.added;\n  slack { url = $Secret("s"); text = >EOF>\nimport "x.json";\n>EOF>; }\n}\nnotifier "b" { on deploy.finished; }\n',
  },
];

/** What is typed: openers and closers of everything that spans text, and what starts or ends an item. */
const TYPED = [
  '/*', '*/', '#', '//', '>>', '>EOF>', '"', "'", '`', '{', '}', ';', '(', ')', '\n', ' ', 'x',
  'notifier "n" {', 'sample "s" for package.added {', 'import "events/deploy.json";', '\nnotifier "A" {\n  on package.added;\n}\n',
  'on package.added;', '$PackageId', '%(a: 1,', '@(', '<% if true { %>', '<% } %>',
];

interface Edit {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

const edits = fc.array(
  fc.record({ at: fc.nat(), remove: fc.oneof(fc.constant(0), fc.nat(6)), insert: fc.oneof(fc.constantFrom(...TYPED), fc.constant('')) }),
  { minLength: 1, maxLength: 8 },
);

function apply(text: string, e: Edit): { start: number; end: number; text: string } {
  const start = e.at % (text.length + 1);
  const end = Math.min(text.length, start + e.remove);
  return { start, end, text: e.insert };
}

/** What a fresh `analyze()` of `text` gives each feature (the server's feature code over that analysis). */
function fresh(uri: string, text: string) {
  const baseDir = dirname(fileURLToPath(uri));
  const lines = new LineMap(text);
  const doc = new AnalyzedDocument(uri, 1, baseDir, lines, () => text, (t) => ({ analysis: analyze(t, nodeImportHost(baseDir)), deps: new Set() }));
  return {
    diagnostics: toLspDiagnostics(doc, undefined),
    tokens: semanticTokens(doc).data,
    symbols: doc.views().flatMap(documentSymbols),
    folding: doc.views().flatMap(foldingRanges),
  };
}

describe('the editor answers exactly what a fresh analyze() of its text answers', () => {
  let server: TestServer;
  let n = 0;
  before(async () => (server = await TestServer.start()));
  after(async () => server.stop());

  async function features(uri: string) {
    const textDocument = { uri };
    const [tokens, symbols, folding] = await Promise.all([
      server.connection.sendRequest(SemanticTokensRequest.type, { textDocument }),
      server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument }),
      server.connection.sendRequest(FoldingRangeRequest.type, { textDocument }),
    ]);
    return { diagnostics: await server.diagnostics(uri), tokens: tokens?.data ?? [], symbols: symbols ?? [], folding: folding ?? [] };
  }

  /** As JSON-equal objects (the protocol drops undefined fields), the document's URI left out. */
  const plain = <T>(x: T, uri?: string): T => JSON.parse(uri ? JSON.stringify(x).split(JSON.stringify(uri)).join('"<uri>"') : JSON.stringify(x)) as T;

  async function typeAndCompare(path: string, start: string, sequence: readonly Edit[]): Promise<void> {
    const uri = pathToFileURL(join(dirname(path), `__typed_${n++}.notify`)).href;
    await server.open(uri, start);
    await server.diagnostics(uri);
    for (const e of sequence) {
      const old = server.text(uri);
      const { start: s, end, text } = apply(old, e);
      await server.edit(uri, { start: positionAt(old, s), end: positionAt(old, end) }, text);
      // every version is analysed (not only the last of a burst), so each step goes through the cache
      const now = server.text(uri);
      assert.deepEqual(plain(await server.diagnostics(uri)), plain(fresh(uri, now).diagnostics as LspDiagnostic[]), `after typing ${JSON.stringify(text)} at ${s}:\n${now}`);
    }
    const final = server.text(uri);
    const edited = await features(uri);
    assert.deepEqual(plain(edited), plain(fresh(uri, final)), final);
    // and a fresh open of the same text in the same server
    const again = pathToFileURL(join(dirname(path), `__opened_${n++}.notify`)).href;
    await server.open(again, final);
    assert.deepEqual(plain(await features(again), again), plain(edited, uri), final);
    await server.close(again);
    await server.close(uri);
    server.forgetDiagnostics(uri);
    server.forgetDiagnostics(again);
  }

  it("the issue's example: `/*` typed on the blank line after A gives what `notify check` gives", async () => {
    const path = TEXTS.find((t) => t.text === FOUR)!.path;
    const at = notifier('A').length;
    await typeAndCompare(path, FOUR, [{ at, remove: 0, insert: '/*' }]);
    // the comment runs to D's `*/`: B and C are commented out, the rest of D is read at top level
    const text = FOUR.slice(0, at) + '/*' + FOUR.slice(at);
    const codes = analyze(text, nodeImportHost(dirname(path))).diagnostics.map((d) => `${d.code} ${positionAt(text, d.span.start).line}`);
    assert.deepEqual(codes, ['NTF001 18']);
  });

  it('a `*/` or a swim marker typed items after an unclosed `/*` or `>>` closes it there, as `notify check` reads it', async () => {
    // Unclosed on the blank line after A, the opener's recovery ends it before B's line (B starts an item);
    // the closer typed later, in D, makes B and C comment or text: the whole text's lexer finds it.
    const four = `${notifier('A')}\n${notifier('B')}\n${notifier('C')}\n${notifier('D')}`;
    const path = join(ROOT, 'examples', 'four.notify');
    const afterA = notifier('A').length;
    const inD = four.lastIndexOf('slack');
    for (const [open, close] of [['/* ', ' */'], ['>> ', ' >>'], ['>EOF> ', ' >EOF>']] as const) {
      await typeAndCompare(path, four, [
        { at: afterA, remove: 0, insert: open },
        { at: inD + open.length, remove: 0, insert: close },
      ]);
    }
  });

  it('random edit sequences over the examples', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TEXTS), edits, async (t, sequence) => typeAndCompare(t.path, t.text, sequence)),
      { seed: 9001, numRuns: 60 },
    );
  });

  it('edits bunched in one item and at item boundaries', async () => {
    // Offsets near the starts of lines: where items start and where the cache's resync happens.
    const lineStarts = (text: string) => [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TEXTS), fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...TYPED)), { minLength: 1, maxLength: 6 }), async (t, picks) => {
        let text = t.text;
        const sequence: Edit[] = [];
        for (const [line, shift, insert] of picks) {
          const starts = lineStarts(text);
          const at = Math.min(text.length, starts[line % starts.length]! + shift);
          sequence.push({ at, remove: 0, insert });
          text = text.slice(0, at) + insert + text.slice(at);
        }
        await typeAndCompare(t.path, t.text, sequence);
      }),
      { seed: 77, numRuns: 40 },
    );
  });
});

