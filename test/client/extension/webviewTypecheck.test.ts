import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { it } from 'node:test';

// The webview script runs in a browser and is kept out of the root
// typecheck (which has no DOM types); it is checked here with its own config.
it('the preview webview script typechecks against the DOM', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'client/extension/preview/webview/tsconfig.json', '--noEmit'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
