// Runs a bundle from a V8 code cache beside it, for the two launchers:
// dist/server.js (server/launcher.ts) and dist/cli.js (client/cli/launcher.ts).
//
// Why: a fresh process spends most of its first check compiling and
// interpreting cold code (the parser, the checker, the catalog reader), not
// checking. V8 can serialise the bytecode of every function compiled so far
// (`Script.createCachedData`); a process started with it skips the lazy
// compilation of all of them. The cache is written once the process has done
// the work worth caching (the launcher decides when: worthCaching() says so),
// beside the bundle it belongs to: whoever can write it can write the bundle,
// so it trusts no one new. Node 22's `module.enableCompileCache` does the
// same; this also works on Node 20 and in the editor's runtime.
//
// It is only a cache: a missing, unwritable, stale or corrupt one costs the
// compile it would have saved, never correctness. Its first bytes are a
// SHA-256 of the Node version, the architecture, the flags, the bundle's
// bytes and the cached data; a file that does not match is not used (V8
// itself checks only the version, the flags and the text's length, and in
// release builds no checksum) and is written again. (Measured: a checksum in
// JavaScript over the 1 MB took longer than loading `node:crypto` and
// hashing.) NOTIFY_CODE_CACHE=off neither reads nor writes it.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

const DIGEST_BYTES = 32;

/**
 * Where a launcher leaves the function that marks the moment to write its
 * code cache. A global, not a module variable: the launcher and the bundle
 * it runs are separate bundles, each with its own copy of this module.
 */
const CODE_CACHE_HOOK = Symbol.for('notify.writeCodeCache');

/** Tells the launcher the process has run a check: its compiled code is worth caching now (or at exit: the launcher's choice). */
export function worthCaching(): void {
  const hook = (globalThis as Record<symbol, unknown>)[CODE_CACHE_HOOK];
  if (typeof hook === 'function') hook();
}

/** Sets what worthCaching() calls (the first call only). */
export function onWorthCaching(action: () => void): void {
  let done = false;
  (globalThis as Record<symbol, unknown>)[CODE_CACHE_HOOK] = () => {
    if (done) return;
    done = true;
    action();
  };
}

export interface CompiledBundle {
  readonly script: Script;
  /** Set when there was no good cache: writes one (never throws; a read-only folder just has none). */
  readonly writeCache?: () => void;
}

/** `bundle` compiled, from `cacheFile` when that holds a good cache of it. */
export function compileBundle(bundle: string, cacheFile: string): CompiledBundle {
  const bytes = readFileSync(bundle);
  const source = bytes.toString('utf8');
  // The wrapper Node puts around a CommonJS module, so the bundle runs as if required.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  if (process.env.NOTIFY_CODE_CACHE === 'off') return { script: new Script(wrapped, { filename: bundle }) };
  const digest = (data: Uint8Array) =>
    createHash('sha256').update(`${process.version}\0${process.arch}\0${process.execArgv.join(' ')}\0`).update(bytes).update(data).digest();
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
        // a rename: processes starting meanwhile read the old file or the new one, never half of one
        renameSync(temp, cacheFile);
        removeLeftoverTemps(cacheFile);
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

/**
 * Temporary files (`<cache>.<pid>.tmp`) of writers killed between writing
 * and renaming (a language server or command ended with SIGKILL): each is
 * as big as the cache and nothing else would ever remove it. Only those of a
 * process that is gone are removed; a live writer's is its own to rename.
 */
function removeLeftoverTemps(cacheFile: string): void {
  const dir = dirname(cacheFile);
  const prefix = basename(cacheFile) + '.';
  for (const name of readdirSync(dir)) {
    const m = name.startsWith(prefix) ? /^(\d+)\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (!m || Number(m[1]) === process.pid) continue;
    try {
      process.kill(Number(m[1]), 0);
      continue; // alive
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') continue;
    }
    try {
      if (lstatSync(join(dir, name)).isFile()) unlinkSync(join(dir, name));
    } catch {
      // removed by another writer meanwhile
    }
  }
}

/** Runs a compiled bundle as Node would run it as a CommonJS module; returns its exports. */
export function runBundle(script: Script, bundle: string): unknown {
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return module.exports;
}
