/**
 * The clock a render's time budget runs on, for the CLI and the editor: this
 * process's CPU time, not the wall clock. On a loaded machine (20 `notify
 * send` at once on two cores) a trivial render can wait seconds for a CPU;
 * only the time it actually computes counts against its budget.
 */
export function cpuClockMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
