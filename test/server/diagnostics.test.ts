import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { TempDir, TestServer } from './harness';
import { analyze } from '../../grammar/analyze';

const GOOD = `notifier "Packages" {
    on package.added;
    when $FeedName == "internal";
    slack {
        url = $Secret("slack");
        text = "Added $PackageId $PackageVersion";
    }
}
`;

describe('diagnostics', () => {
  const dir = new TempDir();
  let server: TestServer;
  before(async () => (server = await TestServer.start()));
  after(async () => {
    await server.stop();
    dir.dispose();
  });

  it('are published on open, with code, severity, range and a link to the code docs', async () => {
    const uri = dir.uri('open.notify');
    await server.open(uri, GOOD.replace('$FeedName ==', '$FeedNam =='));
    const [d, ...rest] = await server.diagnostics(uri);
    assert.equal(rest.length, 0);
    assert.equal(d!.code, 'NTF102');
    assert.equal(d!.severity, DiagnosticSeverity.Error);
    assert.equal(d!.source, 'notify');
    assert.equal(d!.range.start.line, 2);
    assert.equal(d!.range.end.line, 2);
    const line = GOOD.split('\n')[2]!.replace('$FeedName ==', '$FeedNam ==');
    assert.match(line.slice(d!.range.start.character, d!.range.end.character), /^\$?FeedNam$/);
    assert.match(d!.codeDescription!.href, /^file:\/\/.*\/docs\/diagnostics\.md#ntf102$/);
    assert.match(String(d!.message), /FeedName/);
  });

  it('one mistake, one diagnostic: a failed import is NTF401 only; `on Package.Added` one NTF101 (issue 15)', async () => {
    const uri = dir.uri('import.notify');
    await server.open(uri, `import "missing.json";\n\n${GOOD.replace('package.added', 'deploy.finished')}\n${GOOD.replace('"Packages"', '"Other"').replace('package.added', 'deploy.finished, package.added')}`);
    assert.deepEqual((await server.diagnostics(uri)).map((d) => d.code), ['NTF401']);
    const cased = dir.uri('cased.notify');
    await server.open(cased, GOOD.replace('package.added', 'Package.Added'));
    const ds = await server.diagnostics(cased);
    assert.deepEqual(ds.map((d) => d.code), ['NTF101']);
    assert.match(String(ds[0]!.message), /package\.added/);
  });

  it('a letter of another script after a variable name is NTF001 at that letter (names are ASCII)', async () => {
    const uri = dir.uri('ascii.notify');
    const text = GOOD.replace('Added $PackageId $PackageVersion', 'Paket $PackageIdé');
    await server.open(uri, text);
    const [d, ...rest] = await server.diagnostics(uri);
    assert.equal(rest.length, 0);
    assert.equal(d!.code, 'NTF001');
    const line = text.split('\n')[5]!;
    assert.equal(d!.range.start.line, 5);
    assert.equal(line.slice(d!.range.start.character, d!.range.end.character), 'é');
    assert.match(String(d!.message), /`é` ends `\$PackageId`; write `\$\{PackageId\}é`/);
  });

  it('follow incremental changes, tagged with the document version', async () => {
    const uri = dir.uri('change.notify');
    await server.open(uri, GOOD);
    assert.deepEqual(await server.diagnostics(uri), []);
    // type a stray character into the variable name, as an editor would
    const at = GOOD.split('\n')[5]!.indexOf('$PackageId') + '$PackageId'.length;
    const version = await server.edit(uri, { start: { line: 5, character: at }, end: { line: 5, character: at } }, 'X');
    const after = await server.diagnostics(uri, (p) => p.version === version);
    assert.deepEqual(after.map((d) => d.code), ['NTF102']);
    assert.match(server.text(uri), /\$PackageIdX/);
    // and fixing it clears them
    const fixed = await server.edit(uri, { start: { line: 5, character: at }, end: { line: 5, character: at + 1 } }, '');
    assert.deepEqual(await server.diagnostics(uri, (p) => p.version === fixed), []);
  });

  it('are capped at 1,000 per file, with a note on how many more `notify check` lists', async () => {
    const uri = dir.uri('garbage.notify');
    const text = Array(1200).fill('$ ;').join('\n');
    await server.open(uri, text);
    const ds = await server.diagnostics(uri);
    assert.equal(ds.length, 1001);
    assert.ok(ds.slice(0, 1000).every((d) => d.code === 'NTF001'));
    assert.equal(ds[1000]!.code, undefined);
    const all = analyze(text, { readImport: () => ({ error: 'none' }) }).diagnostics;
    assert.ok(all.length > 1200);
    assert.equal(ds[1000]!.message, `${all.length - 1000} more problems from here on are not shown; \`notify check\` lists them all`);
  });

  it('carry related information (the first declaration of a duplicate name)', async () => {
    const uri = dir.uri('dup.notify');
    await server.open(uri, GOOD + '\n' + GOOD);
    const diagnostics = await server.diagnostics(uri);
    const dup = diagnostics.find((d) => d.code === 'NTF303');
    assert.ok(dup, JSON.stringify(diagnostics));
    assert.equal(dup.relatedInformation?.[0]?.location.uri, uri);
    assert.equal(dup.relatedInformation?.[0]?.location.range.start.line, 0);
  });

  it('use the client-supplied docs base URL when given', async () => {
    const other = await TestServer.start({ initializationOptions: { docsBaseUrl: 'https://example.com/notify/docs/' } });
    try {
      const uri = dir.uri('base.notify');
      await other.open(uri, GOOD.replace('on package.added;', 'on package.addded;'));
      const diagnostics = await other.diagnostics(uri);
      assert.equal(diagnostics[0]?.codeDescription?.href, 'https://example.com/notify/docs/diagnostics.md#ntf101');
    } finally {
      await other.stop();
    }
  });

  it('are cleared when the document closes', async () => {
    const uri = dir.uri('close.notify');
    await server.open(uri, 'notifier {');
    assert.ok((await server.diagnostics(uri)).length > 0);
    const cleared = server.nextDiagnostics(uri);
    await server.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
  });
});
