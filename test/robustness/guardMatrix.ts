/**
 * The guard matrix (spec section 9, "private, loopback and link-local
 * destinations … are refused unless allowed"), shared by guard.test.ts and
 * bench/robustness.ts. Every blocked address class is tried two ways through
 * source → render → dispatch: as an IP literal in the URL, and as a host name
 * that resolves to it (through the resolver the dispatcher lets tests
 * inject). Without the allowance each must be refused before any byte
 * reaches a receiver; with it, the reachable ones (loopback) must deliver.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dispatch } from '../../client/dispatch/dispatcher';
import type { DeliveryResult } from '../../client/dispatch/result';
import { envSecretSource } from '../../client/dispatch/secrets';
import { deliveriesOf, recordingSleep } from './pipeline';

export interface AddressClass {
  readonly label: string;
  /** Addresses in the class: first, last-ish and a typical one. */
  readonly addresses: readonly string[];
}

export const BLOCKED_CLASSES: readonly AddressClass[] = [
  { label: '10.0.0.0/8', addresses: ['10.0.0.1', '10.255.255.254', '10.12.34.56'] },
  { label: '172.16.0.0/12', addresses: ['172.16.0.1', '172.31.255.254', '172.20.1.2'] },
  { label: '192.168.0.0/16', addresses: ['192.168.0.1', '192.168.255.254', '192.168.1.10'] },
  { label: '127.0.0.0/8', addresses: ['127.0.0.1', '127.255.255.254', '127.1.2.3'] },
  { label: '169.254.0.0/16', addresses: ['169.254.0.1', '169.254.255.254', '169.254.169.254'] },
  { label: '100.64.0.0/10', addresses: ['100.64.0.1', '100.127.255.254', '100.100.100.200'] },
  { label: '::1', addresses: ['::1', '0:0:0:0:0:0:0:1'] },
  { label: 'fc00::/7', addresses: ['fc00::1', 'fdff:ffff::1', 'fd12:3456:789a::1'] },
  { label: 'fe80::/10', addresses: ['fe80::1', 'febf:ffff::1', 'fe80::1234:5678'] },
  { label: 'IPv4-mapped IPv6', addresses: ['::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:192.168.1.1', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe'] },
  { label: '0.0.0.0/8 and ::', addresses: ['0.0.0.0', '::'] },
  // Other spellings of the same addresses: URL parsing normalises them, the guard must see through them.
  {
    label: 'IANA special-purpose (documentation, benchmarking, reserved, NAT64 local-use, SIIT, Teredo, discard, IPv4-compatible, 6to4 of private)',
    addresses: ['192.0.2.1', '198.51.100.7', '203.0.113.9', '198.18.0.1', '240.0.0.1', '192.88.99.1', '2001:db8::1', '3fff::1', '64:ff9b:1::a00:1', '::ffff:0:7f00:1', '2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '100::1', '::7f00:1', '::a00:1', '2002:a00:1::1', '2002:c0a8:101::1', '5f00::1', 'fec0::1', 'ff02::1'],
  },
  { label: 'IPv4 in decimal/hex/octal/short form, NAT64, 6to4', addresses: ['2130706433', '0x7f000001', '0177.0.0.1', '127.1', '0x0a.0.0.1', '64:ff9b::7f00:1', '2002:7f00:1::', '0:0:0:0:0:ffff:127.0.0.1'] },
];

/** Public addresses that must pass the guard (a control: the guard is not just refusing everything). */
export const PUBLIC_CONTROLS: readonly string[] = ['93.184.215.14', '1.1.1.1', '2606:4700:4700::1111', '172.32.0.1', '100.128.0.1', '::ffff:8.8.8.8'];

export type Route = 'literal' | 'name';

/** Loopback addresses the local receivers answer on: with the allowance these must deliver. */
export const ALLOWED_LOOPBACK = (rx: LoopbackReceivers): string[] => ['127.0.0.1', '::ffff:127.0.0.1', ...(rx.hasIpv6 ? ['::1'] : [])];

export interface GuardTrial {
  readonly label: string;
  readonly address: string;
  readonly route: Route;
  readonly result: DeliveryResult;
  /** Requests that reached the local receivers during the trial. */
  readonly reached: number;
}

/** How an address is written in a URL host. */
export function urlHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

const family = (address: string) => (address.includes(':') ? 6 : 4);

/** Local receivers on 127.0.0.1 and ::1 that count what reaches them. */
export class LoopbackReceivers {
  hits = 0;
  private constructor(
    private readonly v4: Server,
    private readonly v6: Server | null,
  ) {}

  static async start(): Promise<LoopbackReceivers> {
    const make = () => createServer((_req, res) => res.writeHead(200).end('ok'));
    const v4 = make();
    await new Promise<void>((r) => v4.listen(0, '127.0.0.1', r));
    let v6: Server | null = make();
    const port = (v4.address() as AddressInfo).port;
    // The same port on ::1, so one URL works for both loopbacks (if the machine has IPv6).
    try {
      await new Promise<void>((r, j) => v6!.once('error', j).listen(port, '::1', r));
    } catch {
      v6 = null;
    }
    const rx = new LoopbackReceivers(v4, v6);
    for (const s of [v4, v6]) s?.on('request', () => rx.hits++);
    return rx;
  }

  get port(): number {
    return (this.v4.address() as AddressInfo).port;
  }

  get hasIpv6(): boolean {
    return this.v6 !== null;
  }

  async close(): Promise<void> {
    for (const s of [this.v4, this.v6]) {
      if (!s) continue;
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  }
}

/**
 * Sends one delivery to `address` (by literal, or by a name the injected
 * resolver maps to it) through source → render → dispatch.
 */
export async function tryAddress(rx: LoopbackReceivers, address: string, route: Route, allowPrivate: boolean, label = ''): Promise<GuardTrial> {
  const host = route === 'literal' ? urlHost(address) : `hook-${address.replace(/[^0-9a-f]/gi, '-')}.example.test`;
  // https keeps the plain-http rule out of the way: what refuses here must be the address check.
  const scheme = allowPrivate ? 'http' : 'https';
  const source = `notifier "guard" {\n    on package.added;\n    webhook { url = "${scheme}://${host}:${rx.port}/guard"; retries = 2; backoff = @(10ms); timeout = 2s; }\n}\n`;
  const [delivery] = deliveriesOf(source);
  const before = rx.hits;
  const resolve = (_name: string, cb: (err: Error | null, addrs: { address: string; family: number }[]) => void) => cb(null, [{ address, family: family(address) }]);
  const result = await dispatch(delivery!, {
    secrets: envSecretSource({}),
    env: {},
    allowPrivate,
    allowEnv: false,
    version: '0.0.0-guard',
    sleep: recordingSleep().sleep,
    ...(route === 'name' ? { resolve } : {}),
  });
  return { label, address, route, result, reached: rx.hits - before };
}

/** What is wrong with a trial made without the allowance (empty when it was refused properly). */
export function judgeRefusal(t: GuardTrial): string[] {
  const problems: string[] = [];
  const r = t.result;
  if (r.ok) problems.push('delivered');
  if (t.reached) problems.push(`${t.reached} request(s) reached a receiver`);
  if (!/refused to connect to .*private, loopback, link-local and metadata destinations are blocked unless allowed/.test(r.error ?? '')) {
    problems.push(`error is not the guard's: ${JSON.stringify(r.error)}`);
  }
  if (!/--allow-private/.test(r.error ?? '')) problems.push('the error does not say how to allow it');
  // A refusal is final, never retried, and not an attempt: nothing was sent (docs/delivery.md, History).
  if (r.attempts !== 0) problems.push(`${r.attempts} attempts for a refusal`);
  return problems;
}

export interface GuardSummary {
  readonly refused: number;
  readonly total: number;
  readonly allowedDelivered: number;
  readonly allowedTotal: number;
  readonly publicPassed: number;
  readonly publicTotal: number;
  readonly failures: string[];
}

/** Every blocked address both ways without the allowance, loopback with it, and public controls. */
export async function runGuardMatrix(): Promise<GuardSummary> {
  const rx = await LoopbackReceivers.start();
  const failures: string[] = [];
  let refused = 0;
  let total = 0;
  let allowedDelivered = 0;
  let allowedTotal = 0;
  try {
    for (const cls of BLOCKED_CLASSES) {
      for (const address of cls.addresses) {
        for (const route of ['literal', 'name'] as const) {
          total++;
          const t = await tryAddress(rx, address, route, false, cls.label);
          const problems = judgeRefusal(t);
          if (problems.length) failures.push(`${cls.label} ${address} (${route}): ${problems.join('; ')}`);
          else refused++;
        }
      }
    }
    for (const address of ALLOWED_LOOPBACK(rx)) {
      for (const route of ['literal', 'name'] as const) {
        allowedTotal++;
        const t = await tryAddress(rx, address, route, true, 'allowed');
        if (t.result.ok && t.reached === 1) allowedDelivered++;
        else failures.push(`allowed ${address} (${route}) did not deliver: ${t.result.error}`);
      }
    }
  } finally {
    await rx.close();
  }
  const { refusalReason } = await import('../../client/dispatch/guard');
  const publicPassed = PUBLIC_CONTROLS.filter((a) => refusalReason(a) === null).length;
  for (const a of PUBLIC_CONTROLS) if (refusalReason(a) !== null) failures.push(`public ${a} refused: ${refusalReason(a)}`);
  return { refused, total, allowedDelivered, allowedTotal, publicPassed, publicTotal: PUBLIC_CONTROLS.length, failures };
}
