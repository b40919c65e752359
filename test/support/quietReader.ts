import type { Readable } from 'node:stream';
import { StreamMessageReader } from 'vscode-languageserver-protocol/node';

/**
 * A reader of a language server's stdout for tests and benches. A server killed
 * while writing leaves half a message in the reader, and vscode-jsonrpc's
 * ReadableStreamMessageReader re-arms a 10 s "partial message" timer for it
 * forever, even after the connection is disposed: the process never exits.
 * Nothing here uses that notice, so it is off.
 */
export function quietReader(stdout: Readable): StreamMessageReader {
  const reader = new StreamMessageReader(stdout);
  reader.partialMessageTimeout = 0;
  return reader;
}
