/**
 * The preview webview's page. Everything the page runs comes from one
 * bundled script (dist/webview.js) allowed by nonce; the Content Security
 * Policy allows nothing else: no network (`connect-src` unset), no remote
 * images or fonts (a preview must never contact a receiver or a tracker).
 * Inline styles are allowed because an email's HTML part (shown in a
 * sandboxed srcdoc frame, which inherits this policy) is styled with style
 * attributes; with no remote loads allowed, CSS cannot leak anything.
 * Pure, so the policy is unit-tested.
 */
import { randomBytes } from 'node:crypto';

export interface PreviewHtmlInput {
  /** `webview.cspSource`: the origin VS Code serves local resources from. */
  readonly cspSource: string;
  /** `webview.asWebviewUri(dist/webview.js)` as a string. */
  readonly scriptUri: string;
  /** `webview.asWebviewUri(dist/webview.css)`: Adaptive Cards' styles. */
  readonly styleUri?: string;
  readonly nonce: string;
  readonly title?: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // No nonce here: a nonce would make browsers ignore 'unsafe-inline'.
    `style-src ${cspSource} 'unsafe-inline'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    // The email's HTML part is shown in a sandboxed srcdoc frame.
    "frame-src 'self' about:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function buildPreviewHtml(input: PreviewHtmlInput): string {
  const { cspSource, scriptUri, nonce } = input;
  if (!/^[A-Za-z0-9+/=]+$/.test(nonce)) throw new Error('nonce must be base64 characters');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${attr(input.title ?? 'Notify Preview')}</title>
${input.styleUri ? `<link rel="stylesheet" href="${attr(input.styleUri)}">\n` : ''}<style>${PREVIEW_CSS}</style>
</head>
<body>
<header id="toolbar" aria-label="Preview selection"></header>
<main id="content"><p class="muted">Rendering…</p></main>
<script nonce="${nonce}" src="${attr(scriptUri)}"></script>
</body>
</html>`;
}

const PREVIEW_CSS = `
:root { color-scheme: light dark; }
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 12px 24px; }
#toolbar { position: sticky; top: 0; background: var(--vscode-editor-background); padding: 8px 0; display: flex; flex-wrap: wrap; gap: 12px; align-items: center; border-bottom: 1px solid var(--vscode-panel-border); z-index: 2; }
#toolbar label { display: flex; gap: 6px; align-items: center; }
select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border: 1px solid var(--vscode-dropdown-border); padding: 2px 4px; }
.muted { opacity: 0.75; }
.badge { font-size: 0.85em; padding: 1px 6px; border-radius: 8px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.problems { border-left: 4px solid var(--vscode-editorError-foreground, #f14c4c); background: var(--vscode-inputValidation-errorBackground, rgba(241,76,76,0.1)); padding: 6px 10px; margin: 10px 0; }
.problems li { margin: 2px 0; }
.render-warning { border-left: 4px solid var(--vscode-editorWarning-foreground, #cca700); background: var(--vscode-inputValidation-warningBackground, rgba(204,167,0,0.1)); padding: 6px 10px; margin: 10px 0; }
.restricted { border-left: 4px solid var(--vscode-editorWarning-foreground, #cca700); padding: 6px 10px; margin: 10px 0; }
.delivery { border: 1px solid var(--vscode-panel-border); border-radius: 6px; margin: 14px 0; }
.delivery > h2 { font-size: 1em; margin: 0; padding: 6px 10px; border-bottom: 1px solid var(--vscode-panel-border); display: flex; gap: 8px; align-items: center; }
.columns { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; padding: 10px; }
@media (max-width: 700px) { .columns { grid-template-columns: minmax(0, 1fr); } }
.columns h3 { font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.05em; opacity: 0.7; margin: 0 0 6px; }
pre, code { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
pre { white-space: pre-wrap; word-break: break-word; margin: 0; }
.raw pre.body { background: var(--vscode-textCodeBlock-background); padding: 8px; border-radius: 4px; }
.raw .request-line { font-weight: bold; word-break: break-all; }
.raw table { border-collapse: collapse; margin: 6px 0; }
.raw td { padding: 1px 8px 1px 0; vertical-align: top; word-break: break-all; }
.raw td.name { opacity: 0.75; white-space: nowrap; }
.placeholder { background: var(--vscode-editorWarning-background, rgba(204,167,0,0.2)); border-radius: 3px; padding: 0 2px; }
.mention { background: rgba(29,155,209,0.15); color: #1d9bd1; border-radius: 3px; padding: 0 2px; }
/* Slack */
.slack { background: #fff; color: #1d1c1d; font-family: -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 15px; padding: 10px 12px; border-radius: 6px; }
.slack .who { font-weight: 900; margin-bottom: 2px; }
.slack .who .app { font-weight: normal; font-size: 10px; background: #e8e8e8; padding: 1px 3px; border-radius: 2px; margin-left: 4px; }
.slack code { background: #f6f6f6; border: 1px solid #ddd; color: #e01e5a; border-radius: 3px; padding: 0 3px; font-size: 12px; }
.slack pre { background: #f8f8f8; border: 1px solid #ddd; padding: 6px; border-radius: 4px; font-size: 12px; }
.slack a { color: #1264a3; }
.slack blockquote { border-left: 4px solid #ddd; margin: 0; padding-left: 8px; }
.slack .attachment { display: flex; margin-top: 6px; }
.slack .bar { width: 4px; border-radius: 4px; background: #ddd; flex: none; }
.slack .attachment-body { padding: 2px 10px; }
.slack .fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; margin-top: 4px; }
.slack .field.long { grid-column: 1 / span 2; }
.slack .field .title { font-weight: bold; }
.slack .emoji { font-style: normal; }
.slack .blocks .block { margin: 4px 0; }
.slack .blocks .header { font-size: 18px; font-weight: 900; line-height: 1.33; }
.slack .blocks .section { display: flex; gap: 12px; }
.slack .blocks .section-main { flex: 1; }
.slack .blocks .block-fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; margin-top: 4px; }
.slack .blocks .context { display: flex; flex-wrap: wrap; gap: 8px; font-size: 12px; color: #616061; }
.slack .blocks hr.divider { border: none; border-top: 1px solid #ddd; margin: 8px 0; }
.slack .blocks .actions { display: flex; flex-wrap: wrap; gap: 8px; }
.slack .blocks .button { display: inline-block; border: 1px solid #bbb; border-radius: 4px; padding: 3px 12px; font-size: 13px; font-weight: 700; color: #1d1c1d; text-decoration: none; background: #fff; }
.slack .blocks .button.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.slack .blocks .button.danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
.slack .blocks .image-alt { display: inline-block; border: 1px dashed #bbb; border-radius: 4px; padding: 6px 10px; color: #616061; font-size: 12px; }
.slack .blocks .other { color: #616061; font-style: italic; }
.slack .notification { font-size: 11px; margin-top: 6px; color: #616061; }
.discord .spoiler { background: #1e1f22; color: transparent; border-radius: 3px; }
.discord .spoiler:hover { color: inherit; }
.discord .heading { margin: 4px 0; color: #f2f3f5; }
.discord .subtext { color: #949ba4; font-size: 12px; display: block; }
.discord .timestamp { background: rgba(255,255,255,0.06); border-radius: 3px; padding: 0 2px; }
.discord blockquote { border-left: 4px solid #4e5058; margin: 0; padding-left: 8px; }
/* Discord */
.discord { background: #313338; color: #dbdee1; font-family: "gg sans", "Noto Sans", sans-serif; font-size: 15px; padding: 10px 12px; border-radius: 6px; }
.discord .who { color: #f2f3f5; font-weight: 600; margin-bottom: 2px; }
.discord .who .app { font-size: 10px; background: #5865f2; color: #fff; padding: 1px 4px; border-radius: 3px; margin-left: 4px; }
.discord a { color: #00a8fc; }
.discord code { background: #2b2d31; padding: 0 3px; border-radius: 3px; }
.discord pre { background: #2b2d31; border: 1px solid #1e1f22; padding: 6px; border-radius: 4px; }
.discord .embed { display: flex; margin-top: 6px; max-width: 520px; background: #2b2d31; border-radius: 4px; overflow: hidden; }
.discord .bar { width: 4px; background: #1e1f22; flex: none; }
.discord .embed-body { padding: 8px 12px 10px; }
.discord .embed .title { color: #f2f3f5; font-weight: 600; margin-bottom: 4px; }
.discord .fields { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; margin-top: 8px; }
.discord .field { grid-column: 1 / span 3; }
.discord .field.inline { grid-column: auto; }
.discord .field .name { color: #f2f3f5; font-weight: 600; font-size: 14px; }
/* Teams */
.teams { background: #f5f5f5; color: #242424; font-family: "Segoe UI", sans-serif; padding: 10px 12px; border-radius: 6px; }
.teams .card { background: #fff; border-radius: 4px; padding: 12px; box-shadow: 0 1px 2px rgba(0,0,0,0.2); }
.teams .card.messagecard { border-top: 4px solid #6264a7; }
.teams .facts td { padding: 2px 12px 2px 0; vertical-align: top; }
.teams .facts td.name { font-weight: 600; }
.teams .messagecard .section { margin-top: 8px; }
.teams .messagecard .activity-title { font-weight: 600; }
.teams .messagecard .actions { margin-top: 8px; display: flex; gap: 8px; }
.teams .messagecard .button { border: 1px solid #6264a7; color: #6264a7; border-radius: 4px; padding: 2px 10px; }
/* Email */
.email { border: 1px solid var(--vscode-panel-border); border-radius: 6px; overflow: hidden; }
.email .headers { padding: 8px 10px; background: var(--vscode-sideBar-background); }
.email .headers div { margin: 1px 0; }
.email .headers .subject { font-size: 1.15em; font-weight: 600; margin-bottom: 4px; }
.email .part { padding: 8px 10px; }
.email iframe { width: 100%; min-height: 240px; border: 0; background: #fff; }
.email .tabs { display: flex; gap: 4px; padding: 4px 10px 0; }
.email .tabs button { background: none; color: inherit; border: 0; border-bottom: 2px solid transparent; padding: 4px 8px; cursor: pointer; }
.email .tabs button[aria-selected="true"] { border-bottom-color: var(--vscode-focusBorder); }
.skipped { opacity: 0.75; }
`;
