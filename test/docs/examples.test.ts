/**
 * Every ```notify block of README.md and docs/*.md is a test, run exactly as
 * a user would paste it into a file (imports and recipient groups resolve
 * against examples/, where the catalogs and notify-recipients.json live):
 *
 * - ```notify                  the example checks with no error or warning,
 *                              and every notifier in it renders;
 * - ```notify error NTF102 …   the example gives exactly these diagnostic
 *   ```notify warning NTF207   codes (in order), and nothing else.
 *
 * docs/LANGUAGE.md section 11 describes the marking for writers of the docs.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { analyze, type ImportHost } from '../../grammar/analyze';
import { render } from '../../grammar/render/render';
import { parseCatalogJson } from '../../grammar/catalog/importCatalog';
import { findRecipients } from '../../grammar/catalog/recipients';
import { diskRecipientsFs } from '../../host/files';

const ROOT = resolve(import.meta.dirname, '..', '..');
const IMPORT_BASE = join(ROOT, 'examples');

export interface DocExample {
  readonly where: string;
  readonly text: string;
  /** undefined: must be clean; else the exact codes expected. */
  readonly codes?: readonly string[];
}

const FENCE = /^([ \t]*)```notify([^\n`]*)\n([\s\S]*?)^\1```[ \t]*$/gm;

export function docExamples(): DocExample[] {
  const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((n) => n.endsWith('.md')).sort().map((n) => `docs/${n}`)];
  const out: DocExample[] = [];
  for (const page of pages) {
    const md = readFileSync(join(ROOT, page), 'utf8');
    for (const m of md.matchAll(FENCE)) {
      const indent = m[1]!;
      const info = m[2]!.trim().split(/\s+/).filter(Boolean);
      const text = m[3]!
        .split('\n')
        .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
        .join('\n');
      const line = md.slice(0, m.index).split('\n').length;
      const expectsDiagnostics = info[0] === 'error' || info[0] === 'warning';
      if (info.length && !expectsDiagnostics) throw new Error(`${page}:${line}: unknown fence info "notify ${info.join(' ')}"`);
      out.push({ where: `${page}:${line}`, text, ...(expectsDiagnostics ? { codes: info.slice(1) } : {}) });
    }
  }
  return out;
}

const host: ImportHost = {
  readImport(path) {
    const full = resolve(IMPORT_BASE, path);
    try {
      return { text: readFileSync(full, 'utf8'), resolvedPath: full };
    } catch {
      return { error: `file not found (${full})` };
    }
  },
  // recipient groups too, as pasted next to examples/notify-recipients.json (LANGUAGE.md 2.4)
  readRecipients: () => findRecipients(IMPORT_BASE, diskRecipientsFs),
};

describe('code examples of README.md and docs/', () => {
  const examples = docExamples();
  it('finds the examples', () => assert.ok(examples.length >= 15, `only ${examples.length}`));
  for (const ex of examples) {
    it(`${ex.where} ${ex.codes ? `gives ${ex.codes.join(' ') || 'no diagnostics'}` : 'checks clean and renders'}`, () => {
      const a = analyze(ex.text, host);
      const shown = a.diagnostics.map((d) => `${d.code} ${d.severity}: ${d.message}`);
      if (ex.codes) {
        assert.ok(ex.codes.length > 0, 'name the codes the example gives');
        assert.deepEqual(a.diagnostics.map((d) => d.code), ex.codes, JSON.stringify(shown, null, 1));
        return;
      }
      assert.deepEqual(shown.filter((s) => / (error|warning):/.test(s)), []);
      const r = render(a.file, a.catalog, {});
      assert.deepEqual(r.errors.map((e) => e.message), []);
    });
  }
});

/**
 * docs/functions.md's examples (`` template `` → `` result ``) are rendered by
 * test/grammar/functions/docs.test.ts; here each is pasted into a notifier, as
 * a user would, and must check without errors — except the ones documented
 * as errors, which may be caught by `check` already.
 */
describe('docs/functions.md examples pasted into a notifier', () => {
  const doc = readFileSync(join(ROOT, 'docs/functions.md'), 'utf8');
  const lines = doc.split('\n').filter((l) => l.startsWith('- `` '));
  it('finds them', () => assert.ok(lines.length >= 50));
  for (const line of lines) {
    const m = /^- `` (.*?) `` → (?:`` (.*) ``|error: `(.*)`)$/.exec(line);
    if (!m || m[3] !== undefined) continue;
    const template = m[1]!;
    it(template, () => {
      const text = `notifier "Docs" {\n    on package.added, vulnerability.detected;\n    webhook {\n        url  = "https://example.com/docs";\n        body = >EOF>\n${template}\n>EOF>;\n    }\n}\n`;
      const errors = analyze(text, host).diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), []);
    });
  }
});

/** The catalog examples (```json blocks with "events") are valid catalogs, as `import` reads them. */
describe('catalog examples of the docs', () => {
  for (const page of ['docs/LANGUAGE.md', 'docs/catalog.md']) {
    const md = readFileSync(join(ROOT, page), 'utf8');
    for (const m of md.matchAll(/^```json\n([\s\S]*?)^```$/gm)) {
      if (!m[1]!.includes('"events"')) continue;
      const line = md.slice(0, m.index).split('\n').length;
      it(`${page}:${line} imports without errors`, () => {
        const r = parseCatalogJson(m[1]!, { kind: 'import', importPath: 'docs.json' });
        assert.deepEqual(r.errors.map((e) => e.message), []);
        assert.ok(r.catalog && r.catalog.events.size > 0);
      });
    }
  }
});
