import type { Socket } from 'node:net';
import { LoopbackTcp } from './loopbackTcp';

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
  private tcp!: LoopbackTcp;

  private constructor(private readonly reply: { head: string; body: string; then: 'destroy' | 'stall' }) {}

  static async start(reply: { head: string; body: string; then: 'destroy' | 'stall' }): Promise<BrokenReplyServer> {
    const self = new BrokenReplyServer(reply);
    self.tcp = await LoopbackTcp.listen((socket) => self.serve(socket));
    return self;
  }

  url(path = '/hook'): string {
    return this.tcp.url(path);
  }

  close(): Promise<void> {
    return this.tcp.close();
  }

  private serve(socket: Socket): void {
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
