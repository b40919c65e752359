// Writes the TextMate grammars VS Code loads (syntaxes/*.tmLanguage.json)
// from their readable source, syntaxes/src/notify.grammar.mjs.
//   node scripts/build-grammar.mjs           write the JSON files
//   node scripts/build-grammar.mjs --check   exit 1 when a JSON file is stale
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { grammars } from '../syntaxes/src/notify.grammar.mjs';

const syntaxesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'syntaxes');
const check = process.argv.includes('--check');
let stale = 0;
for (const [file, grammar] of Object.entries(grammars)) {
  const path = join(syntaxesDir, file);
  const text = JSON.stringify(grammar, null, 2) + '\n';
  if (check) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) {
      console.error(`build-grammar: ${path} is out of date; run node scripts/build-grammar.mjs`);
      stale++;
    }
  } else {
    writeFileSync(path, text);
    console.log(`build-grammar: wrote ${path}`);
  }
}
process.exit(stale ? 1 : 0);
