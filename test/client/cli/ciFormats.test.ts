import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import type { Log } from 'sarif';
import type { CliDiagnostic } from '../../../client/cli/check';
import { escapeGithubData, escapeGithubProperty } from '../../../client/cli/ciFormats';
import { DIAGNOSTIC_CODES } from '../../../grammar/diagnostics';
import { runCli, scratch } from './runCli';

// The OASIS SARIF 2.1.0 schema (draft-04), as @microsoft/jest-sarif ships it.
const SARIF_SCHEMA = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
const validateSarif = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(SARIF_SCHEMA);

const BAD = 'notifier "A" {\n    on package.nope;\n    slack { url = $Secret("s"); text = "€ $Nope"; }\n}\n';

describe('notify check --format sarif', () => {
  it('is a valid SARIF 2.1.0 log with every code as a rule and 1-based regions', async () => {
    const dir = scratch({ 'sub dir/bad #1.notify': BAD, 'ok.notify': 'notifier "B" {\n    on package.added;\n}\n' });
    const r = await runCli(['check', '--format', 'sarif', '.'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    // The validator itself must be able to say no.
    assert.equal(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ message: {}, level: 'fatal' }] }] }), false);
    const log = JSON.parse(r.stdout) as Log;
    assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2));
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0]!;
    const rules = run.tool.driver.rules!;
    assert.deepEqual(
      rules.map((rule) => rule.id),
      Object.keys(DIAGNOSTIC_CODES),
    );
    // LANGUAGE.md 10.1: every code of section 11 in the table's order
    const spec = readFileSync(new URL('../../../docs/LANGUAGE.md', import.meta.url), 'utf8');
    const table = spec.slice(spec.indexOf('## 11. Diagnostic codes'), spec.indexOf('### 11.1'));
    assert.deepEqual(rules.map((rule) => rule.id), [...table.matchAll(/^\| (NTF\d{3}) \|/gm)].map((m) => m[1]));
    const text = await runCli(['check', '--format', 'json', '.'], { cwd: dir });
    const plain = JSON.parse(text.stdout) as CliDiagnostic[];
    const results = run.results!;
    assert.equal(results.length, plain.length);
    for (const [i, result] of results.entries()) {
      const d = plain[i]!;
      assert.equal(result.ruleId, d.code);
      assert.equal(rules[result.ruleIndex!]!.id, d.code);
      assert.equal(result.level, d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note');
      const loc = result.locations![0]!.physicalLocation!;
      assert.deepEqual(loc.region, { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn });
    }
    const unknownEvent = results.find((x) => x.ruleId === 'NTF101')!.locations![0]!.physicalLocation!;
    assert.equal(unknownEvent.artifactLocation!.uri, 'sub%20dir/bad%20%231.notify');
    assert.deepEqual(unknownEvent.region, { startLine: 2, startColumn: 8, endLine: 2, endColumn: 20 });
    assert.ok(results.some((x) => x.level === 'warning'), 'the NTF302 warning of ok.notify');
  });

  it('gives an empty, valid log for a clean file (exit 0)', async () => {
    const dir = scratch({ 'ok.notify': 'notifier "B" {\n    on package.added;\n    slack { url = $Secret("s"); }\n}\n' });
    const r = await runCli(['check', '--format', 'sarif', 'ok.notify'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout);
    const log = JSON.parse(r.stdout) as Log;
    assert.ok(validateSarif(log));
    assert.deepEqual(log.runs[0]!.results, []);
  });

  it('refuses an unknown format with exit 2', async () => {
    const r = await runCli(['check', '--format', 'xml', 'examples/']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--format must be one of text, json, sarif, github/);
  });
});

describe('notify check --format github', () => {
  it('prints one workflow command per diagnostic, with escaped properties', async () => {
    const dir = scratch({ 'a,b:c.notify': BAD });
    const r = await runCli(['check', '--format', 'github', 'a,b:c.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    const json = JSON.parse((await runCli(['check', '--format', 'json', 'a,b:c.notify'], { cwd: dir })).stdout) as CliDiagnostic[];
    assert.equal(lines.length, json.length);
    for (const [i, line] of lines.entries()) {
      const d = json[i]!;
      const kind = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
      assert.equal(
        line,
        `::${kind} file=a%2Cb%3Ac.notify,line=${d.line},col=${d.column},endLine=${d.endLine},endColumn=${d.endColumn},title=${d.code}::${escapeGithubData(d.message)}`,
      );
    }
    assert.ok(lines.some((l) => l.startsWith('::error file=a%2Cb%3Ac.notify,line=2,col=8,endLine=2,endColumn=20,title=NTF101::')), r.stdout);
  });

  it('escapes %, CR and LF in data and also : and , in properties', () => {
    assert.equal(escapeGithubData('50% a\r\nb: c, d'), '50%25 a%0D%0Ab: c, d');
    assert.equal(escapeGithubProperty('50% a\r\nb: c, d'), '50%25 a%0D%0Ab%3A c%2C d');
  });
});
