// Loaded by VS Code's extension host (@vscode/test-electron): runs the mocha
// suites against the real extension. Bundled by ../runTests.ts.
// Also loaded by the runner extension of test/e2e/api.e2e.ts inside
// code-server: with NOTIFY_API_RESULTS set, each test's outcome is written
// there as JSON for the e2e harness to read.
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

export interface ApiTestResults {
  readonly tests: { title: string; state: 'passed' | 'failed'; error?: string }[];
  readonly failures: number;
  readonly done: boolean;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: true });
  // The suites are bundled into this file: give them mocha's globals, then load them.
  mocha.suite.emit('pre-require', globalThis, 'notify-extension-suite', mocha);
  await import('./extension.suite');
  const resultsFile = process.env.NOTIFY_API_RESULTS;
  const tests: ApiTestResults['tests'] = [];
  const write = (failures: number, done: boolean) => {
    if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ tests, failures, done } satisfies ApiTestResults, null, 2));
  };
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      write(failures, true);
      if (failures > 0) reject(new Error(`${failures} extension test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed' }));
    runner.on('fail', (t, err: Error) => tests.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) }));
  });
}
