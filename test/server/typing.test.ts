/**
 * Types every example file character by character, as an editor sends it
 * (one incremental edit per character), and at each step asks completion
 * and signature help at the end of what is typed so far. The answers are
 * compared with those at the same offset of the finished file:
 *
 * - completion: every label offered in the finished file is offered while
 *   typing too (the typed prefix may offer more: a property set further
 *   down is not set yet);
 * - signature help: where the finished file shows a signature, the typed
 *   prefix shows the same one with the same active parameter.
 *
 * Sampling: the text is typed at every character; requests are made at
 * every offset after a completion trigger character or a space, at every
 * line end, and at every third other offset (all offsets with
 * NOTIFY_TYPING_ALL=1). That keeps the run to a few seconds per file while
 * covering each kind of position of every file.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CompletionRequest, SignatureHelpRequest, type CompletionItem, type SignatureHelp } from 'vscode-languageserver-protocol/node';
import { positionAt, ROOT, TestServer } from './harness';
import { pathToFileURL } from 'node:url';

const EXAMPLES = join(ROOT, 'examples');
const ALL = process.env.NOTIFY_TYPING_ALL === '1';
const TRIGGERS = new Set(['$', '@', '%', '.', '"', ' ', '{', '(', ',', '\n', '=', ':']);

describe('typing each example character by character', () => {
  let server: TestServer;
  before(async () => (server = await TestServer.start({ rootDir: EXAMPLES })));
  after(async () => server.stop());

  const labels = (r: CompletionItem[] | { items: CompletionItem[] } | null) => new Set((Array.isArray(r) ? r : (r?.items ?? [])).map((i) => i.label));
  const sig = (h: SignatureHelp | null) => (h && h.signatures.length ? `${h.signatures[h.activeSignature ?? 0]!.label} @${h.activeParameter}` : null);

  for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith('.notify'))) {
    it(name, async () => {
      const text = readFileSync(join(EXAMPLES, name), 'utf8');
      const full = pathToFileURL(join(EXAMPLES, `finished-${name}`)).href;
      const typed = pathToFileURL(join(EXAMPLES, `typed-${name}`)).href;
      await server.open(full, text);
      await server.open(typed, '');
      const problems: string[] = [];
      let asked = 0;
      for (let k = 1; k <= text.length; k++) {
        await server.edit(typed, { start: positionAt(text, k - 1), end: positionAt(text, k - 1) }, text[k - 1]!);
        const next = text[k] ?? '\n';
        if (!(ALL || TRIGGERS.has(text[k - 1]!) || next === '\n' || k % 3 === 0)) continue;
        asked++;
        const position = positionAt(text, k);
        const [cf, ct, sf, st] = await Promise.all([
          server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: full }, position }),
          server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: typed }, position }),
          server.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri: full }, position }),
          server.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri: typed }, position }),
        ]);
        const where = `${name}:${position.line + 1}:${position.character + 1} after ${JSON.stringify(text.slice(Math.max(0, k - 25), k))}`;
        const typedLabels = labels(ct);
        const missing = [...labels(cf)].filter((l) => !typedLabels.has(l));
        if (missing.length) problems.push(`${where}: completion while typing lacks ${missing.slice(0, 6).join(', ')}${missing.length > 6 ? ` (+${missing.length - 6})` : ''}`);
        if (sig(sf) !== null && sig(sf) !== sig(st)) problems.push(`${where}: signature help ${sig(sf)} in the finished file, ${sig(st)} while typing`);
      }
      assert.ok(asked > text.length / 4, `asked at ${asked} of ${text.length} offsets`);
      assert.deepEqual(problems, []);
      assert.ok(server.alive);
    });
  }
});
