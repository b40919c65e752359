/**
 * The Node flags the extension starts the language server with, here (not in
 * ./languageClient.ts, which imports vscode) so that bench/server.ts measures
 * the server as the extension runs it.
 *
 * A larger young generation: parsing allocates many short-lived nodes, and
 * with it garbage collection stops being the largest cost of a re-check.
 *
 * `--max-opt=2`: no TurboFan (server/launcher.ts sets it itself when an
 * editor does not; given here so VS Code's server gets it the documented way,
 * on the command line). `--single-threaded-gc`: the parallel scavenger's
 * helper threads cost more CPU in coordination than they took off this
 * thread's short pauses (first check of a 2,000-line file 55 → 49 ms CPU,
 * median of 11 fresh servers each, interleaved). GC flags can only be given
 * at start: set later with v8.setFlagsFromString, V8 aborts mid-collection.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=64', '--max-opt=2', '--single-threaded-gc'];
