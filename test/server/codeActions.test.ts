import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CodeActionKind, CodeActionRequest, type CodeAction, type TextEdit } from 'vscode-languageserver-protocol/node';
import { offsetAt, TempDir, TestServer } from './harness';

const FILE = `notifier "n" {
    on package.added;
    when $FeedType == NuGet;
    when $feedname != "x";
    slack { url = $Secret("s"); text = "$PackageId"; }
}
`;

function apply(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  for (const e of sorted) text = text.slice(0, offsetAt(text, e.range.start)) + e.newText + text.slice(offsetAt(text, e.range.end));
  return text;
}

describe('code actions', () => {
  const dir = new TempDir();
  let server: TestServer;
  let uri: string;
  before(async () => {
    server = await TestServer.start();
    uri = dir.uri('a.notify');
    await server.open(uri, FILE);
  });
  after(async () => {
    await server.stop();
    dir.dispose();
  });

  it('offers the checker’s fixes as quick fixes, the preferred one marked', async () => {
    const diagnostics = await server.diagnostics(uri);
    const unquoted = diagnostics.find((d) => d.code === 'NTF004');
    assert.ok(unquoted, JSON.stringify(diagnostics));
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: unquoted.range,
      context: { diagnostics: [unquoted], only: [CodeActionKind.QuickFix] },
    })) as CodeAction[];
    const quote = actions.find((a) => a.diagnostics?.[0]?.code === 'NTF004');
    assert.ok(quote, JSON.stringify(actions));
    assert.equal(quote.kind, CodeActionKind.QuickFix);
    assert.equal(quote.isPreferred, true);
    assert.match(apply(FILE, quote.edit!.changes![uri]!), /\$FeedType == "NuGet";/);
  });

  it('fixes all auto-fixable problems at once', async () => {
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: [CodeActionKind.SourceFixAll] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    const fixed = apply(FILE, actions[0]!.edit!.changes![uri]!);
    assert.match(fixed, /== "NuGet"/);
    assert.match(fixed, /\$FeedName != "x"/);
  });
});

describe('converters as code actions', () => {
  const dir = new TempDir();
  let server: TestServer;
  const LEGACY = `notifier "n" {
    on package.added;
    slack {
        url    = $Secret("s");
        text   = "New $PackageId";
        color  = "good";
        fields = %(Feed: $FeedName);
    }
}

notifier "m" {
    on package.added;
    slack { url = $Secret("s"); text = "t"; }
}
`;
  before(async () => (server = await TestServer.start()));
  after(async () => {
    await server.stop();
    dir.dispose();
  });

  it('offers slack-blocks as a refactoring inside a slack block with fields, not elsewhere and not as a quick fix', async () => {
    const uri = dir.uri('legacy.notify');
    await server.open(uri, LEGACY);
    assert.deepEqual(await server.diagnostics(uri), []);
    const request = (line: number, only?: string[]) =>
      server.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: { line, character: 8 }, end: { line, character: 8 } },
        context: { diagnostics: [], ...(only ? { only } : {}) },
      }) as Promise<CodeAction[]>;
    const actions = await request(6);
    const convert = actions.find((a) => a.title === 'Convert the Slack attachment to Block Kit');
    assert.ok(convert, JSON.stringify(actions));
    assert.equal(convert.kind, CodeActionKind.RefactorRewrite);
    const converted = apply(LEGACY, convert.edit!.changes![uri]!);
    assert.match(converted, /blocks = @\(\n            %SlackSection\("New \$PackageId", %\(Feed: \$FeedName\)\)\n        \);/);
    assert.doesNotMatch(converted, /color|fields/);
    assert.equal((await request(6, [CodeActionKind.QuickFix])).length, 0);
    assert.equal((await request(12)).filter((a) => a.kind === CodeActionKind.RefactorRewrite).length, 0);
    // the converted file checks clean in the server too
    const after = dir.uri('converted.notify');
    await server.open(after, converted);
    assert.deepEqual(await server.diagnostics(after), []);
  });
});
