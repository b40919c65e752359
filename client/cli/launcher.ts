// dist/cli.js, the `notify` command: runs the command line (dist/cliMain.js,
// built from ./main.ts) from a V8 code cache when it has one
// (host/codeCache.ts): a `notify check` in CI is mostly start-up, and a third
// of that was compiling the bundle. Without a good cache, the first command
// that analyzes a .notify file (check, render, send, test: ./check.ts's
// analyzeFile) writes one as it exits, holding everything that command
// compiled (the parser and the checker); `--version`, a usage error or `fmt`
// does not.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileBundle, onWorthCaching, runBundle } from '../../host/codeCache';

const dir = dirname(fileURLToPath(import.meta.url));
const bundle = join(dir, 'cliMain.js');
const { script, writeCache } = compileBundle(bundle, join(dir, 'cliMain.codecache'));
if (writeCache) onWorthCaching(() => process.once('exit', writeCache));
(runBundle(script, bundle) as typeof import('./main')).runFromCommandLine();
