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
import { CompletionRequest, DidChangeWatchedFilesNotification, FileChangeType, WorkspaceSymbolRequest, type CompletionItem, type SymbolInformation } from 'vscode-languageserver-protocol/node';
import { cursor, TempDir, TestServer, withTimeout } from './harness';

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

/**
 * `import "‸"` completion offers what an import may read: paths inside the
 * document's workspace root (LANGUAGE.md 7). It does not list folders above
 * the repository, the file system's root or a link's target elsewhere.
 */
describe('hostile workspace: import path completion', () => {
  const dir = new TempDir();
  let server: TestServer;
  let n = 0;
  before(async () => {
    mkdirSync(join(dir.path, 'repo', '.git'), { recursive: true });
    dir.write('repo/catalogs/deploy.json', '{"events": {}}');
    dir.write('private-next-to-repo/keys.json', '{}');
    symlinkSync(join(dir.path, 'private-next-to-repo'), join(dir.path, 'repo', 'linked'));
    symlinkSync(join(dir.path, 'private-next-to-repo', 'keys.json'), join(dir.path, 'repo', 'keys-link.json'));
    server = await TestServer.start({ rootDir: join(dir.path, 'repo') });
  });
  after(async () => {
    await server.stop();
    dir.dispose();
  });
  async function labels(marked: string): Promise<string[]> {
    const c = cursor(marked);
    const uri = dir.uri(`repo/c${n++}.notify`);
    await server.open(uri, c.text);
    const result = await withTimeout(server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: c.position }), 10_000);
    return (Array.isArray(result) ? result : (result?.items ?? [])).map((i: CompletionItem) => i.label);
  }

  it('lists the folders and catalogs inside the root', async () => {
    const inside = await labels('import "|";\n');
    assert.ok(inside.includes('catalogs/'), inside.join(', '));
    assert.deepEqual(await labels('import "catalogs/|";\n'), ['deploy.json']);
  });

  it('lists nothing above the root, at the file system root, or through a link that leads out', async () => {
    assert.deepEqual(await labels('import "../|";\n'), []);
    assert.deepEqual(await labels('import "../private-next-to-repo/|";\n'), []);
    assert.deepEqual(await labels('import "/|";\n'), []);
    assert.deepEqual(await labels('import "linked/|";\n'), []);
    const top = await labels('import "|";\n');
    assert.ok(!top.includes('keys-link.json') && !top.includes('linked/'), top.join(', '));
  });
});

/**
 * A file open in the editor is read from the editor, not the disk — but only
 * where the disk would be read: an import (or a recipients file) outside the
 * document's workspace root is refused even when the user has that file open
 * in another tab (LANGUAGE.md 7: no diagnostic, hover or completion may quote it).
 */
describe('hostile workspace: a file outside the root that is open in the editor', () => {
  const dir = new TempDir();
  let server: TestServer;
  before(async () => {
    mkdirSync(join(dir.path, 'repo', '.git'), { recursive: true });
    server = await TestServer.start({ rootDir: join(dir.path, 'repo') });
  });
  after(async () => {
    await server.stop();
    dir.dispose();
  });

  it('an import of it is NTF401 outside the workspace root, its events unknown', async () => {
    const secretUri = dir.write('home/settings.json', '{}');
    // the user has a file of their own open, with text not even saved
    await server.open(secretUri, JSON.stringify({ events: { 'private.event': { description: 'PRIVATE', variables: {} } } }), 'json');
    const uri = dir.write('repo/a.notify', '');
    const text = 'import "../home/settings.json";\nnotifier "n" {\n    on private.event;\n    slack { url = "https://hooks.slack.com/services/x"; text = "x"; }\n}\n';
    await server.open(uri, text);
    const diags = await server.diagnostics(uri);
    const imp = diags.find((d) => d.range.start.line === 0);
    assert.ok(imp && /outside the workspace root/.test(String(imp.message)), JSON.stringify(diags.map((d) => d.message)));
    assert.ok(!JSON.stringify(diags).includes('PRIVATE'));
  });

  it('a recipients file there is not read from the editor either', async () => {
    // a notify-recipients.json above the repository is allowed (its own folder is its root): one *linked* out is not
    const outUri = dir.write('home/groups.json', '{}');
    await server.open(outUri, JSON.stringify({ groups: { team: ['private@example.com'] } }), 'json');
    symlinkSync(join(dir.path, 'home', 'groups.json'), join(dir.path, 'repo', 'notify-recipients.json'));
    const uri = dir.write('repo/b.notify', '');
    await server.open(uri, 'notifier "n" {\n    on package.added;\n    email { to = "@team"; subject = "x"; body = "y"; }\n}\n');
    const diags = await server.diagnostics(uri);
    assert.ok(diags.some((d) => d.code === 'NTF346' && /outside the workspace root/.test(String(d.message))), JSON.stringify(diags.map((d) => d.message)));
  });
});
