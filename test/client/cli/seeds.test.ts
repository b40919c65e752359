import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli, scratch } from './runCli';

/**
 * ProGet's documented notifier contents, pasted unchanged into swim strings:
 * they must check clean and render with the event's values (ProGet's
 * variable names are the catalog's names).
 */
const PROGET = `notifier "Promoted" {
    on package.promoted;
    email {
        to = "team@example.com";
        subject = "$PackageId $PackageVersion promoted";
        body = >>
Great news, $PackageId $PackageVersion has just been promoted to $FeedName!!
Thanks to $UserName for pressing the Promote button.
>>;
    }
}

notifier "Build issues" {
    on build.issues_opened;
    webhook {
        url = "https://hooks.example.test/build";
        body = >>
Build $BuildNumber of $BuildProjectName $BuildReleaseNumber has $ListCount(@BuildIssues) open issue(s).
>>;
        content_type = "text/plain";
    }
}
`;

describe('ProGet content pasted as documented', () => {
  it('checks clean and renders with the variables ProGet names', async () => {
    const dir = scratch({ 'p.notify': PROGET });
    const check = await runCli(['check', 'p.notify'], { cwd: dir });
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const r = await runCli(['render', 'p.notify'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const [mail, hook] = JSON.parse(r.stdout).deliveries as { email?: { text: string }; request?: { body: string } }[];
    assert.equal(
      mail!.email!.text,
      'Great news, MyCorp.CoolUtils 3.2.0-pre.1 has just been promoted to internal-nuget!!\nThanks to Admin for pressing the Promote button.\n',
    );
    assert.match(hook!.request!.body, /^Build \S+ of Accounts 2\.4\.0 has \d+ open issue\(s\)\.\n$/);
  });

  it('a ProGet name this catalog spells differently is one error with the right name', async () => {
    const dir = scratch({ 'p.notify': PROGET.replace('$PackageId $PackageVersion has', '$PackageName $PackageVersion has') });
    const r = await runCli(['check', 'p.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1, r.stdout);
    assert.match(lines[0]!, /NTF102: .*`\$PackageName`.*Did you mean `PackageId`\?/);
  });
});
