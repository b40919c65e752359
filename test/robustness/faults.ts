/**
 * The fault matrix (spec section 9), shared by faults.test.ts and
 * bench/robustness.ts. Each case is a .notify source whose one channel
 * points at a receiver that misbehaves in one way; it runs through the whole
 * pipeline (analyze → render → dispatch with history) and must end in the
 * right result, with the right number of attempts, and a history entry that
 * says exactly what the result says. Waits go through an injected sleep, so
 * a Retry-After of minutes costs nothing and is still checked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../../client/dispatch/dispatcher';
import { HistoryStore, type HistoryEntry } from '../../client/dispatch/history';
import type { DeliveryResult } from '../../client/dispatch/result';
import { envSecretSource } from '../../client/dispatch/secrets';
import { HttpReceiver, type ReplyScript } from '../support/httpReceiver';
import { refusedPort } from '../support/refusedPort';
import { TestSmtpServer } from '../support/smtpServer';
import { FaultySmtpServer, UntrustedTlsReceiver, type SmtpFault } from './faultServers';
import { deliveriesOf, recordingSleep } from './pipeline';

export interface Expected {
  readonly ok: boolean;
  readonly attempts: number;
  /** The status of the last attempt (HTTP or SMTP reply code); undefined = not checked. */
  readonly status?: number | null;
  readonly error?: RegExp;
  /** Requests (HTTP) or connections (SMTP) the receiver must have seen. */
  readonly hits?: number;
  /** Checks on the waits between attempts. */
  readonly waits?: (waits: readonly number[]) => string | null;
}

export interface FaultOutcome {
  readonly result: DeliveryResult;
  readonly entry: HistoryEntry | undefined;
  readonly hits: number;
  readonly waits: readonly number[];
  readonly ms: number;
}

export interface FaultCase {
  readonly name: string;
  readonly expect: Expected;
  run(lab: FaultLab): Promise<FaultOutcome>;
}

/** Servers and a history shared by the cases (each case scripts the receiver afresh). */
export class FaultLab {
  private readonly historyDir = mkdtempSync(join(tmpdir(), 'notify-faults-'));
  readonly history = new HistoryStore(join(this.historyDir, 'history.jsonl'));

  private constructor(readonly receiver: HttpReceiver) {}

  static async start(): Promise<FaultLab> {
    return new FaultLab(await HttpReceiver.start());
  }

  async close(): Promise<void> {
    await this.receiver.close();
    rmSync(this.historyDir, { recursive: true, force: true });
  }

  /** Renders `source` (one channel) and dispatches it the way the CLI does, with private addresses allowed. */
  async send(source: string, notifier: string, hits: () => number, smtp?: { port: number }): Promise<FaultOutcome> {
    const [delivery] = deliveriesOf(source);
    const { sleep, waits } = recordingSleep();
    const started = performance.now();
    const result = await dispatch(delivery!, {
      secrets: envSecretSource({}),
      env: {},
      allowPrivate: true,
      allowEnv: false,
      version: '0.0.0-faults',
      history: this.history,
      sleep,
      smtp: smtp ? { host: '127.0.0.1', port: smtp.port, from: 'notify@example.com' } : null,
    });
    const entries = await this.history.entries(notifier);
    return { result, entry: entries[entries.length - 1], hits: hits(), waits, ms: performance.now() - started };
  }
}

function webhook(name: string, url: string, transport: string): string {
  return `notifier "${name}" {\n    on package.added;\n    webhook {\n        url = "${url}";\n        ${transport}\n    }\n}\n`;
}

function email(name: string, transport: string): string {
  return `notifier "${name}" {\n    on package.added;\n    email {\n        to = "dev@example.com";\n        subject = "fault";\n        body = "b";\n        ${transport}\n    }\n}\n`;
}

/** An HTTP case: the receiver answers the scripted replies in order. */
function http(name: string, replies: ReplyScript[], transport: string, expect: Expected): FaultCase {
  return {
    name,
    expect,
    async run(lab) {
      lab.receiver.reset();
      lab.receiver.reply(...replies);
      return lab.send(webhook(name, lab.receiver.url('/hook'), transport), name, () => lab.receiver.requests.length);
    },
  };
}

function smtp(name: string, fault: SmtpFault, transport: string, expect: Expected): FaultCase {
  return {
    name,
    expect,
    async run(lab) {
      const server = await FaultySmtpServer.start(fault);
      try {
        return await lab.send(email(name, transport), name, () => server.connections, server);
      } finally {
        await server.close();
      }
    },
  };
}

const atLeast = (ms: number) => (waits: readonly number[]) => (waits.length && waits[0]! >= ms ? null : `expected a first wait ≥ ${ms} ms, got [${waits.join(', ')}]`);
const exactly = (ms: number) => (waits: readonly number[]) => (waits.length === 1 && waits[0] === ms ? null : `expected one wait of ${ms} ms, got [${waits.join(', ')}]`);

export const FAULT_CASES: readonly FaultCase[] = [
  http('drop every time', [{ closeSocket: true }, { closeSocket: true }, { closeSocket: true }], 'retries = 2; backoff = @(10ms);', {
    ok: false,
    attempts: 3,
    status: null,
    error: /connection (closed|reset)|socket|other side closed/i,
    hits: 3,
  }),
  http('drop, then 200', [{ closeSocket: true }, { status: 200, body: 'ok' }], 'retries = 2; backoff = @(10ms);', { ok: true, attempts: 2, status: 200, hits: 2 }),
  http('stalled headers', [{ stallHeaders: true }, { stallHeaders: true }], 'retries = 1; backoff = @(10ms); timeout = 300ms;', {
    ok: false,
    attempts: 2,
    status: null,
    error: /timed out after 300ms/,
    hits: 2,
  }),
  // A 200 had been sent: the receiver has the message, and a retry would deliver it twice.
  http('stalled body of a 200', [{ status: 200, body: 'par', stallBody: true }, { status: 200, body: 'par', stallBody: true }], 'retries = 1; backoff = @(10ms); timeout = 300ms;', {
    ok: true,
    attempts: 1,
    status: 200,
    hits: 1,
  }),
  http('stalled body of a 500', [{ status: 500, body: 'par', stallBody: true }, { status: 500, body: 'par', stallBody: true }], 'retries = 1; backoff = @(10ms); timeout = 300ms;', {
    ok: false,
    attempts: 2,
    status: null,
    error: /timed out after 300ms/,
    hits: 2,
  }),
  http('500, then 200', [{ status: 500, body: 'boom' }, { status: 200, body: 'ok' }], 'retries = 3; backoff = @(10ms);', {
    ok: true,
    attempts: 2,
    status: 200,
    hits: 2,
    waits: (w) => (w.length === 1 && w[0]! >= 8 && w[0]! <= 12 ? null : `expected one wait of 10 ms ± 20 %, got [${w.join(', ')}]`),
  }),
  http('500 until retries run out', [{ status: 500 }, { status: 502 }, { status: 503 }], 'retries = 2; backoff = @(10ms);', {
    ok: false,
    attempts: 3,
    status: 503,
    error: /answered 503/,
    hits: 3,
  }),
  http('429 with Retry-After, then 200', [{ status: 429, headers: { 'Retry-After': '7' } }, { status: 200 }], 'retries = 1; backoff = @(10ms);', {
    ok: true,
    attempts: 2,
    status: 200,
    hits: 2,
    waits: exactly(7000),
  }),
  http('429 with an HTTP-date Retry-After, then 200', [() => ({ status: 429, headers: { 'Retry-After': new Date(Date.now() + 60_000).toUTCString() } }), { status: 200 }], 'retries = 1; backoff = @(10ms);', {
    ok: true,
    attempts: 2,
    status: 200,
    // A minute from when the receiver answered, to the second: the date has no milliseconds.
    waits: atLeast(55_000),
  }),
  http('503 with Retry-After of an hour is capped at 5 minutes', [{ status: 503, headers: { 'Retry-After': '3600' } }, { status: 200 }], 'retries = 1; backoff = @(10ms);', {
    ok: true,
    attempts: 2,
    waits: exactly(300_000),
  }),
  http('302 redirect is a failure and not followed', [{ redirectTo: 'http://127.0.0.1:9/elsewhere' }], 'retries = 3; backoff = @(10ms);', {
    ok: false,
    attempts: 1,
    status: 302,
    error: /redirect/i,
    hits: 1,
  }),
  http('400 is not retried', [{ status: 400, body: 'bad' }], 'retries = 3; backoff = @(10ms);', { ok: false, attempts: 1, status: 400, hits: 1 }),
  {
    name: 'untrusted TLS certificate',
    expect: { ok: false, attempts: 1, status: null, error: /TLS|certificate/i, hits: 0 },
    async run(lab) {
      const tls = await UntrustedTlsReceiver.start();
      try {
        const name = 'untrusted TLS certificate';
        return await lab.send(webhook(name, tls.url(), 'retries = 3; backoff = @(10ms);'), name, () => tls.requests);
      } finally {
        await tls.close();
      }
    },
  },
  {
    name: 'connection refused',
    expect: { ok: false, attempts: 2, status: null, error: /connection refused/ },
    async run(lab) {
      const gone = await refusedPort();
      const name = 'connection refused';
      try {
        return await lab.send(webhook(name, `http://127.0.0.1:${gone.port}/hook`, 'retries = 1; backoff = @(10ms);'), name, () => 0);
      } finally {
        await gone.release();
      }
    },
  },
  smtp('SMTP rejects the recipient', 'reject-recipient', 'retries = 2; backoff = @(10ms);', { ok: false, attempts: 1, status: 550, error: /rejected/, hits: 1 }),
  smtp('SMTP rejects the message', 'reject-message', 'retries = 2; backoff = @(10ms);', { ok: false, attempts: 1, status: 554, error: /554 5\.7\.1 message refused/, hits: 1 }),
  smtp('SMTP disconnects mid-DATA', 'disconnect-mid-data', 'retries = 1; backoff = @(10ms);', { ok: false, attempts: 2, status: null, error: /closed unexpectedly/, hits: 2 }),
  smtp('SMTP never greets', 'stall-greeting', 'retries = 1; backoff = @(10ms); timeout = 400ms;', { ok: false, attempts: 2, status: null, error: /did not answer in time/, hits: 2 }),
  smtp('SMTP confirms the message, then drops the connection', 'accept-then-drop', 'retries = 2; backoff = @(10ms);', { ok: true, attempts: 1, status: 250, hits: 1 }),
  smtp('SMTP never confirms the message', 'stall-after-data', 'retries = 1; backoff = @(10ms); timeout = 400ms;', { ok: false, attempts: 2, status: null, error: /did not answer in time/, hits: 2 }),
  {
    name: 'SMTP 451 (try later), then accepted',
    expect: { ok: true, attempts: 2, status: 250 },
    async run(lab) {
      const server = await TestSmtpServer.start({ failMessagesTransiently: 1 });
      try {
        const name = 'SMTP 451 (try later), then accepted';
        return await lab.send(email(name, 'retries = 2; backoff = @(10ms);'), name, () => server.messages.length, server);
      } finally {
        await server.close();
      }
    },
  },
];

/** What is wrong with an outcome (empty when the fault was survived as expected). */
export function judge(c: FaultCase, o: FaultOutcome): string[] {
  const e = c.expect;
  const r = o.result;
  const problems: string[] = [];
  if (r.ok !== e.ok) problems.push(`ok ${r.ok}, expected ${e.ok} (error: ${r.error})`);
  if (r.attempts !== e.attempts) problems.push(`${r.attempts} attempts, expected ${e.attempts} (error: ${r.error})`);
  if (e.status !== undefined && r.status !== e.status) problems.push(`status ${r.status}, expected ${e.status}`);
  if (e.error && !e.error.test(r.error ?? '')) problems.push(`error ${JSON.stringify(r.error)} does not match ${e.error}`);
  if (e.ok && r.error !== null) problems.push(`delivered but with error ${r.error}`);
  if (!e.ok && !r.error) problems.push('failed without an error message');
  if (e.hits !== undefined && o.hits !== e.hits) problems.push(`receiver saw ${o.hits}, expected ${e.hits}`);
  if (e.waits) {
    const w = e.waits(o.waits);
    if (w) problems.push(w);
  }
  if (o.waits.length !== Math.max(0, r.attempts - 1)) problems.push(`${o.waits.length} waits for ${r.attempts} attempts`);
  // The history must say what happened: the same fields as the result.
  const entry = o.entry;
  if (!entry) problems.push('no history entry');
  else {
    for (const key of ['channel', 'target', 'ok', 'status', 'attempts', 'error'] as const) {
      if (entry[key] !== r[key]) problems.push(`history ${key} ${JSON.stringify(entry[key])} ≠ result ${JSON.stringify(r[key])}`);
    }
  }
  return problems;
}
