import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

/**
 * Keeps a `.notify` file from reaching internal services: destinations whose
 * address is private, loopback, link-local, CGNAT, unique-local, multicast or
 * a cloud metadata endpoint are refused unless the user allowed them. The
 * check runs on the address the connection is actually made to (inside the
 * socket's DNS lookup), so a name cannot resolve to one address for the check
 * and another for the connection.
 */

export const PRIVATE_DESTINATION = 'NOTIFY_PRIVATE_DESTINATION';

export class GuardError extends Error {
  override name = 'GuardError';
  readonly code = PRIVATE_DESTINATION;
}

const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.google.internal.', 'metadata']);
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

type V4Range = readonly [base: number, prefix: number, label: string];

const V4_REFUSED: readonly V4Range[] = [
  [ip4(0, 0, 0, 0), 8, 'this-network'],
  [ip4(10, 0, 0, 0), 8, 'private'],
  [ip4(100, 64, 0, 0), 10, 'carrier-grade NAT'],
  [ip4(127, 0, 0, 0), 8, 'loopback'],
  [ip4(169, 254, 0, 0), 16, 'link-local'],
  [ip4(172, 16, 0, 0), 12, 'private'],
  [ip4(192, 0, 0, 0), 24, 'IETF protocol assignments'],
  [ip4(192, 168, 0, 0), 16, 'private'],
  [ip4(198, 18, 0, 0), 15, 'benchmarking'],
  [ip4(224, 0, 0, 0), 4, 'multicast'],
  [ip4(240, 0, 0, 0), 4, 'reserved'],
];

function ip4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function parseV4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const n = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  if (n.some((x) => !(x >= 0 && x <= 255))) return null;
  return ip4(n[0]!, n[1]!, n[2]!, n[3]!);
}

/** Eight 16-bit groups, or null if `text` is not an IPv6 address. */
function parseV6(text: string): number[] | null {
  let t = text.toLowerCase();
  const zone = t.indexOf('%');
  if (zone >= 0) t = t.slice(0, zone);
  let tail: number[] = [];
  const lastColon = t.lastIndexOf(':');
  if (t.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4(t.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = [v4 >>> 16, v4 & 0xffff];
    t = t.slice(0, lastColon + 1) + '0';
  }
  const halves = t.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (tail.length) rest.length ? rest.pop() : head.pop();
  const fill = 8 - head.length - rest.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 0) return null;
  const all = [...head, ...new Array(Math.max(fill, 0)).fill(0), ...rest, ...tail];
  return all.length === 8 && all.every((g) => g >= 0 && g <= 0xffff) ? all : null;
}

/** Why `address` (an IP literal) is refused, or null if it is a public address. */
export function refusalReason(address: string): string | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (METADATA_ADDRESSES.has(bare.toLowerCase())) return 'a cloud metadata address';
  const v4 = parseV4(bare);
  if (v4 !== null) return v4Reason(v4);
  const v6 = parseV6(bare);
  if (v6 === null) return 'not an IP address';
  if (v6.join(':') === [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254].join(':')) return 'a cloud metadata address';
  if (v6.every((g) => g === 0)) return 'the unspecified address';
  if (v6.slice(0, 7).every((g) => g === 0) && v6[7] === 1) return 'loopback';
  const embedded = embeddedV4(v6);
  if (embedded !== null) {
    const reason = v4Reason(embedded);
    return reason === null ? null : `${reason} (IPv4 inside IPv6)`;
  }
  if ((v6[0]! & 0xfe00) === 0xfc00) return 'unique-local';
  if ((v6[0]! & 0xffc0) === 0xfe80) return 'link-local';
  if ((v6[0]! & 0xffc0) === 0xfec0) return 'site-local';
  if ((v6[0]! & 0xff00) === 0xff00) return 'multicast';
  return null;
}

function v4Reason(v4: number): string | null {
  if (v4 === ip4(169, 254, 169, 254)) return 'a cloud metadata address';
  if (v4 === ip4(255, 255, 255, 255)) return 'broadcast';
  for (const [base, prefix, label] of V4_REFUSED) {
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    if (((v4 & mask) >>> 0) === base) return label;
  }
  return null;
}

/** The IPv4 address carried by an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 address. */
function embeddedV4(g: number[]): number | null {
  const v4At = (i: number) => ((g[i]! << 16) | g[i + 1]!) >>> 0;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) return v4At(6);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4At(6);
  if (g[0] === 0x2002) return v4At(1);
  return null;
}

export interface GuardOptions {
  readonly allowPrivate: boolean;
  /** Plain `http:` is refused unless this or allowPrivate is set: secrets would travel in clear text. */
  readonly allowInsecureHttp?: boolean;
}

/**
 * Checks what can be checked before connecting: the scheme, metadata host
 * names and IP-literal hosts (which never go through DNS). Returns the
 * refusal message or null.
 */
export function checkUrl(url: URL, options: GuardOptions): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `only http(s) URLs can be sent to, not ${url.protocol}`;
  }
  if (url.protocol === 'http:' && !options.allowPrivate && !options.allowInsecureHttp) {
    return 'plain http:// is refused (secrets and payloads would travel unencrypted); use https://, or allow it with notify send --allow-private or the editor setting that allows private destinations';
  }
  if (url.username !== '' || url.password !== '') {
    return 'credentials in the URL are not supported; use auth = %(scheme: "basic", …)';
  }
  if (options.allowPrivate) return null;
  const host = url.hostname.toLowerCase();
  if (METADATA_HOSTS.has(host)) return refusedMessage(host, 'a cloud metadata address');
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  if (isIP(literal)) {
    const reason = refusalReason(literal);
    if (reason !== null) return refusedMessage(host, reason);
  }
  return null;
}

export function refusedMessage(destination: string, reason: string): string {
  return (
    `refused to connect to ${destination} (${reason}): private, loopback, link-local and metadata destinations ` +
    `are blocked unless allowed (notify send --allow-private, or the editor setting that allows private destinations)`
  );
}

type LookupAll = (hostname: string, callback: (err: Error | null, addresses: { address: string; family: number }[]) => void) => void;

const systemLookupAll: LookupAll = (hostname, callback) =>
  dnsLookup(hostname, { all: true }, (err, addresses) => callback(err, addresses ?? []));

/**
 * A `lookup` for `net.connect` that resolves the name and (with `check`)
 * refuses the connection if any resolved address is not public. The socket
 * connects to exactly the addresses checked here.
 */
export function guardedLookup(resolve: LookupAll = systemLookupAll, check = true): LookupFunction {
  return ((hostname: string, options: { all?: boolean; family?: number | string }, callback: (...args: unknown[]) => void) => {
    if (check && METADATA_HOSTS.has(hostname.toLowerCase())) {
      callback(new GuardError(refusedMessage(hostname, 'a cloud metadata address')));
      return;
    }
    resolve(hostname, (err, addresses) => {
      if (err) return callback(err);
      const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0);
      const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
      for (const { address } of check ? usable : []) {
        const reason = refusalReason(address);
        if (reason !== null) return callback(new GuardError(refusedMessage(`${hostname} (${address})`, reason)));
      }
      if (usable.length === 0) {
        const e = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
        return callback(e);
      }
      if (options.all) callback(null, usable);
      else callback(null, usable[0]!.address, usable[0]!.family);
    });
  }) as LookupFunction;
}
