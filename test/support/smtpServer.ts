import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** A fixed self-signed certificate for localhost / 127.0.0.1 (made with openssl, valid for 100 years). */
export const TEST_CERT = readFileSync(join(import.meta.dirname, 'fixtures', 'test-cert.pem'), 'utf8');
export const TEST_KEY = readFileSync(join(import.meta.dirname, 'fixtures', 'test-key.pem'), 'utf8');

export interface ReceivedMail {
  readonly from: string;
  /** Envelope recipients accepted for this message. */
  readonly to: readonly string[];
  /** The message as transmitted (headers and body). */
  readonly raw: string;
  /** The authenticated user, if the client logged in. */
  readonly user: string | null;
  /** Whether the connection was encrypted (implicit TLS or STARTTLS). */
  readonly secure: boolean;
}

export interface TestSmtpOptions {
  /** Offer STARTTLS (with the test certificate). */
  readonly starttls?: boolean;
  /** Implicit TLS from the first byte (like port 465). */
  readonly implicitTls?: boolean;
  /** Require this login. */
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Recipients refused with `550 5.1.1 mailbox unavailable`. */
  readonly rejectRecipients?: readonly string[];
  /** Refuse the next n messages with `451 4.3.0 try again later` (a transient failure). */
  readonly failMessagesTransiently?: number;
}

/** A real SMTP server on 127.0.0.1 (smtp-server) that records what it receives. */
export class TestSmtpServer {
  readonly messages: ReceivedMail[] = [];
  /** Every RCPT TO the server saw, accepted or not. */
  readonly recipientsTried: string[] = [];
  /** Every login attempt, with the password the client sent (right or wrong). */
  readonly logins: { readonly user: string; readonly pass: string; readonly secure: boolean }[] = [];
  private transientFailuresLeft: number;

  private constructor(private readonly server: SMTPServer, options: TestSmtpOptions) {
    this.transientFailuresLeft = options.failMessagesTransiently ?? 0;
  }

  static async start(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
    let self: TestSmtpServer | null = null;
    const rejected = new Set((options.rejectRecipients ?? []).map((a) => a.toLowerCase()));
    const config: SMTPServerOptions = {
      secure: options.implicitTls ?? false,
      key: TEST_KEY,
      cert: TEST_CERT,
      disabledCommands: options.starttls || options.implicitTls ? [] : ['STARTTLS'],
      authOptional: !options.auth,
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, session, callback) {
        self!.logins.push({ user: auth.username ?? '', pass: auth.password ?? '', secure: Boolean((session as { secure?: boolean }).secure) });
        if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
          callback(null, { user: auth.username });
        } else {
          callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
        }
      },
      onRcptTo(address, _session, callback) {
        self!.recipientsTried.push(address.address);
        if (rejected.has(address.address.toLowerCase())) {
          callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
        } else {
          callback();
        }
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (self!.transientFailuresLeft > 0) {
            self!.transientFailuresLeft--;
            callback(Object.assign(new Error('4.3.0 try again later'), { responseCode: 451 }));
            return;
          }
          self!.messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
            user: typeof session.user === 'string' ? session.user : null,
            secure: Boolean((session as { secure?: boolean }).secure),
          });
          callback();
        });
      },
    };
    const server = new SMTPServer(config);
    self = new TestSmtpServer(server, options);
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return self;
  }

  get port(): number {
    return ((this.server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
