// Runs the TextMate grammar's scope assertions (test/syntaxes/*.notify) with
// vscode-tmgrammar-test, which tokenizes with VS Code's own engine
// (vscode-textmate + Oniguruma), so `npm test` covers the highlighting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const tmgrammarTest = join(dirname(require.resolve('vscode-tmgrammar-test/package.json')), 'dist', 'unit.js');

function runGrammarTests(files: string[]) {
  // --config: the language and grammar come from package.json's contributes, as in VS Code.
  return spawnSync(process.execPath, [tmgrammarTest, '--config', join(root, 'package.json'), ...files], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

test('the committed grammar JSON, channel snippets and channel table are generated from their sources', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'generate.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});

test('every scope assertion in test/syntaxes/*.notify holds', () => {
  const files = readdirSync(join(root, 'test', 'syntaxes'))
    .filter((name) => name.endsWith('.notify'))
    .map((name) => join('test', 'syntaxes', name));
  assert.ok(files.length >= 3, 'grammar test files are missing');
  const result = runGrammarTests(files);
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  for (const file of files) assert.match(result.stdout, new RegExp(`✓ ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
});

test('a wrong scope assertion makes the grammar test fail', () => {
  // Guards against a runner that passes whatever the grammar does.
  const dir = mkdtempSync(join(tmpdir(), 'notify-grammar-'));
  try {
    const file = join(dir, 'wrong.notify');
    writeFileSync(file, '# SYNTAX TEST "source.notify"\nwhen true;\n# <---- storage.type.channel.notify\n');
    const result = runGrammarTests([file]);
    assert.notEqual(result.status, 0, result.stdout);
    assert.match(result.stdout, /missing required scopes: storage\.type\.channel\.notify/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
