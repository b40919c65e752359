import { runCheck } from './check';
import { runConvert } from './convert';
import { runEvents } from './events';
import { withFailures } from './failures';
import { runFmt } from './fmt';
import { EXIT, processIO, visible, type CliIO, type ExitCode } from './io';
import { runRender } from './render';
import { VERSION } from './version';

const USAGE = `notify ${VERSION} — check, render and send .notify notifier files

Usage:
  notify check PATH… [--fix] [--format text|json|sarif|github] [--allow-env NAME]…
  notify render FILE [--notifier N] [--sample S | [--event E] [--event-file F.json | --fixture empty|many|long|special]] [--reveal-secrets] [--allow-env NAME]…
  notify send FILE [--notifier N] [--sample S | [--event E] [--event-file F.json | --fixture empty|many|long|special]] [--allow-private] [--fail-if-none] [--format jsonl|json] [--allow-env NAME]…
  notify fmt FILE… [--check]
  notify convert PATH… [--write] [--only ID]…
  notify events [--import FILE] [--format text|json]
  notify test PATH… [--update] [--junit FILE] [--allow-env NAME]…
  notify receive [--port N] [--secret S] [--signature-header H] [--standard-webhooks-secret S] [--respond 500,500,200] [--count N] [--format text|json]

Exit codes: 0 success, 1 errors (or failed deliveries, or files to format), 2 usage or unreadable input.
Secrets: $Secret("name") reads NOTIFY_SECRET_NAME from the environment.
$Env("NAME") reads only NOTIFY_ENV_* variables and those named with --allow-env.
SMTP: SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_FROM, SMTP_SECURE.
`;

type Command = (argv: readonly string[], io: CliIO) => ExitCode | Promise<ExitCode>;

const COMMANDS: Record<string, Command> = {
  check: runCheck,
  render: runRender,
  // Loaded when run, from bundles of their own (lazy/): the dispatcher (undici, nodemailer), the receiver and the
  // services' payload rules are most of the CLI's code, and compiling them is start-up that `check` does not need.
  send: async (argv, io) => (await import('./lazy/send')).run(argv, io),
  fmt: runFmt,
  convert: runConvert,
  events: runEvents,
  receive: async (argv, io) => (await import('./lazy/receive')).run(argv, io),
  test: async (argv, io) => (await import('./lazy/test')).run(argv, io),
};

export async function main(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(VERSION + '\n');
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`notify: unknown command "${name}"\n\n${USAGE}`);
    return EXIT.usage;
  }
  // Before `--` only: after it every argument is a path, and `./-h` is a file like any other.
  const flags = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (flags.includes('--help') || flags.includes('-h')) {
    io.out(USAGE);
    return EXIT.ok;
  }
  return withFailures(name, io, () => command(rest, io));
}

/** The `notify` command itself: the process's arguments in, its exit code out. */
export function runFromCommandLine(): void {
  main(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(visible(`notify: internal error: ${(e as Error).stack ?? String(e)}\n`));
      process.exitCode = EXIT.failed;
    },
  );
}

// dist/cli.js (./launcher.ts) runs this bundle and calls runFromCommandLine; run on its own, it runs itself.
if (require.main === module) runFromCommandLine();
