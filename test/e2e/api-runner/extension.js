// The test profile's runner: loads the bundled @vscode/test-electron suite
// (NOTIFY_API_SUITE, built by test/client/extension/runTests.ts) and calls its
// run() export, as @vscode/test-electron's host would; the suite writes each
// test's result to NOTIFY_API_RESULTS, which test/e2e/api.e2e.ts reads.
const { writeFileSync } = require('node:fs');

exports.activate = async function activate() {
  const suite = process.env.NOTIFY_API_SUITE;
  const results = process.env.NOTIFY_API_RESULTS;
  if (!suite || !results) return;
  try {
    await require(suite).run();
  } catch (e) {
    writeFileSync(`${results}.error`, String((e && e.stack) || e));
  }
};

exports.deactivate = function deactivate() {};
