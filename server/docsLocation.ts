import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathToUri } from './uris';

/**
 * Where the project's docs are installed. The bundled server runs from
 * `dist/server.js` and the docs ship next to it in `docs/`; running from
 * source (`server/`) finds the same folder one level up.
 */
export function docsDir(): string {
  // In the CommonJS bundles build.mjs defines import.meta.url from __filename.
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '..', 'docs'), resolve(here, '..', '..', 'docs')];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

/**
 * The base of diagnostic code links. Default: the installed
 * `docs/diagnostics.md` as a `file:` URI (works offline and always matches
 * the installed version); a client may pass `docsBaseUrl` (e.g. the
 * repository's docs URL) in its initialization options instead.
 */
export function diagnosticsDocUrl(docsBaseUrl: string | undefined, anchor: string): string {
  // anchor is `docs/diagnostics.md#ntf102` (grammar/diagnostics.ts)
  const [file, fragment] = anchor.replace(/^docs\//, '').split('#');
  if (docsBaseUrl) return `${docsBaseUrl.replace(/\/+$/, '')}/${file}#${fragment}`;
  return `${pathToUri(join(docsDir(), file!))}#${fragment}`;
}
