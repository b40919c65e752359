import type { EmailSpec } from '../../grammar/render/delivery';
import { isLoopbackHost } from './guard';
import { Untrusted } from './redact';
import { formatSeconds } from './result';
import { Secret, type EnvLike } from './secrets';

/** Where email goes out: the editor's settings or the SMTP_* environment variables. */
export interface SmtpSettings {
  readonly host: string;
  readonly port?: number;
  readonly user?: string;
  readonly password?: Secret;
  readonly from?: string;
  /** Implicit TLS (usually port 465); otherwise STARTTLS is used when the server offers it. */
  readonly secure?: boolean;
  /** Extra trusted CA certificate(s), PEM — for servers with an internal CA. */
  readonly ca?: string;
  /**
   * Log in only over TLS: STARTTLS is required, and a server that does not
   * offer it gets no password. By default (unset) on whenever a user is set
   * and the host is not loopback (`loginNeedsTls`).
   */
  readonly loginOnlyOverTls?: boolean;
}

/**
 * Whether the SMTP session must be encrypted before the password is sent
 * (docs/delivery.md, "Email"): a server that offers no STARTTLS — or an
 * attacker on the path who strips the offer — would otherwise be given the
 * password in clear text, as plain `http://` is refused for webhooks. A
 * loopback relay (a local MailHog, a test server) is exempt: nothing leaves
 * the machine.
 */
export function loginNeedsTls(settings: SmtpSettings): boolean {
  if (!settings.user || settings.secure) return false;
  return settings.loginOnlyOverTls ?? !isLoopbackHost(settings.host);
}

/** Reads SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_FROM, SMTP_SECURE; null without SMTP_HOST. */
export function smtpSettingsFromEnv(env: EnvLike): SmtpSettings | null {
  const host = env['SMTP_HOST']?.trim();
  if (!host) return null;
  const port = env['SMTP_PORT'] ? Number(env['SMTP_PORT']) : undefined;
  const password = env['SMTP_PASSWORD'];
  return {
    host,
    port: port !== undefined && Number.isInteger(port) && port > 0 ? port : undefined,
    user: env['SMTP_USER'] || undefined,
    password: password ? new Secret('SMTP_PASSWORD', password, 'env') : undefined,
    from: env['SMTP_FROM'] || undefined,
    secure: /^(true|1|yes)$/i.test(env['SMTP_SECURE'] ?? ''),
  };
}

export interface EmailOnceResult {
  readonly ok: boolean;
  readonly retryable: boolean;
  /** The SMTP reply code, when the server gave one. */
  readonly status: number | null;
  /** Ours, with the server's and nodemailer's words inside: readable only through the redactor. */
  readonly error: Untrusted | null;
  readonly reply: Untrusted | null;
}

/** One mailbox, as it is handed to SMTP: never re-parsed from text by nodemailer. */
export interface Mailbox {
  readonly name: string;
  readonly address: string;
}

/** The resolved envelope: every address checked, one mailbox per value. */
export interface CheckedEmail {
  readonly from: Mailbox;
  readonly to: readonly Mailbox[];
  readonly cc: readonly Mailbox[];
  readonly bcc: readonly Mailbox[];
}

const ADDR_SPEC = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+@(?:[A-Za-z0-9\u0080-\uFFFF](?:[A-Za-z0-9\u0080-\uFFFF-]*[A-Za-z0-9\u0080-\uFFFF])?\.)+[A-Za-z\u0080-\uFFFF][A-Za-z0-9\u0080-\uFFFF-]*$/;

/**
 * Checks one resolved address: `name@example.com` or `Display Name
 * <name@example.com>`, nothing else. Refused: control characters (CR/LF
 * would start a new header: `Bcc:` injection), group syntax (`team: a@x;`),
 * more than one `<`/`>` or an address after `>`, several addresses in one
 * value (`,` or `;`), quotes, comments and IP-literal domains. Values from
 * variables and secrets are checked here, at send time, because NTF206 sees
 * only constant text.
 */
export function parseMailbox(value: string): Mailbox | string {
  const shown = JSON.stringify(value);
  if (/[\p{Cc}\u2028\u2029]/u.test(value)) return `${shown} contains a line break or control character`;
  const t = value.trim();
  if (t === '') return 'an address is empty';
  if (/[,;]/.test(t)) return `${shown} holds more than one address (or group syntax); give each address as its own value`;
  let name = '';
  let address = t;
  if (t.includes('<') || t.includes('>')) {
    const m = /^([^<>]*)<([^<>]*)>$/.exec(t);
    if (!m) return `${shown} is not \`name@example.com\` or \`Name <name@example.com>\``;
    name = m[1]!.trim();
    address = m[2]!.trim();
  }
  if (/[":()\\@\[\]]/.test(name)) return `${shown}: the display name must not contain quotes, ":", "@", brackets or parentheses`;
  if (address.length > 254 || !ADDR_SPEC.test(address) || address.includes('..') || address.split('@')[0]!.length > 64) {
    return `${shown} is not a valid email address`;
  }
  return { name, address };
}

/** Every address of the message checked; the reason of the first refused one otherwise. */
export function checkEmail(spec: EmailSpec, defaultFrom: string | undefined): CheckedEmail | string {
  const fromText = spec.from ?? defaultFrom;
  if (!fromText) return 'no sender: set `from` in the email channel, or SMTP_FROM / the SMTP "from" setting';
  const problems: string[] = [];
  const one = (text: string, role: string): Mailbox | null => {
    const m = parseMailbox(text);
    if (typeof m === 'string') {
      problems.push(`${role}: ${m}`);
      return null;
    }
    return m;
  };
  const list = (texts: readonly string[], role: string) => texts.map((t) => one(t, role)).filter((m): m is Mailbox => m !== null);
  const from = one(fromText, 'from');
  const checked = { to: list(spec.to, 'to'), cc: list(spec.cc, 'cc'), bcc: list(spec.bcc, 'bcc') };
  if (problems.length > 0 || from === null) return `refused to send: ${problems.join('; ')}`;
  if (checked.to.length === 0) return 'email needs at least one recipient in to';
  return { from, ...checked };
}

/** `Name <a@x>` or `a@x`: how a checked mailbox is shown in the target and the history. */
export function formatMailbox(m: Mailbox): string {
  return m.name ? `${m.name} <${m.address}>` : m.address;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  /** The SMTP command the error came at (nodemailer sets it). */
  command?: string;
  rejected?: string[];
  rejectedErrors?: SmtpError[];
  recipient?: string;
}

/**
 * nodemailer, loaded with the first email: it is the dispatcher's largest
 * dependency (1.4 MB of heap once loaded), and most sends are webhooks.
 */
let mailer: Promise<typeof import('nodemailer')> | null = null;

/** One SMTP attempt: a message either reaches every recipient or counts as failed. Never throws. */
export async function sendEmailOnce(spec: EmailSpec, envelope: CheckedEmail, settings: SmtpSettings, timeoutMs: number): Promise<EmailOnceResult> {
  const nodemailer = (await (mailer ??= import('nodemailer'))).default;
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port ?? (settings.secure ? 465 : 587),
    secure: settings.secure ?? false,
    auth: settings.user ? { user: settings.user, pass: settings.password?.reveal() ?? '' } : undefined,
    requireTLS: loginNeedsTls(settings),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    tls: settings.ca ? { ca: settings.ca } : undefined,
  });
  // nodemailer's timeouts are for silence (socketTimeout) and single phases: a server that answers one
  // line at a time, each before the last went quiet (`250-…` continuation lines forever after DATA),
  // never trips them. `timeout` bounds the attempt as a whole (docs/delivery.md), as it does for HTTP.
  const blind = new BlindCopies(envelope);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    const info = await transport.sendMail({
      signal: deadline.signal,
      from: envelope.from,
      to: [...envelope.to],
      cc: [...envelope.cc],
      bcc: [...envelope.bcc],
      subject: spec.subject,
      text: spec.text ?? undefined,
      html: spec.html ?? undefined,
    });
    const status = replyCode(info.response);
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.length > 0) {
      const errors = (info as { rejectedErrors?: SmtpError[] }).rejectedErrors ?? [];
      return {
        ok: false,
        // Retrying would send the message again to those who already got it.
        retryable: false,
        status: errors[0]?.responseCode ?? status,
        error: Untrusted.text`the SMTP server rejected ${describeRecipients(rejected, errors, blind)}; the message was sent only to ${Untrusted.of(blind.list((info.accepted ?? []).map(String)))}`,
        reply: info.response ? Untrusted.of(blind.hide(info.response)) : null,
      };
    }
    return { ok: true, retryable: false, status, error: null, reply: info.response ? Untrusted.of(blind.hide(info.response)) : null };
  } catch (e) {
    if (deadline.signal.aborted) return overDeadline(timeoutMs);
    return describeSmtpError(e as SmtpError, blind, settings);
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}

/** The attempt's `timeout` ran out before the server finished (retried, like nodemailer's own timeouts). */
function overDeadline(timeoutMs: number): EmailOnceResult {
  return { ok: false, retryable: true, status: null, error: Untrusted.of(`the SMTP server did not answer in time (the attempt took longer than its timeout of ${formatSeconds(timeoutMs)})`), reply: null };
}

/**
 * A blind copy stays blind in what Notify prints and records (docs/delivery.md,
 * "Email"): the addresses only in `bcc` are left out of the lists an SMTP
 * error names (counted instead) and replaced by `‹bcc›` in the server's own
 * words (`550 5.1.1 <x@example.com>: Recipient address rejected`).
 */
class BlindCopies {
  private readonly addresses: readonly string[];

  constructor(envelope: CheckedEmail) {
    const seen = new Set([...envelope.to, ...envelope.cc].map((m) => m.address.toLowerCase()));
    this.addresses = [...new Set(envelope.bcc.map((m) => m.address.toLowerCase()))].filter((a) => !seen.has(a)).sort((a, b) => b.length - a.length);
  }

  isBlind(address: string): boolean {
    return this.addresses.includes(address.trim().toLowerCase());
  }

  /** `text` with every blind address (any case) as `‹bcc›`. */
  hide(text: string): string {
    let out = text;
    // Whole addresses only: `a@example.com` inside `ba@example.com` (a `to`) is not it.
    for (const a of this.addresses) out = out.replace(new RegExp(`(?<![\\w.!#$%&'*+/=?^\`{|}~-])${a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-]|\\.[\\w-])`, 'gi'), '‹bcc›');
    return out;
  }

  /** `a@x, b@x and 2 bcc recipients`. */
  list(addresses: readonly string[]): string {
    const shown = addresses.filter((a) => !this.isBlind(a));
    const hidden = addresses.length - shown.length;
    const more = hidden === 0 ? '' : `${hidden} bcc recipient${hidden === 1 ? '' : 's'}`;
    return shown.length === 0 ? more || 'nobody' : more ? `${shown.join(', ')} and ${more}` : shown.join(', ');
  }
}

function describeSmtpError(err: SmtpError, blind: BlindCopies, settings: SmtpSettings): EmailOnceResult {
  const status = err.responseCode ?? null;
  // STARTTLS refused (or not offered) where the login needs TLS: no password was sent, and trying again would not change that.
  if (err.command === 'STARTTLS' && loginNeedsTls(settings)) {
    const said = err.response ? Untrusted.text` (it answered ${Untrusted.of(blind.hide(err.response))})` : Untrusted.of('');
    return {
      ok: false,
      retryable: false,
      status,
      error: Untrusted.text`the SMTP server ${Untrusted.of(settings.host)} did not start TLS${said}: Notify sends the SMTP password only over an encrypted connection; use a server that offers STARTTLS, or implicit TLS (SMTP_SECURE=true, port 465)`,
      reply: err.response ? Untrusted.of(blind.hide(err.response)) : null,
    };
  }
  const certificate = /certificate|self[- ]signed|CERT_/i.test(err.message);
  const transient =
    status !== null
      ? status >= 400 && status < 500
      : !certificate && ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET'].includes(err.code ?? '');
  const said = Untrusted.of(blind.hide(err.response ?? err.message));
  const message = Untrusted.of(blind.hide(err.message));
  let error: Untrusted;
  if (err.code === 'EENVELOPE' && err.rejected?.length) {
    error = Untrusted.text`the SMTP server rejected ${describeRecipients(err.rejected, err.rejectedErrors ?? [], blind)}; nothing was sent`;
  } else if (err.code === 'EAUTH') {
    error = Untrusted.text`SMTP authentication failed (${said}): check SMTP_USER / SMTP_PASSWORD or the editor's SMTP settings`;
  } else if (certificate) {
    error = Untrusted.text`the SMTP server's TLS certificate is not trusted (${message})`;
  } else if (err.code === 'ETIMEDOUT') {
    error = Untrusted.text`the SMTP server did not answer in time (${message})`;
  } else if (err.code === 'ECONNECTION' || err.code === 'ESOCKET') {
    error = Untrusted.text`could not talk to the SMTP server: ${message}`;
  } else {
    error = Untrusted.text`SMTP error: ${said}`;
  }
  return { ok: false, retryable: transient, status, error, reply: err.response ? Untrusted.of(blind.hide(err.response)) : null };
}

function describeRecipients(rejected: readonly string[], errors: readonly SmtpError[], blind: BlindCopies): Untrusted {
  const named: string[] = [];
  const unnamed: string[] = [];
  for (const address of rejected) {
    const e = errors.find((x) => x.recipient === address);
    const said = e?.response ? ` (${blind.hide(e.response)})` : '';
    if (blind.isBlind(address)) unnamed.push(`a bcc recipient${said}`);
    else named.push(address + said);
  }
  const parts = named.length > 0 ? [`recipient${named.length === 1 ? '' : 's'} ${named.join(', ')}`, ...unnamed] : unnamed;
  return Untrusted.of(parts.join(', '));
}

function replyCode(response: string | undefined): number | null {
  const m = /^(\d{3})/.exec(response ?? '');
  return m ? Number(m[1]) : null;
}
