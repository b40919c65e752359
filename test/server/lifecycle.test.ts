import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TempDir, TestServer } from './harness';

describe('server lifecycle', () => {
  const dir = new TempDir();
  after(() => dir.dispose());

  it('declares its features on initialize (stdio)', async () => {
    const server = await TestServer.start();
    try {
      const caps = server.initializeResult.capabilities;
      assert.equal(server.initializeResult.serverInfo?.name, 'notify-language-server');
      assert.ok(caps.completionProvider?.triggerCharacters?.includes('$'));
      assert.equal(caps.hoverProvider, true);
      assert.ok(caps.semanticTokensProvider?.legend.tokenTypes.includes('variable'));
      assert.equal(caps.documentFormattingProvider, true);
      assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    } finally {
      await server.stop();
    }
    assert.equal(server.alive, false);
  });

  describe('over Node IPC', () => {
    let server: TestServer;
    before(async () => (server = await TestServer.start({ transport: 'ipc' })));
    after(() => server.stop());

    it('publishes diagnostics for an opened document', async () => {
      const uri = dir.uri('ipc.notify');
      await server.open(uri, 'notifier "x" {\n  on package.added;\n  when $Nope == "a";\n  webhook { url = "https://example.com/h"; }\n}\n');
      const diagnostics = await server.diagnostics(uri);
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        ['NTF102'],
      );
    });
  });
});
