import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DocumentSymbolRequest,
  FoldingRangeRequest,
  SemanticTokensRequest,
  type DocumentSymbol,
} from 'vscode-languageserver-protocol/node';
import { TempDir, TestServer } from './harness';

const FILE = `import "events.json";

// two line
// comment run
notifier "Vulns" {
    on vulnerability.detected;
    slack {
        url = $Secret("s");
        text = "x";
    }
    email {
        to = "a@example.com";
        body = >>
<% foreach %p in @AffectedPackages { %>* $(%p.Name)
<% } %>
>>;
    }
}

/* block
   comment */
sample "storm" for vulnerability.detected {
    $VulnerabilityScore = 9.8;
}
`;

describe('document structure', () => {
  const dir = new TempDir();
  let server: TestServer;
  let uri: string;
  before(async () => {
    server = await TestServer.start();
    dir.write('events.json', '{"events": {}}');
    uri = dir.uri('s.notify');
    await server.open(uri, FILE);
  });
  after(async () => {
    await server.stop();
    dir.dispose();
  });

  it('lists imports, notifiers with their channels, and samples as document symbols', async () => {
    const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['import events.json', 'Vulns', 'storm'],
    );
    assert.deepEqual(symbols[1]!.children!.map((c) => c.name), ['slack', 'email']);
    assert.deepEqual(symbols[1]!.children![0]!.children!.map((c) => c.name), ['url', 'text']);
    assert.equal(symbols[2]!.detail, 'for vulnerability.detected');
    assert.equal(symbols[1]!.selectionRange.start.line, 4);
  });

  it('folds blocks, swim strings, template tags and comments', async () => {
    const ranges = (await server.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } })) ?? [];
    const has = (start: number, end: number, kind?: string) =>
      assert.ok(
        ranges.some((r) => r.startLine === start && r.endLine === end && (kind === undefined || r.kind === kind)),
        `${start}-${end} ${kind ?? ''} in ${JSON.stringify(ranges)}`,
      );
    has(4, 16); // notifier body, `}` on line 17 stays visible
    has(6, 8); // slack
    has(12, 14); // swim string
    has(2, 3, 'comment');
    has(19, 20, 'comment');
  });

  it('folds the import block (issue 15)', async () => {
    dir.write('more.json', '{"events": {}}');
    const u = dir.uri('imports.notify');
    await server.open(u, 'import "events.json";\nimport "more.json";\n# why\nimport "events.json";\n\nnotifier "a" {\n    on package.added;\n    slack { url = $Secret("s"); }\n}\n');
    const ranges = (await server.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: u } })) ?? [];
    assert.ok(ranges.some((r) => r.startLine === 0 && r.endLine === 3 && r.kind === 'imports'), JSON.stringify(ranges));
  });

  it('gives semantic tokens with the declared legend, loop variables readonly', async () => {
    const legend = server.initializeResult.capabilities.semanticTokensProvider!.legend;
    const tokens = await server.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
    assert.ok(tokens && tokens.data.length % 5 === 0 && tokens.data.length > 0);
    const decoded: { line: number; char: number; length: number; type: string; mods: string[] }[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, length, type, mods] = tokens.data.slice(i, i + 5) as [number, number, number, number, number];
      line += dl;
      char = dl === 0 ? char + dc : dc;
      decoded.push({ line, char, length, type: legend.tokenTypes[type]!, mods: legend.tokenModifiers.filter((_, b) => mods & (1 << b)) });
    }
    const lines = FILE.split('\n');
    const textOf = (t: (typeof decoded)[number]) => lines[t.line]!.slice(t.char, t.char + t.length);
    const notifierKw = decoded.find((t) => textOf(t) === 'notifier');
    assert.equal(notifierKw?.type, 'keyword');
    assert.equal(decoded.find((t) => textOf(t) === 'slack')?.type, 'channel');
    const loopUses = decoded.filter((t) => textOf(t) === '%p');
    assert.equal(loopUses.length, 2, JSON.stringify(decoded.filter((t) => t.line === 13)));
    assert.ok(loopUses.every((t) => t.type === 'variable' && t.mods.includes('readonly')));
    assert.ok(loopUses[0]!.mods.includes('declaration'));
    const secret = decoded.find((t) => textOf(t).startsWith('$Secret'));
    assert.equal(secret?.type, 'function');
    assert.ok(secret.mods.includes('defaultLibrary'));
  });
});
