import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

/** The file path of a `file:` URI, or undefined for other schemes (untitled documents). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/**
 * A canonical key for comparing a URI the client sent with one we built from
 * a path (clients differ in percent-encoding, e.g. `c%3A` vs `c:`).
 */
export function uriKey(uri: string): string {
  const path = uriToPath(uri);
  return path ?? uri;
}
