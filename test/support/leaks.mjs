// Preloaded into every test file's process by test/run.mjs (`--import`).
// A file whose tests have all ended but whose process stays alive is holding
// a handle open: a server not closed, a child process not killed, an interval
// not cleared, a socket a dead connection re-arms. Rather than let it hang
// until the runner's watchdog, name what is still open and fail the file.
import { after } from 'node:test';

const graceMs = Number(process.env.NOTIFY_TEST_LEAK_GRACE_MS ?? 20_000);

/** The marker test/run.mjs looks for to say why a file failed. */
export const LEAK_MARKER = 'still running after its last test ended';

after(() => {
  // Unreferenced: it fires only if something else keeps the process alive past the grace period
  // (the file's own after() hooks, registered later, run in between).
  setTimeout(() => {
    const counts = new Map();
    for (const r of process.getActiveResourcesInfo()) counts.set(r, (counts.get(r) ?? 0) + 1);
    const open = [...counts].map(([r, n]) => (n > 1 ? `${r} ×${n}` : r)).join(', ');
    process.stderr.write(
      `\n✖ ${process.argv[1] ?? 'this test file'}: ${LEAK_MARKER} (${graceMs / 1000}s); ` +
        `open: ${open || '(none reported)'} (two PipeWraps are the file's own stdout/stderr) — close servers, kill child processes, clear timers\n`,
    );
    process.exit(1);
  }, graceMs).unref();
});
