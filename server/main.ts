// The Notify language server. `createConnection` picks the transport from
// argv: `--stdio`, `--node-ipc` or `--socket=N`.
import { createConnection, ProposedFeatures } from './protocol';
import { startServer } from './server';
import { describe } from './safe';
import { answeringReader, ownStdio, ownTransport } from './transport';

// Run as `notify-language-server` from another editor: say how, rather than
// failing inside createConnection with "Connection input stream is not set".
const TRANSPORT = /^--(stdio|node-ipc|socket(=|$)|pipe(=|$)|clientProcessId)/;
if (process.argv.slice(2).some((a) => a === '--help' || a === '-h') || !process.argv.slice(2).some((a) => TRANSPORT.test(a))) {
  const help = process.argv.includes('--help') || process.argv.includes('-h');
  (help ? process.stdout : process.stderr).write(
    'Usage: notify-language-server --stdio\n\nThe Notify language server speaks LSP over stdin/stdout (also --node-ipc, --socket=PORT).\nEditor setups: docs/other-editors.md\n',
  );
  process.exit(help ? 0 : 2);
}

// stdio and IPC: the transport made here, so that a message that is not one gets JSON-RPC's answer (./transport.ts)
const own = ownTransport(process.argv.slice(2));
const connection = own ? createConnection(ProposedFeatures.all, answeringReader(own.reader, own.writer), own.writer) : createConnection(ProposedFeatures.all);

// Last line of defence: a bug that escapes a guarded handler (e.g. in a timer)
// is logged; the server keeps serving.
process.on('uncaughtException', (err) => connection.console.error(`uncaught: ${describe(err)}`));
process.on('unhandledRejection', (err) => connection.console.error(`unhandled rejection: ${describe(err)}`));

const server = startServer(connection);
if (own?.stdio) ownStdio(connection, server.shutDown);
