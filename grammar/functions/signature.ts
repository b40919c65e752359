import type { RenderBudget } from '../render/budget';
import type { Sigil } from '../syntax/ast';
import type { Type } from '../types/type';
import type { DateTimeValue, Value } from '../values/value';

/**
 * A built-in function (spec section 5): its signature for the checker,
 * completion, hover and signature help, and its implementation for the
 * evaluator. One table, so the two can never disagree.
 */
export interface FunctionDef {
  /** Declared spelling, e.g. `ToJson`; lookups are case-insensitive. */
  readonly name: string;
  /** The call sigils allowed (`$FromJson`, `@FromJson`, `%FromJson` → all three). */
  readonly sigils: readonly Sigil[];
  readonly params: readonly ParamDef[];
  /** One line for hover and completion. */
  readonly doc: string;
  /** True for functions of this language (†), false for InedoCore's. */
  readonly own: boolean;
  /**
   * The result type, given the call sigil and the checker's argument types
   * (e.g. `ListItem(@l, i)` returns the item type of `@l`).
   * Arguments the checker could not type are `any`.
   */
  returns(sigil: Sigil, argTypes: readonly Type[]): Type;
  /**
   * Extra argument checks beyond `params` (e.g. `$Compare`'s operator, a
   * constant regex that does not compile). Returns problems for NTF112.
   */
  checkArgs?(argTypes: readonly Type[], constArgs: readonly (Value | undefined)[]): readonly ArgProblem[];
  /** The implementation. Throws `EvalError` with a clear message on bad input. */
  call(args: readonly Value[], ctx: CallContext): Value;
  /**
   * Event variables the function reads through `CallContext.variable` (any
   * one suffices): the checker reports a call in a notifier whose events
   * carry none of them (NTF349) or only some (NTF103), as for a variable.
   */
  readonly reads?: readonly string[];
  /** `$Secret` and `$Env`: only allowed where secrets are (url, headers, auth, signing). */
  readonly secretLike?: boolean;
}

export interface ParamDef {
  readonly name: string;
  /** What the argument may be; `'scalar'` = any of $-kind, `'list'` = any list, `'map'` = any map/record. */
  readonly type: Type | 'scalar' | 'list' | 'map' | 'value';
  readonly optional?: boolean;
  /** The last parameter may repeat (`$Coalesce(a, b, …)`). */
  readonly variadic?: boolean;
  readonly doc?: string;
}

export interface ArgProblem {
  /** Index of the offending argument. */
  readonly index: number;
  readonly message: string;
}

/** What a function may know about the render it is part of. Never the wall clock. */
export interface CallContext {
  /** The event's `$Timestamp`, for `$Date`/`$DateUtc`. */
  readonly timestamp: DateTimeValue;
  /** Case-insensitive: is a variable of this name defined for the event being rendered? */
  isVariableDefined(name: string): boolean;
  /**
   * The value of a variable of the event being rendered (case-insensitive,
   * without sigil), for ProGet's functions that read the event's package data
   * (`$PackageHash`, `$PackageProperty`); absent where no event is known.
   */
  variable?(name: string): Value | undefined;
  /** Upper bound on regex work, in milliseconds (ReDoS guard). */
  readonly regexTimeoutMs: number;
  /**
   * The render's total budget (regex steps and time), shared by every call
   * of one render; without it each call has only its own limit.
   */
  readonly budget?: RenderBudget;
  /** Variables `$Env` may read besides `NOTIFY_ENV_*` (grammar/functions/env.ts); none when absent. */
  readonly allowedEnv?: readonly string[];
}

/** A render-time failure with a clear message; the evaluator adds where. */
export class EvalError extends Error {
  override readonly name = 'EvalError';
}
