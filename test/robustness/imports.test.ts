/**
 * `import "…"` in an untrusted file must not be able to hang or exhaust the
 * CLI, the extension host (the preview works in untrusted workspaces) or the
 * language server by pointing at something that never ends: a device such
 * as /dev/zero, or a named pipe nobody writes to. Before the fix, `notify
 * check` on `import "/dev/zero";` ran until killed, at 6 GB of memory.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { importHost } from '../../client/extension/engine';
import { TestServer } from '../server/harness';
import { runCli, scratch } from './pipeline';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const notifier = 'notifier "n" {\n    on package.added;\n    webhook { url = "https://example.com/h"; }\n}\n';

test('notify check and render refuse a device or a pipe as an import, at once', async () => {
  const dir = scratch({ 'zero.notify': `import "/dev/zero";\n${notifier}`, 'pipe.notify': `import "pipe.json";\n${notifier}` });
  dirs.push(dir);
  execFileSync('mkfifo', [join(dir, 'pipe.json')]);
  for (const [file, what] of [['zero.notify', '/dev/zero'], ['pipe.notify', 'pipe.json']] as const) {
    for (const command of ['check', 'render']) {
      // A read that blocks (a pipe) or never ends (/dev/zero) is killed at the timeout and fails on its exit
      // code; no wall-clock bound besides, which a loaded machine would decide.
      const r = await runCli([command, file], dir, {}, 60_000);
      assert.equal(r.code, 1, `${command} ${file}: ${r.stderr}`);
      // A device is outside the workspace: refused before it is opened (host/files.ts); a pipe inside is opened without blocking and refused.
      const why = what === '/dev/zero' ? 'outside the workspace root' : 'not a regular file';
      assert.match(r.stdout + r.stderr, new RegExp(`NTF401: Cannot import "${what.replace('.', '\\.')}": ${why}`));
    }
  }
});

test('a device, pipe or folder named on the command line is unreadable input (exit 2), not read', async () => {
  const dir = scratch({});
  dirs.push(dir);
  execFileSync('mkfifo', [join(dir, 'pipe.notify')]);
  const cases: [string[], string][] = [
    [['check', '/dev/zero'], '/dev/zero'],
    [['check', 'pipe.notify'], 'pipe.notify'],
    [['fmt', '/dev/zero'], '/dev/zero'],
    [['render', 'pipe.notify'], 'pipe.notify'],
    [['events', '--import', '/dev/zero'], '/dev/zero'],
    [['events', '--import', '.'], '.'],
  ];
  for (const [args, named] of cases) {
    const r = await runCli(args, dir, {}, 60_000);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^notify ${args[0]}: ${named.replace('.', '\\.')}: not a regular file \\(`), args.join(' '));
  }
});

test('the extension host (preview, Send Test) refuses anything but a regular file as an import', () => {
  const host = importHost('/');
  for (const path of ['/dev/null', '/dev/zero', '/tmp']) {
    const r = host.readImport(path);
    assert.ok('error' in r, `${path} was read`);
    assert.match(r.error, /not a regular file|not a file/);
  }
});

test('the language server answers a document importing /dev/zero with NTF401, promptly', async () => {
  const dir = scratch({});
  dirs.push(dir);
  const server = await TestServer.start({ rootDir: dir });
  try {
    const uri = `file://${join(dir, 'z.notify')}`;
    await server.open(uri, `import "/dev/zero";\n${notifier}`);
    const diagnostics = await server.diagnostics(uri, undefined, 60_000);
    assert.ok(diagnostics.some((d) => d.code === 'NTF401'), JSON.stringify(diagnostics));
    assert.ok(server.alive);
  } finally {
    await server.stop();
  }
});

test('the language server is not blocked by a named pipe called *.notify reported by the file watcher', async () => {
  const { DidChangeWatchedFilesNotification, FileChangeType, HoverRequest } = await import('vscode-languageserver-protocol/node');
  const dir = scratch({});
  dirs.push(dir);
  execFileSync('mkfifo', [join(dir, 'evil.notify')]);
  const server = await TestServer.start({ rootDir: dir });
  try {
    const pipe = `file://${join(dir, 'evil.notify')}`;
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pipe, type: FileChangeType.Created }, { uri: pipe, type: FileChangeType.Changed }] });
    const uri = `file://${join(dir, 'ok.notify')}`;
    await server.open(uri, notifier);
    // A server blocked on the pipe never answers; a slow one (a loaded machine) does, so the bound is generous.
    let timer: NodeJS.Timeout | undefined;
    const answer = await Promise.race([
      server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 8 } }).then(() => 'answered'),
      new Promise((r) => (timer = setTimeout(() => r('blocked'), 60_000))),
    ]).finally(() => clearTimeout(timer));
    assert.equal(answer, 'answered');
  } finally {
    // A blocked server cannot shut down; make sure it goes.
    await server.kill();
  }
});
