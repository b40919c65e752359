import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DidRenameFilesNotification, WillRenameFilesRequest, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { parseFile } from '../../grammar/analyze';
import { importPathText } from '../../grammar/catalog/imports';
import { offsetAt, serverSuite } from './harness';

const CATALOG = '{ "events": { "deploy.finished": { "variables": { "Service": { "type": "string", "example": "api" } } } } }\n';
const notifier = (imports: string) => `${imports}\nnotifier "n" {\n    on deploy.finished;\n    webhook { url = "https://example.com/x"; body = "$Service"; }\n}\n`;

function apply(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  for (const e of sorted) text = text.slice(0, offsetAt(text, e.range.start)) + e.newText + text.slice(offsetAt(text, e.range.end));
  return text;
}

describe('import paths follow renamed and moved files (workspace/willRenameFiles)', () => {
  const suite = serverSuite();
  const uri = (relative: string) => pathToFileURL(join(suite.dir.path, relative)).href;
  const rename = (files: { oldUri: string; newUri: string }[]) =>
    suite.server.connection.sendRequest(WillRenameFilesRequest.type, { files }) as Promise<WorkspaceEdit | null>;

  it('advertises willRename for files and folders', () => {
    assert.ok(suite.server.initializeResult.capabilities.workspace?.fileOperations?.willRename);
  });

  it('LANGUAGE.md 10.5: renaming a catalog rewrites every import of it, in open files and in files on disk, each in its own form', async () => {
    const dir = suite.dir;
    mkdirSync(join(dir.path, '.git'), { recursive: true });
    dir.write('catalogs/events.json', CATALOG);
    dir.write('catalogs/other.json', '{ "events": {} }\n');
    dir.write('a.notify', notifier('import "catalogs/events.json";\nimport "catalogs/other.json";'));
    dir.write('sub/c.notify', notifier("import '../catalogs/events.json';"));
    const openText = notifier('import "./catalogs/events.json";');
    dir.write('b.notify', openText);
    // for the next test: the server lists the workspace's files once, at the first request that needs them
    dir.write('m/catalogs/events.json', CATALOG);
    dir.write('m/n.notify', notifier('import "catalogs/events.json";'));
    await suite.server.open(uri('b.notify'), openText);
    const edit = await rename([{ oldUri: uri('catalogs/events.json'), newUri: uri('catalogs/deploy events.json') }]);
    const changes = edit?.changes ?? {};
    assert.deepEqual(Object.keys(changes).sort(), [uri('a.notify'), uri('b.notify'), uri('sub/c.notify')].sort());
    assert.match(apply(readFileSync(join(dir.path, 'a.notify'), 'utf8'), changes[uri('a.notify')]!), /^import "catalogs\/deploy events\.json";\nimport "catalogs\/other\.json";/);
    assert.match(apply(openText, changes[uri('b.notify')]!), /^import "\.\/catalogs\/deploy events\.json";/);
    assert.match(apply(readFileSync(join(dir.path, 'sub/c.notify'), 'utf8'), changes[uri('sub/c.notify')]!), /^import '\.\.\/catalogs\/deploy events\.json';/);
  });

  it('moving a folder rewrites imports into it; moving a .notify file rewrites its own relative imports; names needing escapes are escaped', async () => {
    const dir = suite.dir;
    const folder = await rename([{ oldUri: uri('m/catalogs'), newUri: uri('m/shared/cat$`"s') }]);
    const rewritten = apply(readFileSync(join(dir.path, 'm/n.notify'), 'utf8'), folder!.changes![uri('m/n.notify')]!);
    assert.match(rewritten, /^import "shared\/cat`\$```"s\/events\.json";/);
    const decl = parseFile(rewritten).items[0]!;
    assert.equal(decl.kind === 'Import' ? importPathText(decl) : undefined, 'shared/cat$`"s/events.json', "the new path reads as the folder's new name");
    const moved = await rename([{ oldUri: uri('m/n.notify'), newUri: uri('m/deep/er/n.notify') }]);
    assert.match(apply(readFileSync(join(dir.path, 'm/n.notify'), 'utf8'), moved!.changes![uri('m/n.notify')]!), /^import "\.\.\/\.\.\/catalogs\/events\.json";/);
    // nothing imports what moves: no edit
    assert.equal(await rename([{ oldUri: uri('m/unrelated.json'), newUri: uri('m/elsewhere.json') }]), null);
  });

  it('after a folder is renamed (didRenameFiles), a document importing a catalog in it is checked again', async () => {
    const dir = suite.dir;
    dir.write('r/old/events.json', CATALOG);
    const text = notifier('import "new/events.json";');
    const doc = uri('r/n.notify');
    await suite.server.open(doc, text);
    const before = await suite.server.diagnostics(doc);
    assert.ok(before.some((d) => d.code === 'NTF401'), JSON.stringify(before));
    renameSync(join(dir.path, 'r/old'), join(dir.path, 'r/new'));
    await suite.server.connection.sendNotification(DidRenameFilesNotification.type, { files: [{ oldUri: uri('r/old'), newUri: uri('r/new') }] });
    const after = await suite.server.diagnostics(doc, (p) => !p.diagnostics.some((d) => d.code === 'NTF401'));
    assert.deepEqual(after, []);
  });

  it('a malformed request is InvalidParams', async () => {
    await assert.rejects(rename([{ oldUri: 1 } as never]), /params.files/);
  });
});
