import type { Connection, Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from '../protocol';
import { hiddenByFailedImport } from '../../grammar/analyze';
import { diagnosticDocAnchor, type Diagnostic, type Severity } from '../../grammar/diagnostics';
import { diagnosticsDocUrl } from '../docsLocation';
import { toRange } from '../positions';
import { describe, type Logger } from '../safe';
import type { Lines } from '../positions';
import type { DocState, Workspace } from '../workspace';
import { FULL_CLIENT, shapeDiagnostic, type ClientShape } from '../clientCapabilities';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * At most this many diagnostics are published for a document: a file of
 * garbage can have 100,000s, and sending them all (tens of MB of JSON) would
 * stall the editor for what nobody reads. `notify check` lists them all.
 */
export const MAX_PUBLISHED_DIAGNOSTICS = 1000;

/** LSP diagnostics of one document version: code, link to the code's docs, related locations. */
export function toLspDiagnostics(state: DocState, docsBaseUrl: string | undefined): LspDiagnostic[] {
  const all = state.analysis().diagnostics;
  const shown = all.slice(0, MAX_PUBLISHED_DIAGNOSTICS).map((d) => toLsp(state, d, docsBaseUrl));
  if (all.length > MAX_PUBLISHED_DIAGNOSTICS) {
    const last = all[MAX_PUBLISHED_DIAGNOSTICS]!;
    shown.push({
      range: toRange(state.lines, { start: last.span.start, end: last.span.start }),
      severity: DiagnosticSeverity.Information,
      source: 'notify',
      message: `${all.length - MAX_PUBLISHED_DIAGNOSTICS} more problems from here on are not shown; \`notify check\` lists them all`,
    });
  }
  return shown;
}

/** One diagnostic; `state` says whose offsets its spans are in (a piece's or the document's). */
export function toLsp(state: { uri: string; lines: Lines }, d: Diagnostic, docsBaseUrl: string | undefined): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toRange(state.lines, d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: { href: diagnosticsDocUrl(docsBaseUrl, diagnosticDocAnchor(d.code)) },
    source: 'notify',
    message: d.message,
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({
      location: { uri: state.uri, range: toRange(state.lines, r.span) },
      message: r.message,
    }));
  }
  return out;
}

/**
 * Publishes diagnostics on open and after changes. Changes that arrive
 * within `diagnosticsDelayMs` (default 2 ms) of each other are checked
 * once, at the latest version: enough to coalesce a burst of edits (a
 * paste, a multi-cursor edit) while keeping the time to diagnostics low.
 */
export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    private readonly log: Logger,
    private readonly options: () => { diagnosticsDelayMs?: number; docsBaseUrl?: string; client?: ClientShape },
    /** Called once, after the first diagnostics are sent: for work the first check should not wait for. */
    private firstPublished?: () => void,
  ) {}

  schedule(uri: string, delayMs = this.options().diagnosticsDelayMs ?? 2): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.publish(uri);
      }, delayMs),
    );
  }

  publish(uri: string): void {
    try {
      const state = this.workspace.get(uri);
      if (!state) return;
      const client = this.options().client ?? FULL_CLIENT;
      const diagnostics = toLspDiagnostics(state, this.options().docsBaseUrl).map((d) => shapeDiagnostic(d, client));
      void this.connection.sendDiagnostics({ uri, version: state.version, diagnostics }).catch(() => undefined);
      if (this.firstPublished) {
        const then = this.firstPublished;
        this.firstPublished = undefined;
        then();
      }
    } catch (err) {
      this.log(`diagnostics for ${uri} failed: ${describe(err)}`);
    }
  }

  cleared(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    this.timers.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
