import { diagnostic, type Fix, type TextEdit } from '../../diagnostics';
import type { ChannelBlock, Expr, Property } from '../../syntax/ast';
import type { ChannelCheck } from '../channel';
import { convertMessageCard, literal, messageCardToAdaptive } from './convert';

/** Properties only one card format has (LANGUAGE.md 6.2). */
const ADAPTIVE_ONLY = ['body', 'actions'];
const MESSAGECARD_ONLY = ['sections', 'potential_action'];
/** Adaptive Card actions that post back to a bot: a webhook has none, so Teams shows a button that fails. */
const BOT_ACTIONS = new Set(['action.submit', 'action.execute']);

/**
 * The Teams checks that need the whole block: a card format that does not
 * fit the URL (NTF228, NTF229) or the properties written (NTF230), and
 * card actions that need a bot (NTF227). A URL that is a secret is not
 * known, so nothing is said about it.
 */
export function checkTeamsBlock(block: ChannelBlock, check: ChannelCheck): void {
  const props = new Map<string, Property>();
  for (const p of block.properties) if (p.value && !props.has(p.name.text)) props.set(p.name.text, p);
  for (const name of ['body', 'actions']) {
    const value = props.get(name)?.value;
    if (value) botActions(value, check);
  }
  const formatProp = props.get('format');
  const format = formatProp?.value ? literal(formatProp.value) : 'adaptive';
  if (format !== 'adaptive' && format !== 'messagecard') return; // computed, or NTF203
  const written = (names: readonly string[]) => names.filter((n) => props.has(n));
  const convert = converterFix(block, check);

  if (format === 'messagecard') {
    for (const name of written(ADAPTIVE_ONLY)) {
      const toAdaptive: Fix[] =
        formatProp?.value && written(MESSAGECARD_ONLY).length === 0
          ? [{ title: 'Change `format` to "adaptive"', edits: [{ span: formatProp.value.span, newText: '"adaptive"' }], preferred: true }]
          : [];
      check.report(
        diagnostic('NTF230', props.get(name)!.name.span, `\`${name}\` belongs to an Adaptive Card, but this block sends a MessageCard (\`format = "messagecard"\`); it would not be sent.`, { fixes: toAdaptive }),
      );
    }
  } else {
    for (const name of written(MESSAGECARD_ONLY)) {
      check.report(
        diagnostic(
          'NTF230',
          props.get(name)!.name.span,
          `\`${name}\` belongs to a MessageCard, but this block sends an Adaptive Card (${formatProp ? '`format = "adaptive"`' : 'the default format'}); it would not be sent. Convert it: ${name === 'sections' ? '`sections` become `body` elements' : '`potential_action` becomes `actions`'}.`,
          { fixes: convert },
        ),
      );
    }
  }

  const url = urlOf(props.get('url')?.value);
  if (!url) return;
  if (format === 'messagecard' && isWorkflowsUrl(url)) {
    check.report(
      diagnostic(
        'NTF228',
        formatProp?.value?.span ?? block.keywordSpan,
        `This is a Teams Workflows URL, which takes an Adaptive Card; a MessageCard (\`format = "messagecard"\`) is refused or shown empty. Convert the card (\`notify convert --only ${messageCardToAdaptive.id}\`): \`title\`, \`text\` and \`facts\` stay, \`sections\` become \`body\`, \`potential_action\` becomes \`actions\`.${cannot(block, check)}`,
      ),
    );
  }
  if (format === 'adaptive' && isConnectorUrl(url)) {
    const fixes: Fix[] = [];
    if (written(ADAPTIVE_ONLY).length === 0) {
      const edit: TextEdit = formatProp?.value
        ? { span: formatProp.value.span, newText: '"messagecard"' }
        : insertProperty(block, check.text, 'format = "messagecard";');
      if (formatProp?.value || check.text !== undefined) fixes.push({ title: 'Send a MessageCard (`format = "messagecard"`)', edits: [edit] });
    }
    check.report(
      diagnostic(
        'NTF229',
        formatProp?.value?.span ?? block.keywordSpan,
        `This is an Office 365 connector URL (retired), which shows MessageCards; this block sends an Adaptive Card${formatProp ? '' : ' (the default format)'}. Create a Teams Workflow ("Post to a channel when a webhook request is received") and use its URL${written(ADAPTIVE_ONLY).length ? '' : ', or send a MessageCard until then'}.`,
        { fixes },
      ),
    );
  }
}

/** " (It cannot be converted automatically: …)" when the converter gives up on this block. */
function cannot(block: ChannelBlock, check: ChannelCheck): string {
  if (check.text === undefined) return '';
  const result = convertMessageCard(block, check.text);
  return result && 'cannot' in result ? ` It cannot be converted automatically: ${result.cannot}.` : '';
}

/** The converter's edits as a quick fix, when the block can be converted. */
function converterFix(block: ChannelBlock, check: ChannelCheck): Fix[] {
  if (check.text === undefined) return [];
  const result = convertMessageCard(block, check.text);
  if (!result || 'cannot' in result) return [];
  return [{ title: messageCardToAdaptive.title, edits: result, preferred: true }];
}

function insertProperty(block: ChannelBlock, text: string | undefined, line: string): TextEdit {
  const last = block.properties[block.properties.length - 1];
  const at = last ? last.span.end : (block.bodySpan?.start ?? block.keywordSpan.end) + 1;
  const anchor = last?.span.start ?? block.keywordSpan.start;
  const lineStart = text ? text.lastIndexOf('\n', anchor - 1) + 1 : 0;
  const indent = text ? /^[ \t]*/.exec(text.slice(lineStart, anchor))![0] + (last ? '' : '    ') : '    ';
  return { span: { start: at, end: at }, newText: `\n${indent}${line}` };
}

function urlOf(value: Expr | undefined): URL | undefined {
  const text = value && literal(value);
  if (text === undefined) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Teams Workflows / Power Automate: `…logic.azure.com…/workflows/…`, `…environment.api.powerplatform.com/…/workflows/…`. */
export function isWorkflowsUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  const workflowHost = host.endsWith('.logic.azure.com') || host.endsWith('.powerplatform.com') || host.endsWith('.powerautomate.com');
  return workflowHost && /\/workflows\//i.test(url.pathname);
}

/** The retired Office 365 connectors: `*.webhook.office.com/webhookb2/…`, `outlook.office.com/webhook/…`. */
export function isConnectorUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  return host.endsWith('.webhook.office.com') || (host === 'outlook.office.com' && url.pathname.toLowerCase().startsWith('/webhook'));
}

/** NTF227: `type: "Action.Submit"` / `"Action.Execute"` anywhere in written card maps (also inside an ActionSet or a ShowCard). */
function botActions(expr: Expr, check: ChannelCheck): void {
  if (expr.kind === 'List') for (const item of expr.items) botActions(item, check);
  if (expr.kind !== 'Map') return;
  for (const e of expr.entries) {
    if (!e.value) continue;
    const type = e.key === 'type' ? literal(e.value) : undefined;
    if (type !== undefined && BOT_ACTIONS.has(type.toLowerCase())) {
      check.report(
        diagnostic(
          'NTF227',
          e.value.span,
          `\`${type}\` sends the card's inputs back to a bot; a card posted through a webhook has none, so the button fails when clicked. Use \`Action.OpenUrl\` with a link to where the action is taken.`,
        ),
      );
    }
    botActions(e.value, check);
  }
}
