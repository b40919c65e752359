import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  DefinitionRequest,
  DocumentLinkRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  type Location,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { cursor, offsetAt, TempDir, TestServer } from './harness';

const CATALOG = `{
  "events": {
    "deploy.finished": {
      "description": "A deployment finished.",
      "variables": {
        "Service": { "type": "string", "example": "api", "description": "Service name" },
        "Hosts": { "type": "list<string>", "example": ["web-1"] }
      }
    }
  }
}
`;

const FILE = `import "events.json";

notifier "Deploys" {
    on deploy.finished;
    when $Service != "";
    email {
        to = "a@example.com";
        body = >>
<% foreach $h in @Hosts { %>$h on $Service<% } %>
<% foreach $h in @Hosts { %>$h<% } %>
>>;
    }
}

notifier "Vulns" {
    on vulnerability.detected;
    when $VulnerabilityScore > 5;
    slack { url = $Secret("s"); }
}

sample "slow" for deploy.finished {
    $Service = "billing";
}
`;

describe('navigation: definition, references, rename, links', () => {
  const dir = new TempDir();
  let server: TestServer;
  let uri: string;
  before(async () => {
    server = await TestServer.start({ rootDir: dir.path });
    dir.write('events.json', CATALOG);
    uri = dir.write('nav.notify', FILE);
    await server.open(uri, FILE);
  });
  after(async () => {
    await server.stop();
    dir.dispose();
  });

  /** The position of the n-th occurrence of `needle` (plus `delta` characters). */
  const pos = (needle: string, delta = 1, nth = 0) => {
    let i = -1;
    for (let k = 0; k <= nth; k++) i = FILE.indexOf(needle, i + 1);
    assert.ok(i >= 0, needle);
    return cursor(FILE.slice(0, i + delta) + '¦' + FILE.slice(i + delta), '¦').position;
  };
  const definition = async (position: { line: number; character: number }) =>
    (await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position })) as Location | null;

  it('goes from an imported variable to its declaration in the catalog JSON', async () => {
    const loc = await definition(pos('$Service', 2));
    assert.ok(loc);
    assert.equal(loc.uri, dir.uri('events.json'));
    const jsonOffset = offsetAt(CATALOG, loc.range.start);
    assert.ok(CATALOG.slice(jsonOffset - 1, jsonOffset + 9).includes('Service'), CATALOG.slice(jsonOffset - 5, jsonOffset + 20));
  });

  it('goes from a built-in variable to the installed catalog docs', async () => {
    const loc = await definition(pos('$VulnerabilityScore', 3));
    assert.ok(loc);
    assert.match(loc.uri, /\/docs\/catalog\.md$/);
    const docs = readFileSync(fileURLToPath(loc.uri), 'utf8').split('\n');
    assert.match(docs[loc.range.start.line]!, /VulnerabilityScore/);
  });

  it('goes from a loop variable to its foreach, and from a sample assignment to the catalog', async () => {
    const loc = await definition(pos('$h on', 1));
    assert.ok(loc);
    assert.deepEqual(loc.range.start, pos('$h in', 0));
    const sample = await definition(pos('$Service = ', 2));
    assert.equal(sample?.uri, dir.uri('events.json'));
  });

  it('goes from a function name to its section of the installed function docs', async () => {
    const loc = await definition(pos('$Secret', 3));
    assert.ok(loc);
    assert.match(loc.uri, /\/docs\/functions\.md$/);
    const docs = readFileSync(fileURLToPath(loc.uri), 'utf8').split('\n');
    assert.match(docs[loc.range.start.line]!, /^#+ .*Secret/);
  });

  it('finds the references of an event variable and of a loop variable within its own loop', async () => {
    const refs = (await server.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri },
      position: pos('$Service', 2),
      context: { includeDeclaration: true },
    }))!;
    assert.equal(refs.length, 3);
    const loop = (await server.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri },
      position: pos('$h on', 1),
      context: { includeDeclaration: true },
    }))!;
    assert.deepEqual(
      loop.map((l) => l.range.start.line),
      [8, 8],
    );
  });

  it('renames a loop variable and a notifier, and refuses event variables with a reason', async () => {
    const prepared = await server.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: pos('$h on', 1) });
    assert.ok(prepared && 'placeholder' in prepared && prepared.placeholder === 'h');
    const edit = await server.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: pos('$h on', 1), newName: 'host' });
    const edits = edit!.changes![uri]! as TextEdit[];
    assert.equal(edits.length, 2);
    assert.ok(edits.every((e) => e.newText === 'host' && e.range.start.line === 8));

    const notifier = await server.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: pos('"Vulns"', 2), newName: 'Security "alerts"' });
    assert.equal((notifier!.changes![uri]![0] as TextEdit).newText, 'Security `"alerts`"');

    await assert.rejects(
      server.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: pos('$VulnerabilityScore', 3) }),
      /declared by their catalog/,
    );
  });

  it('prepares a rename anywhere on a name, quotes included, with the range rename replaces and its text as the placeholder', async () => {
    // names written with escapes, in both quote kinds, a swim string, and one piece down in a CRLF file
    const text =
      'notifier "a`"b`$c" { on package.added; webhook { url = "https://example.com/h"; } }\r\n' +
      "notifier 'it`'s ``x``' { on package.added; webhook { url = \"https://example.com/h\"; } }\r\n" +
      'sample >>s "1">> for package.added { }\r\n';
    const doc = TextDocument.create(dir.uri('names.notify'), 'notify', 1, text);
    await server.open(doc.uri, text);
    for (const [literal, delimiter] of [['"a`"b`$c"', 1], ["'it`'s ``x``'", 1], ['>>s "1">>', 2]] as const) {
      const opening = text.indexOf(literal);
      const after = opening + literal.length;
      // from before the opening delimiter to after the closing one
      for (let at = opening; at <= after; at++) {
        const position = doc.positionAt(at);
        const where = `${literal} at ${at - opening}`;
        const prepared = await server.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: doc.uri }, position });
        assert.ok(prepared && 'placeholder' in prepared, where);
        assert.deepEqual([doc.offsetAt(prepared.range.start), doc.offsetAt(prepared.range.end)], [opening + delimiter, after - delimiter], where);
        assert.equal(prepared.placeholder, doc.getText(prepared.range), where);
        // the placeholder given back unchanged is written unchanged, over the same range
        const same = await server.connection.sendRequest(RenameRequest.type, { textDocument: { uri: doc.uri }, position, newName: prepared.placeholder });
        assert.deepEqual(same!.changes![doc.uri], [{ range: prepared.range, newText: prepared.placeholder }], where);
      }
    }
    // typed quotes and dollars are escaped, typed escapes kept; a tag or a line break is refused
    const first = doc.positionAt(text.indexOf('a`"b'));
    const rename = async (newName: string) =>
      ((await server.connection.sendRequest(RenameRequest.type, { textDocument: { uri: doc.uri }, position: first, newName }))!.changes![doc.uri]![0] as TextEdit).newText;
    assert.equal(await rename('x "y" $z `$w'), 'x `"y`" `$z `$w');
    await assert.rejects(rename('a\nb'), /one line/);
    await assert.rejects(rename('<% if true { %>x<% } %>'), /template tags/);
  });

  it('links import paths to the resolved catalog file', async () => {
    const links = (await server.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } }))!;
    assert.equal(links.length, 1);
    assert.equal(links[0]!.target, dir.uri('events.json'));
    assert.deepEqual(links[0]!.range.start, { line: 0, character: 8 });
  });
});
