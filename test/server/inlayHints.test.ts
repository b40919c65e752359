import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InlayHintRequest, type InlayHint } from 'vscode-languageserver-protocol/node';
import { offsetAt, serverSuite, TempDir, TestServer } from './harness';

const FILE = `notifier "n" {
    on package.added;
    when $MatchesRegex($FeedName, "^internal-") && $Compare($PackageVersion, ">", "1.0");
    slack {
        url  = $Secret("hook");
        text = "$Truncate($PackageId, 40) $Coalesce($FeedName, 'x', 'y') $ToUpper('z') $Truncate($PackageId, $Length($FeedName))";
    }
}
`;

/** Each hint as `label@text after it`, in order. */
function shown(text: string, hints: readonly InlayHint[]): string[] {
  return hints.map((h) => `${String(h.label)}@${text.slice(offsetAt(text, h.position), offsetAt(text, h.position) + 6)}`);
}

const whole = { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } };

describe('inlay hints: parameter names before literal arguments', () => {
  const suite = serverSuite();

  it('LANGUAGE.md 10.5: literals get their parameter name; variables, calls, one-parameter functions and repeats do not', async () => {
    const uri = suite.dir.uri('a.notify');
    await suite.server.open(uri, FILE);
    const hints = (await suite.server.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: whole })) as InlayHint[];
    assert.deepEqual(shown(FILE, hints), ['pattern:@"^inte', 'operator:@">", "', 'b:@"1.0")', 'length:@40) $C', 'b:@\'x\', \'']);
    for (const h of hints) assert.deepEqual([h.kind, h.paddingRight], [2, true]);
  });

  it('only the hints in the range', async () => {
    const uri = suite.dir.uri('b.notify');
    await suite.server.open(uri, FILE);
    const line2 = { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } };
    const hints = (await suite.server.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: line2 })) as InlayHint[];
    assert.deepEqual(shown(FILE, hints).map((s) => s.split('@')[0]), ['pattern:', 'operator:', 'b:']);
  });
});

describe('inlay hints off: parameterNameHints "none"', () => {
  const dir = new TempDir();
  let server: TestServer;
  before(async () => (server = await TestServer.start({ rootDir: dir.path, initializationOptions: { parameterNameHints: 'none' } })));
  after(async () => {
    await server.stop();
    dir.dispose();
  });

  it('answers none', async () => {
    const uri = dir.uri('a.notify');
    await server.open(uri, FILE);
    assert.deepEqual(await server.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: whole }), []);
  });
});
