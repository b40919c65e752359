/** The preview's worker thread (dist/previewWorker.js): renders jobs posted by PreviewRenderer. */
import { parentPort } from 'node:worker_threads';
import { runPreviewJob, type PreviewJob } from './previewJob';

parentPort?.on('message', (message: { id: number; job: PreviewJob }) => {
  let reply: { id: number; result?: unknown; error?: string };
  try {
    reply = { id: message.id, result: runPreviewJob(message.job) };
  } catch (e) {
    reply = { id: message.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});
