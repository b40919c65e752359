import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as the receiver saw it, body byte for byte. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
  /** Lower-case header names (Node's parsing). */
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  readonly body: string;
}

/** What to answer one request with. Everything is optional: the default is `204` with no body. */
export interface ScriptedReply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Wait this long before sending the status line and headers. */
  readonly delayHeadersMs?: number;
  /** Never answer: the client's timeout has to end the request (deterministic, unlike a delay). */
  readonly stallHeaders?: boolean;
  /** Send the headers and the start of the body, then never finish. */
  readonly stallBody?: boolean;
  /** Destroy the connection without answering. */
  readonly closeSocket?: boolean;
  /** Answer `status` (302 by default) with `Location: redirectTo`. */
  readonly redirectTo?: string;
}

export type ReplyScript = ScriptedReply | ((request: RecordedRequest, index: number) => ScriptedReply);

/**
 * A real HTTP server on 127.0.0.1 that records every request and answers as
 * scripted: queued replies first (one per request), then the default.
 */
export class HttpReceiver {
  readonly requests: RecordedRequest[] = [];
  private queue: ReplyScript[] = [];
  private fallback: ReplyScript = {};
  private readonly sockets = new Set<Socket>();
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  private constructor(private readonly server: Server) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req, res) => void this.handle(req, res));
  }

  static async start(): Promise<HttpReceiver> {
    const server = createServer({ keepAliveTimeout: 5000 });
    const receiver = new HttpReceiver(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port><path>` */
  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Queues replies for the next requests, in order. */
  reply(...replies: ReplyScript[]): this {
    this.queue.push(...replies);
    return this;
  }

  /** The reply for every request once the queue is empty. */
  replyByDefault(reply: ReplyScript): this {
    this.fallback = reply;
    return this;
  }

  /** Forgets recorded requests and queued replies. */
  reset(): void {
    this.requests.length = 0;
    this.queue = [];
    this.fallback = {};
  }

  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks);
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      rawBody,
      body: rawBody.toString('utf8'),
    };
    const index = this.requests.push(recorded) - 1;
    for (const w of this.waiters.filter((w) => this.requests.length >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve();
    }
    const script = this.queue.shift() ?? this.fallback;
    const reply = typeof script === 'function' ? script(recorded, index) : script;

    if (reply.closeSocket) {
      req.socket.destroy();
      return;
    }
    if (reply.stallHeaders) return;
    if (reply.delayHeadersMs) await new Promise((r) => setTimeout(r, reply.delayHeadersMs));
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    let status = reply.status ?? 204;
    if (reply.redirectTo !== undefined) {
      status = reply.status ?? 302;
      headers['Location'] = reply.redirectTo;
    }
    const body = reply.body ?? '';
    if (reply.stallBody) {
      res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body) + 1024) });
      res.write(body);
      return; // never ends: the client's timeout has to cover the body
    }
    res.writeHead(status, status === 204 || status === 304 ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(status === 204 || status === 304 ? undefined : body);
  }
}
