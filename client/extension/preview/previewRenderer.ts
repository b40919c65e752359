import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { PreviewChoices } from './model';
import { runPreviewJob, type PreviewJob, type PreviewJobResult } from './previewJob';

const NO_CHOICES: PreviewChoices = { notifiers: [], samples: [], events: [], defaultLabel: 'First matching sample' };

/** A render that has not answered by then is stopped (the worker is replaced); the render's own budget is far shorter. */
const HARD_LIMIT_MS = 20_000;

/**
 * Runs preview renders on a worker thread, newest request wins: while one
 * render runs, later requests replace each other and only the last is
 * rendered next. A worker that does not answer in time is terminated and a
 * fresh one started, so nothing a file does can hold the extension host.
 * Without the worker script (tests run from source) it renders in-thread.
 */
export class PreviewRenderer {
  private worker: Worker | null = null;
  private nextId = 1;
  private running: { id: number; resolve: (r: PreviewJobResult) => void; timer: NodeJS.Timeout } | null = null;
  private queued: { job: PreviewJob; resolve: (r: PreviewJobResult) => void } | null = null;

  constructor(private readonly workerScript: string | null, private readonly hardLimitMs = HARD_LIMIT_MS) {}

  render(job: PreviewJob): Promise<PreviewJobResult> {
    if (!this.workerScript || !existsSync(this.workerScript)) return Promise.resolve(runPreviewJob(job));
    return new Promise((resolve) => {
      // A request that was waiting is superseded: it gets the newer result.
      const superseded = this.queued;
      this.queued = { job, resolve: (r) => (superseded?.resolve(r), resolve(r)) };
      this.pump();
    });
  }

  private pump(): void {
    if (this.running || !this.queued) return;
    const { job, resolve } = this.queued;
    this.queued = null;
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const timer = setTimeout(() => {
      // The worker is stuck (a render past every budget): replace it.
      this.finish(id, failed(job, `the preview took longer than ${this.hardLimitMs / 1000}s and was stopped`));
      void this.worker?.terminate();
      this.worker = null;
    }, this.hardLimitMs);
    this.running = { id, resolve, timer };
    worker.postMessage({ id, job });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript!);
    worker.on('message', (m: { id: number; result?: PreviewJobResult; error?: string }) => {
      if (!this.running || m.id !== this.running.id) return;
      this.finish(m.id, m.result ?? { selection: {}, choices: NO_CHOICES, deliveries: [], problems: [{ message: `rendering failed: ${m.error}` }], skipped: [] });
    });
    worker.on('error', (e) => {
      if (this.worker === worker) this.worker = null;
      if (this.running) this.finish(this.running.id, { selection: {}, choices: NO_CHOICES, deliveries: [], problems: [{ message: `rendering failed: ${e.message}` }], skipped: [] });
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private finish(id: number, result: PreviewJobResult): void {
    if (!this.running || this.running.id !== id) return;
    clearTimeout(this.running.timer);
    const { resolve } = this.running;
    this.running = null;
    resolve(result);
    this.pump();
  }

  dispose(): void {
    if (this.running) clearTimeout(this.running.timer);
    void this.worker?.terminate();
    this.worker = null;
  }
}

function failed(job: PreviewJob, message: string): PreviewJobResult {
  return { selection: job.selection, choices: NO_CHOICES, deliveries: [], problems: [{ message }], skipped: [] };
}
