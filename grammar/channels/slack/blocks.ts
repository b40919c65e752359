import { EvalError, type FunctionDef, type ParamDef } from '../../functions/signature';
import { JsonText } from '../http';
import { toJson, toText } from '../../functions/text';
import { T } from '../../types/type';
import { isList, isMap, SecretValue, type MapValue, type Value } from '../../values/value';

/**
 * Slack Block Kit (docs/LANGUAGE.md section 6.1): the helpers that write the
 * common blocks, and the limits Slack documents for them. Each figure's
 * source is cited beside it in the docs' limit table.
 */
export const SLACK_LIMITS = {
  /** chat.postMessage: "truncated at 40,000 characters". */
  text: 40_000,
  /** "up to 50 blocks in each message". */
  blocks: 50,
  sectionText: 3_000,
  fields: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
} as const;

/** The block types Slack documents for messages (https://api.slack.com/reference/block-kit/blocks). */
export const SLACK_BLOCK_TYPES: readonly string[] = ['header', 'section', 'context', 'divider', 'actions', 'image', 'rich_text', 'video', 'file', 'input'];

/** How a helper's argument is written into the block: mrkdwn text is escaped when the helper is written in `blocks`. */
export type SlackArg = 'mrkdwn' | 'mrkdwn-map' | 'plain' | 'links';

export interface SlackHelper {
  readonly def: FunctionDef;
  /** Per parameter (the last repeats for a variadic one). */
  readonly args: readonly SlackArg[];
  /** The block from evaluated arguments (what `def.call` runs). */
  readonly build: (args: readonly Value[]) => MapValue;
}

const m = (entries: readonly (readonly [string, Value])[]): MapValue => new Map(entries);
const textObject = (type: 'mrkdwn' | 'plain_text', text: string): MapValue =>
  m(type === 'plain_text' ? [['type', type], ['text', text], ['emoji', true]] : [['type', type], ['text', text]]);

function argText(fn: string, param: string, v: Value | undefined): string {
  if (v === undefined || v === null) return '';
  if (v instanceof SecretValue) throw new EvalError(`${fn}: ${param} is a secret; a secret cannot be message text`);
  if (isList(v) || isMap(v)) throw new EvalError(`${fn}: ${param} must be text, not a ${isList(v) ? 'list' : 'map'}`);
  return toText(v);
}

function argMap(fn: string, param: string, v: Value | undefined): MapValue {
  if (v === undefined || v === null) return new Map();
  if (isMap(v)) return v;
  throw new EvalError(`${fn}: ${param} must be a map, not ${isList(v) ? 'a list' : 'text'}`);
}

/** A field's text as Slack's own attachment-to-blocks migration writes it: the title in bold over the value. */
export function fieldText(title: string, value: string): string {
  return title ? `*${title}*\n${value}` : value;
}

function fieldsOf(fn: string, fields: MapValue): Value[] {
  return [...fields].map(([title, value]) => textObject('mrkdwn', fieldText(title, argText(fn, `the value of "${title}"`, value))));
}

const BLOCK = T.map(T.any);
const p = (name: string, type: ParamDef['type'], doc: string, extra: Partial<ParamDef> = {}): ParamDef => ({ name, type, doc, ...extra });

function helper(name: string, doc: string, params: readonly ParamDef[], args: readonly SlackArg[], call: (args: readonly Value[]) => MapValue): SlackHelper {
  return { def: { name, sigils: ['%'], own: true, doc, params, returns: () => BLOCK, call: (a) => call(a) }, args, build: call };
}

export const SLACK_HELPERS: readonly SlackHelper[] = [
  helper('SlackHeader', 'A Slack Block Kit header block: large plain text, at most 150 characters.', [p('text', 'scalar', 'the header text (plain text)')], ['plain'], ([t]) =>
    m([['type', 'header'], ['text', textObject('plain_text', argText('SlackHeader', 'text', t))]]),
  ),
  helper(
    'SlackSection',
    'A Slack Block Kit section block: mrkdwn text (at most 3,000 characters) and optional fields from a map of title to value (at most 10).',
    [p('text', 'scalar', 'the section text (Slack mrkdwn)'), p('fields', 'map', 'title → value, shown in two columns', { optional: true })],
    ['mrkdwn', 'mrkdwn-map'],
    ([t, f]) => {
      const text = argText('SlackSection', 'text', t);
      const fields = fieldsOf('SlackSection', argMap('SlackSection', 'fields', f));
      const entries: [string, Value][] = [['type', 'section']];
      if (text !== '' || fields.length === 0) entries.push(['text', textObject('mrkdwn', text)]);
      if (fields.length) entries.push(['fields', fields]);
      return m(entries);
    },
  ),
  helper('SlackFields', 'A Slack Block Kit section of fields only, from a map of title to value (at most 10).', [p('fields', 'map', 'title → value')], ['mrkdwn-map'], ([f]) =>
    m([['type', 'section'], ['fields', fieldsOf('SlackFields', argMap('SlackFields', 'fields', f))]]),
  ),
  helper(
    'SlackContext',
    'A Slack Block Kit context block: small mrkdwn text, one element per argument (at most 10).',
    [p('text', 'scalar', 'an element (Slack mrkdwn)', { variadic: true })],
    ['mrkdwn'],
    (texts) => m([['type', 'context'], ['elements', texts.map((t, i) => textObject('mrkdwn', argText('SlackContext', `text ${i + 1}`, t)))]]),
  ),
  helper('SlackDivider', 'A Slack Block Kit divider block: a horizontal line.', [], [], () => m([['type', 'divider']])),
  helper(
    'SlackActions',
    'A Slack Block Kit actions block of URL buttons, from a map of label to URL (at most 25).',
    [p('links', 'map', 'button label → absolute http(s) URL')],
    ['links'],
    ([l]) =>
      m([
        ['type', 'actions'],
        [
          'elements',
          [...argMap('SlackActions', 'links', l)].map(([label, url]) => {
            const target = argText('SlackActions', `the URL of "${label}"`, url);
            if (!/^https?:\/\/[^\s/]+/i.test(target)) throw new EvalError(`SlackActions: the URL of "${label}" must be an absolute http(s) URL, not ${JSON.stringify(target.slice(0, 60))}`);
            return m([['type', 'button'], ['text', textObject('plain_text', label)], ['url', target]]);
          }),
        ],
      ]),
  ),
];

export const SLACK_FUNCTIONS: readonly FunctionDef[] = SLACK_HELPERS.map((h) => h.def);

export function slackHelper(name: string): SlackHelper | undefined {
  const lower = name.toLowerCase();
  return SLACK_HELPERS.find((h) => h.def.name.toLowerCase() === lower);
}

/** A rendered `blocks` value as the JSON Slack gets (map keys in written order), checked against the limits. */
export function blocksJson(value: Value): JsonText {
  if (value === null) return new JsonText('[]');
  if (!isList(value)) throw new EvalError(`blocks must be a list of blocks, not ${isMap(value) ? 'a map' : 'text'}`);
  const text = toJson(value);
  checkSlackLimits(JSON.parse(text) as unknown[]);
  return new JsonText(text);
}

/** Throws the first documented limit `blocks` passes, naming the block, the limit and the size. */
export function checkSlackLimits(blocks: readonly unknown[]): void {
  if (blocks.length > SLACK_LIMITS.blocks) throw new EvalError(`Slack allows at most ${SLACK_LIMITS.blocks} blocks in a message; there are ${blocks.length}`);
  blocks.forEach((raw, i) => {
    const where = `block ${i + 1}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new EvalError(`blocks: ${where} must be a map such as %SlackDivider(), not ${Array.isArray(raw) ? 'a list' : 'text'}`);
    const block = raw as Record<string, unknown>;
    const type = block.type;
    if (typeof type !== 'string' || !SLACK_BLOCK_TYPES.includes(type)) {
      throw new EvalError(`blocks: ${where} has ${typeof type === 'string' ? `the type "${type}", which Slack does not know` : 'no `type`'} (one of ${SLACK_BLOCK_TYPES.join(', ')})`);
    }
    const text = textOf(block.text);
    if (type === 'header') limit(`the text of header ${where}`, text, SLACK_LIMITS.headerText);
    if (type === 'section') {
      limit(`the text of section ${where}`, text, SLACK_LIMITS.sectionText);
      const fields = Array.isArray(block.fields) ? block.fields : [];
      if (fields.length > SLACK_LIMITS.fields) throw new EvalError(`Slack allows at most ${SLACK_LIMITS.fields} fields in section ${where}; there are ${fields.length}`);
      fields.forEach((f, j) => limit(`field ${j + 1} of section ${where}`, textOf(f), SLACK_LIMITS.fieldText));
    }
    const elements = Array.isArray(block.elements) ? block.elements.length : 0;
    if (type === 'context' && elements > SLACK_LIMITS.contextElements) {
      throw new EvalError(`Slack allows at most ${SLACK_LIMITS.contextElements} elements in context ${where}; there are ${elements}`);
    }
    if (type === 'actions' && elements > SLACK_LIMITS.actionsElements) {
      throw new EvalError(`Slack allows at most ${SLACK_LIMITS.actionsElements} elements in actions ${where}; there are ${elements}`);
    }
  });
}

function textOf(o: unknown): string {
  if (typeof o === 'string') return o;
  if (typeof o === 'object' && o !== null && typeof (o as { text?: unknown }).text === 'string') return (o as { text: string }).text;
  return '';
}

export function limit(what: string, text: string, max: number): void {
  if (text.length > max) throw new EvalError(`Slack allows at most ${max} characters in ${what}; this has ${text.length}`);
}
