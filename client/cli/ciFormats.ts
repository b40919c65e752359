import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { DIAGNOSTIC_CODES, type DiagnosticCode, type Severity } from '../../grammar/diagnostics';
import type { CliDiagnostic } from './check';
import { VERSION } from './version';

/** Output formats CI systems read (spec section 10.1). */

const SARIF_LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
const CODES = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];

/** "Stray `$` in text, or bad escape" → "StrayInTextOrBadEscape": SARIF rule names are identifiers. */
function ruleName(title: string): string {
  return title
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

const RULES: ReportingDescriptor[] = CODES.map((id) => {
  const { title, severity } = DIAGNOSTIC_CODES[id];
  return { id, name: ruleName(title), shortDescription: { text: title }, defaultConfiguration: { level: SARIF_LEVEL[severity] } };
});

/**
 * A relative path stays a relative URI reference (code scanning resolves it
 * against the checkout); each segment is percent-encoded so spaces, `#` and
 * `%` in file names survive.
 */
export function artifactUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file
    .split(/[\\/]/)
    .map((segment) => (segment === '.' || segment === '..' ? segment : encodeURIComponent(segment)))
    .join('/');
}

export function sarifLog(diagnostics: readonly CliDiagnostic[]): Log {
  const results: Result[] = diagnostics.map((d) => ({
    ruleId: d.code,
    ruleIndex: CODES.indexOf(d.code as DiagnosticCode),
    level: SARIF_LEVEL[d.severity],
    message: { text: d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(d.file) },
          region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
        },
      },
    ],
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'notify', version: VERSION, informationUri: 'https://github.com/notify-dev/notify-lang', rules: RULES } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** Workflow-command escaping, as the Actions runner's toolkit does it. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubAnnotation(d: CliDiagnostic): string {
  const props = [
    `file=${escapeGithubProperty(d.file)}`,
    `line=${d.line}`,
    `col=${d.column}`,
    `endLine=${d.endLine}`,
    `endColumn=${d.endColumn}`,
    `title=${escapeGithubProperty(d.code)}`,
  ].join(',');
  return `::${GITHUB_COMMAND[d.severity]} ${props}::${escapeGithubData(d.message)}`;
}
