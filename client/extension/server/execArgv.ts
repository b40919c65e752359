/**
 * The Node flags the extension starts the language server with, here (not in
 * ./languageClient.ts, which imports vscode) so that bench/server.ts measures
 * the server as the extension runs it.
 *
 * A larger young generation: parsing allocates many short-lived nodes, and
 * with it garbage collection stops being the largest cost of a re-check.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=64'];
