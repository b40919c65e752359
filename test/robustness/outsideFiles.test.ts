/**
 * A cloned repository must not make Notify quote a file outside it
 * (LANGUAGE.md 7, security.md): imports by `..` or absolute path, links to
 * files or folders outside, a linked `notify-recipients.json`, a linked
 * `--event-file` or `.notify` file. Real files and symbolic links in a temp
 * folder, through the built `notify` process and the host the language
 * server and the extension use; a sibling folder inside the repository
 * still imports.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { analyze } from '../../grammar/analyze';
import { FileReader, nodeImportHost } from '../../host/files';
import { runCli, scratch } from '../client/cli/runCli';

const MARK = 'TOPSECRET-7f3a9c';
/** Not JSON and not a .notify file: every parser's error would start by quoting it. */
const PRIVATE = `${MARK} aws_secret_access_key=wJalrXUtnFEMI/K7MDENG\n`;
const CATALOG = JSON.stringify({ events: { 'deploy.finished': { variables: { Service: { type: 'string', example: 'api' } } } } });
const notifier = (imp: string) => `import "${imp}";\nnotifier "n" {\n    on deploy.finished;\n    webhook { url = "https://example.com/h"; body = $Service; }\n}\n`;
const mail = `notifier "M" {\n    on product.released;\n    email { to = "@admins"; subject = "s"; }\n}\n`;

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** DIR/outside/private.txt (and a folder holding it), DIR/repo with a .git folder. */
function layout(files: Record<string, string>): { dir: string; repo: string; secret: string } {
  const dir = scratch({ 'outside/private.txt': PRIVATE, 'outside/private.json': PRIVATE, 'outside/x.notify': PRIVATE });
  dirs.push(dir);
  const repo = join(dir, 'repo');
  mkdirSync(join(repo, '.git'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(repo, name, '..'), { recursive: true });
    writeFileSync(join(repo, name), text);
  }
  return { dir, repo, secret: join(dir, 'outside', 'private.json') };
}

function assertNotQuoted(out: string): void {
  assert.ok(!out.includes(MARK) && !out.includes('TOPSECRET') && !out.includes('wJalrX'), `quoted the outside file: ${out}`);
}

describe('imports that lead out of the repository are refused, not quoted', () => {
  const cases: [string, (dir: string, repo: string) => string][] = [
    ['a relative path with ..', () => '../../outside/private.json'],
    ['a path climbing far above', () => '../../../../../../../../../..' + '/etc/passwd'],
    ['an absolute path', (dir) => join(dir, 'outside', 'private.json')],
    ['a link to a file outside', (dir, repo) => (symlinkSync(join(dir, 'outside', 'private.json'), join(repo, 'alerts', 'link.json')), 'link.json')],
    ['a link to a folder outside', (dir, repo) => (symlinkSync(join(dir, 'outside'), join(repo, 'alerts', 'linked')), 'linked/private.json')],
  ];
  for (const [how, make] of cases) {
    it(how, async () => {
      const { dir, repo } = layout({ 'alerts/placeholder': '' });
      const imp = make(dir, repo);
      writeFileSync(join(repo, 'alerts', 'a.notify'), notifier(imp));
      for (const command of ['check', 'render']) {
        const r = await runCli([command, 'alerts/a.notify'], { cwd: repo, timeoutMs: 30_000 });
        assert.equal(r.code, 1, r.stdout + r.stderr);
        assertNotQuoted(r.stdout + r.stderr);
        assert.match(r.stdout + r.stderr, /NTF401: Cannot import ".*": outside the workspace root .*, not read/);
      }
      // The host the language server and the extension use (a FileReader shared between analyses).
      const analysis = analyze(notifier(imp), nodeImportHost(join(repo, 'alerts'), { files: new FileReader() }));
      const ntf401 = analysis.diagnostics.filter((d) => d.code === 'NTF401');
      assert.equal(ntf401.length, 1);
      assert.match(ntf401[0]!.message, /outside the workspace root/);
      assertNotQuoted(JSON.stringify(analysis.diagnostics));
    });
  }

  it('a sibling folder inside the repository, and a link that stays inside it, still import', async () => {
    const { repo } = layout({ 'catalogs/events.json': CATALOG, 'alerts/a.notify': notifier('../catalogs/events.json'), 'alerts/b.notify': notifier('link.json') });
    symlinkSync(join(repo, 'catalogs', 'events.json'), join(repo, 'alerts', 'link.json'));
    for (const file of ['alerts/a.notify', 'alerts/b.notify']) {
      const r = await runCli(['render', file], { cwd: repo, timeoutMs: 30_000 });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(JSON.parse(r.stdout).deliveries[0].request.body, 'api');
    }
  });
});

describe('other files a repository names or plants', () => {
  it('notify-recipients.json linked to a file outside: NTF346 without its contents', async () => {
    const { dir, repo } = layout({ 'team/n.notify': mail });
    symlinkSync(join(dir, 'outside', 'private.json'), join(repo, 'notify-recipients.json'));
    const r = await runCli(['check', 'team/n.notify'], { cwd: repo, timeoutMs: 30_000 });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assertNotQuoted(r.stdout + r.stderr);
    assert.match(r.stdout, /NTF346: .*outside the workspace root/);
    const render = await runCli(['render', 'team/n.notify'], { cwd: repo, timeoutMs: 30_000 });
    assertNotQuoted(render.stdout + render.stderr);
  });

  it('an --event-file or a .notify file linked outside: unreadable input, not quoted', async () => {
    const { dir, repo } = layout({ 'a.notify': notifier('events.json'), 'events.json': CATALOG });
    symlinkSync(join(dir, 'outside', 'private.json'), join(repo, 'captured.json'));
    symlinkSync(join(dir, 'outside', 'x.notify'), join(repo, 'b.notify'));
    for (const args of [['render', 'a.notify', '--event-file', 'captured.json'], ['check', 'b.notify'], ['fmt', '--check', 'b.notify'], ['test', 'b.notify'], ['events', '--import', 'captured.json']]) {
      const r = await runCli(args, { cwd: repo, timeoutMs: 30_000 });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assertNotQuoted(r.stdout + r.stderr);
      assert.match(r.stderr, /outside the workspace root .*, not read/);
    }
  });

  it('without .git or .notify, the current folder bounds what a link may reach (the CLI)', async () => {
    const dir = scratch({ 'outside/private.json': PRIVATE, 'work/notify-recipients.json': JSON.stringify({ groups: { admins: ['a@example.com'] } }), 'work/team/n.notify': mail });
    dirs.push(dir);
    // Found above the file, inside the current folder: used.
    const ok = await runCli(['render', 'team/n.notify'], { cwd: join(dir, 'work'), timeoutMs: 30_000 });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    rmSync(join(dir, 'work', 'notify-recipients.json'));
    symlinkSync(join(dir, 'outside', 'private.json'), join(dir, 'work', 'notify-recipients.json'));
    const r = await runCli(['check', 'team/n.notify'], { cwd: join(dir, 'work'), timeoutMs: 30_000 });
    assertNotQuoted(r.stdout + r.stderr);
    assert.match(r.stdout, /NTF346: .*outside the workspace root/);
  });
});

describe('the editor without .git or .notify', () => {
  it('its workspace folder is the root: a sibling folder imports, a link out of the folder is refused unquoted', async () => {
    const { TestServer } = await import('../server/harness');
    const { pathToFileURL } = await import('node:url');
    const dir = scratch({ 'outside/private.json': PRIVATE, 'work/events/deploy.json': CATALOG, 'work/team/a.notify': notifier('../events/deploy.json') });
    dirs.push(dir);
    symlinkSync(join(dir, 'outside', 'private.json'), join(dir, 'work', 'events', 'linked.json'));
    const server = await TestServer.start({ rootDir: join(dir, 'work') });
    try {
      const inside = pathToFileURL(join(dir, 'work', 'team', 'a.notify')).href;
      await server.open(inside, notifier('../events/deploy.json'));
      assert.deepEqual((await server.diagnostics(inside)).map((d) => d.code), [], 'a sibling folder of the workspace folder imports');
      const linked = pathToFileURL(join(dir, 'work', 'team', 'b.notify')).href;
      await server.open(linked, notifier('../events/linked.json'));
      const ds = await server.diagnostics(linked);
      assert.ok(ds.some((d) => d.code === 'NTF401' && /outside the workspace root/.test(String(d.message))), JSON.stringify(ds));
      assertNotQuoted(JSON.stringify(ds));
    } finally {
      await server.stop();
    }
  });
});

describe('the preview and Send Test without .git or .notify: the same root as the language server', () => {
  /** DIR/work is the editor's workspace folder; DIR/work/team/a.notify imports from the sibling DIR/work/events. */
  function workspace(): { dir: string; work: string; file: string } {
    const dir = scratch({ 'outside/private.json': PRIVATE, 'work/events/deploy.json': CATALOG, 'work/team/a.notify': notifier('../events/deploy.json') });
    dirs.push(dir);
    symlinkSync(join(dir, 'outside', 'private.json'), join(dir, 'work', 'events', 'linked.json'));
    return { dir, work: join(dir, 'work'), file: join(dir, 'work', 'team', 'a.notify') };
  }

  it('the shared host: the workspace folder is the root when the file is inside it, else the file\'s own folder', async () => {
    const { editorImportHost } = await import('../../host/files');
    const { dir, work } = workspace();
    const team = join(work, 'team');
    assert.ok('text' in editorImportHost(team, work).readImport('../events/deploy.json'));
    const linked = editorImportHost(team, work).readImport('../events/linked.json');
    assert.ok('error' in linked && /outside the workspace root/.test(linked.error), JSON.stringify(linked));
    assertNotQuoted(JSON.stringify(linked));
    // No folder open, or a folder the file is not in: the file's own folder is its root.
    for (const folder of [undefined, join(dir, 'outside')]) {
      const r = editorImportHost(team, folder).readImport('../events/deploy.json');
      assert.ok('error' in r && r.error.includes(`outside the workspace root ${team}`), `${folder}: ${JSON.stringify(r)}`);
    }
  });

  it('the preview job reads the sibling folder as the server does, and refuses a link out of the folder unquoted', async () => {
    const { runPreviewJob } = await import('../../client/extension/preview/previewJob');
    const { readFileSync } = await import('node:fs');
    const { work, file } = workspace();
    const job = (text: string, workspaceFolder: string | undefined) => runPreviewJob({ text, filePath: file, fallbackDir: work, workspaceFolder, openTexts: {}, selection: {}, allowedEnv: [] });
    const inside = job(readFileSync(file, 'utf8'), work);
    assert.deepEqual(inside.problems, []);
    assert.equal(inside.deliveries.length, 1);
    assert.equal(inside.deliveries[0]!.request!.body, 'api');
    const linked = job(notifier('../events/linked.json'), work);
    assert.ok(linked.problems.some((p) => p.where === 'NTF401' && /outside the workspace root/.test(p.message)), JSON.stringify(linked.problems));
    assertNotQuoted(JSON.stringify(linked));
    const noFolder = job(readFileSync(file, 'utf8'), undefined);
    assert.ok(noFolder.problems.some((p) => p.where === 'NTF401' && p.message.includes(`outside the workspace root ${join(work, 'team')}`)), JSON.stringify(noFolder.problems));
  });
});
