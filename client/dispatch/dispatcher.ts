import type { Agent } from 'undici';
import { MAX_RETRIES, durationProblem } from '../../grammar/channels/properties';
import { interpretReply } from '../../grammar/channels/registry';
import type { ReplyVerdict } from '../../grammar/channels/reply';
import type { RenderedDelivery } from '../../grammar/render/delivery';
import { checkEmail, formatMailbox, sendEmailOnce, type CheckedEmail, type SmtpSettings } from './email';
import { checkUrl } from './guard';
import type { HistoryStore } from './history';
import { createHttpAgent, destinationOf, endAgent, sendHttpOnce, type Destination, type HttpOnceOptions, type HttpOnceResult, type LookupAll } from './http';
import { cutOutsidePlaceholders, type Redactor, type Untrusted } from './redact';
import { resolveDeliveryNow, ResolveError, type Resolved, type ResolvedRequest, type ResolvedSigning } from './resolve';
import type { Pacer } from './pacer';
import { formatWait, type AttemptInfo, type AttemptRecord, type DeliveryResult } from './result';
import { MAX_WAIT_MS, NotAnAttempt, parseRetryAfter, realSleep, withRetries, type AttemptReport, type AttemptVerdict, type Random, type Sleep } from './retry';
import type { EnvLike, SecretSource } from './secrets';
import { signatureHeaderNames, signatureHeaders, signedText } from './signing';

export interface DispatchOptions {
  readonly secrets: SecretSource;
  /** Where `$Env(NAME)` values come from (usually process.env). */
  readonly env: EnvLike;
  /** Allow private, loopback, link-local and metadata destinations (and plain http). */
  readonly allowPrivate: boolean;
  /** Allow plain `http:` to public destinations. */
  readonly allowInsecureHttp?: boolean;
  /** Exact origins with an IP-literal host allowed although private or plain http (guard.ts). */
  readonly allowOrigins?: readonly string[];
  /** Allow `$Env(...)`; the editor turns it off in untrusted workspaces. */
  readonly allowEnv: boolean;
  /** Variables `$Env` may read besides NOTIFY_ENV_* (`--allow-env`, the setting notify.allowedEnv). */
  readonly allowedEnv?: readonly string[];
  readonly smtp?: SmtpSettings | null;
  /** Notify's version, for `User-Agent: notify/<version>`. */
  readonly version: string;
  /** Called after every attempt (texts already redacted). */
  readonly onAttempt?: (info: AttemptInfo) => void;
  readonly history?: HistoryStore;
  /** Told about problems that do not fail the delivery (the history could not be written). */
  readonly onWarning?: (message: string) => void;
  /**
   * Called once the placeholders are filled in, before the first attempt:
   * the editor's local receiver verifies the signature with the same key and
   * masks the same values in what it shows. The values stay inside `redactor` and `signing`.
   */
  readonly onResolved?: (resolved: Pick<Resolved, 'redactor' | 'signing'>) => void;
  readonly sleep?: Sleep;
  readonly random?: Random;
  /** A shared agent from createHttpAgent (made with the same allowPrivate); otherwise one per call. */
  readonly agent?: Agent;
  /** Name resolution for the guard (tests); the system resolver by default. */
  readonly resolve?: LookupAll;
  readonly maxReplyBytes?: number;
  readonly now?: () => number;
  /** Paces messages per destination (docs/delivery.md#pacing); share one across every send that shares the destinations' budgets. */
  readonly pacer?: Pacer;
  /** Keep every attempt in full (`attemptRecords`) for the send inspector and `notify send --format json`. */
  readonly recordAttempts?: boolean;
}

const DEFAULT_MAX_REPLY_BYTES = 64 * 1024;
/** Set by Notify on every request, whatever `headers` says (docs/delivery.md); in lower case. */
const NOTIFY_HEADERS: readonly string[] = ['user-agent', 'x-notify-event', 'x-notify-event-id'];
const NOT_PACED = { waitMs: 0, reason: null } as const;
const REPLY_SHOWN_CHARS = 1000;
const ERROR_SHOWN_CHARS = 600;
/** Request and reply bodies in attempt records: enough to read, not a copy of a huge page. */
const RECORD_BODY_CHARS = 16 * 1024;

/** One attempt as reported: every text in it has been revealed through the redactor. */
interface Outcome extends AttemptVerdict {
  readonly status: number | null;
  readonly error: string | null;
  readonly reply: string | null;
  /** Short description for progress lines. */
  readonly summary: string;
  /** Said of a delivered attempt whose reply could not be read in full (DeliveryResult.note). */
  readonly note?: string;
}

/**
 * Sends one rendered delivery: resolves its placeholders, signs it, sends it
 * with retries, records it in the history, and reports it with every secret
 * value masked. Never throws for delivery problems; they are in the result.
 */
export async function dispatch(delivery: RenderedDelivery, options: DispatchOptions): Promise<DeliveryResult> {
  const started = performance.now();
  const sending = new Sending(delivery);
  try {
    const run = send(delivery, options, sending);
    sending.ran(run instanceof Promise ? await run : run);
  } catch (e) {
    sending.failed(e);
  }
  const result = sending.result(options, started);
  if (options.history) await sending.appendToHistory(result, options.history, options);
  return result;
}

/** What one dispatch has come to so far, and the result it makes. */
class Sending {
  target: string;
  redactor: Redactor | null = null;
  last: Outcome | null = null;
  attempts = 0;
  records: AttemptRecord[] | undefined = undefined;
  failure: string | null = null;
  /** Requests (or SMTP sessions) that went out so far: what a failure after them still counts. */
  attemptsMade = 0;

  constructor(readonly delivery: RenderedDelivery) {
    this.target = describeTarget(delivery);
  }

  ran(run: Run): void {
    if ('failure' in run) {
      this.failure = run.failure;
      return;
    }
    this.last = run.outcome;
    this.attempts = run.attempts;
    this.records = run.records;
  }

  /** A problem found on the way (a ResolveError says what to fix), or a bug. */
  failed(e: unknown): void {
    // Whatever broke (a hook of the caller's that threw, a bug), the attempts that went out went:
    // the result and the history must not say 0 — not sent — of a message a receiver may have.
    this.attempts = this.attemptsMade;
    this.failure = e instanceof ResolveError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
  }

  /** Appends the result to the history; a failure to is only a warning. */
  appendToHistory(result: DeliveryResult, history: HistoryStore, options: DispatchOptions): Promise<void> {
    return history.append(result).catch((e: Error) => options.onWarning?.(`could not write the dispatch history: ${this.mask(e.message)}`));
  }

  mask(t: string | null): string | null {
    return this.redactor ? this.redactor.redact(t) : t;
  }

  result(options: DispatchOptions, started: number): DeliveryResult {
    const { delivery, last, failure } = this;
    const result: { -readonly [K in keyof DeliveryResult]: DeliveryResult[K] } = {
      notifier: delivery.notifier,
      channel: delivery.channel,
      // The URL is the rendered text, placeholders and all; email addresses are the resolved ones, masked.
      target: this.mask(this.target)!,
      ok: failure === null && last !== null && last.ok,
      status: last?.status ?? null,
      attempts: this.attempts,
      durationMs: Math.round(performance.now() - started),
      error: this.mask(failure ?? last?.error ?? null),
    };
    if (last?.reply) result.reply = last.reply;
    if (last?.note) result.note = last.note;
    if (options.recordAttempts) result.attemptRecords = this.records ?? [];
    return result;
  }
}

/**
 * Resolves the delivery and sends it (dispatch); a problem found on the way
 * is thrown as a ResolveError (or rejected with one, after a wait). Not an
 * async function: returning the sending's promise from one would cost two
 * more turns of the microtask queue per delivery.
 */
function send(delivery: RenderedDelivery, options: DispatchOptions, sending: Sending): Promise<Run> | Run {
  const bounds = transportProblem(delivery.transport);
  if (bounds !== null) throw new ResolveError(`refused to send: ${bounds}`);
  const resolved = resolveDeliveryNow(delivery, options);
  return resolved instanceof Promise ? resolved.then((r) => sendResolved(delivery, r, options, sending)) : sendResolved(delivery, resolved, options, sending);
}

function sendResolved(delivery: RenderedDelivery, resolved: Resolved, options: DispatchOptions, sending: Sending): Promise<Run> | Run {
  sending.redactor = resolved.redactor;
  options.onResolved?.({ redactor: resolved.redactor, ...(resolved.signing ? { signing: resolved.signing } : {}) });
  if (resolved.request) return sendHttp(delivery, resolved, resolved.request, options, options.now ?? Date.now, sending);
  if (!resolved.email) return { failure: 'the delivery has neither a request nor an email' };
  const envelope = options.smtp ? checkEmail(resolved.email, options.smtp.from) : null;
  // The target is where the message really went: the checked, resolved `to` and `cc` addresses (masked below; `bcc` stays out of what is printed and recorded).
  if (envelope !== null && typeof envelope !== 'string') sending.target = [...envelope.to, ...envelope.cc].map(formatMailbox).join(', ');
  return typeof envelope === 'string' ? { failure: envelope } : sendEmail(delivery, resolved, envelope, options, sending);
}

/** The transport's numbers, checked again where they take effect (a delivery may not come from the renderer). */
function transportProblem(t: RenderedDelivery['transport']): string | null {
  if (!Number.isInteger(t.retries) || t.retries < 0 || t.retries > MAX_RETRIES) return `retries must be a whole number from 0 to ${MAX_RETRIES}`;
  const timeout = durationProblem('timeout', t.timeoutMs);
  if (timeout !== null) return timeout;
  for (const ms of t.backoffMs) {
    const problem = durationProblem('backoff', ms);
    if (problem !== null) return problem;
  }
  return null;
}

function describeTarget(delivery: RenderedDelivery): string {
  if (delivery.request) return delivery.request.url;
  // A blind copy stays blind in what Notify prints and records (docs/delivery.md); `render` shows it.
  if (delivery.email) return [...delivery.email.to, ...delivery.email.cc].join(', ');
  return '';
}

type Run = { outcome: Outcome; attempts: number; records?: AttemptRecord[] } | { failure: string };

/** Attempt records in the making: the retry decision comes after the attempt. */
class AttemptLog {
  readonly records: AttemptRecord[] = [];

  constructor(readonly enabled: boolean) {}

  add(record: Omit<AttemptRecord, 'retryInMs' | 'retryReason'>): void {
    if (this.enabled) this.records.push({ ...record, retryInMs: null, retryReason: null });
  }

  /** Wraps the progress hook so each record learns whether, when and why the next attempt comes. */
  hooks(hooks: ReturnType<typeof progressHooks>): ReturnType<typeof progressHooks> {
    if (!this.enabled) return hooks;
    return {
      ...hooks,
      onAttempt: (report: AttemptReport<Outcome>) => {
        const i = this.records.findIndex((r) => r.attempt === report.attempt);
        if (i >= 0 && report.retryInMs !== null) {
          this.records[i] = { ...this.records[i]!, retryInMs: report.retryInMs, retryReason: retryReason(report.outcome, report.retryInMs) };
        }
        hooks.onAttempt?.(report);
      },
    };
  }

  result(): AttemptRecord[] | undefined {
    return this.enabled ? this.records : undefined;
  }
}

/** "the receiver answered 503; 503 is retried (408, 429 and 5xx are); waiting 12s, as the receiver asked". */
function retryReason(outcome: Outcome, waitMs: number): string {
  const what = outcome.status !== null ? `the receiver answered ${outcome.status}` : (outcome.error ?? outcome.summary);
  const why = outcome.status === null ? 'network errors and timeouts are retried' : outcome.status === 429 ? 'rate limited: 429 is retried' : outcome.status >= 500 || outcome.status === 408 ? `${outcome.status} is retried (408, 429 and 5xx are)` : 'the service said to try again';
  const askedMs = outcome.retryAfterMs;
  const asked = askedMs != null && askedMs >= 0 && Math.abs(askedMs - waitMs) <= 1;
  // A wish over the cap is waited as far as the cap: that wait is the receiver's, not backoff.
  const capped = askedMs != null && askedMs > MAX_WAIT_MS && waitMs === MAX_WAIT_MS;
  const how = asked ? ', as the receiver asked' : capped ? `, the most Notify waits (the receiver asked for ${askedMs < 86_400_000 ? formatWait(askedMs) : 'more than a day'})` : ' (backoff with jitter)';
  return `${what}; ${why}; waiting ${formatWait(waitMs)}${how}`;
}

function sendHttp(
  delivery: RenderedDelivery,
  resolved: Resolved,
  request: ResolvedRequest,
  options: DispatchOptions,
  now: () => number,
  sending: Sending,
): Promise<Run> | Run {
  const destination = destinationOf(request.url);
  if (destination === null) return { failure: `invalid URL: ${request.url}` };
  const refusal = checkUrl(destination.url, options);
  if (refusal !== null) return { failure: refusal };
  return new HttpAttempts(delivery, resolved, request, options, now, destination, sending).all();
}

/** `run`'s result, once `agent` is closed (whether it succeeded or not). */
async function closingAfter(run: Promise<Run>, agent: Agent): Promise<Run> {
  try {
    return await run;
  } finally {
    await endAgent(agent);
  }
}


/**
 * The attempts of one HTTP delivery. A class of small methods rather than
 * one closure: a delivery runs each of them once, and small functions are
 * cheap to run before V8 has compiled them (most sends are a few deliveries).
 */
class HttpAttempts {
  readonly agent: Agent;
  readonly log: AttemptLog;
  /** The request's headers and Notify's own, without the signature. */
  private readonly baseHeaders: Record<string, string>;
  private readonly once: HttpOnceOptions;
  /** One attempt (`withRetries` calls it with the attempt's number). */
  readonly run = (n: number): Promise<Outcome | NotAnAttempt<Outcome>> => this.attempt(n);

  constructor(
    private readonly delivery: RenderedDelivery,
    private readonly resolved: Resolved,
    private readonly request: ResolvedRequest,
    private readonly options: DispatchOptions,
    private readonly now: () => number,
    destination: Destination,
    private readonly sending: Sending,
  ) {
    this.agent = options.agent ?? createHttpAgent({ allowPrivate: options.allowPrivate, resolve: options.resolve });
    this.log = new AttemptLog(options.recordAttempts === true);
    const headers = withoutNames(request.headers, NOTIFY_HEADERS);
    headers['User-Agent'] = `notify/${options.version}`;
    headers['X-Notify-Event'] = delivery.event;
    headers['X-Notify-Event-Id'] = delivery.transport.eventId;
    // The signature's headers replace any of the same name: those are left out here, once, and the signature's added per attempt.
    this.baseHeaders = resolved.signing ? withoutNames(headers, signatureHeaderNames(resolved.signing)) : headers;
    this.once = { agent: this.agent, timeoutMs: delivery.transport.timeoutMs, maxReplyBytes: options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES, destination };
  }

  /** Every attempt, with retries; the agent closed after them unless it is the caller's. */
  all(): Promise<Run> {
    const run = withRetries(this.delivery.transport, this.run, this.log.hooks(progressHooks(this.delivery, this.resolved.redactor, this.options))).then(this.ran);
    return this.options.agent ? run : closingAfter(run, this.agent);
  }

  private readonly ran = (run: { outcome: Outcome; attempts: number }): Run => ({ ...run, records: this.log.result() });

  private attempt(n: number): Promise<Outcome | NotAnAttempt<Outcome>> {
    return this.options.pacer ? this.pacedAttempt(n, this.options.pacer) : this.sendOnce(n, NOT_PACED);
  }

  private pacedAttempt(n: number, pacer: Pacer): Promise<Outcome | NotAnAttempt<Outcome>> {
    return pacer.inTurn(this.delivery.channel, this.request.url, (wait) => this.sendOnce(n, wait));
  }

  private async sendOnce(n: number, pace: Sent['pace']): Promise<Outcome | NotAnAttempt<Outcome>> {
    const sent = this.signedNow(n, pace);
    const request = this.request;
    const res = await sendHttpOnce({ method: request.method, url: request.url, headers: sent.headers, body: request.body }, this.once);
    if (!(res.kind === 'error' && res.refused)) this.sending.attemptsMade++;
    // Masking the request costs time: it is recorded only when records are wanted.
    const record = this.log.enabled ? sent : null;
    if (res.kind === 'error' && res.refused) return this.refused(res.error);
    return res.kind === 'error' ? this.failed(res.error, res.retryable, record) : this.replied(res, record);
  }

  /**
   * Refused in the socket's lookup, before connecting: nothing was sent, so
   * this is not an attempt (no record, no progress report, not counted) and
   * the delivery ends here with the refusal as its error.
   */
  private refused(untrusted: Untrusted): NotAnAttempt<Outcome> {
    const error = this.resolved.redactor.reveal(untrusted, { maxChars: ERROR_SHOWN_CHARS });
    return new NotAnAttempt({ ok: false, retryable: false, status: null, error, reply: null, summary: error });
  }

  /** The attempt about to be sent: signed now, timed from now. */
  private signedNow(n: number, pace: Sent['pace']): Sent {
    const signedAt = this.now();
    const headers = this.resolved.signing ? this.signed(this.resolved.signing, signedAt) : this.baseHeaders;
    return { n, pace, signedAt, t0: performance.now(), headers };
  }

  /** The headers of an attempt: the base headers (without any of the signature's names) and the signature's. */
  private signed(signing: ResolvedSigning, signedAt: number): Record<string, string> {
    const signed = signatureHeaders(signing, this.request.body ?? '', this.delivery.transport.eventId, signedAt);
    const headers = { ...this.baseHeaders };
    for (const name in signed) headers[name] = signed[name]!;
    return headers;
  }

  private failed(untrusted: Untrusted, retryable: boolean, sent: Sent | null): Outcome {
    const error = this.resolved.redactor.reveal(untrusted, { maxChars: ERROR_SHOWN_CHARS });
    if (sent) this.record(sent, { response: null, ok: false, error });
    return { ok: false, retryable, status: null, error, reply: null, summary: error };
  }

  private replied(res: Extract<HttpOnceResult, { kind: 'reply' }>, sent: Sent | null): Outcome {
    const redactor = this.resolved.redactor;
    const channel = this.delivery.channel;
    // Reply texts get cut and reflowed into error messages: they are masked first (reveal), so no
    // cut or whitespace collapse can turn an echoed secret into a form the redactor no longer knows.
    const body = redactor.reveal(res.body);
    const replyHeaders = redactor.revealHeaders(res.headers);
    const note = res.bodyError ? acceptedButUnread(res.status, redactor.reveal(res.bodyError, { maxChars: ERROR_SHOWN_CHARS })) : null;
    // A reply cut short is no evidence against the status the receiver had already sent: the channel's
    // reading of the body (Slack's `ok`) would fail the delivery, and a failure might be sent again.
    const verdict = note !== null ? ACCEPTED : interpretReply(channel, { status: res.status, body, headers: replyHeaders });
    const fromHeader = parseRetryAfter(replyHeaders['retry-after'], this.now());
    const retryAfterMs = Math.max(fromHeader ?? -1, verdict.retryAfterMs ?? -1);
    this.options.pacer?.after(channel, this.request.url, res.status, replyHeaders, verdict.retryAfterMs ?? null);
    const error = verdict.error === null ? null : cutOutsidePlaceholders(verdict.error, ERROR_SHOWN_CHARS);
    if (sent) this.record(sent, { response: { status: res.status, headers: replyHeaders, body: cutOutsidePlaceholders(body, RECORD_BODY_CHARS) }, ok: verdict.ok, error });
    return {
      ok: verdict.ok,
      retryable: verdict.retryable,
      retryAfterMs: retryAfterMs >= 0 ? retryAfterMs : null,
      status: res.status,
      error,
      reply: cutOutsidePlaceholders(body, REPLY_SHOWN_CHARS),
      summary: note !== null ? `${res.status}, reply body unread` : String(res.status),
      ...(note !== null ? { note } : {}),
    };
  }

  private record(sent: Sent, fields: Pick<AttemptRecord, 'response' | 'ok' | 'error'>): void {
    const { request, resolved } = this;
    const redactor = resolved.redactor;
    this.log.add({
      attempt: sent.n,
      startedAt: new Date(sent.signedAt).toISOString(),
      pacedMs: sent.pace.waitMs,
      pacedBecause: sent.pace.reason,
      durationMs: Math.round(performance.now() - sent.t0),
      request: {
        method: request.method,
        url: redactor.redact(request.url),
        headers: Object.fromEntries(Object.entries(sent.headers).map(([k, v]) => [k, redactor.redact(v)])),
        body: request.body === null || request.body === undefined ? null : cutOutsidePlaceholders(redactor.redact(request.body), RECORD_BODY_CHARS),
      },
      signed: resolved.signing ? cutOutsidePlaceholders(redactor.redact(signedText(resolved.signing, request.body ?? '', this.delivery.transport.eventId, sent.signedAt)), RECORD_BODY_CHARS) : null,
      ...fields,
    });
  }
}

const ACCEPTED: ReplyVerdict = { ok: true, retryable: false, error: null };

/** The note of a 2xx reply whose body broke off (docs/delivery.md, "Attempts, retries and backoff"). */
function acceptedButUnread(status: number, why: string): string {
  return `the reply body could not be read (${why}); the receiver had answered ${status}, so the message counts as delivered and is not sent again`;
}

/** What an attempt record needs to know about the request sent. */
interface Sent {
  readonly n: number;
  readonly pace: { readonly waitMs: number; readonly reason: string | null };
  readonly signedAt: number;
  readonly t0: number;
  readonly headers: Record<string, string>;
}

async function sendEmail(delivery: RenderedDelivery, resolved: Resolved, envelope: CheckedEmail | null, options: DispatchOptions, sending: Sending): Promise<Run> {
  const smtp = options.smtp;
  if (!smtp || !envelope) {
    return {
      failure:
        'email needs an SMTP server: set SMTP_HOST (and SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_FROM, SMTP_SECURE) or the editor\'s SMTP settings',
    };
  }
  const redactor = resolved.redactor;
  if (smtp.password) redactor.add(smtp.password.reveal(), smtp.password.placeholder);
  const email = resolved.email!;
  const show = (u: Untrusted | null, max: number) => (u === null ? null : redactor.reveal(u, { maxChars: max }));
  const log = new AttemptLog(options.recordAttempts === true);
  const now = options.now ?? Date.now;
  return withRetries(
    delivery.transport,
    async (n): Promise<Outcome> => {
      const startedAt = now();
      const t0 = performance.now();
      const r = await sendEmailOnce(email, envelope, smtp, delivery.transport.timeoutMs);
      sending.attemptsMade++;
      const error = show(r.error, ERROR_SHOWN_CHARS);
      if (log.enabled) log.add({
        attempt: n,
        startedAt: new Date(startedAt).toISOString(),
        pacedMs: 0,
        pacedBecause: null,
        durationMs: Math.round(performance.now() - t0),
        request: null,
        signed: null,
        response: r.status === null && r.reply === null ? null : { status: r.status, headers: {}, body: show(r.reply, RECORD_BODY_CHARS) },
        ok: r.ok,
        error,
      });
      return { ok: r.ok, retryable: r.retryable, status: r.status, error, reply: show(r.reply, REPLY_SHOWN_CHARS), summary: r.status !== null ? String(r.status) : error ?? 'sent' };
    },
    log.hooks(progressHooks(delivery, resolved.redactor, options)),
  ).then((run) => ({ ...run, records: log.result() }));
}

/** The hooks of a dispatch that neither waits its own way nor reports attempts: the same for every one. */
const PLAIN_HOOKS = { sleep: realSleep, random: Math.random, onAttempt: undefined };

function progressHooks(delivery: RenderedDelivery, redactor: Redactor, options: DispatchOptions) {
  if (!options.sleep && !options.random && !options.onAttempt) return PLAIN_HOOKS;
  return {
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    onAttempt: options.onAttempt
      ? ({ attempt, maxAttempts, outcome, retryInMs }: { attempt: number; maxAttempts: number; outcome: Outcome; retryInMs: number | null }) => {
          options.onAttempt!({
            notifier: delivery.notifier,
            channel: delivery.channel,
            attempt,
            maxAttempts,
            ok: outcome.ok,
            status: outcome.status,
            outcome: redactor.redact(outcome.summary),
            error: redactor.redact(outcome.error),
            retryInMs,
          });
        }
      : undefined,
  };
}

/** A copy of `headers` without any of `lowerNames` (given in lower case; matched in any case). */
function withoutNames(headers: Readonly<Record<string, string>>, lowerNames: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) if (!lowerNames.includes(name.toLowerCase())) out[name] = headers[name]!;
  return out;
}
