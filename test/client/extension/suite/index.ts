// Loaded by VS Code's extension host (@vscode/test-electron): runs the mocha
// suites against the real extension. Bundled by ../runTests.ts.
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: true });
  // The suites are bundled into this file: give them mocha's globals, then load them.
  mocha.suite.emit('pre-require', globalThis, 'notify-extension-suite', mocha);
  await import('./extension.suite');
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension test(s) failed`)) : resolve()));
  });
}
