// Imports a cloned repository can arrange (LANGUAGE.md 7): one catalog
// imported through several spellings or symbolic links is one file, read and
// counted once. Real processes over real files.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, scratch } from './runCli';

const CATALOG = JSON.stringify({ events: { 'deploy.finished': { description: 'A deployment finished.', variables: { Service: { type: 'string', example: 'api' } } } } });
const NOTIFIER = 'notifier "n" {\n    on deploy.finished;\n    slack { url = "https://hooks.slack.com/services/x"; text = "Deployed $Service"; }\n}\n';

describe('one catalog imported under several names', () => {
  it('through links inside the repository: one import, no "already defined"', async () => {
    const dir = scratch({ 'events/deploy.json': CATALOG });
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'more'));
    symlinkSync('events/deploy.json', join(dir, 'alias.json'));
    symlinkSync('../events', join(dir, 'more', 'linked'));
    writeFileSync(join(dir, 'a.notify'), 'import "events/deploy.json";\nimport "alias.json";\nimport "more/linked/deploy.json";\nimport "./events/../alias.json";\n' + NOTIFIER);
    const r = await runCli(['check', 'a.notify'], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(r.stdout, '');
    assert.equal(r.code, 0, r.stderr);
  });
});

describe('a large file (its imports resolved twice: early, and for the whole)', () => {
  it('reads the same import again as the first time, not as a second spelling of a file already read', async () => {
    // over 2,000,000 characters: past the size where analyze() checks pieces as they are parsed
    const many = Array.from({ length: 16000 }, (_, i) => NOTIFIER.replace('"n"', `"n${i}"`)).join('\n');
    const dir = scratch({ 'events/deploy.json': CATALOG, 'big.notify': `import "events/deploy.json";\n${many}` });
    mkdirSync(join(dir, '.git'));
    const r = await runCli(['check', 'big.notify'], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(r.stdout, '');
    assert.equal(r.code, 0, r.stderr);
  });
});

describe("a file's imports together", () => {
  it('hold at most 20,000,000 characters: an import past that is NTF401, not read, and the others count', async () => {
    // Three different files of 8,000,000 characters each (a link or a copy costs a repository nothing).
    const big = (n: number) => JSON.stringify({ events: { [`big${n}.ev`]: { description: 'x'.repeat(8_000_000), variables: {} } } });
    const dir = scratch({ 'c1.json': big(1), 'c2.json': big(2), 'c3.json': big(3), 'small.json': CATALOG });
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'a.notify'), 'import "c1.json";\nimport "c2.json";\nimport "c3.json";\nimport "small.json";\n' + NOTIFIER);
    const r = await runCli(['check', 'a.notify'], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(r.stdout, 'a.notify:3:8: error NTF401: Cannot import "c3.json": not read: this file\'s imports together would hold more than 20000000 characters\n');
    assert.equal(r.code, 1);
  });

  it('count one file once however many links lead to it', async () => {
    const dir = scratch({ 'c1.json': JSON.stringify({ events: { 'big.ev': { description: 'x'.repeat(8_000_000), variables: {} } } }) });
    mkdirSync(join(dir, '.git'));
    for (let i = 0; i < 5; i++) symlinkSync('c1.json', join(dir, `l${i}.json`));
    writeFileSync(join(dir, 'a.notify'), Array.from({ length: 5 }, (_, i) => `import "l${i}.json";\n`).join('') + 'import "c1.json";\nnotifier "n" {\n    on big.ev;\n    slack { url = "https://hooks.slack.com/services/x"; text = "x"; }\n}\n');
    const r = await runCli(['check', 'a.notify'], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(r.stdout, '');
    assert.equal(r.code, 0, r.stderr);
  });
});
