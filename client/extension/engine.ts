/**
 * The extension's own use of the language: analysis and rendering run in
 * the extension host (not through the language server), so the preview and
 * Send Test work from the document's current text, saved or not, and keep
 * working while the server restarts. No `vscode` import: the editor passes
 * in how to read a catalog.
 */
import { cpuClockMs } from '../renderClock';
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { analyze, type Analysis, type AnalysisCache, type ImportHost } from '../../grammar/analyze';
import type { RenderedDelivery } from '../../grammar/render/delivery';
import { render, type RenderSelection, type SkippedNotifier } from '../../grammar/render/render';
import type { Diagnostic } from '../../grammar/diagnostics';
import { LineMap } from '../../grammar/syntax/lineMap';
import type { PreviewProblem, PreviewSelection } from './preview/model';
import { editorImportHost, FileReader } from '../../host/files';

export type { Analysis };

/** Reads a catalog: an open editor's text first (it may be unsaved), else the disk. */
export type ReadText = (path: string) => string | undefined;

/** Catalogs read from disk, re-read when they change: the preview analyses on every keystroke. */
const files = new FileReader();

/**
 * The folders a document's imports depend on besides its own: where an
 * untitled one's resolve from, and the editor's first workspace folder (the
 * root's fallback, LANGUAGE.md 7), undefined when none is open.
 */
export interface EditorFolders {
  readonly fallbackDir: string;
  readonly workspaceFolder: string | undefined;
}

/**
 * The same import host as the language server's (host/files.ts
 * `editorImportHost`), so the preview and Send Test read what the Problems
 * view checked. Without `workspaceFolder` no folder is open.
 */
export function importHost(baseDir: string, readOpen?: ReadText, workspaceFolder?: string): ImportHost {
  return editorImportHost(baseDir, workspaceFolder, { readOpen, files });
}

/**
 * `filePath` is the document's path, or undefined for an untitled one
 * (imports then resolve against `fallbackDir`). A folder given as a plain
 * path is both, as the language server's one folder is: the workspace folder
 * when one is open.
 */
export function analyzeText(
  text: string,
  filePath: string | undefined,
  folders: EditorFolders | string,
  readOpen?: ReadText,
  allowedEnv: readonly string[] = [],
  cache?: AnalysisCache,
): Analysis {
  const { fallbackDir, workspaceFolder } = typeof folders === 'string' ? { fallbackDir: folders, workspaceFolder: folders } : folders;
  const baseDir = filePath ? dirname(filePath) : fallbackDir;
  return analyze(text, importHost(baseDir, readOpen, workspaceFolder), { allowedEnv, cache });
}

export interface RenderOutcome {
  readonly deliveries: readonly RenderedDelivery[];
  readonly problems: readonly PreviewProblem[];
  readonly skipped: readonly string[];
}

/**
 * Renders what can be rendered. Unlike `notify render`, errors elsewhere in
 * the file do not stop the preview: they are listed (the first few) above
 * what still renders, so the user sees both while typing.
 */
export function renderForPreview(
  text: string,
  analysis: Analysis,
  selection: PreviewSelection & Pick<RenderSelection, 'eventValues' | 'fixture'>,
  allowedEnv: readonly string[] = [],
): RenderOutcome {
  const lines = new LineMap(text);
  const errors = analysis.diagnostics.filter((d: Diagnostic) => d.severity === 'error');
  const problems: PreviewProblem[] = errors.slice(0, 5).map((d) => ({
    where: d.code,
    message: d.message,
    line: lines.position(d.span.start).line + 1,
  }));
  if (errors.length > 5) problems.push({ message: `… and ${errors.length - 5} more errors (see the Problems view)` });
  let result: ReturnType<typeof render>;
  try {
    result = render(analysis.file, analysis.catalog, selection, { allowedEnv, clock: cpuClockMs });
  } catch (e) {
    // A renderer failure on half-typed text must not take the preview down.
    return { deliveries: [], problems: [...problems, { message: `rendering failed: ${(e as Error).message}` }], skipped: [] };
  }
  for (const e of result.errors) {
    const where = [e.notifier, e.channel].filter(Boolean).join('/');
    problems.push({ where: where || undefined, message: e.message });
  }
  return { deliveries: result.deliveries, problems, skipped: skippedText(result.skipped) };
}

/** The renderer's `skipped` notifiers as lines for the panel. */
function skippedText(skipped: readonly SkippedNotifier[]): string[] {
  return skipped.map((s) =>
    s.rendered ? `"${s.notifier}" would not send for this example: ${s.reason} (its payload is still shown)` : `"${s.notifier}" is not shown: ${s.reason}`,
  );
}

/**
 * For sending: any error in the file means what would be sent is not
 * knowable, as in `notify send`. `conditionFalse` holds why a notifier's
 * `when` does not hold for the example (a test send may still go out).
 */
export function renderForSend(
  analysis: Analysis,
  selection: PreviewSelection,
  allowedEnv: readonly string[] = [],
  // Each test send is a new event (X-Notify-Event-Id, $EventId): receivers drop repeated ids.
  eventId: string = randomUUID(),
): { deliveries: readonly RenderedDelivery[]; errors: string[]; conditionFalse: Map<string, string> } {
  const conditionFalse = new Map<string, string>();
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    return { deliveries: [], errors: [`the file has ${errors.length} error(s) (see the Problems view); fix them before sending`], conditionFalse };
  }
  const result = render(analysis.file, analysis.catalog, selection, { allowedEnv, clock: cpuClockMs, eventId });
  for (const s of result.skipped) if (s.rendered) conditionFalse.set(s.notifier, s.reason);
  return {
    deliveries: result.deliveries,
    errors: result.errors.map((e) => [[e.notifier, e.channel].filter(Boolean).join('/'), e.message].filter(Boolean).join(': ')),
    conditionFalse,
  };
}
