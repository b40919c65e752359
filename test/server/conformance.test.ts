/**
 * LSP conformance of `dist/server.js --stdio` under random incremental edits
 * (test/support/lspConformance.ts says what is edited, asked and checked),
 * with a fixed seed and a time budget: once as VS Code's client (its full
 * capability set) and once as a client that declares no capabilities.
 * robustness.test.ts replaces whole texts and only asks that every request
 * is answered; this one edits ranges as an editor does and checks every
 * answer against a shadow copy of the text.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './harness';

function run(seed: number, client: 'vscode' | 'minimal', budgetMs: number): { steps: number; violations: string[]; formatted: number } {
  const out = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'support', 'lspConformance.ts'), String(seed), '1000000', client, String(budgetMs)], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: budgetMs + 30_000,
  });
  const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  assert.ok(line, `no RESULT line; exit ${out.status}, stderr: ${out.stderr.slice(0, 2000)}\n${out.stdout.slice(0, 2000)}`);
  return JSON.parse(line.slice('RESULT '.length)) as { steps: number; violations: string[]; formatted: number };
}

describe('LSP conformance under random edits (fixed seeds, bounded time)', () => {
  it('as VS Code: every answer fits the current text', { timeout: 90_000 }, () => {
    const r = run(20261203, 'vscode', 25_000);
    assert.deepEqual(r.violations, []);
    assert.ok(r.steps >= 500, `only ${r.steps} steps in the budget`);
  });

  it('as a client that declares nothing: the same, in the plain forms', { timeout: 60_000 }, () => {
    const r = run(20261204, 'minimal', 15_000);
    assert.deepEqual(r.violations, []);
    assert.ok(r.steps >= 300, `only ${r.steps} steps in the budget`);
  });
});
