import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { indentedJson } from '../../grammar/catalog/jsonScan';
import { hmacSha256Signature } from '../dispatch/signing';

/**
 * `notify receive` (spec section 10.2): a development receiver on loopback
 * that shows what arrived, checks signatures the way a careful receiver
 * would, and answers with scripted statuses so retries can be watched. The
 * CLI, the editor's "Start Local Receiver" and the walkthrough share it.
 */

export type CheckResult = 'valid' | 'invalid' | 'missing' | 'stale';

export interface ReceivedRequest {
  /** 1-based, in arrival order. */
  readonly index: number;
  readonly time: Date;
  readonly method: string;
  readonly path: string;
  /** Lower-case names as received, in order; secret-looking values masked. */
  readonly headers: readonly (readonly [string, string])[];
  /** The raw body as text; null when it was over the size limit and not read. */
  readonly body: string | null;
  readonly status: number;
  readonly verification: { readonly hmac: CheckResult | null; readonly standardWebhooks: CheckResult | null };
}

export interface ReceiverOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  /** Key of the `hmac-sha256` scheme (section 6). */
  readonly secret?: string;
  readonly signatureHeader?: string;
  /** `whsec_…`, as in the Standard Webhooks spec. */
  readonly standardWebhooksSecret?: string;
  /** Status per request; the last one repeats. Default `[200]`. */
  readonly respond?: readonly number[];
  readonly onRequest?: (request: ReceivedRequest) => void;
  /** The receiver's clock for timestamp checks (tests pin it). */
  readonly now?: () => number;
  /**
   * The body of every 2xx answer (default empty, as `notify receive` answers).
   * The editor answers `ok`, which every channel's service reading accepts
   * (Slack counts only a 200 `ok` as delivered).
   */
  readonly replyBody?: string;
}

/** The keys requests are verified with; a check without its key is not made. */
export interface Verification {
  readonly secret?: string;
  readonly signatureHeader?: string;
  readonly standardWebhooksSecret?: string;
}

export interface Receiver {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly port: number;
  /** Every request answered so far, in order. */
  readonly requests: readonly ReceivedRequest[];
  /**
   * Replaces the keys given at start for the requests that arrive from now
   * on: the editor verifies each of its own sends with that send's key.
   */
  verifyWith(keys: Verification): void;
  close(): Promise<void>;
}

export const MAX_BODY_BYTES = 1024 * 1024;
/** The Standard Webhooks spec's recommended tolerance. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

const SECRET_HEADER = /token|secret|signature|key|password|auth|cookie/i;

/** `Bearer abc` → `Bearer ‹masked›`, `sha256=…` → `sha256=‹masked›`, `v1,…` → `v1,‹masked›`. */
export function maskHeader(name: string, value: string): string {
  if (!SECRET_HEADER.test(name)) return value;
  const prefix = /^(?:[A-Za-z][\w-]*\s+|sha\d+=|v\d+,)/.exec(value)?.[0] ?? '';
  return `${prefix}\u2039masked\u203a`;
}

function equalText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function checkHmac(secret: string, header: string | undefined, body: string): CheckResult {
  if (header === undefined || header === '') return 'missing';
  return equalText(header.trim(), hmacSha256Signature(secret, body)) ? 'valid' : 'invalid';
}

export function checkStandardWebhooks(
  secret: string,
  headers: { id?: string; timestamp?: string; signature?: string },
  body: string,
  nowMs: number,
): CheckResult {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return 'missing';
  if (!/^\d+$/.test(timestamp)) return 'invalid';
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
  const matches = signature
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .some((s) => equalText(s.slice(3), expected));
  if (!matches) return 'invalid';
  return Math.abs(nowMs / 1000 - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS ? 'stale' : 'valid';
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Reads at most MAX_BODY_BYTES; null when the body is larger (the rest is drained, not kept). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const script = options.respond?.length ? options.respond : [200];
  const now = options.now ?? Date.now;
  const requests: ReceivedRequest[] = [];
  let scripted = 0;
  const sockets = new Set<Socket>();
  let keys: Verification = { secret: options.secret, signatureHeader: options.signatureHeader, standardWebhooksSecret: options.standardWebhooksSecret };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const text = body ?? '';
    const { secret, signatureHeader, standardWebhooksSecret } = keys;
    const hmac = secret !== undefined ? checkHmac(secret, header(req, signatureHeader ?? 'X-Notify-Signature'), text) : null;
    const standardWebhooks =
      standardWebhooksSecret !== undefined
        ? checkStandardWebhooks(
            standardWebhooksSecret,
            { id: header(req, 'webhook-id'), timestamp: header(req, 'webhook-timestamp'), signature: header(req, 'webhook-signature') },
            text,
            now(),
          )
        : null;
    let status: number;
    if (body === null) status = 413;
    else if ((hmac !== null && hmac !== 'valid') || (standardWebhooks !== null && standardWebhooks !== 'valid')) status = 401;
    else status = script[Math.min(scripted++, script.length - 1)]!;
    const headers: [string, string][] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!.toLowerCase();
      headers.push([name, maskHeader(name, req.rawHeaders[i + 1]!)]);
    }
    const received: ReceivedRequest = {
      index: requests.length + 1,
      time: new Date(now()),
      method: req.method ?? '',
      path: req.url ?? '',
      headers,
      body,
      status,
      verification: { hmac, standardWebhooks },
    };
    requests.push(received);
    const reply = Buffer.from(status >= 200 && status < 300 ? (options.replyBody ?? '') : '');
    res.writeHead(status, { 'Content-Length': String(reply.length), ...(reply.length ? { 'Content-Type': 'text/plain; charset=utf-8' } : {}) });
    res.end(reply);
    options.onRequest?.(received);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(400, { 'Content-Length': '0' });
      res.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: a development receiver must not be reachable from the network.
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    requests,
    verifyWith: (next) => {
      keys = { ...next };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

/** The text block `notify receive` prints for one request (section 10.2). */
export function formatRequest(r: ReceivedRequest): string {
  const lines = [`#${r.index} ${r.method} ${r.path} -> ${r.status}`];
  for (const [name, value] of r.headers) lines.push(`${name}: ${value}`);
  if (r.verification.hmac !== null) lines.push(`signature hmac-sha256: ${r.verification.hmac}`);
  if (r.verification.standardWebhooks !== null) lines.push(`signature standard-webhooks: ${r.verification.standardWebhooks}`);
  lines.push('');
  lines.push(r.body === null ? `(body over ${MAX_BODY_BYTES} bytes, not read)` : prettyBody(r.body));
  return lines.join('\n') + '\n\n';
}

export function prettyBody(body: string): string {
  if (body === '') return '(empty body)';
  // Re-indented, not re-serialized: key order, number digits and escapes stay as the sender wrote them.
  return indentedJson(body) ?? body;
}

/** The line `notify receive --format json` prints for one request. */
export function requestJson(r: ReceivedRequest): string {
  return JSON.stringify({
    index: r.index,
    method: r.method,
    path: r.path,
    headers: headerObject(r.headers),
    body: r.body,
    status: r.status,
    verification: r.verification,
  });
}

/** Headers as one JSON object: a name received more than once has its values joined with `, `, in order (none is lost). */
function headerObject(headers: readonly (readonly [string, string])[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of headers) out[name] = Object.hasOwn(out, name) ? `${out[name]}, ${value}` : value;
  return out;
}
