/**
 * Where dist/server.js (./launcher.ts) leaves the function that writes the
 * server's code cache, for the server to call once its first diagnostics
 * are published. A global, not a module variable: the launcher and the
 * server are separate bundles, each with its own copy of this module.
 */
export const CODE_CACHE_HOOK = Symbol.for('notify.languageServer.writeCodeCache');

/** Tells the launcher the server has run a check: its compiled code is worth caching now. */
export function checkedOnce(): void {
  const hook = (globalThis as Record<symbol, unknown>)[CODE_CACHE_HOOK];
  if (typeof hook === 'function') hook();
}
