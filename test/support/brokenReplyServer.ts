import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A raw TCP server on 127.0.0.1 that reads each HTTP request whole, then
 * answers with `head` (status line and headers, written as given) and
 * `body`, and then does what `then` says: destroy the socket (the reply
 * breaks off), or leave it open without another byte (the reply stalls).
 * node:http would not send a body shorter than its Content-Length.
 */
export class BrokenReplyServer {
  /** How many whole requests arrived. */
  requests = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly reply: { head: string; body: string; then: 'destroy' | 'stall' },
  ) {}

  static async start(reply: { head: string; body: string; then: 'destroy' | 'stall' }): Promise<BrokenReplyServer> {
    const server = createServer();
    const self = new BrokenReplyServer(server, reply);
    server.on('connection', (socket) => self.serve(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(buffered.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      buffered = buffered.subarray(end + 4 + length);
      this.requests++;
      socket.write(this.reply.head + this.reply.body, () => {
        // Destroyed once the bytes are handed to the kernel: the client reads them, then the reset.
        if (this.reply.then === 'destroy') socket.destroy();
      });
    });
  }
}
