import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HoverRequest, SignatureHelpRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { cursor, TempDir, TestServer } from './harness';

const FILE = `notifier "Vulns" {
    on vulnerability.detected;
    when $VulnerabilityScore >= 7 && $MatchesRegex($FeedName, "^internal-");
    webhook {
        url = "https://example.com/h";
        method = "PUT";
        body = $ToJson(%(packages: @AffectedPackages));
    }
}
`;

describe('hover and signature help', () => {
  const dir = new TempDir();
  let server: TestServer;
  let n = 0;
  before(async () => (server = await TestServer.start()));
  after(async () => {
    await server.stop();
    dir.dispose();
  });

  async function hoverAt(marked: string): Promise<string | undefined> {
    const c = cursor(marked);
    const uri = dir.uri(`h${n++}.notify`);
    await server.open(uri, c.text);
    const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: c.position });
    return h ? (h.contents as MarkupContent).value : undefined;
  }
  const at = (needle: string, delta = 1) => {
    const i = FILE.indexOf(needle);
    assert.ok(i >= 0, needle);
    return FILE.slice(0, i + delta) + '|' + FILE.slice(i + delta);
  };

  it('shows a variable with type, description, example value and the events that define it', async () => {
    const text = await hoverAt(at('$VulnerabilityScore', 3));
    assert.ok(text);
    assert.match(text, /\$VulnerabilityScore: number/);
    assert.match(text, /Example: `[0-9.]+`/);
    assert.match(text, /vulnerability\.detected/);
  });

  it('shows a function signature and its doc', async () => {
    const text = await hoverAt(at('$MatchesRegex', 4));
    assert.ok(text);
    assert.match(text, /\$MatchesRegex\(/);
    assert.match(text, /regex|pattern/i);
  });

  it('shows an event with its description and variables', async () => {
    const text = await hoverAt(at('vulnerability.detected', 5));
    assert.ok(text);
    assert.match(text, /@AffectedPackages/);
  });

  it('shows channels and properties with their docs, types and defaults', async () => {
    const channel = await hoverAt(at('webhook', 2));
    assert.ok(channel);
    assert.match(channel, /url.*\(required\)/);
    const property = await hoverAt(at('method', 2));
    assert.ok(property);
    assert.match(property, /HTTP method/);
    assert.match(property, /Default: "POST"/);
  });

  it('gives signature help with the active parameter', async () => {
    const c = cursor(FILE.replace('$MatchesRegex($FeedName, "', '$MatchesRegex($FeedName, "|'));
    const uri = dir.uri(`sig${n++}.notify`);
    await server.open(uri, c.text);
    const help = await server.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: c.position });
    assert.ok(help);
    assert.match(help.signatures[0]!.label, /^\$MatchesRegex\(/);
    assert.equal(help.activeParameter, 1);
    // while a call is still being typed (unclosed), too
    const typing = cursor('notifier "n" {\n  on package.added;\n  when $Replace($PackageId, |');
    const uri2 = dir.uri(`sig${n++}.notify`);
    await server.open(uri2, typing.text);
    const help2 = await server.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri: uri2 }, position: typing.position });
    assert.ok(help2);
    assert.match(help2.signatures[0]!.label, /^\$Replace\(/);
    assert.equal(help2.activeParameter, 1);
  });

  it('points no parameter at an extra argument, the same at both levels (LANGUAGE.md 10.5)', async () => {
    const nullServer = await TestServer.start({ textDocumentCapabilities: { signatureHelp: { signatureInformation: { parameterInformation: { labelOffsetSupport: true }, activeParameterSupport: true, noActiveParameterSupport: true } } } });
    try {
      const cases: [marked: string, plain: number | undefined, withNull: number | null | undefined][] = [
        ['$Join(", ", @A, |', 1, null], // a third argument of a two-parameter function
        ['$Join(", ", @A, "x", |', 1, null],
        ['$Join(|', 0, 0],
        ['$Join(", ", |', 1, 1],
        ['$Coalesce($A, $B, $C, |', 1, 1], // a variadic last parameter takes them all
        ['$SlackDivider(|', undefined, null], // no parameters
      ];
      for (const [marked, plain, withNull] of cases) {
        const c = cursor(`notifier "n" {\n  on package.added;\n  when ${marked}`);
        for (const [s, expected] of [[server, plain], [nullServer, withNull]] as const) {
          const uri = dir.uri(`extra${n++}.notify`);
          await s.open(uri, c.text);
          const help = await s.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: c.position });
          assert.ok(help, marked);
          const count = help.signatures[0]!.parameters!.length;
          assert.equal(help.activeParameter, expected, `${marked}: top level`);
          assert.equal(help.signatures[0]!.activeParameter, expected, `${marked}: the signature's`);
          if (typeof help.activeParameter === 'number') assert.ok(help.activeParameter < count, `${marked}: ${help.activeParameter} is past the ${count} parameters`);
        }
      }
    } finally {
      await nullServer.stop();
    }
  });
});
