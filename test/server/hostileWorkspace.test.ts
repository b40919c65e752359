/**
 * A cloned repository is not trusted (LANGUAGE.md 7, "Files outside the
 * workspace are not read"): what the language server reads of files it was
 * not asked to open goes through the host's one reader, which refuses a
 * link out of the workspace, a pipe or a device. Real server, real files.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType, WorkspaceSymbolRequest, type SymbolInformation } from 'vscode-languageserver-protocol/node';
import { TempDir, TestServer, withTimeout } from './harness';

describe('hostile workspace: workspace symbols', () => {
  const dir = new TempDir();
  const outside = new TempDir();
  let server: TestServer;
  before(async () => {
    mkdirSync(join(dir.path, '.git'));
    server = await TestServer.start({ rootDir: dir.path });
  });
  after(async () => {
    await server.stop();
    dir.dispose();
    outside.dispose();
  });
  const find = async (q: string) => ((await withTimeout(server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: q }), 10_000)) ?? []) as SymbolInformation[];

  it('does not list the notifiers of a `.notify` link that leads out of the workspace', async () => {
    dir.write('inside.notify', 'notifier "Inside one" { on package.added; }\n');
    outside.write('private.notify', 'notifier "Private elsewhere" { on package.added; }\n');
    symlinkSync(join(outside.path, 'private.notify'), join(dir.path, 'link.notify'));
    // the editor's watcher reports the link as created (a checkout, a `git pull`)
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: dir.uri('link.notify'), type: FileChangeType.Created }] });
    for (let i = 0; i < 50 && !(await find('Inside one')).length; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok((await find('Inside one')).length, 'the workspace scan found the file inside');
    assert.deepEqual((await find('Private elsewhere')).map((s) => s.location.uri), []);
  });

  it('answers when a `.notify` file reported by the watcher is a named pipe', async () => {
    execFileSync('mkfifo', [join(dir.path, 'pipe.notify')]);
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(join(dir.path, 'pipe.notify')).href, type: FileChangeType.Created }] });
    assert.ok((await find('Inside one')).length);
  });
});
