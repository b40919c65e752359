/**
 * The language server process under hostile editing: the fuzz corpus's
 * texts (./fuzz.ts) as whole and incremental changes — ranges inside, at
 * and beyond the end of the text — each followed by a burst of random
 * requests: every feature at random (also out-of-range) positions, requests
 * for documents that were never opened, malformed parameters and unknown
 * methods. The process must stay alive, answer every request (a result or
 * an error response) and log no handler failure; afterwards it must still
 * check a valid file correctly.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentLinkRequest,
  DocumentRangeFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  LogMessageNotification,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  SemanticTokensRequest,
  SignatureHelpRequest,
  type Position,
} from 'vscode-languageserver-protocol/node';
import { positionAt, TempDir, TestServer } from '../server/harness';
import { fuzzInputs, pathologicalInputs, ROOT } from './fuzz';

const SEED = Number(process.env.NOTIFY_FUZZ_SEED ?? 20261123) + 1;
const DOCS = Number(process.env.NOTIFY_SERVER_FUZZ_DOCS ?? 200);

/** A deterministic random source (the corpus decides the texts; this decides positions and requests). */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('the language server survives hostile edits and requests', () => {
  const dir = new TempDir();
  let server: TestServer;
  const failures: string[] = [];
  const latencies: number[] = [];
  before(async () => {
    server = await TestServer.start({ rootDir: dir.path });
    server.connection.onNotification(LogMessageNotification.type, (p) => {
      if (/failed:/.test(p.message)) failures.push(p.message.slice(0, 500));
    });
  });
  after(async () => {
    await server.stop();
    dir.dispose();
  });

  /** Sends a request and records how long the answer (or error answer) took; rejects only on timeout. */
  async function ask(method: string, params: unknown, what: string): Promise<'result' | 'error'> {
    const started = performance.now();
    const answer = server.connection.sendRequest(method, params).then(
      () => 'result' as const,
      () => 'error' as const,
    );
    // A bound for "never answers" (a hang), not for speed: generous, and cleared once answered.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer to ${what} within 60 s; stderr: ${server.stderr.join('').slice(-2000)}`)), 60_000)));
    const kind = await Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
    latencies.push(performance.now() - started);
    return kind;
  }

  it(`${DOCS} fuzzed documents, each with random edits and a burst of requests`, async (t) => {
    const rand = prng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const inputs = fuzzInputs(SEED, DOCS);
    const uri = dir.uri('fuzz.notify');
    await server.open(uri, inputs[0]!.text);
    let requests = 0;
    let errors = 0;
    let malformedSent = 0;
    const bugs: string[] = [];
    for (const input of inputs) {
      // A whole-document change, then a few incremental edits (some beyond the end of the text).
      await server.change(uri, input.text);
      for (let e = 0; e < 3; e++) {
        const text = server.text(uri);
        const a = Math.floor(rand() * (text.length + 1));
        const b = Math.min(text.length, a + Math.floor(rand() * 20));
        const start = rand() < 0.1 ? { line: 1_000_000, character: 0 } : positionAt(text, a);
        const end = rand() < 0.1 ? { line: 1_000_000, character: 5 } : positionAt(text, b);
        const insert = pick(['', '$', '{', '}', '"', '\n', 'notifier "x" {', '$ToJson(', '>>', '<% foreach %p in @A { %>', '😀', '\r\n']);
        await server.edit(uri, start.line > end.line ? { start: end, end: start } : { start, end }, insert);
      }
      const text = server.text(uri);
      const pos = (): Position => {
        const r = rand();
        if (r < 0.08) return { line: 1_000_000, character: 3 };
        if (r < 0.12) return { line: 0, character: 1_000_000 };
        return positionAt(text, Math.floor(rand() * (text.length + 1)));
      };
      const range = () => {
        const a = pos();
        const b = pos();
        return a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a };
      };
      const docUri = rand() < 0.1 ? dir.uri('never-opened.notify') : uri;
      const textDocument = { uri: docUri };
      const burst: [string, unknown][] = [
        [CompletionRequest.method, { textDocument, position: pos() }],
        [HoverRequest.method, { textDocument, position: pos() }],
        [SignatureHelpRequest.method, { textDocument, position: pos() }],
        [DefinitionRequest.method, { textDocument, position: pos() }],
        [ReferencesRequest.method, { textDocument, position: pos(), context: { includeDeclaration: rand() < 0.5 } }],
        [PrepareRenameRequest.method, { textDocument, position: pos() }],
        [RenameRequest.method, { textDocument, position: pos(), newName: pick(['NewName', '', '$', 'a b', '"', 'x'.repeat(300)]) }],
        [SemanticTokensRequest.method, { textDocument }],
        [DocumentFormattingRequest.method, { textDocument, options: { tabSize: 4, insertSpaces: true } }],
        [DocumentRangeFormattingRequest.method, { textDocument, range: range(), options: { tabSize: 2, insertSpaces: rand() < 0.5 } }],
        [DocumentSymbolRequest.method, { textDocument }],
        [FoldingRangeRequest.method, { textDocument }],
        [DocumentLinkRequest.method, { textDocument }],
        [
          CodeActionRequest.method,
          {
            textDocument,
            range: range(),
            context: { diagnostics: rand() < 0.5 ? [] : [{ range: range(), message: 'x', code: pick(['NTF001', 'NTF102', 'NTF104', 'NTF207', 'NTF999', 42]), source: 'notify' }] },
          },
        ],
      ];
      // Well-formed requests: a handler that throws on them is a bug (its log arrives before its answer).
      const logged = failures.length;
      const kinds = await Promise.all(burst.map(([method, params]) => ask(method, params, `${method} on ${input.origin}`)));
      for (const f of failures.slice(logged)) bugs.push(`${input.origin}: ${f.split('\n')[0]}`);
      // Malformed or unknown: must be answered (with an error or the empty result), not crash or hang.
      const malformed: [string, unknown][] = [];
      if (rand() < 0.3) malformed.push([pick([HoverRequest.method, CompletionRequest.method, DocumentSymbolRequest.method]), pick([{}, { textDocument: null }, { textDocument, position: null }, { textDocument, position: { line: -1, character: -1 } }])]);
      if (rand() < 0.2) malformed.push(['notify/doesNotExist', { anything: true }]);
      const strange = await Promise.all(malformed.map(([method, params]) => ask(method, params, `malformed ${method}`)));
      requests += kinds.length + strange.length;
      malformedSent += strange.length;
      errors += [...kinds, ...strange].filter((k) => k === 'error').length;
      assert.ok(server.alive, `the server died after ${input.origin}`);
    }
    latencies.sort((a, b) => a - b);
    t.diagnostic(
      `${inputs.length} documents, ${requests} requests (${errors} answered with an error response), ` +
        `latency median ${latencies[latencies.length >> 1]!.toFixed(0)} ms, max ${latencies[latencies.length - 1]!.toFixed(0)} ms; ` +
        `${malformedSent} malformed requests answered (${failures.length - bugs.length} guarded failures logged for them)`,
    );
    assert.ok(requests >= inputs.length * 14);
    assert.ok(malformedSent > 0);
    assert.deepEqual(bugs, [], 'handlers that threw on well-formed requests (guarded, but a bug)');
  });

  it('pathological documents (deep nesting, huge files, 1 MB strings) are checked and answered, one after another', async (t) => {
    const uri = dir.uri('huge.notify');
    const failuresBefore = failures.length;
    let opened = false;
    for (const input of pathologicalInputs()) {
      const started = performance.now();
      if (opened) await server.change(uri, input.text);
      else await server.open(uri, input.text);
      opened = true;
      await server.diagnostics(uri, undefined, 60_000);
      const textDocument = { uri };
      const end = positionAt(input.text, input.text.length);
      const kinds = await Promise.all([
        ask(HoverRequest.method, { textDocument, position: positionAt(input.text, input.text.length >> 1) }, `hover on ${input.origin}`),
        ask(CompletionRequest.method, { textDocument, position: end }, `completion on ${input.origin}`),
        ask(DocumentSymbolRequest.method, { textDocument }, `symbols on ${input.origin}`),
        ask(SemanticTokensRequest.method, { textDocument }, `tokens on ${input.origin}`),
        ask(FoldingRangeRequest.method, { textDocument }, `folding on ${input.origin}`),
      ]);
      t.diagnostic(`${input.origin}: diagnostics and 5 requests in ${(performance.now() - started).toFixed(0)} ms`);
      assert.ok(kinds.every((k) => k === 'result'), `${input.origin}: ${kinds.join()}`);
      assert.ok(server.alive, `the server died on ${input.origin}`);
    }
    assert.deepEqual(failures.slice(failuresBefore), [], 'handlers that threw on these documents');
  });

  it('afterwards it still checks a valid file exactly', async () => {
    const example = readFileSync(join(ROOT, 'examples', 'packages.notify'), 'utf8');
    const uri = dir.uri('after.notify');
    await server.open(uri, example);
    const diagnostics = await server.diagnostics(uri);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 1), []);
    await server.change(uri, example.replace('on package.added', 'on package.nonsense'));
    const broken = await server.diagnostics(uri);
    assert.ok(broken.some((d) => d.code === 'NTF101'), JSON.stringify(broken.map((d) => d.code)));
    assert.ok(server.alive);
  });
});
