import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A port on 127.0.0.1 where a connection is refused, and stays refused until
 * `release()`. Closing a listener and reusing its number is a race: any
 * process may be given that port meanwhile. Here the port is held by the
 * local end of an open connection, which no listener can take and which
 * answers a connection attempt with a reset (ECONNREFUSED).
 */
export interface RefusedPort {
  readonly port: number;
  release(): Promise<void>;
}

export async function refusedPort(): Promise<RefusedPort> {
  const holder: Server = createServer((s) => s.on('error', () => undefined));
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const { port: holderPort } = holder.address() as { port: number };
  const socket: Socket = await new Promise((resolve, reject) => {
    const s = connect(holderPort, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  return {
    port: socket.localPort!,
    async release() {
      socket.destroy();
      await new Promise((resolve) => holder.close(resolve));
    },
  };
}
