import { formatRequest, requestJson, startReceiver, type ReceivedRequest } from '../receiver/receiver';
import { parseCommandArgs, stringOption, UsageError } from './args';
import { EXIT, type CliIO, type ExitCode } from './io';

function integer(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return Number(text);
}

function failedCheck(r: ReceivedRequest): boolean {
  const { hmac, standardWebhooks } = r.verification;
  return (hmac !== null && hmac !== 'valid') || (standardWebhooks !== null && standardWebhooks !== 'valid');
}

/** `notify receive` (spec section 10.2). Resolves when stopped by a signal or after `--count` requests. */
export async function runReceive(argv: readonly string[], io: CliIO, stop: AbortSignal = signalOnTermination()): Promise<ExitCode> {
  const args = parseCommandArgs(argv, {
    port: { type: 'string' },
    secret: { type: 'string' },
    'signature-header': { type: 'string' },
    'standard-webhooks-secret': { type: 'string' },
    respond: { type: 'string' },
    count: { type: 'string' },
    format: { type: 'string' },
  });
  if (args.positionals.length) throw new UsageError(`receive takes no positional arguments, got "${args.positionals[0]}"`);
  const format = stringOption(args, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be "text" or "json", not "${format}"`);
  const port = integer('port', stringOption(args, 'port') ?? '8787', 0, 65535);
  const respondText = stringOption(args, 'respond');
  const respond = respondText === undefined ? [200] : respondText.split(',').map((s) => integer('respond', s.trim(), 100, 599));
  const countText = stringOption(args, 'count');
  const count = countText === undefined ? undefined : integer('count', countText, 1, Number.MAX_SAFE_INTEGER);
  const secret = stringOption(args, 'secret') ?? (io.env.NOTIFY_RECEIVE_SECRET || undefined);
  const standardWebhooksSecret = stringOption(args, 'standard-webhooks-secret') ?? (io.env.NOTIFY_RECEIVE_STANDARD_WEBHOOKS_SECRET || undefined);

  let failed = false;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  let receiver;
  try {
    receiver = await startReceiver({
      port,
      secret,
      signatureHeader: stringOption(args, 'signature-header'),
      standardWebhooksSecret,
      respond,
      onRequest: (r) => {
        if (failedCheck(r)) failed = true;
        io.out(format === 'json' ? requestJson(r) + '\n' : formatRequest(r));
        if (count !== undefined && r.index >= count) done();
      },
    });
  } catch (e) {
    io.err(`notify receive: cannot listen on 127.0.0.1:${port}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return EXIT.usage;
  }
  io.err(`notify receive: listening on ${receiver.url}\n`);
  if (stop.aborted) done();
  else stop.addEventListener('abort', () => done(), { once: true });
  await finished;
  await receiver.close();
  return count !== undefined && failed ? EXIT.failed : EXIT.ok;
}

function signalOnTermination(): AbortSignal {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  return controller.signal;
}
