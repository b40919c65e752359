/**
 * Several open documents importing one large catalog: the server reads it
 * once for all of them (grammar/catalog/parsedCatalogs.ts), and each
 * document's published diagnostics and answers are still its own — what
 * `notify check` reports for its text — also after the catalog changes.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType, HoverRequest, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { analyze } from '../../grammar/analyze';
import { nodeImportHost } from '../../host/files';
import { positionAt, TempDir, TestServer } from './harness';

const EVENTS = 20_000;

function catalog(events: number, variable: string): string {
  const parts: string[] = [];
  for (let i = 0; i < events; i++) {
    const defaults = i % 10 === 0 ? `,"defaults":{"text":"$${variable} done"}` : '';
    parts.push(`"svc${i % 100}.e${i}":{"description":"Event ${i}","variables":{"${variable}":{"type":"string","example":"n${i}"}}${defaults}}`);
  }
  return `{"events":{\n${parts.join(',\n')}\n}}\n`;
}

/** Document k: a notifier on one catalog event, one on a misspelled event (NTF101) and one that uses an unknown variable (NTF102). */
function documentText(k: number): string {
  const event = `svc${(k * 7) % 100}.e${k * 7}`;
  return `import "events/big.json";

notifier "ok ${k}" {
    on ${event};
    webhook {
        url  = "https://example.com/${k}";
        body = "$Name ${k}";
    }
}

notifier "typo ${k}" {
    on svc${(k * 7) % 100}.e${k * 7}x;
    webhook { url = "https://example.com/t${k}"; }
}

notifier "unknown ${k}" {
    on ${event};
    webhook {
        url  = "https://example.com/u${k}";
        body = "$Nmae ${k}";
    }
}
`;
}

/** What `notify check` reports for the text, as the server publishes it (positions, code, message). */
function expected(dir: string, text: string): unknown[] {
  const analysis = analyze(text, nodeImportHost(dir, { cwd: dir }));
  return analysis.diagnostics.map((d) => ({ code: d.code, message: d.message, start: positionAt(text, d.span.start), end: positionAt(text, d.span.end) }));
}

function published(ds: readonly Diagnostic[]): unknown[] {
  return ds.map((d) => ({ code: d.code, message: d.message, start: d.range.start, end: d.range.end }));
}

describe('several open documents importing one large catalog', () => {
  const dir = new TempDir();
  let server: TestServer;
  const uris = Array.from({ length: 5 }, (_, k) => dir.uri(`doc${k}.notify`));
  before(async () => {
    dir.write('.notify/.keep', '');
    dir.write('events/big.json', catalog(EVENTS, 'Name'));
    server = await TestServer.start({ rootDir: dir.path });
  });
  after(async () => {
    await server.stop();
    dir.dispose();
  });

  it('publish each document its own diagnostics, those of `notify check`', async () => {
    await Promise.all(uris.map((uri, k) => server.open(uri, documentText(k))));
    for (const [k, uri] of uris.entries()) {
      const ds = await server.diagnostics(uri);
      assert.deepEqual(published(ds), expected(dir.path, documentText(k)), `document ${k}`);
      assert.deepEqual([...new Set(ds.map((d) => d.code))].sort(), ['NTF101', 'NTF102'], `document ${k}: ${JSON.stringify(ds.map((d) => d.message))}`);
    }
  });

  it('answer requests from the catalog in every document', async () => {
    for (const [k, uri] of uris.entries()) {
      const text = documentText(k);
      const at = text.indexOf(`svc${(k * 7) % 100}.e${k * 7};`) + 2;
      const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionAt(text, at) });
      assert.match(JSON.stringify(hover?.contents), new RegExp(`Event ${k * 7}\\b`), `document ${k}`);
    }
  });

  it('after the catalog changes on disk, every document is checked against the new one', async () => {
    // `Name` becomes `Title`: `$Name` is now unknown in each document, and each event's default text must follow
    writeFileSync(join(dir.path, 'events', 'big.json'), catalog(EVENTS, 'Title'));
    const next = uris.map((uri) => server.diagnostics(uri, (p) => p.diagnostics.filter((d) => d.code === 'NTF102').length >= 2));
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: dir.uri('events/big.json'), type: FileChangeType.Changed }],
    });
    const all = await Promise.all(next);
    for (const [k, ds] of all.entries()) {
      assert.deepEqual(published(ds), expected(dir.path, documentText(k)), `document ${k}`);
      assert.ok(ds.filter((d) => d.code === 'NTF102').length >= 2, `document ${k}: ${JSON.stringify(ds.map((d) => d.message))}`);
    }
  });
});
