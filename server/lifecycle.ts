import { ErrorCodes, ResponseError } from './protocol';

/**
 * Where the server is in LSP's lifecycle, and what it answers outside of
 * it (LSP 3.17, "Server lifecycle"): before `initialize`, a request is
 * refused with ServerNotInitialized (-32002) and a notification is dropped;
 * `initialize` is accepted once; after `shutdown`, a request is refused with
 * InvalidRequest (-32600) and a notification is dropped. `exit` is
 * vscode-languageserver's, in every phase (code 0 after `shutdown`, 1 before).
 *
 * vscode-languageserver itself serves any handler in any phase: every
 * handler of the server goes through `request` or `notification` here.
 */
export class Lifecycle {
  private phase: 'starting' | 'running' | 'shutDown' = 'starting';

  /** The `initialize` request: the first one; a second is refused. */
  initialize(): void {
    if (this.phase !== 'starting') throw new ResponseError(ErrorCodes.InvalidRequest, 'initialize: the server is already initialized (initialize is sent once)');
    this.phase = 'running';
  }

  /** The `shutdown` request: from then on only `exit` is served. */
  shutdown(): void {
    this.allowRequest('shutdown');
    this.phase = 'shutDown';
  }

  /** Throws the protocol's error for a request the server may not serve now. */
  allowRequest(method: string): void {
    if (this.phase === 'starting') throw new ResponseError(ErrorCodes.ServerNotInitialized, `${method}: the server is not initialized (send initialize first)`);
    if (this.phase === 'shutDown') throw new ResponseError(ErrorCodes.InvalidRequest, `${method}: the server is shut down (only exit is accepted)`);
  }

  /** Whether `shutdown` was received (the end of input then exits with 0, not 1). */
  get shutDown(): boolean {
    return this.phase === 'shutDown';
  }

  /** Whether a notification is served now (otherwise it is dropped). */
  acceptsNotifications(): boolean {
    return this.phase === 'running';
  }
}
