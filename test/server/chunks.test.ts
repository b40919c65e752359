/**
 * The server checks a document chunk by chunk (one per top-level item) and
 * re-checks only changed chunks. This must never change the answer: the
 * diagnostics it publishes are compared with `analyze()` of the whole text,
 * the function the CLI uses.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver-protocol/node';
import { analyze } from '../../grammar/analyze';
import { findRecipients } from '../../grammar/catalog/recipients';
import { diskRecipientsFs } from '../../client/cli/files';
import { LineMap } from '../../grammar/syntax/lineMap';
import { splitChunks } from '../../server/chunks';
import { ROOT, TempDir, TestServer } from './harness';

const SYNTAX = new Set(['NTF001', 'NTF002', 'NTF003', 'NTF004']);

function examples(dir = join(ROOT, 'examples'), out: { path: string; text: string }[] = []) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) examples(full, out);
    else if (name.endsWith('.notify')) out.push({ path: full, text: readFileSync(full, 'utf8') });
  }
  return out;
}

function expected(path: string, text: string): string[] {
  const host = {
    readImport: (p: string) => {
      const resolvedPath = resolve(dirname(path), p);
      try {
        return { text: readFileSync(resolvedPath, 'utf8'), resolvedPath };
      } catch {
        return { error: `file not found: ${resolvedPath}` };
      }
    },
    // as every real host: notify-recipients.json from the file's folder upward (LANGUAGE.md 2.4)
    readRecipients: () => findRecipients(dirname(path), diskRecipientsFs),
  };
  const a = analyze(text, host);
  const lines = new LineMap(text);
  return a.diagnostics.map((d) => {
    const s = lines.position(d.span.start);
    const e = lines.position(d.span.end);
    return `${d.code} ${s.line}:${s.character}-${e.line}:${e.character} ${d.message}`;
  }).sort();
}

const published = (ds: LspDiagnostic[]) =>
  ds.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.message)}`).sort();

const codeAndRange = (d: string) => d.split(' ').slice(0, 2).join(' ');

const TRICKY = [
  // a top-level keyword at the start of a line inside a swim string, a block comment and a custom marker
  `notifier "a" {\n  on package.added;\n  email {\n    to = "a@example.com";\n    body = >>\nnotifier "fake" {\nsample "x" for package.added {\n>>;\n  }\n}\n/*\nnotifier "in comment" {\n*/\nsample "s" for package.added { $PackageId = "x"; }\n`,
  `notifier "b" {\n  on package.added;\n  slack { url = $Secret("s"); text = >EOF>\nimport "x.json";\n>EOF>; }\n}\nnotifier "b" {\n  on package.deleted;\n  slack { url = $Secret("s"); }\n}\n`,
  // a value spanning lines, a comparison with > and a map with braces in strings
  `notifier "c" {\n  on package.added;\n  when $PackageId > "a" && $FeedName != "}{";\n  webhook {\n    url = "https://example.com";\n    body = $ToJson(%(\n      a: "{",\n      b: '}'\n    ));\n  }\n}\nsample "t" for package.added {\n  $PackageId = "}";\n}\n`,
];

const BROKEN = [
  `notifier "open" {\n  on package.added;\n  slack { url = $Secret("s");\nnotifier "next" {\n  on package.added;\n  slack { url = $Secret("s"); }\n}\n`,
  `notifier "swim" {\n  on package.added;\n  email { to = "a@example.com"; body = >>\nnever closed\n}\nnotifier "after" {\n  on package.added;\n  slack { url = $Secret("s"); }\n}\n`,
  `notifier "a"\nnotifier "b" { on package.added; slack { url = $Secret("s"); } }\n`,
];

describe('chunked checking gives the same diagnostics as analyze()', () => {
  const dir = new TempDir();
  let server: TestServer;
  let n = 0;
  before(async () => (server = await TestServer.start({ rootDir: dir.path })));
  after(async () => {
    await server.stop();
    dir.dispose();
  });

  async function compare(path: string, text: string): Promise<{ same: boolean; want: string[]; got: string[] }> {
    const uri = pathToFileURL(path).href;
    await server.open(uri, text);
    const got = published(await server.diagnostics(uri));
    await server.close(uri);
    server.forgetDiagnostics(uri);
    const want = expected(path, text);
    return { same: JSON.stringify(got) === JSON.stringify(want), want, got };
  }

  it('splits into contiguous chunks at top-level items only', () => {
    const chunks = splitChunks(TRICKY[0]!);
    assert.deepEqual(
      chunks.map((c) => TRICKY[0]!.slice(c.start, c.end).split('\n')[0]),
      ['notifier "a" {', 'sample "s" for package.added { $PackageId = "x"; }'],
    );
    for (const text of [...TRICKY, ...examples().map((e) => e.text)]) {
      const cs = splitChunks(text);
      assert.equal(cs[0]!.start, 0);
      assert.equal(cs[cs.length - 1]!.end, text.length);
      for (let i = 1; i < cs.length; i++) assert.equal(cs[i]!.start, cs[i - 1]!.end);
    }
  });

  it('for every example and tricky text', async () => {
    for (const { path, text } of examples()) {
      const r = await compare(path, text);
      assert.deepEqual(r.got, r.want, path);
    }
    for (const text of TRICKY) {
      const r = await compare(join(dir.path, `t${n++}.notify`), text);
      assert.deepEqual(r.got, r.want, text);
    }
    // Broken texts: the same problems at the same places; a syntax message may name a different next token.
    for (const text of BROKEN) {
      const r = await compare(join(dir.path, `t${n++}.notify`), text);
      assert.deepEqual(r.got.map(codeAndRange), r.want.map(codeAndRange), text);
    }
  });

  it('for examples edited line by line (items added, moved, commented out, broken)', async () => {
    const all = examples();
    const lines = [
      '',
      '# a comment',
      '/* a block */',
      'notifier "z" {\n    on package.added;\n    slack { url = $Secret("s"); text = "$PackageId"; }\n}',
      'sample "z" for package.added {\n    $PackageId = "x";\n}',
      'notifier "Critical vulnerabilities" {\n    on vulnerability.detected;\n    webhook { url = "https://example.com"; body = >>\nnotifier "in text" {\n>>; }\n}',
      '    when $Nope;',
      '}',
      '    slack {',
    ];
    let compared = 0;
    let sameProblems = 0;
    let broken = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...all), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...lines)), { minLength: 1, maxLength: 3 }), async (ex, edits) => {
        const rows = ex.text.split('\n');
        for (const [at, line] of edits) rows.splice(at % (rows.length + 1), 0, line);
        const text = rows.join('\n');
        const path = join(dirname(ex.path), `__chunk_test_${n++}.notify`);
        const r = await compare(path, text);
        if (r.want.some((w) => SYNTAX.has(w.slice(0, 6)))) {
          // broken text: count how often error recovery agrees; asserted in bulk below
          broken++;
          if (JSON.stringify(r.got.map(codeAndRange)) === JSON.stringify(r.want.map(codeAndRange))) sameProblems++;
          else if (process.env.SHOW_DIFF) console.log(JSON.stringify({ text, got: r.got, want: r.want }, null, 1));
          return;
        }
        compared++;
        assert.deepEqual(r.got, r.want, text);
      }),
      { seed: 4242, numRuns: 150 },
    );
    assert.ok(compared >= 30, `only ${compared} edited texts parsed cleanly`);
    console.log(`chunked vs whole: ${compared} clean texts identical; broken texts with the same problems: ${sameProblems}/${broken}`);
    assert.ok(sameProblems >= broken * 0.8, `broken texts with the same problems: ${sameProblems}/${broken}`);
  });
});
