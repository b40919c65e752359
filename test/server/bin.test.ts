import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, SERVER_JS } from './harness';

describe('notify-language-server bin', () => {
  it('is a package bin pointing at the bundled server, runnable by its shebang', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(pkg.bin['notify-language-server'], 'dist/server.js');
    assert.ok(readFileSync(SERVER_JS, 'utf8').startsWith('#!/usr/bin/env node\n'));
    const help = spawnSync(SERVER_JS, ['--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage: notify-language-server --stdio/);
  });

  it('without a transport says how to run it and exits 2 (instead of a stack trace)', () => {
    const r = spawnSync(process.execPath, [SERVER_JS], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Usage: notify-language-server --stdio/);
  });
});
