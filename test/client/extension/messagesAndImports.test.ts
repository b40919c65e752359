import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText, importHost } from '../../../client/extension/engine';
import { isFromWebview } from '../../../client/extension/preview/messages';

describe('messages from the preview webview', () => {
  it('accepts only the two known shapes', () => {
    assert.equal(isFromWebview({ type: 'ready' }), true);
    assert.equal(isFromWebview({ type: 'select', selection: { notifier: 'a', sample: undefined } }), true);
    assert.equal(isFromWebview({ type: 'select', selection: { notifier: 1 } }), false);
    assert.equal(isFromWebview({ type: 'send' }), false);
    assert.equal(isFromWebview(null), false);
    assert.equal(isFromWebview('ready'), false);
  });
});

describe('catalog imports in the extension host', () => {
  const dir = mkdtempSync(join(tmpdir(), 'notify-ext-imports-'));
  writeFileSync(
    join(dir, 'deploy.json'),
    JSON.stringify({ events: { 'deploy.finished': { description: 'd', variables: { Service: { type: 'string', example: 'api' } } } } }),
  );

  it('reads an imported catalog relative to the file', () => {
    const text = 'import "deploy.json";\nnotifier "d" { on deploy.finished; webhook { url = "https://h.example/x"; body = "$Service"; } }\n';
    const analysis = analyzeText(text, join(dir, 'a.notify'), '/nonexistent');
    assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.ok(analysis.catalog.events.has('deploy.finished'));
  });

  it('prefers the text of an open (unsaved) catalog over the disk', () => {
    const host = importHost(dir, (path) => (path === join(dir, 'deploy.json') ? '{"events":{}}' : undefined));
    const r = host.readImport('deploy.json');
    assert.ok('text' in r && r.text === '{"events":{}}');
  });

  it('names a missing catalog', () => {
    const r = importHost(dir).readImport('missing.json');
    assert.ok('error' in r && /file not found/.test(r.error));
  });
});
