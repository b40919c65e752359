import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CodeActionKind, CodeActionRequest, type CodeAction, type TextEdit } from 'vscode-languageserver-protocol/node';
import { offsetAt, TempDir, TestServer } from './harness';

/** Habits from PowerShell, OtterScript and JSON, and a catalog event without defaults, in one file. */
const FILE = `import "bare.json";
notifier "habits" {
    on package.added;
    when $PackageName -eq "x" -and $Compare($PackageVersion,>=,7.5);
    slack { url = $Secret("s"); text = "say \\"hi\\""; }
}
notifier "bare" {
    on deploy.done;
    slack { url = $Secret("s2"); }
    webhook { url = 3; body = "{}"; }
}
`;
const BARE = JSON.stringify({ events: { 'deploy.done': { description: 'd', variables: {} } } });

function apply(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  for (const e of sorted) text = text.slice(0, offsetAt(text, e.range.start)) + e.newText + text.slice(offsetAt(text, e.range.end));
  return text;
}

describe('habits and message defaults through the language server', () => {
  const dir = new TempDir();
  let server: TestServer;
  let uri: string;
  before(async () => {
    server = await TestServer.start();
    dir.write('bare.json', BARE);
    uri = dir.uri('a.notify');
    await server.open(uri, FILE);
  });
  after(async () => {
    await server.stop();
    dir.dispose();
  });

  it('one diagnostic per habit, and the rest of the file is still checked', async () => {
    const diagnostics = await server.diagnostics(uri);
    const codes = diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['NTF001', 'NTF001', 'NTF003', 'NTF003', 'NTF004', 'NTF102', 'NTF203', 'NTF213'], JSON.stringify(diagnostics.map((d) => d.message)));
  });

  it('every habit and NTF213 has a preferred quick fix', async () => {
    const diagnostics = await server.diagnostics(uri);
    for (const d of diagnostics.filter((x) => x.code !== 'NTF203')) {
      const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: d.range,
        context: { diagnostics: [d], only: [CodeActionKind.QuickFix] },
      })) as CodeAction[];
      const fix = actions.find((a) => a.diagnostics?.[0]?.code === d.code && a.isPreferred);
      assert.ok(fix, `${d.code} ${d.message}: ${JSON.stringify(actions)}`);
    }
  });

  it('fix-all leaves only the unrelated error', async () => {
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: [CodeActionKind.SourceFixAll] },
    })) as CodeAction[];
    const fixed = apply(FILE, actions[0]!.edit!.changes![uri]!);
    assert.match(fixed, /when \$PackageId == "x" && \$Compare\(\$PackageVersion,">=",7\.5\);/);
    assert.match(fixed, /text = "say `"hi`"";/);
    assert.match(fixed, /text = "\$EventName at \$Timestamp";/);
    const other = dir.uri('fixed.notify');
    await server.open(other, fixed);
    const left = (await server.diagnostics(other)).map((d) => d.code);
    // Only the webhook's url (a number) is left: fix-all may quote it, then it is an invalid URL.
    assert.equal(left.length, 1, left.join(' '));
    assert.ok(left[0] === 'NTF203' || left[0] === 'NTF205', left.join(' '));
  });
});
