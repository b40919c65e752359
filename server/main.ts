// The Notify language server. `createConnection` picks the transport from
// argv: `--stdio`, `--node-ipc` or `--socket=N`.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { describe } from './safe';

const connection = createConnection(ProposedFeatures.all);

// Last line of defence: a bug that escapes a guarded handler (e.g. in a timer)
// is logged; the server keeps serving.
process.on('uncaughtException', (err) => connection.console.error(`uncaught: ${describe(err)}`));
process.on('unhandledRejection', (err) => connection.console.error(`unhandled rejection: ${describe(err)}`));

startServer(connection);
