import { EvalError } from '../functions/signature';

/**
 * What one render may spend, across every expression, sample assignment,
 * `when` condition and channel of every notifier it renders: regex steps and
 * wall time. Per-call limits alone let a file multiply them (400 calls, each
 * just under its own limit, took 27 s); this is the total. Exceeding it ends
 * the render with a clear error. The step count is deterministic; the clock
 * is a backstop for work steps do not count (a different regex engine, a
 * huge `$ToJson`), so a render can never hold an editor for long. The host
 * chooses the clock: the CLI and the editor pass CPU time (a loaded machine
 * must not fail a trivial render); the default is the wall clock.
 */
export interface BudgetLimits {
  /** Regex VM steps for the whole render (all `$MatchesRegex`/`$RegexReplace` calls). */
  readonly maxRegexSteps: number;
  /** Regex VM steps for one call. */
  readonly maxRegexStepsPerCall: number;
  /** Wall-clock milliseconds for the whole render. */
  readonly maxRenderMs: number;
}

export const DEFAULT_BUDGET: BudgetLimits = {
  maxRegexSteps: 8_000_000,
  maxRegexStepsPerCall: 2_000_000,
  maxRenderMs: 10_000,
};

const NO_LIMITS: Partial<BudgetLimits> = {};

/** The render ran out of its budget (steps or time); not retried, not caught by `$Coalesce`-like recovery. */
export class BudgetExceeded extends EvalError {}

export class RenderBudget {
  readonly limits: BudgetLimits;
  private regexStepsLeft: number;
  private readonly deadline: number;
  private checks = 0;

  constructor(
    limits: Partial<BudgetLimits> = NO_LIMITS,
    private readonly now: () => number = () => performance.now(),
    /** What this render may read with `$Env` (rides along with the budget: both are per render). */
    readonly allowedEnv: readonly string[] = [],
  ) {
    this.limits = limits === NO_LIMITS ? DEFAULT_BUDGET : { ...DEFAULT_BUDGET, ...limits };
    this.regexStepsLeft = this.limits.maxRegexSteps;
    this.deadline = now() + this.limits.maxRenderMs;
  }

  /**
   * Runs one regex call with the steps it may use (its own limit, or what is
   * left of the render's) and charges what it used. `run` gets a budget
   * object the regex VM decrements; if it runs out because the render's
   * total is spent, the error says so.
   */
  regex<R>(run: (budget: { remaining: number }) => R, isStepError: (e: unknown) => boolean): R {
    this.checkTime();
    const allowance = Math.min(this.limits.maxRegexStepsPerCall, this.regexStepsLeft);
    const budget = { remaining: allowance };
    try {
      return run(budget);
    } catch (e) {
      if (isStepError(e) && allowance < this.limits.maxRegexStepsPerCall) throw this.regexSpent();
      throw e;
    } finally {
      this.regexStepsLeft -= allowance - Math.max(budget.remaining, 0);
    }
  }

  /** Throws once the render's time is up; cheap enough to call at every function call and loop turn. */
  checkTime(): void {
    // The clock is read at the first check and then every 16th: loops turn millions of times, and
    // a small render makes about ten checks, where reading a CPU clock ten times would cost as much
    // as the render. What runs between two reads is at most 16 function calls or loop turns, each
    // bounded by the output limit and the regex step budget.
    if ((this.checks++ & 15) !== 0) return;
    if (this.now() > this.deadline) {
      throw new BudgetExceeded(
        `rendering took longer than ${this.limits.maxRenderMs / 1000}s (the limit for one render); simplify the templates, loops or regular expressions`,
      );
    }
  }

  private regexSpent(): BudgetExceeded {
    return new BudgetExceeded(
      `regular expressions used up this render's budget of ${this.limits.maxRegexSteps.toLocaleString('en')} steps (all calls together); use fewer or simpler patterns, or match shorter texts`,
    );
  }
}
