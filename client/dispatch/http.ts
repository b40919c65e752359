import { EventEmitter } from 'node:events';
import { Agent, request } from 'undici';
import { guardedLookup, GuardError, PRIVATE_DESTINATION } from './guard';
import { Untrusted } from './redact';
import type { ResolvedRequest } from './resolve';

export type LookupAll = Parameters<typeof guardedLookup>[0];

export interface HttpAgentOptions {
  readonly allowPrivate: boolean;
  /** Name resolution to check (tests map names to addresses); the system resolver by default. */
  readonly resolve?: LookupAll;
  /** Keep-alive sockets per origin; deliveries to one service reuse connections. */
  readonly connections?: number;
}

/**
 * The undici agent every delivery goes through. Without allowPrivate its
 * sockets resolve names with the guard's lookup, so the address checked is
 * the address connected to. Close it when done (`await agent.close()`).
 */
export function createHttpAgent(options: HttpAgentOptions): Agent {
  return new Agent({
    connections: options.connections ?? 16,
    connect: options.allowPrivate && !options.resolve ? {} : { lookup: guardedLookup(options.resolve, !options.allowPrivate) },
  });
}

/**
 * A reply, or why there was none. Everything the receiver (or undici, which
 * may quote it) wrote is Untrusted: readable only through the redactor.
 */
export type HttpOnceResult =
  | { readonly kind: 'reply'; readonly status: number; readonly headers: Record<string, Untrusted>; readonly body: Untrusted; readonly truncated: boolean }
  | { readonly kind: 'error'; readonly error: Untrusted; readonly retryable: boolean };

export interface HttpOnceOptions {
  readonly agent: Agent;
  /** Covers connecting, the headers and the whole reply body. */
  readonly timeoutMs: number;
  readonly maxReplyBytes: number;
  /** `req.url` as parsed for the address guard: what was checked is what undici connects to, and it is not parsed twice. */
  readonly url?: URL;
}

/** One HTTP attempt: never follows redirects, never throws. */
export async function sendHttpOnce(req: ResolvedRequest, options: HttpOnceOptions): Promise<HttpOnceResult> {
  const deadline = new Deadline(options.timeoutMs);
  try {
    const res = await request(options.url ?? req.url, {
      dispatcher: options.agent,
      method: req.method as 'POST',
      headers: req.headers as Record<string, string>,
      body: req.body ?? undefined,
      signal: deadline,
    });
    // A 204 has no body, whatever its headers say.
    const length = res.statusCode === 204 ? '0' : res.headers['content-length'];
    const { body, truncated } = await readCapped(res.body, length, options.maxReplyBytes);
    const headers: Record<string, Untrusted> = {};
    for (const name in res.headers) {
      const value = res.headers[name];
      if (value !== undefined) headers[name] = Untrusted.of(Array.isArray(value) ? value.join(', ') : value);
    }
    return { kind: 'reply', status: res.statusCode, headers, body: Untrusted.of(body, { truncated }), truncated };
  } catch (err) {
    if (deadline.aborted) {
      return { kind: 'error', error: Untrusted.of(`timed out after ${formatSeconds(options.timeoutMs)}`), retryable: true };
    }
    return describeNetworkError(err);
  } finally {
    deadline.clear();
  }
}

/**
 * The attempt's time limit, as the abort signal undici accepts. An
 * EventEmitter rather than an AbortController: it does the same job for a
 * fraction of the cost, which shows when sending many deliveries.
 */
class Deadline extends EventEmitter {
  aborted = false;
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number) {
    super();
    this.timer = setTimeout(expire, ms, this);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/** A module function rather than a closure per attempt. */
function expire(deadline: Deadline): void {
  deadline.aborted = true;
  deadline.emit('abort');
}

type ReplyBody = Awaited<ReturnType<typeof request>>['body'];

/** The reply text, at most `cap` bytes; the rest is not worth waiting for. */
async function readCapped(body: ReplyBody, contentLength: string | string[] | undefined, cap: number): Promise<{ body: string; truncated: boolean }> {
  const declared = typeof contentLength === 'string' ? Number(contentLength) : NaN;
  if (declared <= cap) return { body: await body.text(), truncated: false };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    if (size + buf.length >= cap) {
      chunks.push(buf.subarray(0, cap - size));
      body.destroy();
      return { body: Buffer.concat(chunks).toString('utf8'), truncated: true };
    }
    chunks.push(buf);
    size += buf.length;
  }
  return { body: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

function describeNetworkError(err: unknown): HttpOnceResult {
  const guard = findCause(err, (e) => e instanceof GuardError || (e as { code?: string }).code === PRIVATE_DESTINATION);
  if (guard) return { kind: 'error', error: Untrusted.of((guard as Error).message), retryable: false };
  const coded = findCause(err, (e) => typeof (e as { code?: unknown }).code === 'string') as (Error & { code: string }) | null;
  const code = coded?.code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) {
    return { kind: 'error', error: Untrusted.of(`TLS failed: ${coded!.message}`), retryable: false };
  }
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset by the receiver',
    UND_ERR_SOCKET: 'connection closed by the receiver',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed temporarily',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    UND_ERR_HEADERS_TIMEOUT: 'timed out waiting for the reply headers',
    UND_ERR_BODY_TIMEOUT: 'timed out reading the reply body',
  };
  const text = known[code] ?? (message || 'network error');
  return { kind: 'error', error: Untrusted.of(code && !known[code] ? `${text} (${code})` : text), retryable: true };
}

function findCause(err: unknown, test: (e: unknown) => boolean): unknown {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (test(e)) return e;
  }
  return null;
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
