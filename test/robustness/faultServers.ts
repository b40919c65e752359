/**
 * Receivers that misbehave in ways test/support's servers do not: an HTTPS
 * receiver with a certificate nobody trusts, and an SMTP server that rejects,
 * hangs up in the middle of DATA, or never answers. Real sockets on
 * 127.0.0.1; each counts the connections (= delivery attempts) it saw.
 */
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { TEST_CERT, TEST_KEY } from '../support/smtpServer';

/** HTTPS on 127.0.0.1 with the self-signed test certificate; answers 200 to anyone who gets through. */
export class UntrustedTlsReceiver {
  requests = 0;
  handshakes = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: HttpsServer) {
    server.on('request', (_req, res) => {
      this.requests++;
      res.writeHead(200).end('ok');
    });
    server.on('secureConnection', () => this.handshakes++);
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('tlsClientError', () => undefined);
  }

  static async start(): Promise<UntrustedTlsReceiver> {
    const server = createHttpsServer({ key: TEST_KEY, cert: TEST_CERT });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new UntrustedTlsReceiver(server);
  }

  url(path = '/hook'): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export type SmtpFault =
  /** `550` to RCPT TO: a permanent refusal of the recipient. */
  | 'reject-recipient'
  /** `554` after the message: refused as a whole. */
  | 'reject-message'
  /** Accepts DATA, then closes the connection in the middle of the message. */
  | 'disconnect-mid-data'
  /** Accepts the connection and never says anything. */
  | 'stall-greeting'
  /** Takes the whole message and never confirms it. */
  | 'stall-after-data'
  /** Confirms the message with 250, then drops the connection (before QUIT is answered). */
  | 'accept-then-drop';

/** A minimal SMTP server (no TLS, no AUTH) that fails the way it is told to. */
export class FaultySmtpServer {
  connections = 0;
  /** Messages it confirmed with 250 (only `accept-then-drop` confirms any). */
  delivered = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: NetServer,
    readonly fault: SmtpFault,
  ) {
    server.on('connection', (socket) => this.session(socket));
  }

  static async start(fault: SmtpFault): Promise<FaultySmtpServer> {
    const server = createNetServer();
    const smtp = new FaultySmtpServer(server, fault);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return smtp;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private session(socket: Socket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    if (this.fault === 'stall-greeting') return;
    const say = (line: string) => socket.writable && socket.write(line + '\r\n');
    say('220 faulty.test ESMTP');
    let buffer = '';
    let inData = false;
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      if (inData) {
        if (this.fault === 'disconnect-mid-data') {
          socket.destroy();
          return;
        }
        const end = buffer.indexOf('\r\n.\r\n');
        if (end < 0) return;
        buffer = buffer.slice(end + 5);
        inData = false;
        if (this.fault === 'reject-message') say('554 5.7.1 message refused');
        if (this.fault === 'accept-then-drop') {
          this.delivered++;
          socket.write('250 2.0.0 queued\r\n', () => socket.destroy());
        }
        // stall-after-data: silence
        return;
      }
      let nl: number;
      while ((nl = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') say('250-faulty.test\r\n250 8BITMIME');
        else if (verb === 'HELO' || verb === 'MAIL' || verb === 'RSET' || verb === 'NOOP') say('250 OK');
        else if (verb === 'RCPT') say(this.fault === 'reject-recipient' ? '550 5.1.1 mailbox unavailable' : '250 OK');
        else if (verb === 'DATA') {
          say('354 go ahead');
          inData = true;
          if (buffer.length && this.fault === 'disconnect-mid-data') socket.destroy();
          return;
        } else if (verb === 'QUIT') {
          say('221 bye');
          socket.end();
        } else say('502 not implemented');
      }
    });
  }
}
