// The preview's "Use event from file…" and fixtures run the CLI's own code
// (grammar/render/eventFile.ts, fixtures.ts) inside the preview's render job;
// these tests run that job as the worker does, and compare with the CLI.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runPreviewJob, type PreviewJob } from '../../../client/extension/preview/previewJob';
import { sourceView, type EventSource } from '../../../client/extension/preview/eventSource';
import { LONG_STRING_LENGTH, MANY_ITEMS } from '../../../grammar/render/fixtures';
import { runCli, scratch } from '../cli/runCli';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples');
const packages = readFileSync(join(examples, 'packages.notify'), 'utf8');

function job(text: string, source: EventSource | undefined, selection: PreviewJob['selection'] = {}): PreviewJob {
  return { text, filePath: join(examples, 'x.notify'), fallbackDir: examples, openTexts: {}, selection, allowedEnv: [], ...(source ? { source } : {}) };
}

function fileSource(text: string, label = 'captured/e.json'): EventSource {
  return { kind: 'file', path: `/nowhere/${label}`, label, text };
}

const FILE = `notifier "Vuln" {
    on vulnerability.detected;
    webhook {
        url = "https://soar.example.com/hook";
        body = $ToJson(%(id: $VulnerabilityId, n: $ListCount(@AffectedPackages), score: $VulnerabilityScore));
    }
}
sample "s" for vulnerability.detected { $VulnerabilityId = "FROM-SAMPLE"; }
`;

const bodyOf = (r: ReturnType<typeof runPreviewJob>, i = 0) => JSON.parse(r.deliveries[i]!.request!.body!) as Record<string, unknown>;

describe('preview: Use event from file…', () => {
  it('fills the variables from the captured event shipped in examples/captured, with its own event', () => {
    const captured = readFileSync(join(examples, 'captured', 'package-promoted.json'), 'utf8');
    const r = runPreviewJob(job(packages, fileSource(captured, 'captured/package-promoted.json'), { notifier: 'Package published' }));
    assert.deepEqual(r.problems, []);
    assert.ok(r.deliveries.length > 0);
    for (const d of r.deliveries) {
      assert.equal(d.event, 'package.promoted');
      assert.equal(d.sample, null);
    }
    assert.match(JSON.stringify(r.deliveries.map((d) => d.request?.body ?? d.email?.text)), /Contoso\.Payments/);
  });

  it('reports a type mismatch with the CLI\'s exact message, and renders nothing (nothing is coerced)', async () => {
    const json = '{\n  "VulnerabilityScore": "9.8"\n}\n';
    const r = runPreviewJob(job(FILE, fileSource(json, 'bad.json')));
    assert.equal(r.deliveries.length, 0);
    const dir = scratch({ 'n.notify': FILE, 'bad.json': json });
    const cli = await runCli(['render', 'n.notify', '--event-file', 'bad.json'], { cwd: dir });
    assert.equal(cli.code, 1);
    const cliError = cli.stderr.split('\n')[0]!;
    assert.match(cliError, /^bad\.json:2:25: error: \$VulnerabilityScore: expected a number, found the string "9\.8"$/);
    assert.deepEqual(r.problems.map((p) => p.message), [cliError, 'bad.json does not fit the catalog; nothing rendered']);
    assert.equal(r.problems[0]!.where, 'event file');
  });

  it('lists members that are not variables as warnings and still renders; a file that is not JSON is reported', () => {
    const r = runPreviewJob(job(FILE, fileSource('{"VulnerabilityId": "CAP-1", "Nope": 1}', 'e.json')));
    assert.equal(bodyOf(r).id, 'CAP-1');
    assert.deepEqual(r.problems.map((p) => p.message), ['e.json:1:30: warning: $Nope is not a variable of vulnerability.detected; ignored']);
    const broken = runPreviewJob(job(FILE, fileSource('{"VulnerabilityId": ', 'e.json')));
    assert.equal(broken.deliveries.length, 0);
    assert.match(broken.problems[0]!.message, /^e\.json:1:\d+: not JSON/);
  });
});

describe('preview: fixtures', () => {
  it('many and empty: the list counts the payload shows', () => {
    assert.equal(bodyOf(runPreviewJob(job(FILE, { kind: 'fixture', fixture: 'many' }))).n, MANY_ITEMS);
    assert.equal(bodyOf(runPreviewJob(job(FILE, { kind: 'fixture', fixture: 'empty' }))).n, 0);
  });

  it('a fixture on a chosen sample uses the sample\'s event but not its values', () => {
    const r = runPreviewJob(job(FILE, { kind: 'fixture', fixture: 'long' }, { notifier: 'Vuln', sample: 's' }));
    assert.deepEqual(r.problems, []);
    const id = String(bodyOf(r).id);
    assert.equal(id.length, LONG_STRING_LENGTH);
    assert.ok(!id.startsWith('FROM-SAMPLE'));
    assert.equal(r.selection.sample, 's', 'the toolbar keeps the example it came from');
  });

  it('special: a limit or escaping problem shows as a render problem, at its place', () => {
    const r = runPreviewJob(job(packages, { kind: 'fixture', fixture: 'special' }));
    assert.ok(r.problems.some((p) => /line break/.test(p.message)), JSON.stringify(r.problems));
  });

  it('what the toolbar says', () => {
    assert.equal(sourceView({ kind: 'fixture', fixture: 'many' })!.label, 'fixture "many": 500 items in every list');
    assert.equal(sourceView(fileSource('{}', 'captured/a.json'))!.label, 'event from captured/a.json');
    assert.equal(sourceView(undefined), undefined);
  });
});
