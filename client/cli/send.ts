import { shapeFields, type RenderedDelivery } from '../../grammar/render/delivery';
import { dispatch } from '../dispatch/dispatcher';
import { smtpSettingsFromEnv } from '../dispatch/email';
import { HistoryStore, legacyHistoryPath } from '../dispatch/history';
import { createHttpAgent, type LookupAll } from '../dispatch/http';
import { formatAttemptLine, publicFields } from '../dispatch/result';
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
        sleep: opts.sleep,
        random: opts.random,
        resolve: opts.resolve,
        onAttempt: (info) => err(formatAttemptLine(info) + '\n'),
        onWarning: (m) => err(`notify: warning: ${m}\n`),
      });
      if (!result.ok) {
        failed = true;
        if (result.attempts === 0 && result.error) {
          err(`notify: [${result.notifier}/${result.channel}] not sent: ${result.error}\n`);
        }
      }
      opts.onResult?.(result.ok);
      out(JSON.stringify({ ...publicFields(result), ...shapeFields(delivery) }) + '\n');
    }
  } finally {
    await agent.close();
  }
  return failed ? 1 : 0;
}

function writer(sink: TextSink): (text: string) => void {
  return typeof sink === 'function' ? (t) => void sink(t) : (t) => void sink.write(t);
}
