import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { checkUrl, isAllowedOrigin, refusalReason, refusedMessage } from './guard';
import type { LookupAll } from './http';

/**
 * What the address guard will refuse, found before anything is asked or
 * sent, so the editor can say so first (and offer to allow it) instead of
 * confirming a send that is then refused. The dispatcher's own check at
 * connection time still decides; this only looks ahead.
 */
export interface DestinationRefusal {
  /** The guard's message (no secret in it: only the host and its address). */
  readonly message: string;
  /** What allowing it takes: private destinations, or plain http to a public one. */
  readonly needs: 'private' | 'insecureHttp';
  /** False for cloud metadata addresses: those are never offered. */
  readonly allowable: boolean;
}

export interface PreflightOptions {
  readonly allowPrivate: boolean;
  readonly allowInsecureHttp?: boolean;
  readonly allowOrigins?: readonly string[];
  /** Name resolution (tests); the system resolver by default. */
  readonly resolve?: LookupAll;
}

export async function checkDestination(url: string, options: PreflightOptions): Promise<DestinationRefusal | null> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null; // the dispatcher reports an invalid URL
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username !== '' || u.password !== '') return null;
  if (isAllowedOrigin(u, options.allowOrigins)) return null;
  if (!options.allowPrivate) {
    const privateRefusal = checkUrl(u, { allowPrivate: false, allowInsecureHttp: true }) ?? (await resolvedRefusal(u.hostname, options.resolve));
    if (privateRefusal) return { message: privateRefusal, needs: 'private', allowable: !/\(a cloud metadata address/.test(privateRefusal) };
  }
  const insecure = checkUrl(u, options);
  return insecure ? { message: insecure, needs: 'insecureHttp', allowable: true } : null;
}

async function resolvedRefusal(hostname: string, resolve: LookupAll | undefined): Promise<string | null> {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (isIP(host)) return null; // checkUrl judged the literal
  let addresses: { address: string }[];
  try {
    addresses = resolve
      ? await new Promise((ok, fail) => resolve(host, (err, list) => (err ? fail(err) : ok(list))))
      : await lookup(host, { all: true });
  } catch {
    return null; // the dispatcher reports a name that does not resolve
  }
  for (const { address } of addresses) {
    const reason = refusalReason(address);
    if (reason !== null) return refusedMessage(`${host} (${address})`, reason);
  }
  return null;
}
