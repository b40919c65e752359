import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { historyPathForFile } from '../dispatch/historyLocation';
import { stringOption, UsageError } from './args';
import { EXIT, oneLineEach, type CliIO, type ExitCode } from './io';
import { renderFile } from './render';
import { parseSelection } from './selection';
import { runSend } from './send';
import { VERSION } from './version';

/**
 * Where `notify send` keeps its dispatch history: the rule the editor uses too
 * (historyLocation), from the file's place, not the current folder;
 * `NOTIFY_HISTORY` names another file.
 */
export function cliHistoryPath(io: CliIO, file: string): string {
  return io.env.NOTIFY_HISTORY ? resolve(io.cwd, io.env.NOTIFY_HISTORY) : historyPathForFile(resolve(io.cwd, file));
}

/** `notify send FILE [selection] [--allow-private] [--fail-if-none]`: renders like `render`, then delivers. */
export async function runSendCommand(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const { file, selection, args, env } = parseSelection(argv, { 'allow-private': { type: 'boolean' }, 'fail-if-none': { type: 'boolean' }, format: { type: 'string' } });
  const format = stringOption(args, 'format') ?? 'jsonl';
  // Every stderr line of a send is one record, whatever a name or a reply holds (LANGUAGE.md 10).
  io = { ...io, err: oneLineEach(io.err) };
  if (format !== 'jsonl' && format !== 'json') throw new UsageError(`--format must be "jsonl" or "json", not "${format}"`);
  // Each send is a new event (X-Notify-Event-Id, $EventId): receivers drop repeated ids.
  const rendered = renderFile(file, selection, io, env, { eventId: randomUUID() });
  // A notifier whose `when` does not hold for the chosen values would not
  // fire for this event, so it is not sent (render and the preview still show it).
  const off = new Set(rendered.skipped.filter((s) => s.rendered).map((s) => s.notifier));
  for (const s of rendered.skipped) if (s.rendered) io.err(`notify: "${s.notifier}" not sent: ${s.reason}\n`);
  const deliveries = rendered.deliveries.filter((d) => !off.has(d.notifier));
  let sent = 0;
  let failed = 0;
  const code = await runSend(deliveries, {
    onResult: (ok) => (ok ? sent++ : failed++),
    allowPrivate: args.values['allow-private'] === true,
    env: io.env,
    stdout: io.out,
    stderr: io.err,
      historyPath: cliHistoryPath(io, file),
      allowedEnv: env.allowedEnv,
    version: VERSION,
    format,
  });
  // The summary says plainly how much went out, also when nothing did (every `when` false).
  const notSent = rendered.deliveries.length - deliveries.length;
  io.err(`notify: ${sent} sent, ${failed} failed${notSent ? `, ${notSent} not sent (when false)` : ''}\n`);
  if (code !== 0) return EXIT.failed;
  return sent === 0 && args.values['fail-if-none'] === true ? EXIT.failed : EXIT.ok;
}
