import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  ReferencesRequest,
  SemanticTokensRequest,
  SignatureHelpRequest,
} from 'vscode-languageserver-protocol/node';
import { positionAt, ROOT, TempDir, TestServer, withTimeout } from './harness';

function notifyFiles(dir: string, out: { path: string; text: string }[] = []): { path: string; text: string }[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) notifyFiles(full, out);
    else if (name.endsWith('.notify')) out.push({ path: full, text: readFileSync(full, 'utf8') });
  }
  return out;
}

/** Pieces of the language (and of things that break it), so random texts reach deep into the parser. */
const FRAGMENTS = [
  'notifier "n" {', 'on package.added;', 'on ', 'vulnerability.detected', 'when ', '$PackageId', '@AffectedPackages', '%p',
  '$ToJson(', '%(', '@(', ')', '}', '{', ';', ',', '.', '==', '&&', '||', '!', '"', "'", '>>', '>EOF>', '<%', '%>',
  'foreach %p in @AffectedPackages {', '} else {', 'if ', '${', '$(', '`', '``$', 'slack {', 'webhook {', 'url = ', 'body = ',
  'sample "s" for ', 'import "x.json";', '/*', '*/', '#', '//', '\n', '\r\n', ' ', '\t', '10s', '-3.5', 'true', 'NuGet', 'é', '😀', '\u0000',
];

const fragmentText = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((a) => a.join(''));
const anyText = fc.oneof(fragmentText, fc.string({ maxLength: 200, unit: 'binary' }));

describe('robustness: the server survives any input and answers every request', () => {
  const dir = new TempDir();
  let server: TestServer;
  before(async () => (server = await TestServer.start({ rootDir: dir.path })));
  after(async () => {
    await server.stop();
    dir.dispose();
  });

  async function exercise(uri: string, text: string, rand: () => number): Promise<void> {
    const textDocument = { uri };
    const pos = () => positionAt(text, Math.floor(rand() * (text.length + 1)));
    const range = () => {
      const a = pos();
      return { start: a, end: a };
    };
    const requests: Promise<unknown>[] = [
      server.connection.sendRequest(CompletionRequest.type, { textDocument, position: pos() }),
      server.connection.sendRequest(HoverRequest.type, { textDocument, position: pos() }),
      server.connection.sendRequest(SignatureHelpRequest.type, { textDocument, position: pos() }),
      server.connection.sendRequest(DefinitionRequest.type, { textDocument, position: pos() }),
      server.connection.sendRequest(ReferencesRequest.type, { textDocument, position: pos(), context: { includeDeclaration: true } }),
      server.connection.sendRequest(SemanticTokensRequest.type, { textDocument }),
      server.connection.sendRequest(DocumentFormattingRequest.type, { textDocument, options: { tabSize: 4, insertSpaces: true } }),
      server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument }),
      server.connection.sendRequest(FoldingRangeRequest.type, { textDocument }),
      server.connection.sendRequest(DocumentLinkRequest.type, { textDocument }),
      server.connection.sendRequest(CodeActionRequest.type, { textDocument, range: range(), context: { diagnostics: [] } }),
    ];
    await withTimeout(Promise.all(requests), 60_000, `requests on ${JSON.stringify(text.slice(0, 80))}`);
  }

  it('random and mutated texts through didOpen/didChange and every request', async () => {
    const examples = notifyFiles(join(ROOT, 'examples')).map((e) => e.text);
    assert.ok(examples.length > 0, 'examples/**/*.notify');
    const mutated = fc.tuple(fc.constantFrom(...examples), fc.array(fc.tuple(fc.nat(), fc.nat(40), fragmentText), { minLength: 1, maxLength: 4 })).map(
      ([text, edits]) => {
        for (const [at, del, insert] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + del);
        }
        return text;
      },
    );
    const uri = dir.uri('fuzz.notify');
    let opened = false;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyText, mutated, fc.constantFrom(...examples)), fc.infiniteStream(fc.double({ min: 0, max: 0.999999, noNaN: true })), async (text, stream) => {
        const it = stream[Symbol.iterator]();
        const rand = () => it.next().value as number;
        if (!opened) {
          await server.open(uri, text);
          opened = true;
        } else {
          await server.change(uri, text);
        }
        await exercise(uri, text, rand);
        runs++;
        assert.ok(server.alive, `server died on ${JSON.stringify(text)}`);
      }),
      { seed: 20260423, numRuns: 250 },
    );
    assert.equal(runs, 250);
    // and it still publishes diagnostics for the last text
    await server.diagnostics(uri);
    assert.ok(server.alive);
  });

  it('every example opens with answers to every request at many positions', async () => {
    const examples = notifyFiles(join(ROOT, 'examples'));
    let k = 0;
    for (const { path, text } of examples) {
      k++;
      const uri = pathToFileURL(path).href;
      await server.open(uri, text);
      let seed = k;
      const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
      for (let i = 0; i < 5; i++) await exercise(uri, text, rand);
      assert.equal((await server.diagnostics(uri)).filter((d) => d.severity === 1).length, 0, `errors in ${path}`);
    }
    assert.ok(server.alive);
  });
});
