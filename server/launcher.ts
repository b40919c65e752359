// dist/server.js: starts the language server (dist/serverMain.js, built from
// ./main.ts) from a V8 code cache when it has one (host/codeCache.ts), which
// it writes once the first diagnostics are published: it then holds what a
// check runs.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { compileBundle, onWorthCaching, runBundle } from '../host/codeCache';

// No optimizing compiler above Maglev (on Node 20, where Maglev is off: the
// interpreter and Sparkplug), in every editor that starts this file, unless
// the command line says otherwise. A language server's work is many short
// bursts over a large, lukewarm body of code: TurboFan spent more CPU
// compiling and deoptimizing the parser and checker than its code saved, and
// held ~10 MB (docs/decisions.md, "The language server runs without
// TurboFan"). Set before the bundle is compiled; the tier-up decisions read it.
if (!process.execArgv.some((a) => a.startsWith('--max-opt'))) setFlagsFromString('--max-opt=2');

const dir = dirname(fileURLToPath(import.meta.url));
const bundle = join(dir, 'serverMain.js');
const { script, writeCache } = compileBundle(bundle, join(dir, 'serverMain.codecache'));
// once the diagnostics are on their way, before the next message is read
if (writeCache) onWorthCaching(() => setImmediate(writeCache));
runBundle(script, bundle);
