/**
 * One preview render, as plain data in and out, so it can run on a worker
 * thread: a file from a cloned repository may take the render's whole
 * budget, and the extension host's event loop (every other extension, the
 * editor's UI requests) must not wait for it. No `vscode` import.
 */
import { analyzeText, renderForPreview } from '../engine';
import { fileOutline } from '../outline';
import type { PreviewChoices, PreviewProblem, PreviewSelection } from './model';
import type { RenderedDelivery } from '../../../grammar/render/delivery';
import { choicesFor, sanitize } from './selection';
import { applyEventSource, type EventSource } from './eventSource';

export interface PreviewJob {
  readonly text: string;
  /** The document's path, or undefined when untitled. */
  readonly filePath: string | undefined;
  /** Where an untitled document's imports resolve from. */
  readonly fallbackDir: string;
  /** The editor's first workspace folder, the root's fallback (engine.ts EditorFolders); absent when none is open. */
  readonly workspaceFolder?: string;
  /** Texts of open (maybe unsaved) documents by path: an imported catalog being edited. */
  readonly openTexts: Readonly<Record<string, string>>;
  readonly selection: PreviewSelection;
  /** Variables `$Env` may read besides NOTIFY_ENV_* (the setting notify.allowedEnv). */
  readonly allowedEnv: readonly string[];
  /** A captured event file or an edge-case fixture in place of the example (eventSource.ts). */
  readonly source?: EventSource;
}

export interface PreviewJobResult {
  readonly selection: PreviewSelection;
  readonly choices: PreviewChoices;
  readonly deliveries: readonly RenderedDelivery[];
  readonly problems: readonly PreviewProblem[];
  readonly skipped: readonly string[];
}

export function runPreviewJob(job: PreviewJob): PreviewJobResult {
  const analysis = analyzeText(job.text, job.filePath, { fallbackDir: job.fallbackDir, workspaceFolder: job.workspaceFolder }, (path) => job.openTexts[path], job.allowedEnv);
  const outline = fileOutline(analysis.file);
  const selection = sanitize(job.selection, outline);
  const source = applyEventSource(job.source, analysis, selection);
  const outcome = source.blocked
    ? { deliveries: [], problems: [], skipped: [] }
    : renderForPreview(job.text, analysis, source.selection, job.allowedEnv);
  return { selection, choices: choicesFor(outline, selection), ...outcome, problems: [...source.problems, ...outcome.problems] };
}
