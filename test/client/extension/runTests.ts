// Extension tests inside a desktop VS Code's extension host, through
// @vscode/test-electron (mocha runs in the host; see ./suite).
//
//   node --import tsx test/client/extension/runTests.ts
//
// It needs a VS Code binary: $VSCODE_EXECUTABLE, else `code` on PATH. None
// can be downloaded on the project's machines, so without one this prints
//   extension tests NOT RUN: no VS Code binary
// and exits with status 78 (NOT_RUN_EXIT): not a pass, and not a failure of
// the code under test. CI reports 78 as "not run". The same behaviour in a
// real VS Code is covered by the code-server end-to-end tests, and this very
// suite runs there too (test/e2e/api.e2e.ts, through a runner extension).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const NOT_RUN_EXIT = 78;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function findOnPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function findVsCode(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.VSCODE_EXECUTABLE?.trim();
  if (explicit) return explicit;
  return findOnPath('code', env.PATH ?? '');
}

/** Bundles the mocha suite into one CommonJS file the extension host can load (out/ is git-ignored). */
export async function bundleSuite(): Promise<string> {
  const outfile = join(repoRoot, 'out', 'extension-tests', 'suite.cjs');
  await build({
    entryPoints: [join(repoRoot, 'test', 'client', 'extension', 'suite', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return outfile;
}

async function main(): Promise<number> {
  const suite = await bundleSuite();
  const executable = findVsCode();
  if (!executable) {
    console.log('extension tests NOT RUN: no VS Code binary (set VSCODE_EXECUTABLE or put `code` on PATH)');
    return NOT_RUN_EXIT;
  }
  if (spawnSync(process.execPath, [join(repoRoot, 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' }).status !== 0) return 1;
  const { runTests } = await import('@vscode/test-electron');
  const workspace = mkdtempSync(join(tmpdir(), 'notify-ext-tests-'));
  writeFileSync(join(workspace, '.keep'), '');
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suite,
      launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: { NOTIFY_TEST_WORKSPACE: workspace },
    });
    return 0;
  } catch (e) {
    console.error(`extension tests FAILED: ${(e as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(e);
      process.exit(1);
    },
  );
}
