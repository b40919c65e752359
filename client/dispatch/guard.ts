import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

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

/**
 * Readable names of the special-purpose ranges ipaddr.js knows (it keeps the
 * IANA IPv4 and IPv6 Special-Purpose Address Registries); any range not
 * listed here is refused under its registry name.
 */
const RANGE_LABELS: Readonly<Record<string, string>> = {
  unspecified: 'the unspecified address',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT',
  private: 'private',
  reserved: 'reserved (documentation, benchmarking or future use)',
  uniqueLocal: 'unique-local',
  ipv4Mapped: 'IPv4-mapped',
  rfc6145: 'IPv4-translated (SIIT)',
  rfc6052: 'NAT64',
  '6to4': '6to4',
  teredo: 'Teredo',
  discard: 'discard-only (100::/64)',
  benchmarking: 'benchmarking',
  amt: 'AMT',
  as112: 'AS112',
  as112v6: 'AS112',
  deprecatedOrchid: 'ORCHID',
  orchid2: 'ORCHIDv2',
  droneRemoteIdProtocolEntityTags: 'drone remote ID',
  deprecatedSiteLocal: 'site-local',
  segmentRouting: 'segment routing (SRv6 SIDs)',
};

/** NAT64's well-known prefix 64:ff9b::/96 carries a public IPv4 address on IPv6-only networks (DNS64). */
const NAT64_WELL_KNOWN = ipaddr.IPv6.parse('64:ff9b::');

/**
 * Why `address` (an IP literal) is refused, or null if it is a public
 * unicast address. The classification is ipaddr.js's, from the IANA
 * special-purpose registries: anything not plain global unicast is refused,
 * except where an address carries an IPv4 address that the connection
 * really reaches (IPv4-mapped `::ffff:a.b.c.d`, NAT64's well-known prefix
 * `64:ff9b::/96`, 6to4 `2002::/16`): those are judged as that IPv4 address.
 * IPv4-compatible addresses (`::a.b.c.d`, deprecated) and Teredo are refused
 * outright.
 */
export function refusalReason(address: string): string | null {
  let bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const zone = bare.indexOf('%');
  if (zone >= 0) bare = bare.slice(0, zone);
  if (METADATA_ADDRESSES.has(bare.toLowerCase())) return 'a cloud metadata address';
  const family = isIP(bare);
  if (family === 0) return 'not an IP address';
  if (family === 4) return v4Reason(ipaddr.IPv4.parse(bare));
  // The URL parser's spelling first: ipaddr.js reads `::a.b.c.d` (IPv4-compatible) as IPv4-mapped.
  const v6 = ipaddr.IPv6.parse(new URL(`http://[${bare}]/`).hostname.slice(1, -1));
  const p = v6.parts;
  if (p.slice(0, 6).every((g) => g === 0) && !(p[6] === 0 && p[7]! <= 1)) return 'IPv4-compatible (deprecated IPv4 inside IPv6)';
  if (v6.toNormalizedString() === ipaddr.IPv6.parse('fd00:ec2::254').toNormalizedString()) return 'a cloud metadata address';
  const range = v6.range();
  const carried =
    range === 'ipv4Mapped' || (range === 'rfc6052' && v6.match(NAT64_WELL_KNOWN, 96))
      ? embeddedAt(p, 6)
      : range === '6to4'
        ? embeddedAt(p, 1)
        : null;
  if (carried !== null) {
    const reason = v4Reason(carried);
    return reason === null ? null : `${reason} (IPv4 inside IPv6, ${RANGE_LABELS[range]})`;
  }
  if (range === 'unicast') return null;
  return RANGE_LABELS[range] ?? `special-purpose (${range})`;
}

/**
 * `localhost` or a loopback IP literal (127.0.0.0/8, `::1`, IPv4-mapped
 * loopback): a host whose traffic never leaves the machine. Judged on the
 * name as configured, not on what it resolves to.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/\.$/, '');
  if (name === 'localhost') return true;
  const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  return isIP(bare) !== 0 && (refusalReason(bare) ?? '').startsWith('loopback');
}

function v4Reason(v4: ipaddr.IPv4): string | null {
  const text = v4.toString();
  if (METADATA_ADDRESSES.has(text)) return 'a cloud metadata address';
  const range = v4.range();
  if (range === 'unicast') return null;
  return RANGE_LABELS[range] ?? `special-purpose (${range})`;
}

function embeddedAt(parts: readonly number[], i: number): ipaddr.IPv4 {
  const hi = parts[i]!;
  const lo = parts[i + 1]!;
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

export interface GuardOptions {
  readonly allowPrivate: boolean;
  /** Plain `http:` is refused unless this or allowPrivate is set: secrets would travel in clear text. */
  readonly allowInsecureHttp?: boolean;
  /**
   * Origins (`http://127.0.0.1:8787`) with an IP-literal host that may be
   * reached although private or plain http, for this one send: the editor's
   * local receiver, allowed without turning private destinations on for
   * anything else. A name (`localhost`) never matches: it would go through DNS.
   */
  readonly allowOrigins?: readonly string[];
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
  if (url.username === '' && url.password === '' && isAllowedOrigin(url, options.allowOrigins)) return null;
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

/** True when `url` is exactly one of `origins` and its host is an IP address (no name resolution can change where it goes). */
export function isAllowedOrigin(url: URL, origins: readonly string[] | undefined): boolean {
  if (!origins?.length || !origins.includes(url.origin)) return false;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) !== 0 && !METADATA_ADDRESSES.has(host);
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
