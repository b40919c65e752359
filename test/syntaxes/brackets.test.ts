// Bracket pair colouring as VS Code does it: brackets count only in tokens
// whose standard type is "other" (the innermost of comment/string/regex/
// meta.embedded scopes decides, so a template tag inside a string is code),
// with the pairs of language-configuration.json. Every shipped example and
// every string kind with template tags must come out balanced: nothing red.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vsctm = require('vscode-textmate') as typeof import('vscode-textmate');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const oniguruma = require('vscode-oniguruma') as typeof import('vscode-oniguruma');

async function loadGrammar() {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm as ArrayBuffer);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName !== 'source.notify') return null;
      const path = join(root, 'syntaxes', 'notify.tmLanguage.json');
      return vsctm.parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
  });
  return (await registry.loadGrammar('source.notify'))!;
}

const config = JSON.parse(readFileSync(join(root, 'language-configuration.json'), 'utf8')) as {
  brackets: [string, string][];
  colorizedBracketPairs?: [string, string][];
};
// VS Code adds colorized pairs missing from `brackets` to them.
const pairs = [...config.brackets, ...(config.colorizedBracketPairs ?? []).filter(([o]) => !config.brackets.some(([b]) => b === o))];

function standardType(scopes: string[]): 'other' | 'string' | 'comment' | 'regex' {
  let type: 'other' | 'string' | 'comment' | 'regex' = 'other';
  for (const scope of scopes) {
    const m = /\b(comment|string|regex|meta\.embedded)\b/.exec(scope);
    if (m) type = m[1] === 'meta.embedded' ? 'other' : (m[1] as 'string' | 'comment' | 'regex');
  }
  return type;
}

/** Unmatched or crossing brackets, as `line:column text` (1-based). */
async function bracketProblems(text: string): Promise<string[]> {
  const grammar = await loadGrammar();
  const problems: string[] = [];
  const stack: { close: string; at: string }[] = [];
  const openers = pairs.map(([o, c]) => ({ text: o, close: c }));
  const closers = new Set(pairs.map(([, c]) => c));
  const all = [...pairs.flat()].sort((a, b) => b.length - a.length);
  let state = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((line, i) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    for (const t of r.tokens) {
      if (standardType(t.scopes) !== 'other') continue;
      const tokenText = line.slice(t.startIndex, t.endIndex);
      for (let k = 0; k < tokenText.length; ) {
        const hit = all.find((b) => tokenText.startsWith(b, k));
        if (!hit) {
          k++;
          continue;
        }
        const at = `${i + 1}:${t.startIndex + k + 1} ${hit}`;
        const opener = openers.find((o) => o.text === hit);
        if (opener) stack.push({ close: opener.close, at });
        else if (closers.has(hit)) {
          const top = stack.pop();
          if (!top || top.close !== hit) problems.push(`unexpected ${at}${top ? ` (open: ${top.at})` : ''}`);
        }
        k += hit.length;
      }
    }
  });
  for (const open of stack) problems.push(`unclosed ${open.at}`);
  return problems;
}

test('every shipped example has balanced brackets (no red closing brace)', async () => {
  const dir = join(root, 'examples');
  const files = readdirSync(dir).filter((n) => n.endsWith('.notify'));
  assert.ok(files.length >= 5);
  for (const name of files) assert.deepEqual(await bracketProblems(readFileSync(join(dir, name), 'utf8')), [], name);
});

test('template tags with braces in every string kind keep the brackets balanced', async () => {
  const tags = '<% if $Score > 7 { %>high<% } else { %>low<% } %><% foreach %p in @Hosts { %>$(%p)<% } %>';
  const text = [
    'notifier "A" {',
    '    on package.added;',
    '    webhook {',
    `        url  = "https://h.example/x";`,
    `        body = "${tags}";`,
    `        text = '${tags}';`,
    `        html = >>`,
    tags,
    '>>;',
    `        subject = >EOF>`,
    tags,
    '>EOF>;',
    '    }',
    '}',
  ].join('\n');
  assert.deepEqual(await bracketProblems(text), []);
});

test('the check itself finds crossing pairs (the old <% %> bracket pair)', async () => {
  pairs.push(['<%', '%>']);
  try {
    const problems = await bracketProblems('x = "<% if $A { %>a<% } %>";');
    assert.ok(problems.length > 0, 'a <% %> pair crosses the tag\'s own brace');
  } finally {
    pairs.pop();
  }
});
