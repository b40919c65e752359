import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A raw SMTP server on 127.0.0.1 scripted per command, for replies no real
 * server library would send: continuation lines dripped forever, replies
 * that quote what the client sent, garbage. `answer(verb, line)` returns the
 * reply to write (CRLF added per line) or `drip` to write the same
 * continuation line every `everyMs` without ever finishing the reply.
 * Unscripted verbs get `250 OK` (DATA `354`, the message `250 queued`).
 */
export type SmtpAnswer = string | { readonly drip: string; readonly everyMs: number } | null;

export interface HostileSmtpScript {
  /** The greeting (default `220 hostile.test ESMTP`). */
  readonly greeting?: SmtpAnswer;
  /** The reply to a command line (`EHLO`, `AUTH`, `MAIL`, `RCPT`, …); undefined for the default. */
  readonly command?: (verb: string, line: string) => SmtpAnswer | undefined;
  /** The reply once the message's final `.` arrived (default `250 2.0.0 queued`). */
  readonly afterData?: SmtpAnswer;
}

export class HostileSmtpServer {
  connections = 0;
  /** Every command line received, in order. */
  readonly lines: string[] = [];
  /** Messages received whole (the final `.` came). */
  messages = 0;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    private readonly script: HostileSmtpScript,
  ) {}

  static async start(script: HostileSmtpScript = {}): Promise<HostileSmtpServer> {
    const server = createServer();
    const self = new HostileSmtpServer(server, script);
    server.on('connection', (s) => self.session(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private say(socket: Socket, answer: SmtpAnswer): void {
    if (answer === null || !socket.writable) return;
    if (typeof answer === 'string') {
      socket.write(answer.split('\n').map((l) => l.replace(/\r$/, '') + '\r\n').join(''));
      return;
    }
    const timer = setInterval(() => (socket.writable ? socket.write(answer.drip + '\r\n') : clearInterval(timer)), answer.everyMs);
    this.timers.add(timer);
    socket.on('close', () => (clearInterval(timer), this.timers.delete(timer)));
  }

  private session(socket: Socket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    this.say(socket, this.script.greeting === undefined ? '220 hostile.test ESMTP' : this.script.greeting);
    let buffer = '';
    let inData = false;
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          buffer = buffer.slice(end + 5);
          inData = false;
          this.messages++;
          this.say(socket, this.script.afterData === undefined ? '250 2.0.0 queued' : this.script.afterData);
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        this.lines.push(line);
        const verb = (/^\S+/.exec(line)?.[0] ?? '').toUpperCase();
        const scripted = this.script.command?.(verb, line);
        if (scripted !== undefined) this.say(socket, scripted);
        else if (verb === 'EHLO') this.say(socket, '250-hostile.test\n250 8BITMIME');
        else if (verb === 'DATA') this.say(socket, '354 go ahead');
        else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else this.say(socket, '250 OK');
        if (verb === 'DATA' && (scripted === undefined || (typeof scripted === 'string' && scripted.startsWith('354')))) inData = true;
      }
    });
  }
}
