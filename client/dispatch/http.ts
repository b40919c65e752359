import type { Socket } from 'node:net';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { guardedLookup, GuardError, PRIVATE_DESTINATION } from './guard';
import { Untrusted, UntrustedHeaders } from './redact';
import { replyBody } from './replyBody';
import { formatSeconds } from './result';
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
 * the address connected to. End it when done with `await endAgent(agent)`.
 */
export function createHttpAgent(options: HttpAgentOptions): Agent {
  const connecting = new Set<Socket>();
  const connector = buildConnector(options.allowPrivate && !options.resolve ? {} : { lookup: guardedLookup(options.resolve, !options.allowPrivate) });
  const agent = new Agent({
    connections: options.connections ?? 16,
    // The connector as undici builds it, its sockets kept until they connect (or fail): see endAgent.
    connect: (opts, callback) => {
      const socket = (connector as (o: typeof opts, c: typeof callback) => Socket | undefined)(opts, (...args) => {
        if (socket) connecting.delete(socket);
        callback(...args);
      });
      if (socket && !socket.destroyed) connecting.add(socket);
    },
  });
  connectingSockets.set(agent, connecting);
  return agent;
}

const connectingSockets = new WeakMap<Agent, Set<Socket>>();

/**
 * Ends an agent whose deliveries have all settled. Not `close()`, which
 * waits for every request still queued, nor `destroy()` alone, which leaves
 * a socket still connecting alone: an attempt that timed out while its
 * connection was being made (a TLS handshake the receiver never finishes)
 * leaves one until undici's own connect timeout (10 s), and the process
 * would outlive its send by that much. Nothing left in it is wanted.
 */
export function endAgent(agent: Agent): Promise<void> {
  const connecting = connectingSockets.get(agent);
  if (connecting) for (const socket of connecting) socket.destroy();
  return agent.destroy();
}

/**
 * A reply, or why there was none. Everything the receiver (or undici, which
 * may quote it) wrote is Untrusted: readable only through the redactor.
 */
export type HttpOnceResult =
  | {
      readonly kind: 'reply';
      readonly status: number;
      readonly headers: UntrustedHeaders;
      readonly body: Untrusted;
      readonly truncated: boolean;
      /**
       * Why a 2xx reply's body ended early (the connection reset, the
       * deadline): `body` is what came before. The receiver had taken the
       * request, so this is a reply, not a network error to retry.
       */
      readonly bodyError?: Untrusted;
    }
  | { readonly kind: 'error'; readonly error: Untrusted; readonly retryable: boolean; readonly refused?: true };

export interface HttpOnceOptions {
  readonly agent: Agent;
  /** Covers connecting, the headers and the whole reply body. */
  readonly timeoutMs: number;
  readonly maxReplyBytes: number;
  /** `req.url` as parsed for the address guard: what was checked is what undici connects to, and it is not parsed twice. */
  readonly destination?: Destination;
}

/** A request URL as undici is given it: parsed once (destinationOf), its origin and path worked out once. */
export class Destination {
  readonly origin: string;
  /** The path and the query. */
  readonly path: string;

  constructor(readonly url: URL) {
    this.origin = url.origin;
    this.path = url.search ? url.pathname + url.search : url.pathname;
  }
}

/**
 * The destination of `text`, or null when it is not a URL. The deliveries of
 * one send mostly go to the same few URLs: each is parsed once. A URL is
 * looked up by its exact text, so what was checked is what is sent to.
 */
export function destinationOf(text: string): Destination | null {
  let known = destinations.get(text);
  if (known === undefined) {
    // URLs that differ per delivery (an id in the path) must not pile up.
    if (destinations.size >= 256) destinations.clear();
    destinations.set(text, (known = parsedDestination(text)));
  }
  return known;
}

function parsedDestination(text: string): Destination | null {
  try {
    return new Destination(new URL(text));
  } catch {
    return null;
  }
}

const destinations = new Map<string, Destination | null>();

/**
 * One HTTP attempt: never follows redirects, never throws.
 *
 * It goes through undici's `dispatch` with a handler of its own rather than
 * `request()`: the reply is at most `maxReplyBytes`, which the handler keeps
 * as it arrives, so there is no body stream to build and drain, and the
 * deadline aborts the attempt directly instead of through an abort signal.
 */
export function sendHttpOnce(req: ResolvedRequest, options: HttpOnceOptions): Promise<HttpOnceResult> {
  let reader: ReplyReader | undefined;
  try {
    // `req.url` as parsed for the address guard: what was checked is what undici connects to.
    const to = options.destination ?? new Destination(new URL(req.url));
    reader = new ReplyReader(options.maxReplyBytes, options.timeoutMs);
    deadlines.start(reader, options.timeoutMs);
    options.agent.dispatch(
      {
        origin: to.origin,
        path: to.path,
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers as Record<string, string>,
        body: req.body ?? undefined,
      },
      reader,
    );
  } catch (err) {
    if (reader) deadlines.stop(reader);
    return Promise.resolve(describeNetworkError(err));
  }
  // The reader settles with the result itself: no await (and no async function) per attempt here.
  return reader.done;
}

/** What an attempt's reply comes to: its body through replyBody (decoded, capped, described when not text). */
function replyResult(status: number, headers: readonly Buffer[], body: Untrusted, truncated: boolean, bodyError: Untrusted | null): HttpOnceResult {
  const result = { kind: 'reply', status, headers: new UntrustedHeaders(headers), body, truncated: truncated || body.truncated } as const;
  return bodyError === null ? result : { ...result, bodyError };
}

/** Why an attempt was aborted when its time ran out (the message never reaches the user: sendHttpOnce words it). */
class DeadlineError extends Error {}
/** Why the rest of a reply longer than the cap is dropped. */
class ReplyCapError extends Error {}

/**
 * The undici handler of one attempt: the status, the headers and the first
 * `cap` bytes of the body (the rest is not worth waiting for: the connection
 * is dropped), settled once — with the reply, or with what ended it (an
 * error, the deadline) — and taken off the deadline clock then.
 *
 * It implements the handler interface undici's client calls itself
 * (onConnect, onHeaders, onData, onComplete, onError), which undici 7 still
 * documents, if as deprecated, and which its own `request()` uses. A handler
 * of the newer interface is wrapped per request in an adapter that makes a
 * controller and decodes every header of the reply into an object; this one
 * keeps the headers as the bytes they came in until the redactor reads them.
 */
class ReplyReader implements Dispatcher.DispatchHandler {
  readonly done: Promise<HttpOnceResult>;
  /** The attempt's deadline (performance.now() time) and its place in the DeadlineClock's list. */
  deadline = 0;
  ticking = false;
  newer: ReplyReader | null = null;
  older: ReplyReader | null = null;
  timedOut = false;
  private settle!: (r: HttpOnceResult) => void;
  private settled = false;
  private abort: ((reason?: Error) => void) | null = null;
  private status = 0;
  private headers: readonly Buffer[] = [];
  private readonly chunks: Buffer[] = [];
  private size = 0;
  /** The reply says it is no longer than the cap (or is a 204, which has no body whatever its headers say). */
  private fits = false;

  constructor(
    private readonly cap: number,
    private readonly timeoutMs: number,
  ) {
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  /** The DeadlineClock's call: abort now, or as soon as undici hands over the request. */
  expire(): void {
    if (this.settled) return;
    this.timedOut = true;
    if (this.abort) return this.abort(new DeadlineError('deadline'));
    // Not on a socket yet: still connecting (a TLS handshake the receiver never finishes, a name
    // that does not resolve), which undici bounds only by its own connect timeout (10 s), whatever
    // `timeout` says. The attempt ends now, as timed out; should the connection still come up, the
    // request is aborted in onConnect, before a byte of it is written.
    this.settled = true;
    this.settle(timedOut(this.timeoutMs));
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abort = abort;
    if (this.timedOut) abort(new DeadlineError('deadline'));
  }

  onHeaders(statusCode: number, headers: Buffer[]): boolean {
    // 1xx informational replies come first; the reply is the final one.
    if (statusCode < 200) return true;
    this.status = statusCode;
    this.headers = headers;
    if (statusCode === 204) this.fits = true;
    else {
      const length = singleContentLength(headers);
      this.fits = length !== null && Number(length) <= this.cap;
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return true;
    // Once the cap is reached the rest is not waited for (a body may stall right there).
    if (!this.fits && this.size + chunk.length >= this.cap) {
      this.chunks.push(chunk.subarray(0, this.cap - this.size));
      this.size = this.cap;
      this.finish(true);
      this.abort?.(new ReplyCapError('reply cap'));
      return true;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }

  onComplete(): void {
    this.finish(false);
  }

  onError(error: Error): void {
    if (this.settled) return;
    // A 2xx status line means the receiver took the request: a body that breaks off after it
    // is read as far as it came, never turned into a network error that would send the message again.
    if (this.accepted()) return this.finish(false, this.bodyFailure(error));
    this.settled = true;
    deadlines.stop(this);
    this.settle(this.timedOut ? timedOut(this.timeoutMs) : this.status === 0 && isLengthMismatch(error) ? AMBIGUOUS_LENGTH : describeNetworkError(error));
  }

  private accepted(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** Why the body of an accepted reply ended early, in the words of the network error it would otherwise be. */
  private bodyFailure(error: Error): Untrusted {
    if (this.timedOut) return Untrusted.of(`timed out after ${formatSeconds(this.timeoutMs)} reading the reply body`);
    const described = describeNetworkError(error);
    return described.kind === 'error' ? described.error : Untrusted.of('the reply body broke off');
  }

  private finish(truncated: boolean, bodyError: Untrusted | null = null): void {
    if (this.settled) return;
    this.settled = true;
    deadlines.stop(this);
    // The deadline passed as the reply ended: a 2xx whose body came whole is that reply.
    if (this.timedOut && !this.accepted()) return this.settle(timedOut(this.timeoutMs));
    const { status, headers } = this;
    if (this.size === 0) return this.settle(replyResult(status, headers, Untrusted.of('', { truncated }), truncated, bodyError));
    const buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    // Called by undici's parser: whatever goes wrong reading the body must still settle the attempt (the
    // status stands), never throw into undici (an uncaught exception ended the process) or leave it pending.
    const unread = () => this.settle(replyResult(status, headers, Untrusted.of(`‹${buf.length} bytes, could not be read, not shown›`), truncated, bodyError));
    let body: Untrusted | Promise<Untrusted>;
    try {
      // The body's bytes become text in one place (replyBody.ts), which the CLI, the editor and the history all see.
      body = replyBody(headers, buf, truncated, this.cap);
    } catch {
      return unread();
    }
    if (body instanceof Untrusted) this.settle(replyResult(status, headers, body, truncated, bodyError));
    else void body.then((b) => this.settle(replyResult(status, headers, b, truncated, bodyError)), unread);
  }
}

export { wholeCharacters } from './replyBody';

/**
 * A reply whose header block the parser refused after reading a
 * Content-Length in it (a second one, even an equal one; Content-Length with
 * Transfer-Encoding: chunked, …): undici reports that as a length mismatch,
 * not as the parser's error, and before any header reached the handler. The
 * receiver answered, so it has the request: not retried (LANGUAGE.md 9),
 * like every reply the parser refuses. (A body shorter than its length
 * comes after the headers, and is a network error or a 2xx's note.)
 */
const AMBIGUOUS_LENGTH: HttpOnceResult = {
  kind: 'error',
  error: Untrusted.of('the reply is not valid HTTP/1.1 (its length is ambiguous: more than one Content-Length, or Content-Length with Transfer-Encoding); not retried: the receiver may have the message'),
  retryable: false,
};

function isLengthMismatch(error: unknown): boolean {
  return findCause(error, (e) => (e as { code?: unknown }).code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') !== null;
}

/** The value of the reply's one Content-Length header; null when it has none or several. */
function singleContentLength(raw: readonly Buffer[]): string | null {
  let found: string | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length !== 14 || name.toString('latin1').toLowerCase() !== 'content-length') continue;
    if (found !== null) return null;
    found = raw[i + 1]!.toString('latin1');
  }
  return found;
}

/**
 * The deadlines of every attempt in flight, on one timer: a timer made and
 * cleared per attempt costs more than the rest of the attempt's own work.
 * The timer is due at the earliest deadline; an attempt that ends just leaves
 * the list, and a timer that finds nothing due re-arms for the next deadline.
 * It is unref'd like AbortSignal.timeout's: an attempt in flight holds its
 * socket (or its name lookup), which keeps the process running.
 */
class DeadlineClock {
  /** The attempts in flight, a list through `ReplyReader.newer`/`older` (no hashing to add or remove one). */
  private newest: ReplyReader | null = null;
  private timer: NodeJS.Timeout | null = null;
  private due = Infinity;

  start(reader: ReplyReader, ms: number): void {
    reader.deadline = performance.now() + ms;
    reader.older = this.newest;
    if (this.newest) this.newest.newer = reader;
    this.newest = reader;
    reader.ticking = true;
    if (reader.deadline < this.due) this.arm(reader.deadline);
  }

  stop(reader: ReplyReader): void {
    if (!reader.ticking) return;
    reader.ticking = false;
    if (reader.newer) reader.newer.older = reader.older;
    else this.newest = reader.older;
    if (reader.older) reader.older.newer = reader.newer;
    reader.newer = reader.older = null;
  }

  private arm(at: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.due = at;
    this.timer = setTimeout(tick, Math.max(1, Math.ceil(at - performance.now())), this);
    this.timer.unref();
  }

  /** Expires what is due (a timer may fire a little early: the rest waits for the next one). */
  fire(): void {
    this.timer = null;
    this.due = Infinity;
    const now = performance.now();
    let next = Infinity;
    const due: ReplyReader[] = [];
    for (let reader = this.newest; reader !== null; reader = reader.older) {
      if (reader.deadline <= now) due.push(reader);
      else if (reader.deadline < next) next = reader.deadline;
    }
    if (next !== Infinity) this.arm(next);
    // Expired after the walk: an abort may end other attempts (and change the list) on the spot.
    for (const reader of due) {
      this.stop(reader);
      reader.expire();
    }
  }
}

/** A module function rather than a closure per timer. */
function tick(clock: DeadlineClock): void {
  clock.fire();
}

const deadlines = new DeadlineClock();

function timedOut(ms: number): HttpOnceResult {
  return { kind: 'error', error: Untrusted.of(`timed out after ${formatSeconds(ms)}`), retryable: true };
}

function describeNetworkError(err: unknown): HttpOnceResult {
  const guard = findCause(err, (e) => e instanceof GuardError || (e as { code?: string }).code === PRIVATE_DESTINATION);
  // Refused in the socket's own lookup, before connecting: nothing left for the refused address.
  if (guard) return { kind: 'error', error: Untrusted.of((guard as Error).message), retryable: false, refused: true };
  const coded = findCause(err, (e) => typeof (e as { code?: unknown }).code === 'string') as (Error & { code: string }) | null;
  const code = coded?.code ?? '';
  // The receiver answered, but not in HTTP/1.1 undici takes (a `100 Continue` nobody asked for, a status
  // below 100): it has the request, so sending it again would deliver it twice. Not retried.
  if ((code === 'UND_ERR_SOCKET' && /^bad (response|upgrade)$/.test(coded!.message)) || code === 'ERR_ASSERTION') {
    return { kind: 'error', error: Untrusted.of('the reply is not valid HTTP/1.1 (such as a 100 Continue that was not asked for, or a status below 100); not retried: the receiver may have the message'), retryable: false };
  }
  // Any other reply the parser refuses (a header name with a control byte, a status line that is not one) or
  // whose headers are over undici's limit (16 KiB): the receiver answered, so it has the request. Not retried,
  // like the two above (LANGUAGE.md 9). The parser's reason is shown, through the redactor like all its text.
  // (undici's HTTPParserError often carries no code: it is known by its name.)
  const parser = findCause(err, (e) => (e as Error).name === 'HTTPParserError' || /^HPE_/.test(String((e as { code?: unknown }).code))) as Error | null;
  if (parser || code === 'UND_ERR_HEADERS_OVERFLOW') {
    const reason = parser ? (/\(([^()]*)\)\s*$/.exec(parser.message)?.[1] ?? 'refused by the parser') : 'its headers are larger than 16 KiB';
    return { kind: 'error', error: Untrusted.text`the reply is not valid HTTP/1.1 (${Untrusted.of(reason)}); not retried: the receiver may have the message`, retryable: false };
  }
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
  const said = Object.hasOwn(known, code) ? known[code] : undefined;
  const text = said ?? (message || 'network error');
  return { kind: 'error', error: Untrusted.of(code && !said ? `${text} (${code})` : text), retryable: true };
}

function findCause(err: unknown, test: (e: unknown) => boolean): unknown {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (test(e)) return e;
  }
  return null;
}
