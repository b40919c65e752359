import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP server on 127.0.0.1 for the raw-socket receivers (rawHttpServer.ts,
 * brokenReplyServer.ts): it keeps its sockets so `close()` ends even those a
 * test left stalled, and gives the URL to send to.
 */
export class LoopbackTcp {
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async listen(serve: (socket: Socket) => void): Promise<LoopbackTcp> {
    const server = createServer();
    const self = new LoopbackTcp(server);
    server.on('connection', (socket) => {
      self.sockets.add(socket);
      socket.on('close', () => self.sockets.delete(socket));
      socket.on('error', () => undefined);
      serve(socket);
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
