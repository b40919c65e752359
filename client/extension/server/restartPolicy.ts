/**
 * When the language server process dies, restart it — but not forever: a
 * server that crashes on start would otherwise spin. Allows `maxRestarts`
 * restarts within `windowMs`; older crashes fall out of the window.
 * Pure (no `vscode`), so the policy is unit-tested.
 */
export class RestartPolicy {
  private crashes: number[] = [];

  constructor(
    readonly maxRestarts = 5,
    readonly windowMs = 3 * 60 * 1000,
  ) {}

  /** Records a crash at `now`; true when the server should be started again. */
  shouldRestart(now: number): boolean {
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    return this.crashes.length <= this.maxRestarts;
  }

  /** A manual restart (command `notify.restartServer`) starts with a clean slate. */
  reset(): void {
    this.crashes = [];
  }

  get recentCrashes(): number {
    return this.crashes.length;
  }
}

export function gaveUpMessage(policy: RestartPolicy): string {
  const minutes = Math.round(policy.windowMs / 60000);
  return (
    `The Notify language server crashed ${policy.recentCrashes} times in ${minutes} minutes and was not restarted. ` +
    `Diagnostics and completion are off until it runs again.`
  );
}
