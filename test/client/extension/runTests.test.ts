import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findVsCode, NOT_RUN_EXIT } from './runTests';

describe('extension test runner (test-electron)', () => {
  it('takes VSCODE_EXECUTABLE first, then `code` on PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'notify-code-'));
    const code = join(dir, 'code');
    writeFileSync(code, '#!/bin/sh\n');
    chmodSync(code, 0o755);
    assert.equal(findVsCode({ VSCODE_EXECUTABLE: '/opt/vscode/code', PATH: dir }), '/opt/vscode/code');
    assert.equal(findVsCode({ PATH: dir }), code);
    assert.equal(findVsCode({ PATH: mkdtempSync(join(tmpdir(), 'notify-empty-')) }), undefined);
  });

  it('says plainly that the tests did not run, with the documented status, when there is no VS Code', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/client/extension/runTests.ts'], {
      encoding: 'utf8',
      env: { ...process.env, VSCODE_EXECUTABLE: '', PATH: `${join(process.execPath, '..')}` },
    });
    assert.equal(r.status, NOT_RUN_EXIT, r.stdout + r.stderr);
    assert.match(r.stdout, /^extension tests NOT RUN: no VS Code binary/m);
  });
});
