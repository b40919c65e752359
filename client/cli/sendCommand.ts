import { resolve } from 'node:path';
import { EXIT, type CliIO, type ExitCode } from './io';
import { renderFile } from './render';
import { parseSelection } from './selection';
import { runSend } from './send';
import { VERSION } from './version';

/** Where `notify send` keeps its dispatch history: `.notify/history.jsonl` in the current folder. */
export function cliHistoryPath(io: CliIO): string {
  return resolve(io.cwd, io.env.NOTIFY_HISTORY ?? '.notify/history.jsonl');
}

/** `notify send FILE [selection] [--allow-private]`: renders like `render`, then delivers. */
export async function runSendCommand(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const { file, selection, args, env } = parseSelection(argv, { 'allow-private': { type: 'boolean' } });
  const rendered = renderFile(file, selection, io, env);
  // A notifier whose `when` does not hold for the chosen values would not
  // fire for this event, so it is not sent (render and the preview still show it).
  const off = new Set(rendered.skipped.filter((s) => s.rendered).map((s) => s.notifier));
  for (const s of rendered.skipped) if (s.rendered) io.err(`notify: "${s.notifier}" not sent: ${s.reason}\n`);
  const deliveries = rendered.deliveries.filter((d) => !off.has(d.notifier));
  const code = await runSend(deliveries, {
    allowPrivate: args.values['allow-private'] === true,
    env: io.env,
    stdout: io.out,
    stderr: io.err,
    historyPath: cliHistoryPath(io),
    allowedEnv: env.allowedEnv,
    version: VERSION,
  });
  return code === 0 ? EXIT.ok : EXIT.failed;
}
