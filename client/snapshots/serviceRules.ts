import * as AdaptiveCards from 'adaptivecards';
import { SLACK_BLOCK_TYPES, SLACK_LIMITS } from '../../grammar/channels/slack/blocks';
import type { RenderedDelivery } from '../../grammar/render/delivery';

/**
 * What each service accepts (spec section 10.3), checked on a rendered
 * delivery so that `notify test` fails before the service would answer 400
 * (or quietly cut a message). Each message is `CHANNEL: what is wrong`.
 */

const chars = (s: string): number => [...s].length;
type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

function parseBody(d: RenderedDelivery, problems: string[]): Json {
  const body = d.request?.body;
  if (body === null || body === undefined) {
    problems.push('the request has no body');
    return undefined;
  }
  try {
    return JSON.parse(body) as Json;
  } catch {
    problems.push('the body is not JSON');
    return undefined;
  }
}

const BLOCK_TYPES: ReadonlySet<string> = new Set(SLACK_BLOCK_TYPES);
const L = SLACK_LIMITS;

function slack(payload: Json, problems: string[]): void {
  if (!isObject(payload)) return void problems.push('the body is not a JSON object');
  const text = payload.text;
  const blocks = payload.blocks;
  const attachments = payload.attachments;
  if (text !== undefined && typeof text !== 'string') problems.push('`text` is not a string');
  if (typeof text === 'string' && chars(text) > L.text) problems.push(`\`text\` has ${chars(text)} characters; Slack truncates messages over ${L.text}`);
  if ((typeof text !== 'string' || text.trim() === '') && !Array.isArray(blocks)) problems.push('`text` is empty and there are no blocks: Slack rejects the message');
  if (Array.isArray(attachments) && attachments.length > 100) problems.push(`${attachments.length} attachments; Slack allows 100`);
  if (blocks === undefined) return;
  if (!Array.isArray(blocks)) return void problems.push('`blocks` is not a list');
  if (blocks.length > L.blocks) problems.push(`${blocks.length} blocks; Block Kit allows ${L.blocks} in a message`);
  blocks.forEach((block, i) => {
    const where = `block ${i + 1}`;
    if (!isObject(block) || typeof block.type !== 'string') return void problems.push(`${where} has no \`type\``);
    if (!BLOCK_TYPES.has(block.type)) problems.push(`${where} has the unknown type "${block.type}"`);
    const textOf = (v: Json): string | undefined => (isObject(v) && typeof v.text === 'string' ? v.text : undefined);
    if (block.type === 'section') {
      const t = textOf(block.text);
      if (t !== undefined && chars(t) > L.sectionText) problems.push(`${where}: section text has ${chars(t)} characters; Block Kit allows ${L.sectionText}`);
      if (t === undefined && !Array.isArray(block.fields)) problems.push(`${where}: a section needs \`text\` or \`fields\``);
      if (Array.isArray(block.fields)) {
        if (block.fields.length > L.fields) problems.push(`${where}: ${block.fields.length} fields; Block Kit allows ${L.fields}`);
        block.fields.forEach((f, j) => {
          const ft = textOf(f);
          if (ft !== undefined && chars(ft) > L.fieldText) problems.push(`${where}: field ${j + 1} has ${chars(ft)} characters; Block Kit allows ${L.fieldText}`);
        });
      }
    }
    if (block.type === 'header') {
      const t = textOf(block.text);
      if (t === undefined) problems.push(`${where}: a header needs \`text\``);
      else if (chars(t) > L.headerText) problems.push(`${where}: header text has ${chars(t)} characters; Block Kit allows ${L.headerText}`);
    }
  });
}

function discord(payload: Json, problems: string[]): void {
  if (!isObject(payload)) return void problems.push('the body is not a JSON object');
  const content = typeof payload.content === 'string' ? payload.content : '';
  const embeds = Array.isArray(payload.embeds) ? payload.embeds : [];
  if (chars(content) > 2000) problems.push(`\`content\` has ${chars(content)} characters; Discord allows 2000`);
  if (content.trim() === '' && embeds.length === 0) problems.push('no `content` and no embed: Discord rejects an empty message');
  if (embeds.length > 10) problems.push(`${embeds.length} embeds; Discord allows 10`);
  let total = 0;
  embeds.forEach((embed, i) => {
    const where = `embed ${i + 1}`;
    if (!isObject(embed)) return void problems.push(`${where} is not an object`);
    const limit = (what: string, v: Json, max: number): void => {
      if (typeof v !== 'string') return;
      total += chars(v);
      if (chars(v) > max) problems.push(`${where}: ${what} has ${chars(v)} characters; Discord allows ${max}`);
    };
    limit('the title', embed.title, 256);
    limit('the description', embed.description, 4096);
    if (isObject(embed.footer)) limit('the footer', embed.footer.text, 2048);
    if (isObject(embed.author)) limit('the author name', embed.author.name, 256);
    if (embed.color !== undefined && !(Number.isInteger(embed.color) && (embed.color as number) >= 0 && (embed.color as number) <= 0xffffff)) {
      problems.push(`${where}: color ${JSON.stringify(embed.color)} is not an integer from 0 to 16777215`);
    }
    const fields = Array.isArray(embed.fields) ? embed.fields : [];
    if (fields.length > 25) problems.push(`${where}: ${fields.length} fields; Discord allows 25`);
    fields.forEach((f, j) => {
      if (!isObject(f)) return;
      const name = typeof f.name === 'string' ? f.name : '';
      const value = typeof f.value === 'string' ? f.value : '';
      if (name.trim() === '') problems.push(`${where}: field ${j + 1} has an empty name`);
      if (value.trim() === '') problems.push(`${where}: field ${j + 1} has an empty value`);
      limit(`the name of field ${j + 1}`, name, 256);
      limit(`the value of field ${j + 1}`, value, 1024);
    });
  });
  if (total > 6000) problems.push(`the embeds have ${total} characters together; Discord allows 6000`);
}

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const TEAMS_MAX_BYTES = 28 * 1024;

/** Problems the Adaptive Cards library finds parsing and validating a card for version 1.4. */
export function adaptiveCardProblems(content: Json): string[] {
  if (!isObject(content)) return ['the card is not an object'];
  const problems: string[] = [];
  if (content.type !== 'AdaptiveCard') problems.push(`the card's type is ${JSON.stringify(content.type)}, not "AdaptiveCard"`);
  const version = typeof content.version === 'string' ? /^(\d+)\.(\d+)$/.exec(content.version) : null;
  if (!version) problems.push(`the card's version ${JSON.stringify(content.version)} is not MAJOR.MINOR`);
  else if (Number(version[1]) > 1 || (Number(version[1]) === 1 && Number(version[2]) > 4)) problems.push(`the card's version is ${content.version}; Teams renders up to 1.4`);
  const card = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext(AdaptiveCards.Versions.v1_4);
  card.parse(content, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`Adaptive Card: ${context.getEventAt(i).message}`);
  for (const event of card.validateProperties().validationEvents) problems.push(`Adaptive Card: ${event.message}`);
  return problems;
}

function teams(d: RenderedDelivery, payload: Json, problems: string[]): void {
  const bytes = Buffer.byteLength(d.request?.body ?? '');
  if (bytes > TEAMS_MAX_BYTES) problems.push(`the body is ${bytes} bytes; Teams accepts ${TEAMS_MAX_BYTES}`);
  if (!isObject(payload) || !Array.isArray(payload.attachments)) return;
  for (const attachment of payload.attachments) {
    if (isObject(attachment) && attachment.contentType === ADAPTIVE) problems.push(...adaptiveCardProblems(attachment.content));
  }
}

const PAGERDUTY = /^https:\/\/events(\.eu)?\.pagerduty\.com\/v2\/enqueue\/?$/i;

function pagerduty(payload: Json, problems: string[]): void {
  if (!isObject(payload)) return void problems.push('PagerDuty: the body is not a JSON object');
  const nonEmpty = (v: Json): boolean => typeof v === 'string' && v.trim() !== '';
  if (!nonEmpty(payload.routing_key)) problems.push('PagerDuty: `routing_key` is missing');
  const action = payload.event_action;
  if (action !== 'trigger' && action !== 'acknowledge' && action !== 'resolve') {
    problems.push(`PagerDuty: \`event_action\` is ${JSON.stringify(action)}, not "trigger", "acknowledge" or "resolve"`);
  }
  if (action !== 'trigger') return;
  const p = isObject(payload.payload) ? payload.payload : {};
  if (!nonEmpty(p.summary)) problems.push('PagerDuty: a trigger needs `payload.summary`');
  else if (chars(p.summary as string) > 1024) problems.push(`PagerDuty: \`payload.summary\` has ${chars(p.summary as string)} characters; PagerDuty allows 1024`);
  if (!nonEmpty(p.source)) problems.push('PagerDuty: a trigger needs `payload.source`');
  if (!['critical', 'error', 'warning', 'info'].includes(p.severity as string)) {
    problems.push(`PagerDuty: \`payload.severity\` is ${JSON.stringify(p.severity)}, not "critical", "error", "warning" or "info"`);
  }
}

export function serviceProblems(d: RenderedDelivery): string[] {
  const problems: string[] = [];
  switch (d.channel) {
    case 'slack':
      slack(parseBody(d, problems), problems);
      break;
    case 'discord':
      discord(parseBody(d, problems), problems);
      break;
    case 'teams':
      teams(d, parseBody(d, problems), problems);
      break;
    case 'webhook':
      if (d.request && PAGERDUTY.test(d.request.url)) pagerduty(parseBody(d, problems), problems);
      break;
    case 'email': {
      const e = d.email!;
      if (!e.to.length) problems.push('no recipient in `to`');
      if (/[\r\n]/.test(e.subject)) problems.push('the subject has a line break');
      if (chars(e.subject) > 998) problems.push(`the subject has ${chars(e.subject)} characters; a mail header line allows 998`);
      break;
    }
  }
  return problems.map((p) => `${d.channel}: ${p}`);
}
