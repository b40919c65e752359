// Writes the files made from other sources, so they cannot drift:
// - syntaxes/*.tmLanguage.json, the TextMate grammars VS Code loads, from
//   their readable source syntaxes/src/notify.grammar.mjs and the channel
//   keywords of grammar/channels/registry.ts;
// - the "Notifier: <channel>" snippets of snippets/notify.json, from each
//   channel module's snippet (the other snippets are kept as they are);
// - the channel table of docs/LANGUAGE.md section 6 and the reply table of
//   docs/delivery.md, from the channel modules.
// It reads TypeScript, so it runs with tsx:
//   node --import tsx scripts/generate.mjs           write the files
//   node --import tsx scripts/generate.mjs --check   exit 1 when a file is stale
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { grammars } from '../syntaxes/src/notify.grammar.mjs';
import { CHANNEL_KINDS } from '../grammar/channels/registry.ts';
import { CHANNEL_TABLE_BEGIN, CHANNEL_TABLE_END, REPLY_TABLE_BEGIN, REPLY_TABLE_END, RATE_TABLE_BEGIN, RATE_TABLE_END, channelSnippets, channelTable, replyTable, rateTable } from '../grammar/channels/generated.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
let stale = 0;

function emit(relative, text) {
  const path = join(root, relative);
  if (check) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) {
      console.error(`generate: ${relative} is out of date; run node --import tsx scripts/generate.mjs`);
      stale++;
    }
  } else if (!existsSync(path) || readFileSync(path, 'utf8') !== text) {
    writeFileSync(path, text);
    console.log(`generate: wrote ${relative}`);
  }
}

for (const [file, grammar] of Object.entries(grammars([...CHANNEL_KINDS]))) {
  emit(join('syntaxes', file), JSON.stringify(grammar, null, 2) + '\n');
}

const snippetsPath = join(root, 'snippets', 'notify.json');
const others = Object.entries(JSON.parse(readFileSync(snippetsPath, 'utf8'))).filter(([name]) => !name.startsWith('Notifier: '));
emit(join('snippets', 'notify.json'), JSON.stringify({ ...channelSnippets(), ...Object.fromEntries(others) }, null, 2) + '\n');

/** Replaces the text between `begin` and `end` in a Markdown file. */
function emitBetween(relative, begin, end, text) {
  const current = readFileSync(join(root, relative), 'utf8');
  const from = current.indexOf(begin);
  const to = current.indexOf(end);
  if (from < 0 || to < from) {
    console.error(`generate: ${relative} has lost the markers ${begin} … ${end}`);
    stale++;
    return;
  }
  emit(relative, `${current.slice(0, from + begin.length)}\n${text}\n${current.slice(to)}`);
}

emitBetween(join('docs', 'LANGUAGE.md'), CHANNEL_TABLE_BEGIN, CHANNEL_TABLE_END, channelTable());
emitBetween(join('docs', 'delivery.md'), REPLY_TABLE_BEGIN, REPLY_TABLE_END, replyTable());
emitBetween(join('docs', 'delivery.md'), RATE_TABLE_BEGIN, RATE_TABLE_END, rateTable());

process.exit(stale ? 1 : 0);
