import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A raw TCP server on 127.0.0.1 that reads each request's head (through the
 * blank line) and hands the socket to `answer`, which writes whatever bytes
 * it likes — replies no HTTP library would send: conflicting lengths,
 * dripped headers, garbage. Counts the requests it saw.
 */
export class RawHttpServer {
  requests = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(answer: (socket: Socket, head: string, index: number) => void): Promise<RawHttpServer> {
    const server = createServer();
    const self = new RawHttpServer(server);
    server.on('connection', (socket) => {
      self.sockets.add(socket);
      socket.on('close', () => self.sockets.delete(socket));
      socket.on('error', () => undefined);
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
}
