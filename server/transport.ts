import { format } from 'node:util';
import type { Connection, DataCallback, MessageReader, MessageWriter, ResponseMessage } from 'vscode-languageserver/node';
import { Emitter, ErrorCodes, IPCMessageReader, IPCMessageWriter, Message, StreamMessageReader, StreamMessageWriter } from './protocol';

/**
 * The server's transport, as vscode-languageserver picks it from argv
 * (`--stdio`, `--node-ipc`), made here so that its reader can be wrapped by
 * `answeringReader`; undefined for the others (`--socket`, `--pipe`), which
 * vscode-languageserver makes as it always does.
 */
export function ownTransport(argv: readonly string[]): { reader: MessageReader; writer: MessageWriter; stdio: boolean } | undefined {
  for (const arg of argv) {
    if (arg === '--node-ipc') return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process), stdio: false };
    if (arg === '--stdio') return { reader: new ResumingStreamReader(process.stdin), writer: new StreamMessageWriter(process.stdout), stdio: true };
    if (/^--(socket|pipe)(=|$)/.test(arg)) return undefined;
  }
  return undefined;
}

/**
 * vscode-jsonrpc's stdio reader, except after a header it refuses (no usable
 * Content-Length, LANGUAGE.md 10.5): vscode-jsonrpc skips that header and then
 * stops reading until more input arrives, so a message that came in the same
 * chunk behind it waited — a client waiting for its answer (`shutdown`) would
 * wait forever. Here the rest of what was received is read at once.
 */
class ResumingStreamReader extends StreamMessageReader {
  protected override fireError(error: unknown): void {
    super.fireError(error);
    if (error instanceof Error && /^(Header must provide a Content-Length|Content-Length value must be a number)/.test(error.message)) {
      // onData is vscode-jsonrpc's own reading loop (private in its types); no bytes are added, only what is buffered is read on.
      queueMicrotask(() => (this as unknown as { onData(data: Uint8Array): void }).onData(new Uint8Array(0)));
    }
  }
}

/**
 * What vscode-languageserver does for a stdio it picks itself, and not for
 * streams it is given: console output goes to the client (stdout carries
 * LSP messages only), and the end of stdin ends the process (0 after
 * `shutdown`, 1 before, as `exit` does).
 */
export function ownStdio(connection: Connection, shutDown: () => boolean): void {
  console.log = console.info = (...args: unknown[]) => connection.console.log(format(...args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  console.debug = (...args: unknown[]) => connection.console.debug(format(...args));
  const end = () => process.exit(shutDown() ? 0 : 1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
}

/**
 * JSON-RPC 2.0's answers to what is not a message (section 5.1), which
 * vscode-jsonrpc leaves unanswered: a body that is not JSON only fires its
 * reader's error event (→ -32700 Parse error), and JSON that is neither a
 * request, a notification nor a response is only logged (→ -32600 Invalid
 * Request). Both get `id: null`: no id can be read from what is not a
 * request. The reading stays vscode-jsonrpc's (framing, decoding, order);
 * this only listens to it, and answers through the connection's own writer,
 * whose lock keeps an answer from landing inside another message.
 */
export function answeringReader(reader: MessageReader, writer: MessageWriter): MessageReader {
  const errors = new Emitter<Error>();
  const answer = (code: number, message: string, id: number | string | null = null) => {
    const response: ResponseMessage = { jsonrpc: '2.0', id, error: { code, message } };
    writer.write(response).catch(() => undefined); // a closed output: the writer's own error event says so
  };
  // The reader's decoder throws JSON.parse's SyntaxError for a body that is not JSON; other errors (the stream's) go on as they did.
  reader.onError((error) => {
    if (error instanceof Error && error.name === 'SyntaxError') answer(ErrorCodes.ParseError, `Parse error: the message is not JSON (${error.message})`);
    else errors.fire(error);
  });
  return {
    onError: errors.event,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    listen: (callback: DataCallback) =>
      reader.listen((message) => {
        if (!Message.isRequest(message) && !Message.isNotification(message) && !Message.isResponse(message)) {
          answer(ErrorCodes.InvalidRequest, Array.isArray(message)
            ? 'Invalid Request: a batch (an array) is not served; LSP sends one message at a time'
            : 'Invalid Request: not a request (a string method and an id), a notification (a string method) or a response');
        }
        // vscode-languageserver reads `initialize`'s params.capabilities before any handler of the server runs: without
        // it, its TypeError came back as -32603 (InternalError). Malformed params are InvalidParams (LANGUAGE.md 10.5);
        // the request goes no further, so the server stays uninitialized and takes a proper initialize next.
        if (Message.isRequest(message) && message.method === 'initialize' && !hasCapabilities(message.params)) {
          answer(ErrorCodes.InvalidParams, 'initialize: params.capabilities must be an object (ClientCapabilities; {} declares none)', message.id);
          return;
        }
        // still vscode-jsonrpc's to see: it logs the message, and a response without a result rejects the server's request of that id
        callback(message);
      }),
    dispose: () => {
      errors.dispose();
      reader.dispose();
    },
  };
}

/** `initialize`'s params as vscode-languageserver reads them before the server's handler: an object with a `capabilities` object. */
function hasCapabilities(params: unknown): boolean {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return false;
  const capabilities = (params as { capabilities?: unknown }).capabilities;
  return typeof capabilities === 'object' && capabilities !== null && !Array.isArray(capabilities);
}
