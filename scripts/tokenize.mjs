// Prints the TextMate scopes of each token of a .notify file, as VS Code's
// tokenizer (vscode-textmate) sees them — for debugging the grammar.
//   node scripts/tokenize.mjs FILE [FIRST_LINE [LAST_LINE]]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
await oniguruma.loadWASM(wasm);

const registry = new vsctm.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s) => new oniguruma.OnigString(s),
  }),
  loadGrammar: async (scopeName) => {
    if (scopeName !== 'source.notify') return null;
    const path = join(root, 'syntaxes', 'notify.tmLanguage.json');
    return vsctm.parseRawGrammar(readFileSync(path, 'utf8'), path);
  },
});

const [file, first = '1', last = '1000000'] = process.argv.slice(2);
const grammar = await registry.loadGrammar('source.notify');
const lines = readFileSync(file, 'utf8').split(/\r?\n/);
let state = vsctm.INITIAL;
lines.forEach((line, i) => {
  const started = Date.now();
  const result = grammar.tokenizeLine(line, state, 1000);
  if (result.stoppedEarly) console.log(`line ${i + 1}: tokenizing stopped early (time limit)`);
  state = result.ruleStack;
  if (i + 1 < Number(first) || i + 1 > Number(last)) return;
  console.log(`${i + 1}: ${line}   (${Date.now() - started} ms)`);
  for (const t of result.tokens) {
    console.log(`   ${String(t.startIndex).padStart(3)}-${String(t.endIndex).padEnd(3)} ${JSON.stringify(line.slice(t.startIndex, t.endIndex)).padEnd(24)} ${t.scopes.slice(1).join(' ')}`);
  }
});
