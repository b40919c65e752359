import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DIAGNOSTIC_CODES, diagnosticDocAnchor, type DiagnosticCode } from '../../../grammar/diagnostics';

const DOC = readFileSync(new URL('../../../docs/diagnostics.md', import.meta.url), 'utf8');

test('docs/diagnostics.md has a section for every code, at the anchor editors link to', () => {
  for (const code of Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[]) {
    const anchor = diagnosticDocAnchor(code).split('#')[1]!;
    // GitHub and VS Code derive the anchor from the heading text
    assert.ok(DOC.includes(`\n### ${code}\n`), `no heading for ${code}`);
    assert.equal(code.toLowerCase(), anchor);
    const section = DOC.slice(DOC.indexOf(`### ${code}`)).split('\n### ')[0]!;
    assert.match(section, new RegExp(`\\(${DIAGNOSTIC_CODES[code].severity}\\)`), `${code} states its severity`);
  }
});
