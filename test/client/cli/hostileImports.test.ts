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
