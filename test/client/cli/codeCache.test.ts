/**
 * dist/cli.js runs the command-line bundle from a V8 code cache written by
 * an earlier command (client/cli/launcher.ts, host/codeCache.ts). Each test
 * runs its own copy of the built CLI, so it owns the cache file beside it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, scratch } from './runCli';

const BROKEN = 'notifier "Packages" {\n    on package.added;\n    when $FeedNam == "internal";\n}\n';

describe('dist/cli.js code cache', () => {
  /** A copy of the built CLI in a folder of its own, and a .notify file with one error beside it. */
  function copyOfCli(): { cli: string; cache: string; bundle: string; dir: string } {
    const dir = scratch({ 'a.notify': BROKEN });
    const dist = join(dir, 'dist');
    mkdirSync(dist);
    for (const f of ['cli.js', 'cliMain.js', 'package.json']) copyFileSync(join(ROOT, 'dist', f), join(dist, f));
    return { cli: join(dist, 'cli.js'), cache: join(dist, 'cliMain.codecache'), bundle: join(dist, 'cliMain.js'), dir };
  }

  function notify(cli: string, dir: string, args: string[], env: Record<string, string> = {}) {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('is written by the first command that analyzes a file (not by --version, a usage error or fmt), then used and not written again', () => {
    const { cli, cache, dir } = copyOfCli();
    assert.equal(notify(cli, dir, ['--version']).code, 0);
    assert.equal(notify(cli, dir, ['nonsense']).code, 2);
    assert.equal(notify(cli, dir, ['fmt', '--check', 'a.notify']).code, 0);
    assert.equal(existsSync(cache), false, 'written by a command that analyzed no file');
    const first = notify(cli, dir, ['check', 'a.notify']);
    assert.equal(first.code, 1);
    assert.match(first.stdout, /a\.notify:3:11: error NTF102/);
    assert.ok(existsSync(cache), 'no code cache after a check');
    const written = statSync(cache);
    assert.ok(written.size > 100_000, `a cache of ${written.size} bytes`);
    for (const args of [['check', 'a.notify'], ['check', '--format', 'json', 'a.notify'], ['fmt', '--check', 'a.notify']]) {
      const r = notify(cli, dir, args);
      if (args[1] !== '--format' && args[0] === 'check') assert.deepEqual(r, first);
      const now = statSync(cache);
      // written again means it was not accepted
      assert.equal(now.ino, written.ino);
      assert.equal(now.mtimeMs, written.mtimeMs);
    }
  });

  it('render writes it too (it analyzes the file, as check, send and test do)', () => {
    const { cli, cache, dir } = copyOfCli();
    assert.equal(notify(cli, dir, ['render', 'a.notify']).code, 1);
    assert.ok(existsSync(cache), 'no code cache after a render');
  });

  it('the temporary file of a writer killed before its rename (SIGKILL) is removed by the next write; a live writer’s is left alone', () => {
    // Each was as big as the cache (over 100 KB) and stayed beside the bundle for good.
    const { cli, cache, dir } = copyOfCli();
    const deadPid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    writeFileSync(`${cache}.${deadPid}.tmp`, Buffer.alloc(200_000));
    writeFileSync(`${cache}.${process.pid}.tmp`, 'a live writer’s');
    assert.equal(notify(cli, dir, ['check', 'a.notify']).code, 1);
    assert.ok(existsSync(cache));
    assert.deepEqual(readdirSync(join(dir, 'dist')).filter((n) => n.endsWith('.tmp')), [`cliMain.codecache.${process.pid}.tmp`]);
  });

  it('a damaged cache, garbage or the cache of another bundle is not used: the command answers the same and writes a good one', () => {
    const { cli, cache, bundle, dir } = copyOfCli();
    const expected = notify(cli, dir, ['check', 'a.notify']);
    const good = readFileSync(cache);

    // the cached data damaged past its digest, same length (V8 alone would not notice: no checksum in release builds)
    const damaged = Buffer.from(good);
    for (let i = 64; i < damaged.length; i += 97) damaged[i] = damaged[i]! ^ 0xff;
    writeFileSync(cache, damaged);
    assert.deepEqual(notify(cli, dir, ['check', 'a.notify']), expected);
    assert.ok(!readFileSync(cache).equals(damaged), 'the damaged cache was not replaced');

    writeFileSync(cache, 'not a code cache');
    assert.deepEqual(notify(cli, dir, ['check', 'a.notify']), expected);
    assert.ok(readFileSync(cache).length > 100_000);

    const before = readFileSync(cache);
    writeFileSync(bundle, readFileSync(bundle, 'utf8') + '\n// another build\n');
    assert.deepEqual(notify(cli, dir, ['check', 'a.notify']), expected);
    assert.ok(!readFileSync(cache).equals(before), 'the cache of the old bundle was kept');
  });

  it('NOTIFY_CODE_CACHE=off neither reads nor writes it; a read-only folder has none and works', () => {
    const { cli, cache, dir } = copyOfCli();
    const expected = notify(cli, dir, ['check', 'a.notify'], { NOTIFY_CODE_CACHE: 'off' });
    assert.equal(expected.code, 1);
    assert.equal(existsSync(cache), false);
    writeFileSync(cache, 'not a code cache');
    assert.deepEqual(notify(cli, dir, ['check', 'a.notify'], { NOTIFY_CODE_CACHE: 'off' }), expected);
    assert.equal(readFileSync(cache, 'utf8'), 'not a code cache');

    const readOnly = copyOfCli();
    chmodSync(join(readOnly.dir, 'dist'), 0o555);
    try {
      assert.deepEqual(notify(readOnly.cli, readOnly.dir, ['check', 'a.notify']), expected);
      // root may write anyway; what matters is the answer and that no temporary file is left
      assert.deepEqual(readdirSync(join(readOnly.dir, 'dist')).filter((f) => f.endsWith('.tmp')), []);
    } finally {
      chmodSync(join(readOnly.dir, 'dist'), 0o755);
    }
  });
});
