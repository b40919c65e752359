import { shapeFields, type RenderedDelivery } from '../../grammar/render/delivery';
import { dispatch } from '../dispatch/dispatcher';
import { smtpSettingsFromEnv } from '../dispatch/email';
import { HistoryStore, legacyHistoryPath } from '../dispatch/history';
import { createHttpAgent, endAgent, type LookupAll } from '../dispatch/http';
import { Pacer, realClock, virtualClock, type PacerClock } from '../dispatch/pacer';
import { formatAttemptLine, publicFields, type AttemptRecord } from '../dispatch/result';
import type { Random, Sleep } from '../dispatch/retry';
import { envSecretSource, type EnvLike } from '../dispatch/secrets';

/** A stream (`process.stdout`) or a function that takes the text. */
export type TextSink = ((text: string) => unknown) | { write(text: string): unknown };

export interface SendOptions {
  readonly allowPrivate: boolean;
  /** Secrets (`NOTIFY_SECRET_*`), `$Env` values and SMTP_* settings come from here. */
  readonly env: EnvLike;
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Usually historyPathForFile(file) (client/dispatch/historyLocation); null to keep no history. */
  readonly historyPath: string | null;
  readonly version: string;
  readonly allowInsecureHttp?: boolean;
  /** Variables `$Env` may read besides NOTIFY_ENV_* (`--allow-env`). */
  readonly allowedEnv?: readonly string[];
  /** For tests: waiting and jitter without real time, and name resolution. */
  readonly sleep?: Sleep;
  readonly random?: Random;
  readonly resolve?: LookupAll;
  /** Told the outcome of each delivery, for the command's summary. */
  readonly onResult?: (ok: boolean) => void;
  /** `jsonl` (default): one line per delivery as it ends; `json`: one document at the end, with every attempt. */
  readonly format?: 'jsonl' | 'json';
  /** The pacer's time; by default real time, or virtual time moved by `sleep` when a test gives one. */
  readonly clock?: PacerClock;
}

/**
 * `notify send`: dispatches each delivery in order, prints one JSON line per
 * delivery on stdout and one progress line per attempt on stderr. Returns the
 * exit code: 0 when everything was delivered, 1 when anything failed.
 */
export async function runSend(deliveries: readonly RenderedDelivery[], opts: SendOptions): Promise<number> {
  const out = writer(opts.stdout);
  const err = writer(opts.stderr);
  const history = opts.historyPath
    ? new HistoryStore(opts.historyPath, { gitignore: true, legacyPath: legacyHistoryPath(opts.historyPath), onWarning: (m) => err(`notify: warning: ${m}\n`) })
    : undefined;
  const agent = createHttpAgent({ allowPrivate: opts.allowPrivate, resolve: opts.resolve });
  // One pacer for the whole send: its messages to one destination share that destination's budget.
  // Retries wait on the same clock, so a retry that already waited is not paced again.
  const clock = opts.clock ?? (opts.sleep ? virtualClock(Date.now(), opts.sleep) : realClock);
  const pacer = new Pacer(clock);
  const json = opts.format === 'json';
  const documented: Record<string, unknown>[] = [];
  let failed = false;
  try {
    for (const delivery of deliveries) {
      const result = await dispatch(delivery, {
        secrets: envSecretSource(opts.env),
        env: opts.env,
        allowPrivate: opts.allowPrivate,
        allowInsecureHttp: opts.allowInsecureHttp,
        // The command line is run deliberately by its user, who owns the environment.
        allowEnv: true,
        allowedEnv: opts.allowedEnv ?? [],
        smtp: smtpSettingsFromEnv(opts.env),
        version: opts.version,
        history,
        agent,
        sleep: clock.sleep,
        random: opts.random,
        resolve: opts.resolve,
        pacer,
        recordAttempts: json,
        onAttempt: (info) => err(formatAttemptLine(info) + '\n'),
        onWarning: (m) => err(`notify: warning: ${m}\n`),
      });
      if (!result.ok) {
        failed = true;
        if (result.attempts === 0 && result.error) {
          err(`notify: [${result.notifier}/${result.channel}] not sent: ${result.error}\n`);
        }
      }
      if (result.note) err(`notify: [${result.notifier}/${result.channel}] note: ${result.note}\n`);
      opts.onResult?.(result.ok);
      // the shape's keys (`scope`, `item`, `group`…) right after `channel`, as in `render` (LANGUAGE.md 10)
      const { notifier, channel, ...rest } = publicFields(result);
      const line = { notifier, channel, ...shapeFields(delivery), ...rest, ...(result.note ? { note: result.note } : {}) };
      if (json) documented.push({ ...line, attempts: result.attemptRecords ?? ([] as AttemptRecord[]) });
      else out(JSON.stringify(line) + '\n');
    }
  } finally {
    await endAgent(agent);
  }
  // A batch is a success only when every message of it went: `ok` is false when any delivery failed.
  if (json) out(JSON.stringify({ ok: !failed, deliveries: documented }, null, 2) + '\n');
  return failed ? 1 : 0;
}

function writer(sink: TextSink): (text: string) => void {
  return typeof sink === 'function' ? (t) => void sink(t) : (t) => void sink.write(t);
}
