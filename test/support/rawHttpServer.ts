import type { Socket } from 'node:net';
import { LoopbackTcp } from './loopbackTcp';

/**
 * A raw TCP server on 127.0.0.1 that reads each request's head (through the
 * blank line) and hands the socket to `answer`, which writes whatever bytes
 * it likes — replies no HTTP library would send: conflicting lengths,
 * dripped headers, garbage. Counts the requests it saw.
 */
export class RawHttpServer {
  requests = 0;
  private tcp!: LoopbackTcp;

  private constructor() {}

  static async start(answer: (socket: Socket, head: string, index: number) => void): Promise<RawHttpServer> {
    const self = new RawHttpServer();
    self.tcp = await LoopbackTcp.listen((socket) => {
      let head = '';
      let answered = false;
      socket.on('data', (chunk: Buffer) => {
        if (answered) return;
        head += chunk.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        answered = true;
        answer(socket, head.slice(0, end), self.requests++);
      });
    });
    return self;
  }

  url(path = '/hook'): string {
    return this.tcp.url(path);
  }

  close(): Promise<void> {
    return this.tcp.close();
  }
}
