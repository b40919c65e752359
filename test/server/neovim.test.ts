import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { format } from '../../grammar/format/format';
import { SERVER_JS } from './harness';

/**
 * The language server in another editor: headless Neovim (Debian's 0.7)
 * starts `dist/server.js --stdio` as docs/other-editors.md says and asks for
 * diagnostics, completion, hover and formatting. .ci/run installs neovim and
 * sets NOTIFY_REQUIRE_NVIM=1, so there a missing nvim fails instead of skipping.
 */
const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const hasNvim = nvim.status === 0;
const skip = !hasNvim && !process.env.NOTIFY_REQUIRE_NVIM ? 'nvim is not installed (apt-get install neovim)' : false;

const TEXT = `notifier "Pkg" {
  on package.added;
    slack {
        url = $Secret("slack-x");
        text = "Added $PackageId by $UserNam";
    }
}
`;

describe('headless Neovim against notify-language-server --stdio', () => {
  it('gets diagnostics, completion, hover and formatting', { skip, timeout: 120_000 }, () => {
    assert.ok(hasNvim, 'nvim must be installed (NOTIFY_REQUIRE_NVIM is set)');
    const dir = mkdtempSync(join(tmpdir(), 'notify-nvim-'));
    const file = join(dir, 'pkg.notify');
    const outFile = join(dir, 'out.json');
    writeFileSync(file, TEXT);
    const lines = TEXT.split('\n');
    const textLine = lines.findIndex((l) => l.includes('$PackageId'));
    const r = spawnSync('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${join(import.meta.dirname, 'neovim', 'drive.lua')}`], {
      encoding: 'utf8',
      timeout: 100_000,
      cwd: dir,
      env: {
        ...process.env,
        NOTIFY_FILE: file,
        NOTIFY_OUT: outFile,
        NOTIFY_NODE: process.execPath,
        NOTIFY_SERVER: SERVER_JS,
        COMPLETE_LINE: String(textLine),
        COMPLETE_CHAR: String(lines[textLine]!.indexOf('$PackageId') + '$Pack'.length),
        HOVER_LINE: String(textLine),
        HOVER_CHAR: String(lines[textLine]!.indexOf('$PackageId') + 3),
      },
    });
    assert.equal(r.status, 0, `nvim: ${r.stderr}${r.stdout}`);
    const out = JSON.parse(readFileSync(outFile, 'utf8')) as {
      error?: string;
      filetype: string;
      diagnosticsArrived: boolean;
      diagnostics: { lnum: number; col: number; severity: number; code: string; message: string }[];
      completion: string[];
      hover: string;
      formatted: string;
    };
    assert.equal(out.error, undefined, out.error);
    assert.equal(out.filetype, 'notify');
    assert.ok(out.diagnosticsArrived, 'diagnostics were published');
    const unknown = out.diagnostics.find((d) => d.code === 'NTF102');
    assert.ok(unknown, JSON.stringify(out.diagnostics));
    assert.equal(unknown.lnum, textLine);
    assert.equal(unknown.col, lines[textLine]!.indexOf('UserNam'), 'the name after its sigil');
    assert.equal(unknown.severity, 1, 'an error');
    assert.match(unknown.message, /UserName/, 'did-you-mean');
    assert.ok(out.completion.some((l) => /^\$?PackageId$/.test(l)), out.completion.join(', '));
    assert.match(out.hover, /PackageId/);
    assert.match(out.hover, /string/);
    assert.equal(out.formatted, format(TEXT).text, 'the buffer after formatting is what `notify fmt` writes');
    assert.notEqual(out.formatted, TEXT);
  });
});
