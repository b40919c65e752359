// dist/server.js: starts the language server (dist/serverMain.js, built from
// ./main.ts) from a V8 code cache when it has one.
//
// Why: a fresh server spends most of its first check compiling and
// interpreting cold code (the parser, the checker, the catalog reader), not
// checking. V8 can serialise the bytecode of every function compiled so far
// (`Script.createCachedData`); a server started with it skips the lazy
// compilation of all of them. The cache is written once, after the first
// diagnostics are published (so it holds what a check runs), beside the
// bundle it belongs to: whoever can write it can write the bundle, so it
// trusts no one new. Node 22's `module.enableCompileCache` does the same;
// this also works on Node 20 and in the editor's runtime.
//
// It is only a cache: a missing, unwritable, stale or corrupt one costs the
// compile it would have saved, never correctness. Its first bytes are a
// SHA-256 of the Node version, the architecture, the flags, the bundle's
// text and the cached data; a file that does not match is not used (V8
// itself checks only the version, the flags and the text's length, and in
// release builds no checksum) and is written again after the first check.
// NOTIFY_CODE_CACHE=off neither reads nor writes it.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { CODE_CACHE_HOOK } from './codeCacheHook';

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
const cacheFile = join(dir, 'serverMain.codecache');
const DIGEST_BYTES = 32;

/** The bundle compiled (from the cache when it has a good one), and what writes the cache if it had none. */
function compile(): { script: Script; writeCache?: () => void } {
  const source = readFileSync(bundle, 'utf8');
  // The wrapper Node puts around a CommonJS module, so the bundle runs as if required.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  if (process.env.NOTIFY_CODE_CACHE === 'off') return { script: new Script(wrapped, { filename: bundle }) };
  const digest = (data: Uint8Array) =>
    createHash('sha256').update(`${process.version}\0${process.arch}\0${process.execArgv.join(' ')}\0`).update(source).update(data).digest();
  let cachedData: Buffer | undefined;
  try {
    const file = readFileSync(cacheFile);
    const data = file.subarray(DIGEST_BYTES);
    if (file.length > DIGEST_BYTES && digest(data).equals(file.subarray(0, DIGEST_BYTES))) cachedData = data;
  } catch {
    // no cache yet
  }
  const script = new Script(wrapped, { filename: bundle, cachedData });
  if (cachedData && !script.cachedDataRejected) return { script };
  return {
    script,
    writeCache: () => {
      const temp = `${cacheFile}.${process.pid}.tmp`;
      try {
        const data = script.createCachedData();
        writeFileSync(temp, Buffer.concat([digest(data), data]));
        // a rename: servers starting meanwhile read the old file or the new one, never half of one
        renameSync(temp, cacheFile);
      } catch {
        try {
          unlinkSync(temp);
        } catch {
          // nothing was written (a read-only installation): no cache
        }
      }
    },
  };
}

// In a function: the cache file's bytes (and the bundle's text but for the compiled copy) are garbage once it returns.
const { script, writeCache } = compile();
if (writeCache) {
  let written = false;
  (globalThis as Record<symbol, unknown>)[CODE_CACHE_HOOK] = () => {
    if (written) return;
    written = true;
    // once the diagnostics are on their way, before the next message is read
    setImmediate(writeCache);
  };
}

const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(bundle), module, bundle, dir);
