// The @vscode/test-electron suite (test/client/extension/suite), run inside
// code-server: no desktop VS Code can be obtained on these machines, but
// code-server has the same extension host and `vscode` API. A small runner
// extension (test/e2e/api-runner), installed only in this test's profile,
// loads the bundled suite and calls its run() export, as test-electron's
// host does; the suite writes each test's result to a file read here. So
// every API-level assertion executes in CI (`npm run test:vscode` still runs
// it on a desktop VS Code where there is one).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { bundleSuite } from '../client/extension/runTests';
import type { ApiTestResults } from '../client/extension/suite/index';
import { repoRoot, startEditor, timeouts, type Editor } from './harness';

function packageRunner(into: string): string {
  const vsix = join(into, 'notify-api-test-runner.vsix');
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], {
    cwd: join(repoRoot, 'test', 'e2e', 'api-runner'),
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return vsix;
}

describe('the @vscode/test-electron suite, inside code-server', () => {
  let editor: Editor;
  let scratch: string;
  let results: string;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'notify-api-tests-'));
    results = join(scratch, 'results.json');
    const suite = await bundleSuite();
    editor = await startEditor({
      label: 'api-suite',
      extraVsix: [packageRunner(scratch)],
      env: { NOTIFY_API_SUITE: suite, NOTIFY_API_RESULTS: results, NOTIFY_TEST_WORKSPACE: scratch },
    });
  });

  after(async () => {
    await editor?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('every test of the suite runs and passes', async () => {
    const deadline = Date.now() + timeouts.workbench * 3;
    let outcome: ApiTestResults | undefined;
    while (Date.now() < deadline) {
      if (existsSync(`${results}.error`) && !existsSync(results)) assert.fail(readFileSync(`${results}.error`, 'utf8'));
      if (existsSync(results)) {
        outcome = JSON.parse(readFileSync(results, 'utf8')) as ApiTestResults;
        if (outcome.done) break;
      }
      await editor.page.waitForTimeout(500);
    }
    await editor.screenshot('api-suite-done');
    assert.ok(outcome?.done, `the suite did not finish; extension host log:\n${editor.extensionHostLog().slice(-3000)}`);
    const failed = outcome.tests.filter((t) => t.state === 'failed');
    assert.deepEqual(failed, [], failed.map((t) => `${t.title}\n${t.error}`).join('\n\n'));
    // The suite's own list (test/client/extension/suite/extension.suite.ts): none skipped.
    const source = readFileSync(join(repoRoot, 'test', 'client', 'extension', 'suite', 'extension.suite.ts'), 'utf8');
    const declared = [...source.matchAll(/^\s*it\('/gm)].length;
    assert.equal(outcome.tests.length, declared, outcome.tests.map((t) => t.title).join('\n'));
    assert.equal(outcome.failures, 0);
  });
});
