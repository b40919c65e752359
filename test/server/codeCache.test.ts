/**
 * dist/server.js starts the server bundle from a V8 code cache written by an
 * earlier start (server/launcher.ts). Each test runs its own copy of the
 * built server, so it owns the cache file beside it.
 */
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { ROOT, TempDir, TestServer } from './harness';

const TEXT = `notifier "Packages" {
    on package.added;
    when $FeedNam == "internal";
    slack {
        url = $Secret("slack");
        text = "Added $PackageId";
    }
}
`;

describe('dist/server.js code cache', () => {
  const dirs: TempDir[] = [];
  after(() => dirs.forEach((d) => d.dispose()));

  /** A copy of the built server in a folder of its own. */
  function copyOfServer(): { serverJs: string; cache: string; bundle: string; docs: TempDir } {
    const dir = new TempDir();
    dirs.push(dir);
    const dist = join(dir.path, 'dist');
    mkdirSync(dist);
    for (const f of ['server.js', 'serverMain.js', 'package.json']) copyFileSync(join(ROOT, 'dist', f), join(dist, f));
    return { serverJs: join(dist, 'server.js'), cache: join(dist, 'serverMain.codecache'), bundle: join(dist, 'serverMain.js'), docs: dir };
  }

  /** One session: open a document, its diagnostics, a hover after them (so the server has handled what follows the publish). */
  async function session(serverJs: string, docs: TempDir, env?: NodeJS.ProcessEnv, transport: 'stdio' | 'ipc' = 'stdio'): Promise<{ codes: string[]; hover: string }> {
    const server = await TestServer.start({ serverJs, env, transport });
    try {
      const uri = docs.uri('a.notify');
      await server.open(uri, TEXT);
      const codes = (await server.diagnostics(uri)).map((d) => String(d.code));
      const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 5, character: 25 } });
      return { codes, hover: JSON.stringify(hover) };
    } finally {
      await server.stop();
    }
  }

  it('the first start writes it once its first diagnostics are out; the next starts use it (not written again) and answer the same', async () => {
    const { serverJs, cache, docs } = copyOfServer();
    const first = await session(serverJs, docs);
    assert.deepEqual(first.codes, ['NTF102']);
    assert.match(first.hover, /PackageId/);
    assert.ok(existsSync(cache), 'no code cache after the first diagnostics');
    const written = statSync(cache);
    assert.ok(written.size > 100_000, `a cache of ${written.size} bytes`);
    for (const transport of ['stdio', 'ipc'] as const) {
      assert.deepEqual(await session(serverJs, docs, undefined, transport), first);
      const now = statSync(cache);
      // written again means it was not accepted
      assert.equal(now.ino, written.ino);
      assert.equal(now.mtimeMs, written.mtimeMs);
    }
  });

  it('a cache of another bundle, a damaged one or garbage is not used: the server answers the same and writes a good one', async () => {
    const { serverJs, cache, bundle, docs } = copyOfServer();
    const expected = await session(serverJs, docs);
    const good = readFileSync(cache);

    // the cached data damaged past its digest, same length (V8 alone would not notice: no checksum in release builds)
    const damaged = Buffer.from(good);
    for (let i = 64; i < damaged.length; i += 97) damaged[i] = damaged[i]! ^ 0xff;
    writeFileSync(cache, damaged);
    assert.deepEqual(await session(serverJs, docs), expected);
    assert.ok(!readFileSync(cache).equals(damaged), 'the damaged cache was not replaced');

    writeFileSync(cache, 'not a code cache');
    assert.deepEqual(await session(serverJs, docs), expected);
    assert.ok(readFileSync(cache).length > 100_000);

    // an updated bundle: the old cache is for another text
    const before = readFileSync(cache);
    appendFileSync(bundle, '\n// another build\n');
    assert.deepEqual(await session(serverJs, docs), expected);
    assert.ok(!readFileSync(cache).equals(before), 'the cache of the old bundle was kept');
  });

  it('NOTIFY_CODE_CACHE=off neither reads nor writes it', async () => {
    const { serverJs, cache, docs } = copyOfServer();
    assert.deepEqual((await session(serverJs, docs, { NOTIFY_CODE_CACHE: 'off' })).codes, ['NTF102']);
    assert.equal(existsSync(cache), false);
    writeFileSync(cache, 'not a code cache');
    assert.deepEqual((await session(serverJs, docs, { NOTIFY_CODE_CACHE: 'off' })).codes, ['NTF102']);
    assert.equal(readFileSync(cache, 'utf8'), 'not a code cache');
  });
});
