import nodemailer from 'nodemailer';
import type { EmailSpec } from '../../grammar/render/delivery';
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
  readonly error: string | null;
  readonly reply: string | null;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  rejected?: string[];
  rejectedErrors?: SmtpError[];
  recipient?: string;
}

/** One SMTP attempt: a message either reaches every recipient or counts as failed. Never throws. */
export async function sendEmailOnce(spec: EmailSpec, settings: SmtpSettings, timeoutMs: number): Promise<EmailOnceResult> {
  const from = spec.from ?? settings.from;
  if (!from) {
    return { ok: false, retryable: false, status: null, error: 'no sender: set `from` in the email channel, or SMTP_FROM / the SMTP "from" setting', reply: null };
  }
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port ?? (settings.secure ? 465 : 587),
    secure: settings.secure ?? false,
    auth: settings.user ? { user: settings.user, pass: settings.password?.reveal() ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    tls: settings.ca ? { ca: settings.ca } : undefined,
  });
  try {
    const info = await transport.sendMail({
      from,
      to: [...spec.to],
      cc: [...spec.cc],
      bcc: [...spec.bcc],
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
        error: `the SMTP server rejected ${describeRecipients(rejected, errors)}; the message was sent only to ${(info.accepted ?? []).map(String).join(', ')}`,
        reply: info.response ?? null,
      };
    }
    return { ok: true, retryable: false, status, error: null, reply: info.response ?? null };
  } catch (e) {
    return describeSmtpError(e as SmtpError);
  } finally {
    transport.close();
  }
}

function describeSmtpError(err: SmtpError): EmailOnceResult {
  const status = err.responseCode ?? null;
  const certificate = /certificate|self[- ]signed|CERT_/i.test(err.message);
  const transient =
    status !== null
      ? status >= 400 && status < 500
      : !certificate && ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET'].includes(err.code ?? '');
  let error: string;
  if (err.code === 'EENVELOPE' && err.rejected?.length) {
    error = `the SMTP server rejected ${describeRecipients(err.rejected, err.rejectedErrors ?? [])}; nothing was sent`;
  } else if (err.code === 'EAUTH') {
    error = `SMTP authentication failed (${err.response ?? err.message}): check SMTP_USER / SMTP_PASSWORD or the editor's SMTP settings`;
  } else if (certificate) {
    error = `the SMTP server's TLS certificate is not trusted (${err.message})`;
  } else if (err.code === 'ETIMEDOUT') {
    error = `the SMTP server did not answer in time (${err.message})`;
  } else if (err.code === 'ECONNECTION' || err.code === 'ESOCKET') {
    error = `could not talk to the SMTP server: ${err.message}`;
  } else {
    error = `SMTP error: ${err.response ?? err.message}`;
  }
  return { ok: false, retryable: transient, status, error, reply: err.response ?? null };
}

function describeRecipients(rejected: readonly string[], errors: readonly SmtpError[]): string {
  const parts = rejected.map((address) => {
    const e = errors.find((x) => x.recipient === address);
    return e?.response ? `${address} (${e.response})` : address;
  });
  return `recipient${rejected.length === 1 ? '' : 's'} ${parts.join(', ')}`;
}

function replyCode(response: string | undefined): number | null {
  const m = /^(\d{3})/.exec(response ?? '');
  return m ? Number(m[1]) : null;
}
