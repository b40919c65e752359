import { sigilOf, typeToString } from '../types/type';
import type { Catalog, EventDef, VariableDef } from './catalog';
import { BUILTIN_CATALOG } from './builtin';
import { jsonText } from './jsonScan';

/**
 * docs/catalog.md is generated from the catalog itself, so the docs cannot
 * drift from what the checker and the renderer use. A test compares the file
 * with `catalogDoc()`; `UPDATE_DOCS=1 node test/run.mjs test/grammar/catalog/docs.test.ts`
 * rewrites it.
 */

/** The events of a catalog as Markdown: an index, then each event's variables, examples and defaults. */
export function catalogMarkdown(catalog: Catalog): string {
  const events = [...catalog.events.values()];
  const out: string[] = [];
  out.push('| event | description |', '| --- | --- |');
  for (const e of events) out.push(`| [\`${e.name}\`](#${anchor(e.name)}) | ${cell(e.description)} |`);
  for (const e of events) out.push('', ...eventSection(e));
  return out.join('\n') + '\n';
}

function eventSection(e: EventDef): string[] {
  const out = [`### ${e.name}`, '', e.description, '', '| variable | type | example | description |', '| --- | --- | --- | --- |'];
  for (const v of e.variables.values()) out.push(variableRow(v));
  const defaults = (['title', 'subject', 'text', 'body'] as const).filter((k) => e.defaults[k] !== undefined);
  if (defaults.length) {
    out.push('', 'Defaults:', '');
    for (const k of defaults) out.push(`- \`${k}\`: ${code(e.defaults[k]!)}`);
  }
  return out;
}

function variableRow(v: VariableDef): string {
  const sigil = sigilOf(v.type) === 'any' ? '$' : sigilOf(v.type);
  return `| \`${sigil}${v.name}\` | \`${cell(typeToString(v.type))}\` | ${code(jsonText(v.example))} | ${cell(v.description ?? '')} |`;
}

/** Inline code that survives backticks in the text, and pipes inside a table. */
function code(text: string): string {
  const escaped = cell(text);
  const longest = Math.max(0, ...[...escaped.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = escaped.startsWith('`') || escaped.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${escaped}${pad}${fence}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** GitHub's heading anchors: lower case, punctuation other than `-` and `_` dropped. */
function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}

const INTRO = `# Event catalogs

Every variable a \`.notify\` file can use comes from an **event catalog**: the
built-in one below, plus any JSON catalogs the file imports. The language
server and \`notify check\` type-check against it; \`notify render\` and the
preview use its example values where a \`sample\` does not set a variable.
\`notify events [--import FILE] [--format text|json]\` prints it (LANGUAGE.md 10).

## Variables every event has

| variable | type | description |
| --- | --- | --- |
| \`$EventName\` | \`string\` | The event name, e.g. \`package.added\`. |
| \`$EventId\` | \`string\` | A unique id of the event (a UUID): new for each send, the same on every attempt of it, for deduplication. |
| \`$Timestamp\` | \`datetime\` | When the event happened, UTC. \`$Date\`/\`$DateUtc\` format it. |
| \`$NotifierName\` | \`string\` | The name of the notifier being rendered. |

## Decisions this page makes

- **Where the examples come from.** Package, vulnerability and build events
  follow ProGet's webhooks and notifiers (package \`MyCorp.CoolUtils\`
  \`3.2.0-pre.1\` in feed \`internal-nuget\`, vulnerability \`PGV-2245804\`);
  \`scan.*\`, \`finding.*\` and \`compliance.report_ready\` an Entra tenant
  scanner; \`storage.unhealthy\`, \`integration.unhealthy\` and \`product.*\` a
  software supply-chain platform (Chainloop-like); \`alert.raised\` CIPP alerts.
- **\`product.compliance_changed\` and \`product.released\`.** The spec's row
  \`$Organization $ProductName $ComplianceStatus $PreviousComplianceStatus / $ReleaseVersion\`
  reads as two variable lists matching the two events: a compliance change has
  the old and new status; a release has the version. So
  \`product.compliance_changed\` has \`$Organization $ProductName $ComplianceStatus $PreviousComplianceStatus\`
  and \`product.released\` has \`$Organization $ProductName $ReleaseVersion\`.
  A notifier listening to both can use \`$Organization\` and \`$ProductName\`
  freely; the others are defined by only one of them (NTF103).
- **\`finding.severity_changed\`** has every variable of \`finding.new\` plus
  \`$PreviousSeverity\`.
- **\`storage.unhealthy\`** names its storage backend in \`$IntegrationName\`, as
  the spec's row gives both events the same variables.
- **Values listed in the spec** (\`$WebhookEvent\`: \`Added\`, \`Promoted\`, …;
  \`$Framework\`: \`CIS\`, \`NIST\`, \`ISO\`, \`SOC 2\`; \`$Severity\`: \`Alert\`,
  \`Critical\`, \`Error\`, \`Warning\`, \`Info\`, \`Debug\`) are \`string\`s, as the
  spec lists no other type for them: compare them with \`==\`.
- **Defaults** are template text, as in a swim string: \`"\` needs no escape,
  and lists only ever go through \`$ToJson\`, \`$Join\`, \`$ListCount\` or a
  \`foreach\` tag.

## Importing a catalog

\`\`\`notify
import "events/deploy.json";
\`\`\`

The path is relative to the \`.notify\` file. The file is JSON, validated by
[\`schemas/catalog.schema.json\`](../schemas/catalog.schema.json) (JSON Schema
draft 2020-12; point your editor's \`$schema\` at it for completion):

\`\`\`json
{
  "events": {
    "deploy.finished": {
      "description": "A deployment finished.",
      "variables": {
        "Service":  { "type": "string", "example": "api", "description": "Service name" },
        "Seconds":  { "type": "number", "example": 42 },
        "Hosts":    { "type": "list<string>", "example": ["web-1", "web-2"] },
        "Commit":   { "type": "{Sha: string, Author: string}", "example": { "Sha": "9f1c", "Author": "dana" } }
      },
      "defaults": { "body": "$ToJson(%(service: $Service))", "text": "Deployed $Service", "subject": "Deployed $Service" }
    }
  }
}
\`\`\`

- \`events\` (required): event names are lower-case dotted names
  (each part a lower-case name: a letter, then
  letters, digits, \`_\` or \`-\`, not ending in \`_\` or \`-\`). \`$schema\` is the only other key allowed at the top.
- Each event: \`variables\` (required; \`{}\` for none), \`description\` and
  \`defaults\` (\`body\`, \`text\`, \`title\`, \`subject\`; each optional, each a
  template in the Notify language, checked against the event's variables).
- Each variable: \`type\` and \`example\` (required), \`description\`, and
  \`maxLength\` (a whole number ≥ 1: the longest text the source system sends
  for it, the length of the strings of the \`long\` edge-case fixture,
  [LANGUAGE.md 10.6](LANGUAGE.md#106-edge-case-fixtures---fixture); default
  1,000). Names
  follow the language's name rule (a letter, then letters, digits, \`_\` or
  \`-\`, not ending in \`_\` or \`-\`), are case-insensitive (two spellings of
  one name is an error) and may not be one of the four common variables.
- Types: \`string number bool datetime duration secret any\`, \`list<T>\`,
  \`map<T>\` (open: any keys) and records \`{Key: T, Other: T}\` (closed: only
  these keys); nesting and whitespace are free.
- Examples must fit their types: numbers are JSON numbers, datetimes ISO 8601
  strings with a zone (\`"2026-04-28T07:12:43Z"\`), durations strings as
  written (\`"10s"\`), secrets the secret's name, lists and maps JSON arrays and
  objects; a record example gives every field and no other.
- An imported event may not redefine a built-in event or an event of another
  import.

Any problem is \`NTF401\` at the import's path, naming the file, the place in
it and the first problem, e.g.
\`Cannot import "events/deploy.json": events.deploy.finished.variables.Seconds.example: expected a number, found the string "42" at line 7, column 52\`
(had \`Seconds\` been given the example \`"42"\`).
Importing the same file twice is harmless.

## Built-in events

`;

/** The whole of docs/catalog.md. */
export function catalogDoc(): string {
  return INTRO + catalogMarkdown(BUILTIN_CATALOG);
}
