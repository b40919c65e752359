// The preview page on its own, in Chromium: the real page (buildPreviewHtml,
// with its CSP) and the real webview script (dist/webview.js), fed a model
// built from a real render of every channel kind. Faster than the full
// workbench test, and it shows each receiver's look (Teams through the
// adaptivecards library and as a MessageCard, Discord, Slack's Block Kit,
// Google Chat, PagerDuty, Mattermost, ntfy, the email's sandboxed HTML
// part), with a screenshot of each in the artifacts (preview-page/*.png).
// Needs `npm run build` (dist/webview.js) and Chromium.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { artifactsDir } from './harness';
import { openPreviewPage, previewModelOf, type PreviewPage } from './previewPageFixture';

const FILE = `notifier "Every channel" {
    on vulnerability.detected;
    slack {
        url    = $Secret("slack-secops");
        text   = "$VulnerabilityId: $VulnerabilitySummary";
        blocks = @(
            %SlackHeader(":rotating_light: $VulnerabilityId ($VulnerabilitySeverity)"),
            %SlackSection("*$VulnerabilitySummary* in _$FeedName_", %(Score: $VulnerabilityScore, Feed: $FeedName)),
            %SlackDivider(),
            %SlackContext("<!here> detected at $Timestamp", "_Notify_ :shield:"),
            %SlackActions(%("Open advisory": "https://proget.example.com/vulnerabilities", "Feed": "https://proget.example.com/feeds"))
        );
    }
    teams {
        url   = $Secret("teams-flow");
        title = "$VulnerabilityId in $FeedName";
        text  = "Score **$VulnerabilityScore**";
        facts = %(Severity: $VulnerabilitySeverity, Feed: $FeedName);
    }
    discord {
        url         = $Secret("discord");
        title       = "New $VulnerabilitySeverity vulnerability";
        description = "**$VulnerabilityId** affects $ListCount(@AffectedPackages) packages";
        color       = "#5865f2";
        fields      = %(Feed: $FeedName);
    }
    teams {
        url              = $Secret("teams-connector");
        format           = "messagecard";
        title            = "$VulnerabilityId (MessageCard)";
        text             = "Legacy connector card";
        facts            = %(Score: "$VulnerabilityScore");
        sections         = @(%(activityTitle: "Found in $FeedName", activitySubtitle: "by Notify", text: "See the advisory"));
        potential_action = @(%("@type": "OpenUri", name: "Open advisory", targets: @(%(os: "default", uri: "https://proget.example.com/vulnerabilities"))));
    }
    googlechat {
        url      = $Secret("chat");
        text     = "*$VulnerabilityId* found in $FeedName";
        title    = "$VulnerabilityId";
        subtitle = "Score $VulnerabilityScore";
        fields   = %(Feed: $FeedName, Severity: $VulnerabilitySeverity);
    }
    pagerduty {
        routing_key    = $Secret("pd");
        summary        = "$VulnerabilityId in $FeedName";
        source         = "proget.example.com";
        custom_details = %(Score: $VulnerabilityScore, Feed: $FeedName);
    }
    mattermost {
        url      = $Secret("mm");
        text     = "**$VulnerabilityId** in _$FeedName_";
        username = "ProGet";
        color    = "danger";
        fields   = %(Score: $VulnerabilityScore);
    }
    ntfy {
        url      = $Secret("ntfy-topic");
        title    = "$VulnerabilityId";
        message  = "**$VulnerabilitySummary** in $FeedName";
        markdown = true;
        priority = "high";
        tags     = @("warning", "package");
        click    = "https://proget.example.com/vulnerabilities";
    }
    email {
        to      = "secops@example.com";
        subject = "$VulnerabilityId";
        body    = "Plain text part";
        html    = "<h1 style='color:#b00'>$VulnerabilityId</h1><p>HTML part</p><script>document.title='pwned'</script>";
    }
}
`;

describe('preview page in Chromium', () => {
  let preview: PreviewPage;
  let page: PreviewPage['page'];
  let remoteRequests: string[] = [];

  before(async () => {
    preview = await openPreviewPage();
    page = preview.page;
    remoteRequests = preview.remoteRequests;
    await preview.show(previewModelOf({ text: FILE }, 'every.notify'));
  });

  after(async () => preview?.close());

  test('the page says it is ready and posts the user\'s choice back', async () => {
    await page.selectOption('#notify-example', { label: 'catalog example of vulnerability.detected' });
    const posted = (await page.evaluate(() => (globalThis as unknown as { __posted: unknown[] }).__posted)) as { type: string; selection?: object }[];
    assert.deepEqual(posted[0], { type: 'ready' });
    assert.deepEqual(posted.at(-1), { type: 'select', selection: { notifier: undefined, sample: undefined, event: 'vulnerability.detected' } });
  });

  test('Teams shows an Adaptive Card drawn by the adaptivecards library', async () => {
    const card = page.locator('.teams .ac-adaptiveCard');
    await card.waitFor();
    const text = await card.innerText();
    assert.match(text, /PGV-\S+ in \S+/);
    assert.match(text, /Severity/);
  });

  test('Discord shows the embed with its colour bar, title and fields', async () => {
    assert.match(await page.locator('.discord .embed .title').innerText(), /^New \S+ vulnerability$/);
    assert.equal(await page.locator('.discord .embed .description strong').first().innerText().then((t) => /^PGV-/.test(t)), true);
    assert.match(String(await page.locator('.discord .embed .bar').getAttribute('style')), /rgb\(88, 101, 242\)/);
    assert.deepEqual(await page.locator('.discord .field .name').allInnerTexts(), ['Feed']);
  });

  test('Slack shows the Block Kit blocks as Slack lays them out, the text as the notification', async () => {
    const blocks = page.locator('.slack .blocks');
    await blocks.waitFor();
    assert.match(await blocks.locator('.header').innerText(), /^🚨 PGV-\S+ \(\S+\)$/);
    assert.match(await blocks.locator('.section-text strong').innerText(), /Newtonsoft\.Json/);
    assert.equal(await blocks.locator('.section-text em').innerText(), 'internal-nuget');
    assert.deepEqual((await blocks.locator('.block-field').allInnerTexts()).map((t) => t.split('\n')[0]), ['Score', 'Feed']);
    assert.equal(await blocks.locator('hr.divider').count(), 1);
    assert.deepEqual(await blocks.locator('.context .mention').allInnerTexts(), ['@here']);
    assert.match(await blocks.locator('.context').innerText(), /Notify 🛡/);
    assert.deepEqual(await blocks.locator('.actions a.button').allInnerTexts(), ['Open advisory', 'Feed']);
    assert.equal(await blocks.locator('.actions a.button').first().getAttribute('href'), 'https://proget.example.com/vulnerabilities');
    assert.match(await page.locator('.slack .notification').innerText(), /^Notification: PGV-/);
    mkdirSync(join(artifactsDir, 'preview-page'), { recursive: true });
    await page.locator('.slack').screenshot({ path: join(artifactsDir, 'preview-page', 'slack-block-kit.png') });
  });

  /** Each channel's preview as its service shows it, saved for review beside the Slack one. */
  async function shoot(locator: ReturnType<PreviewPage['page']['locator']>, name: string): Promise<void> {
    mkdirSync(join(artifactsDir, 'preview-page'), { recursive: true });
    await locator.screenshot({ path: join(artifactsDir, 'preview-page', `${name}.png`) });
  }

  test('Teams Adaptive Card and MessageCard are each drawn as Teams shows them', async () => {
    const adaptive = page.locator('.teams.receiver', { has: page.locator('.ac-adaptiveCard') });
    await adaptive.locator('.ac-adaptiveCard').waitFor();
    assert.match(await adaptive.innerText(), /Score/);
    await shoot(adaptive, 'teams-adaptive-card');
    const messageCard = page.locator('.teams.receiver', { has: page.locator('.messagecard') });
    assert.match(await messageCard.innerText(), /PGV-\S+ \(MessageCard\)/i);
    assert.match(await messageCard.locator('.facts').innerText(), /Score/);
    assert.match(await messageCard.locator('.activity-title').innerText(), /^Found in \S+/);
    assert.deepEqual(await messageCard.locator('.actions .button').allInnerTexts(), ['Open advisory']);
    await shoot(messageCard, 'teams-messagecard');
  });

  test('Google Chat shows the text and the card with its header and rows', async () => {
    const chat = page.locator('.googlechat.receiver');
    assert.match(await chat.locator('.text strong').innerText(), /^PGV-/);
    assert.match(await chat.locator('.card .header .title').innerText(), /^PGV-/);
    assert.match(await chat.locator('.card .header .subtitle').innerText(), /^Score \S+/);
    assert.deepEqual(await chat.locator('.card .row .label').allInnerTexts(), ['Feed', 'Severity']);
    await shoot(chat, 'googlechat');
  });

  test('PagerDuty shows the alert: action, severity, summary, source and details', async () => {
    const alert = page.locator('.pagerduty.receiver');
    assert.match(await alert.locator('.meta').first().innerText(), /^trigger · \w+ · dedup_key /);
    assert.match(await alert.locator('.summary').innerText(), /^PGV-\S+ in \S+/);
    assert.match(await alert.innerText(), /source: proget\.example\.com/);
    assert.deepEqual(await alert.locator('td.name').allInnerTexts(), ['Score', 'Feed']);
    await shoot(alert, 'pagerduty');
  });

  test('Mattermost shows the Markdown text under its username, with the attachment fields', async () => {
    const post = page.locator('.mattermost.receiver');
    assert.match(await post.locator('.who').innerText(), /^ProGet/);
    assert.match(await post.locator('.text strong').innerText(), /^PGV-/);
    assert.deepEqual(await post.locator('.attachment .title').allInnerTexts(), ['Score']);
    await shoot(post, 'mattermost');
  });

  test('ntfy shows the notification: topic, priority, title, Markdown message, tags and click', async () => {
    const note = page.locator('.ntfy.receiver');
    assert.match(await note.locator('.meta').first().innerText(), /^ntfy · .* · priority high$/);
    assert.match(await note.locator('.title').innerText(), /^PGV-/);
    assert.equal(await note.locator('.message strong').count(), 1);
    assert.equal(await note.locator('.tags').innerText(), '#warning #package');
    assert.match(await note.innerText(), /Tap opens https:\/\/proget\.example\.com\/vulnerabilities/);
    await shoot(note, 'ntfy');
  });

  test('Discord: the message as Discord shows it', async () => {
    await shoot(page.locator('.discord.receiver'), 'discord');
  });

  test('the email HTML part is shown in a sandbox where its script does not run', async () => {
    const frameElement = page.locator('.email iframe');
    assert.equal(await frameElement.getAttribute('sandbox'), '');
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(frame, 'the email frame exists');
    await frame.locator('h1').waitFor();
    assert.match(await frame.locator('h1').innerText(), /^PGV-/);
    assert.notEqual(await page.title(), 'pwned');
    assert.match(await page.locator('.email .part pre').innerText(), /Plain text part/);
  });

  test('secrets are shown as placeholders and nothing is fetched from outside', async () => {
    const requestLines = await page.locator('.raw .request-line').allInnerTexts();
    assert.ok(requestLines.includes('POST \u2039secret:teams-flow\u203a'), requestLines.join(' | '));
    assert.deepEqual(remoteRequests, []);
    mkdirSync(join(artifactsDir, 'preview-page'), { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'preview-page', 'every-channel.png'), fullPage: true });
    await page.locator('.email').screenshot({ path: join(artifactsDir, 'preview-page', 'email.png') });
  });
});
