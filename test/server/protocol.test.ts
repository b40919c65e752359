/**
 * LSP's rules for what a server answers outside the happy path, on the real
 * server over stdio: the lifecycle (nothing served before `initialize` or
 * after `shutdown`), malformed params (InvalidParams, or a notification
 * refused whole), and changes whose ranges or versions are unusual but
 * legal. A client keeps its copy of the text with
 * vscode-languageserver-textdocument: the server's answers must agree with it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  ShutdownRequest,
  type CompletionList,
  type DocumentSymbol,
  type Hover,
  type SemanticTokens,
} from 'vscode-languageserver-protocol/node';
import { quietReader } from '../support/quietReader';
import { cursor, SERVER_JS, TempDir, TestServer } from './harness';

/** The error code a request was answered with (or 'ok'). */
async function codeOf(request: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await request;
    return 'ok';
  } catch (e) {
    return (e as { code: number }).code;
  }
}

const NOTIFIER = 'notifier "a" {\n  on package.added;\n  webhook { url = "https://example.com/h"; }\n}\n';

describe('the server lifecycle (LSP 3.17 "Server lifecycle")', () => {
  const dir = new TempDir();
  after(() => dir.dispose());

  it('refuses requests before initialize with -32002, drops notifications, and accepts initialize once', async () => {
    const server = await TestServer.start({ uninitialized: true });
    try {
      const uri = dir.uri('early.notify');
      const c = server.connection;
      assert.equal(await codeOf(c.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } })), -32002);
      assert.equal(await codeOf(c.sendRequest('notify/unknown', {})), -32002);
      // a notification before initialize is dropped: the document was never opened
      await c.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'notify', version: 1, text: NOTIFIER } });
      await server.initialize();
      assert.deepEqual(await c.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }), []);
      assert.equal(await codeOf(server.initialize()), -32600);
      // and still serving after the refused second initialize
      await server.open(uri, NOTIFIER);
      const symbols = (await c.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
      assert.deepEqual(symbols.map((s) => s.name), ['a']);
    } finally {
      await server.stop();
    }
  });

  it('refuses every request after shutdown with -32600 and exits 0 on exit', async () => {
    const server = await TestServer.start();
    const uri = dir.uri('late.notify');
    await server.open(uri, NOTIFIER);
    const c = server.connection;
    assert.equal(await c.sendRequest(ShutdownRequest.type), null);
    assert.equal(await codeOf(c.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })), -32600);
    assert.equal(await codeOf(c.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } })), -32600);
    assert.equal(await codeOf(c.sendRequest('notify/unknown', {})), -32600);
    assert.equal(await codeOf(c.sendRequest(ShutdownRequest.type)), -32600);
    const exited = new Promise<number | null>((r) => server.process.once('exit', r));
    await c.sendNotification(ExitNotification.type);
    assert.equal(await exited, 0);
    server.connection.dispose();
  });

  it('answers an unknown request with -32601, including $/ requests, and ignores unknown notifications', async () => {
    const server = await TestServer.start();
    try {
      const c = server.connection;
      assert.equal(await codeOf(c.sendRequest('notify/noSuchThing', {})), -32601);
      assert.equal(await codeOf(c.sendRequest('$/noSuchThing', {})), -32601);
      await c.sendNotification('notify/noSuchThing', { x: 1 });
      await c.sendNotification('$/noSuchThing', {});
      // a round trip after them: they were read, and the server still answers
      assert.deepEqual(await c.sendRequest('workspace/symbol', { query: 'zzz' }), []);
      assert.deepEqual(server.logs, []);
      assert.equal(server.stderr.join(''), '');
    } finally {
      await server.stop();
    }
  });
});

describe('malformed params', () => {
  const dir = new TempDir();
  after(() => dir.dispose());

  it('answers a request whose params are not what LSP says with -32602, naming the field', async () => {
    const server = await TestServer.start();
    try {
      const uri = dir.uri('p.notify');
      await server.open(uri, NOTIFIER);
      const c = server.connection;
      for (const [method, params, field] of [
        ['textDocument/hover', { textDocument: { uri } }, 'position'],
        ['textDocument/hover', { textDocument: { uri }, position: { line: '0', character: 0 } }, 'position'],
        ['textDocument/completion', { textDocument: { uri }, position: { line: 0.5, character: 0 } }, 'position'],
        ['textDocument/definition', { textDocument: { uri }, position: { line: -1, character: 0 } }, 'position'],
        ['textDocument/documentSymbol', { textDocument: {} }, 'textDocument.uri'],
        ['textDocument/documentSymbol', { uri }, 'textDocument.uri'],
        ['textDocument/rangeFormatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }, 'range'],
        ['textDocument/rename', { textDocument: { uri }, position: { line: 0, character: 10 } }, 'newName'],
        ['textDocument/references', { textDocument: { uri }, position: { line: 0, character: 10 } }, 'context'],
        ['workspace/symbol', {}, 'query'],
        ['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: 'quickfix' } }, 'context.only'],
        ['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: [1] } }, 'context.only'],
      ] as const) {
        await assert.rejects(c.sendRequest(method, params), (e: { code: number; message: string }) => {
          assert.equal(e.code, -32602, `${method} ${JSON.stringify(params)}`);
          assert.match(e.message, new RegExp(field.replace('.', '\\.')));
          return true;
        });
      }
      assert.deepEqual(server.logs, [], 'refusals are answers, not logged failures');
    } finally {
      await server.stop();
    }
  });

  it('completionItem/resolve answers a CompletionItem (never null) for an item whose data is not one the server made', async () => {
    const server = await TestServer.start();
    try {
      const uri = dir.uri('resolve.notify');
      await server.open(uri, NOTIFIER);
      await server.diagnostics(uri);
      for (const data of [
        { resolve: 'function', name: {} },
        { resolve: 'function', name: 'ToJson', sigil: 7 },
        { resolve: 'event', uri, name: 5 },
        { resolve: 'variable', uri, offset: 'x', name: 'PackageId' },
        { uri, offset: { at: 3 }, name: ['PackageId'] },
        { resolve: 'event', uri: 42, name: 'package.added' },
      ]) {
        const item = { label: 'x', insertText: 'x', data };
        const resolved = (await server.connection.sendRequest('completionItem/resolve', item)) as Record<string, unknown> | null;
        assert.ok(resolved !== null && typeof resolved === 'object', `${JSON.stringify(data)}: answered ${JSON.stringify(resolved)}`);
        assert.equal(resolved.label, 'x');
        assert.deepEqual(resolved.data, data);
      }
      assert.deepEqual(server.logs, [], 'not a failure of the server');
    } finally {
      await server.stop();
    }
  });

  it('refuses a malformed didChange whole: the document keeps its text and version and takes the next edits', async () => {
    const server = await TestServer.start();
    try {
      const uri = dir.uri('m.notify');
      await server.open(uri, NOTIFIER);
      const c = server.connection;
      const send = (version: unknown, contentChanges: unknown) =>
        c.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges } as never);
      const insertAt0 = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// x\n' };
      await send(2, [{ text: 5 }]);
      await send(2, [insertAt0, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
      await send(2, [{ range: { start: { line: '0', character: 0 }, end: { line: 0, character: 0 } }, text: 'zzz' }]);
      await send('2', [insertAt0]);
      await send(2, 'text');
      // none of those changed anything: the next real edit applies to the opened text
      await server.edit(uri, insertAt0.range, '// a comment\n');
      const symbols = (await c.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
      assert.deepEqual(symbols.map((s) => [s.name, s.range.start.line]), [['a', 1]]);
      assert.deepEqual(await server.diagnostics(uri), []);
      const logs = server.logs.join('\n');
      assert.match(logs, /malformed params, ignored: a content change needs its text as a string/);
      assert.doesNotMatch(logs, /\n\s+at /, 'a client mistake is logged as one line, not a stack');
    } finally {
      await server.stop();
    }
  });

  it('takes initializationOptions of the wrong type as not given', async () => {
    const server = await TestServer.start({ initializationOptions: { docsBaseUrl: 7, diagnosticsDelayMs: 'soon', allowedEnv: 'HOME' } });
    try {
      const uri = dir.uri('o.notify');
      await server.open(uri, 'notifier "a" {\n  on package.added;\n  when $Nope == "x";\n  webhook { url = "https://example.com/h"; }\n}\n');
      const diagnostics = await server.diagnostics(uri);
      assert.deepEqual(diagnostics.map((d) => d.code), ['NTF102']);
      assert.match(String(diagnostics[0]!.codeDescription?.href), /^file:.*diagnostics\.md#ntf102$/);
    } finally {
      await server.stop();
    }
  });
});

describe('unusual but legal changes', () => {
  const dir = new TempDir();
  after(() => dir.dispose());

  /** What a client holds after the same changes (vscode-languageserver-textdocument). */
  function clientCopy(uri: string, text: string, changes: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[], version: number): string {
    const doc = TextDocument.create(uri, 'notify', 1, text);
    TextDocument.update(doc, changes, version);
    return doc.getText();
  }

  it('takes a range whose end comes before its start as the same range, like the client', async () => {
    const server = await TestServer.start();
    try {
      const uri = dir.uri('r.notify');
      const text = 'notifier "a" { on package.added; }\n// comment\n';
      await server.open(uri, text);
      const change = { range: { start: { line: 0, character: 13 }, end: { line: 0, character: 9 } }, text: '"b" ' };
      await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [change] });
      assert.equal(clientCopy(uri, text, [change], 2), 'notifier "b" { on package.added; }\n// comment\n');
      const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
      assert.deepEqual(symbols.map((s) => s.name), ['b']);
    } finally {
      await server.stop();
    }
  });

  it('answers from the new text after a change that keeps (or lowers) the version', async () => {
    const server = await TestServer.start();
    try {
      const uri = dir.uri('v.notify');
      await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'notify', version: 5, text: NOTIFIER } });
      const before = (await server.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })) as SemanticTokens;
      for (const [version, text] of [[5, 'notifier "b" {\n}\n'], [3, 'notifier "c" {\n  on package.added;\n}\n']] as const) {
        await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
        const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
        assert.deepEqual(symbols.map((s) => s.name), [text.slice(10, 11)]);
        const tokens = (await server.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })) as SemanticTokens;
        assert.notDeepEqual(tokens.data, before.data);
        // every token lies on a line of the new text
        const lines = text.split('\n');
        let line = 0;
        let char = 0;
        for (let i = 0; i < tokens.data.length; i += 5) {
          line += tokens.data[i]!;
          char = tokens.data[i] === 0 ? char + tokens.data[i + 1]! : tokens.data[i + 1]!;
          assert.ok(line < lines.length && char + tokens.data[i + 2]! <= lines[line]!.length, `token at ${line}:${char} outside ${JSON.stringify(text)}`);
        }
      }
    } finally {
      await server.stop();
    }
  });

  it('a multi-cursor edit (50,000 edits in one didChange, last cursor first) over 50,000 lines is applied in well under 5 s, to the client\'s text', { timeout: 120_000 }, async () => {
    const server = await TestServer.start();
    try {
      const uri = dir.uri('cursors.notify');
      const lines = 50_000;
      const text = Array.from({ length: lines }, (_, i) => `# line ${i}`).join('\n');
      await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'notify', version: 1, text } });
      await server.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
      // a space typed at the start of every line, as the editor sends it: the last line's edit first
      const contentChanges = Array.from({ length: lines }, (_, i) => {
        const at = { line: lines - 1 - i, character: 0 };
        return { range: { start: at, end: at }, text: ' ' };
      });
      const started = Date.now();
      await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges });
      const tokens = (await server.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })) as SemanticTokens;
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 5000, `the edit and one request took ${elapsed} ms`);
      // every line is ` # line N`: one comment token per line, at character 1
      assert.equal(tokens.data.length, lines * 5);
      for (let i = 0; i < tokens.data.length; i += 5) assert.deepEqual(tokens.data.slice(i, i + 3), [i === 0 ? 0 : 1, 1, `# line ${i / 5}`.length]);
    } finally {
      await server.stop();
    }
  });

  it('a second didOpen of an open document (no didClose between, same version) replaces its text in every answer', async () => {
    const server = await TestServer.start();
    try {
      const uri = dir.uri('twice.notify');
      const first = 'notifier "a" {\n  on package.added;\n  when $Nope == "x";\n  webhook { url = "https://example.com/h"; }\n}\n';
      const second = 'notifier "b" { on package.added; webhook { url = "https://example.com/h"; } }\n';
      const open = async (text: string) => {
        const published = server.nextDiagnostics(uri);
        await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'notify', version: 1, text } });
        return (await published).diagnostics;
      };
      assert.deepEqual((await open(first)).map((d) => d.code), ['NTF102']);
      assert.deepEqual(await open(second), [], 'the diagnostics of the second text (none)');
      const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
      assert.deepEqual(symbols.map((s) => s.name), ['b']);
    } finally {
      await server.stop();
    }
  });

  it('never splits a surrogate pair in what it answers for a position inside one', async () => {
    const server = await TestServer.start();
    try {
      const uri = dir.uri('s.notify');
      const { text, position } = cursor('notifier "a" {\n  on package.added;\n  webhook { url = "https://example.com/h"; body = "😀|😀 $Pack"; }\n}\n');
      // the cursor between the two halves of the second emoji
      const inside = { line: position.line, character: position.character + 1 };
      await server.open(uri, text);
      const list = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: inside })) as CompletionList | null;
      // no items there: an edit range must contain the position (LSP), and one that did would split the pair
      assert.deepEqual(list?.items ?? [], []);
      // where items are offered (a notifier's body), none inside the pair either; before it, as usual
      const body = dir.uri('s3.notify');
      await server.open(body, 'notifier "c" {\n  on package.added;\n  😀\n}\n');
      const complete = async (character: number) =>
        ((await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: body }, position: { line: 2, character } })) as CompletionList | null)?.items ?? [];
      assert.deepEqual(await complete(3), []);
      assert.ok((await complete(2)).length > 0);
      // nor a hover: the position is on the character, not on the word that ends before it
      const hoverUri = dir.uri('s4.notify');
      await server.open(hoverUri, 'notifier "d" {\n  on package.added😀;\n}\n');
      const hoverAt = async (character: number) => server.connection.sendRequest('textDocument/hover', { textDocument: { uri: hoverUri }, position: { line: 1, character } });
      assert.equal(await hoverAt(19), null);
      assert.ok(await hoverAt(18), 'at the end of the event name, its hover');
      const lineText = text.split('\n')[inside.line]!;
      for (const item of list?.items ?? []) {
        const edit = item.textEdit;
        if (!edit || !('range' in edit)) continue;
        for (const p of [edit.range.start, edit.range.end]) {
          const code = lineText.charCodeAt(p.character);
          assert.ok(!(code >= 0xdc00 && code <= 0xdfff), `${item.label}: edit at ${p.character} splits a surrogate pair`);
        }
      }
      const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: inside })) as Hover | null;
      if (hover?.range) assert.ok(!(lineText.charCodeAt(hover.range.start.character) >= 0xdc00 && lineText.charCodeAt(hover.range.start.character) <= 0xdfff));
      // a span one code unit wide at an emoji (the parser's "expected %>" after `<% }`): the range takes the whole character
      const tag = 'notifier "b" {\n  on package.added;\n  webhook { url = "https://example.com/h"; body = "<% } 😀"; }\n}\n';
      const tagUri = dir.uri('s2.notify');
      await server.open(tagUri, tag);
      const diagnostics = await server.diagnostics(tagUri);
      assert.ok(diagnostics.length > 0);
      const tagLines = tag.split('\n');
      for (const d of diagnostics) {
        for (const p of [d.range.start, d.range.end]) {
          const code = tagLines[p.line]!.charCodeAt(p.character);
          assert.ok(!(code >= 0xdc00 && code <= 0xdfff), `${d.code} ${d.message}: ${JSON.stringify(d.range)} splits a surrogate pair`);
        }
      }
    } finally {
      await server.stop();
    }
  });
});

describe('what is not a message (JSON-RPC 2.0 section 5.1)', () => {
  /** The server over raw stdio: frames written as bytes, every message it writes collected. */
  function rawServer() {
    const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const received: Record<string, unknown>[] = [];
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d));
    const reader = quietReader(proc.stdout);
    reader.listen((m) => void received.push(m as unknown as Record<string, unknown>));
    const exited = new Promise<number | null>((r) => proc.once('exit', r));
    return {
      proc,
      received,
      exited,
      stderr: () => stderr,
      frame: (body: string | Buffer) => {
        const bytes = typeof body === 'string' ? Buffer.from(body) : body;
        proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`), bytes]));
      },
      /** The response to request `id`, once it came. */
      async response(id: number): Promise<Record<string, unknown>> {
        for (let waited = 0; waited < 20_000; waited += 10) {
          const r = received.find((m) => m.id === id && !('method' in m));
          if (r) return r;
          await new Promise((res) => setTimeout(res, 10));
        }
        throw new Error(`no response to ${id}; stderr: ${stderr}`);
      },
    };
  }
  const request = (id: number, method: string, params: unknown) => JSON.stringify({ jsonrpc: '2.0', id, method, params });
  const errorsWithNullId = (received: Record<string, unknown>[]) =>
    received.filter((m) => m.id === null && 'error' in m).map((m) => (m.error as { code: number }).code);

  it('answers a body that is not JSON with -32700 and JSON that is not a message with -32600, id null, and goes on serving', async () => {
    const s = rawServer();
    try {
      const notJson = ['{bad', request(9, 'initialize', {}).slice(0, -1), '', Buffer.from([0xff, 0xfe, 0x00])];
      const notMessages = ['[]', `[${request(8, 'shutdown', null)}]`, '42', 'null', '"x"', '{"jsonrpc":"2.0","id":5}', '{"jsonrpc":"2.0","method":7}', '{"jsonrpc":"2.0","id":null,"method":"x"}'];
      for (const body of notJson) s.frame(body);
      for (const body of notMessages) s.frame(body);
      s.frame(request(1, 'initialize', { processId: null, rootUri: null, capabilities: {} }));
      assert.ok('result' in (await s.response(1)));
      // and again once running, between two requests
      s.frame('{"jsonrpc":"2.0","id":2,"method":"workspace/symbol","params":{"query":""}');
      s.frame('{}');
      s.frame(request(3, 'workspace/symbol', { query: 'x' }));
      assert.deepEqual((await s.response(3)).result, []);
      assert.deepEqual(errorsWithNullId(s.received), [
        ...notJson.map(() => -32700),
        ...notMessages.map(() => -32600),
        -32700,
        -32600,
      ]);
      assert.ok(!s.received.some((m) => m.id === 2 || m.id === 8 || m.id === 9), 'nothing answered for a request that was never read');
      assert.equal(s.stderr(), '');
    } finally {
      s.proc.kill();
      await s.exited;
    }
  });

  it('an initialize without a capabilities object is InvalidParams (not InternalError), and a proper one after it is served', async () => {
    const s = rawServer();
    try {
      for (const [id, params] of [[1, null], [2, {}], [3, { processId: null, capabilities: null }], [4, { processId: null, rootUri: null, capabilities: 5 }]] as const) {
        s.frame(request(id, 'initialize', params));
        const error = (await s.response(id)).error as { code: number; message: string };
        assert.equal(error.code, -32602, JSON.stringify(params));
        assert.match(error.message, /capabilities/);
      }
      s.frame(request(5, 'workspace/symbol', { query: '' }));
      assert.equal(((await s.response(5)).error as { code: number }).code, -32002, 'still not initialized');
      s.frame(request(6, 'initialize', { processId: null, rootUri: null, capabilities: {} }));
      assert.ok('result' in (await s.response(6)));
      s.frame(request(7, 'workspace/symbol', { query: '' }));
      assert.deepEqual((await s.response(7)).result, []);
    } finally {
      s.proc.kill();
      await s.exited;
    }
  });

  it('LANGUAGE.md 10.5: a header without a usable Content-Length is skipped unanswered and what follows it in the same chunk is served at once', async () => {
    const s = rawServer();
    try {
      s.frame(request(1, 'initialize', { processId: null, rootUri: null, capabilities: {} }));
      await s.response(1);
      for (const [id, junk] of [[2, 'X-Junk: 1\r\n\r\n'], [3, 'Content-Length: abc\r\n\r\n']] as const) {
        const body = Buffer.from(request(id, 'workspace/symbol', { query: '' }));
        // one write: the junk header and a whole message behind it, and nothing after them
        s.proc.stdin.write(Buffer.concat([Buffer.from(junk), Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
        assert.deepEqual((await s.response(id)).result, []);
      }
      assert.deepEqual(errorsWithNullId(s.received), [], 'a header is below JSON-RPC: not answered');
    } finally {
      s.proc.kill();
      await s.exited;
    }
  });

  it('LANGUAGE.md 10.5: a request cancelled before it is served gets -32800 (RequestCancelled), once; one served before its cancel keeps its result', async () => {
    const s = rawServer();
    try {
      s.frame(request(1, 'initialize', { processId: null, rootUri: null, capabilities: {} }));
      await s.response(1);
      const framed = (body: string) => Buffer.concat([Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`), Buffer.from(body)]);
      const cancel = (id: number) => JSON.stringify({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } });
      // one write: requests 2 and 3 still wait in the queue when the cancel of 2 is read
      s.proc.stdin.write(Buffer.concat([framed(request(2, 'workspace/symbol', { query: '' })), framed(request(3, 'workspace/symbol', { query: '' })), framed(cancel(2))]));
      assert.equal(((await s.response(2)).error as { code: number }).code, -32800);
      assert.deepEqual((await s.response(3)).result, []);
      // a cancel for a request already answered changes nothing
      s.frame(cancel(3));
      s.frame(request(4, 'workspace/symbol', { query: '' }));
      assert.deepEqual((await s.response(4)).result, []);
      assert.equal(s.received.filter((m) => m.id === 2 || m.id === 3).length, 2, 'one response per request');
    } finally {
      s.proc.kill();
      await s.exited;
    }
  });

  /** A session initialized (and shut down when `shutdown`), then ended by `end`: its exit code. */
  async function exitCodeAfter(shutdown: boolean, end: (s: ReturnType<typeof rawServer>) => Promise<void> | void): Promise<number | null> {
    const s = rawServer();
    s.frame(request(1, 'initialize', { processId: null, rootUri: null, capabilities: {} }));
    await s.response(1);
    if (shutdown) {
      s.frame(request(2, 'shutdown', null));
      await s.response(2);
    }
    await end(s);
    return s.exited;
  }

  it('LANGUAGE.md 10.5: exit ends the process with 0 after shutdown and 1 without', async () => {
    for (const shutdown of [false, true]) {
      const code = await exitCodeAfter(shutdown, async (s) => {
        if (shutdown) {
          s.frame(request(3, 'shutdown', null));
          assert.equal(((await s.response(3)).error as { code: number }).code, -32600, 'a second shutdown is -32600');
        }
        s.frame(JSON.stringify({ jsonrpc: '2.0', method: 'exit' }));
      });
      assert.equal(code, shutdown ? 0 : 1);
    }
  });

  it('a shutdown refused before initialize (-32002) is no shutdown: exit then ends with 1, as the end of input does', async () => {
    for (const end of ['exit', 'stdin'] as const) {
      const s = rawServer();
      s.frame(request(1, 'shutdown', null));
      assert.equal(((await s.response(1)).error as { code: number }).code, -32002);
      if (end === 'exit') s.frame(JSON.stringify({ jsonrpc: '2.0', method: 'exit' }));
      else s.proc.stdin.end();
      assert.equal(await s.exited, 1, `ended by ${end}`);
    }
  });

  it('ends with 1 when its input ends before shutdown, and 0 after', async () => {
    for (const shutdown of [false, true]) assert.equal(await exitCodeAfter(shutdown, (s) => void s.proc.stdin.end()), shutdown ? 0 : 1);
  });
});
