/**
 * The preview renders on a worker thread (the built dist/previewWorker.js):
 * a file that spends its whole render budget must not hold the extension
 * host's event loop, and a worker that does not answer is replaced.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PreviewRenderer } from '../../../client/extension/preview/previewRenderer';

const WORKER = join(import.meta.dirname, '..', '..', '..', 'dist', 'previewWorker.js');

function heavyFile(calls: number): string {
  const list = Array.from({ length: calls }, () => '$MatchesRegex($FeedName, "(a|a)*b")').join(', ');
  return `notifier "n" {\n    on package.added;\n    webhook { url = "https://example.com/h"; body = $ToJson(@(${list})); }\n}\nsample "s" for package.added { $FeedName = $PadLeft("", 20000, "a"); }\n`;
}

test('a render that spends its whole budget runs off the event loop, and ends with the budget error', { skip: !existsSync(WORKER) && 'run npm run build first' }, async () => {
  const renderer = new PreviewRenderer(WORKER);
  try {
    let ticks = 0;
    let worstGap = 0;
    let last = performance.now();
    const interval = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
      ticks++;
    }, 5);
    const started = performance.now();
    const result = await renderer.render({ text: heavyFile(400), filePath: undefined, fallbackDir: import.meta.dirname, openTexts: {}, selection: {}, allowedEnv: [] });
    const took = performance.now() - started;
    clearInterval(interval);
    assert.match(result.problems.map((p) => p.message).join('\n'), /used up this render's budget/);
    assert.ok(took > 100, `the render did real work (${took.toFixed(0)} ms)`);
    // In-thread, the loop would have been blocked for the whole render.
    assert.ok(worstGap < Math.max(250, took / 2), `event loop blocked for ${worstGap.toFixed(0)} ms of a ${took.toFixed(0)} ms render`);
    assert.ok(ticks > 3);
  } finally {
    renderer.dispose();
  }
});

test('newest request wins, and a worker that does not answer in time is replaced', { skip: !existsSync(WORKER) && 'run npm run build first' }, async () => {
  const renderer = new PreviewRenderer(WORKER, 50);
  try {
    const stuck = await renderer.render({ text: heavyFile(400), filePath: undefined, fallbackDir: import.meta.dirname, openTexts: {}, selection: {}, allowedEnv: [] });
    assert.match(stuck.problems.map((p) => p.message).join('\n'), /took longer than 0.05s and was stopped/);
  } finally {
    renderer.dispose();
  }
  const fresh = new PreviewRenderer(WORKER);
  try {
    const simple = `notifier "ok" {\n    on package.added;\n    webhook { url = "https://example.com/h"; }\n}\n`;
    const [a, b] = await Promise.all([
      fresh.render({ text: heavyFile(50), filePath: undefined, fallbackDir: import.meta.dirname, openTexts: {}, selection: {}, allowedEnv: [] }),
      fresh.render({ text: simple.replace('"ok"', '"first"'), filePath: undefined, fallbackDir: import.meta.dirname, openTexts: {}, selection: {}, allowedEnv: [] }),
    ]);
    assert.ok(a.problems.length > 0 || a.deliveries.length > 0);
    assert.deepEqual(b.deliveries.map((d) => d.notifier), ['first']);
  } finally {
    fresh.dispose();
  }
});
