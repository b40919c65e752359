// The preview page on its own, in Chromium: the real page (buildPreviewHtml,
// with its CSP) and the real webview script (dist/webview.js), fed a model
// built from a real render of every channel kind. Faster than the full
// workbench test, and it shows each receiver's look (Teams through the
// adaptivecards library and as a MessageCard, Discord, Slack's Block Kit,
// Google Chat, PagerDuty, Mattermost, ntfy, the email's sandboxed HTML
// part), with a screenshot of each in the artifacts (preview-page/*.png).
// Needs `npm run build` (dist/webview.js) and Chromium.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyzeText, renderForPreview } from '../../client/extension/engine';
import { fileOutline } from '../../client/extension/outline';
import { buildPreviewHtml, makeNonce } from '../../client/extension/preview/html';
import { buildPreviewModel, type PreviewModel } from '../../client/extension/preview/model';
import { choicesFor, sanitize } from '../../client/extension/preview/selection';
import { artifactsDir, repoRoot } from './harness';

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

function model(): PreviewModel {
  const analysis = analyzeText(FILE, undefined, repoRoot);
  const outline = fileOutline(analysis.file);
  const selection = sanitize({}, outline);
  const outcome = renderForPreview(FILE, analysis, selection);
  assert.deepEqual(outcome.problems, []);
  return buildPreviewModel({
    fileName: 'every.notify',
    selection,
    choices: choicesFor(outline, selection),
    deliveries: outcome.deliveries,
    problems: outcome.problems,
    skipped: outcome.skipped,
    restricted: false,
  });
}

describe('preview page in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  const remoteRequests: string[] = [];
  const consoleLines: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(buildPreviewHtml({ cspSource: origin, nonce: makeNonce(), scriptUri: `${origin}/webview.js`, styleUri: `${origin}/webview.css` }));
      } else if (req.url === '/webview.js' || req.url === '/webview.css') {
        res.writeHead(200, { 'content-type': req.url.endsWith('.js') ? 'text/javascript' : 'text/css' });
        res.end(readFileSync(join(repoRoot, 'dist', req.url.slice(1))));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    browser = await chromium.launch({ executablePath: process.env.NOTIFY_E2E_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('http://127.0.0.1')) remoteRequests.push(r.url());
    });
    // VS Code gives webviews acquireVsCodeApi(); this stand-in records what the page posts.
    // (A string: tsx would wrap a function's inner names in a helper the page does not have.)
    await page.addInitScript(`
      window.__posted = [];
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m) });
    `);
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const m = model();
    await page.evaluate((data) => (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage({ type: 'model', model: data }, '*'), m);
    await page
      .locator('.delivery')
      .first()
      .waitFor({ timeout: 30_000 })
      .catch((e: Error) => {
        throw new Error(`${e.message}\npage console:\n${consoleLines.join('\n')}`);
      });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

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
  async function shoot(locator: ReturnType<Page['locator']>, name: string): Promise<void> {
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
