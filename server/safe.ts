import { ResponseError } from './protocol';

/**
 * Every request and notification handler goes through `guard`: an exception
 * (or a rejected promise) becomes a logged error and the empty result for
 * that request, so one broken feature can never take the server down or
 * leave the editor waiting.
 */
export type Logger = (message: string) => void;

export function guard<A extends unknown[], R>(
  log: Logger,
  name: string,
  fallback: R,
  handler: (...args: A) => R | Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (err) {
      // A ResponseError is a deliberate answer (e.g. "cannot rename this"): the client shows it.
      if (err instanceof ResponseError) throw err;
      log(`${name} failed: ${describe(err)}`);
      return fallback;
    }
  };
}

/** The same for notifications, which have no result. */
export function guardVoid<A extends unknown[]>(log: Logger, name: string, handler: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      handler(...args);
    } catch (err) {
      log(`${name} failed: ${describe(err)}`);
    }
  };
}

/** A request or notification the server refuses because the client sent it wrong: logged as its message (no stack; it is not a bug here). */
export class Refusal extends Error {}

export function describe(err: unknown): string {
  if (err instanceof Refusal) return err.message;
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}
