import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { TempDir, TestServer } from './harness';

const catalog = (variable: string) =>
  JSON.stringify({ events: { 'deploy.finished': { description: 'A deployment finished.', variables: { [variable]: { type: 'string', example: 'api' } } } } }, null, 2);

const FILE = `import "catalogs/deploy.json";

notifier "Deploys" {
    on deploy.finished;
    slack { url = $Secret("s"); text = "Deployed $Service"; }
}
`;

describe('workspace: imported catalogs', () => {
  const dir = new TempDir();
  let server: TestServer;
  let uri: string;
  let jsonUri: string;
  before(async () => {
    server = await TestServer.start({ rootDir: dir.path });
    jsonUri = dir.write('catalogs/deploy.json', catalog('Service'));
    uri = dir.write('d.notify', FILE);
  });
  after(async () => {
    await server.stop();
    dir.dispose();
  });

  it('follows imports relative to the document', async () => {
    await server.open(uri, FILE);
    assert.deepEqual(await server.diagnostics(uri), []);
  });

  it('re-checks importers when a catalog changes on disk (watched files)', async () => {
    dir.write('catalogs/deploy.json', catalog('Component'));
    const next = server.nextDiagnostics(uri);
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: jsonUri, type: FileChangeType.Changed }] });
    const p = await next;
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['NTF102']);
  });

  it('uses the in-memory text of a catalog open in the editor, and the disk again once it closes', async () => {
    let next = server.nextDiagnostics(uri);
    await server.open(jsonUri, catalog('Service'), 'json');
    assert.deepEqual((await next).diagnostics, []);

    next = server.nextDiagnostics(uri);
    await server.change(jsonUri, catalog('Other'));
    assert.deepEqual((await next).diagnostics.map((d) => d.code), ['NTF102']);

    next = server.nextDiagnostics(uri);
    await server.change(jsonUri, '{ "events": ');
    assert.ok((await next).diagnostics.some((d) => d.code === 'NTF401'));

    next = server.nextDiagnostics(uri);
    await server.close(jsonUri);
    // back to the disk version, which declares Component only
    assert.deepEqual((await next).diagnostics.map((d) => d.code), ['NTF102']);
  });
});
