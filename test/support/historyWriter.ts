// A child process for the history concurrency tests: appends `count` records through its own
// HistoryStore, each under a notifier of its own (`<prefix>-<n>`), so none is trimmed by the
// 50-per-notifier rule and every one must be found afterwards.
// argv: PATH PREFIX COUNT [JSON options]
import { HistoryStore } from '../../client/dispatch/history';

const [path, prefix, countText, optionsText] = process.argv.slice(2);
const store = new HistoryStore(path!, { ...(optionsText ? JSON.parse(optionsText) : {}), onWarning: (m) => process.stderr.write(`warning: ${m}\n`) });
for (let n = 1; n <= Number(countText); n++) {
  try {
    await store.append({ notifier: `${prefix}-${n}`, channel: 'webhook', target: 'https://example.test/', ok: true, status: 200, attempts: 1, durationMs: n, error: null });
  } catch (e) {
    // not recorded, and said so: not counted
    process.stderr.write(`not recorded: ${(e as Error).message}\n`);
    continue;
  }
  // recorded: the parent counts these (and may kill this process at any moment)
  process.stdout.write(`${prefix}-${n}\n`);
}
