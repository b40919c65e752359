import { EvalError } from '../../functions/signature';
import { jsonString, toText } from '../../functions/text';
import type { HttpRequestSpec, TransportOptions } from '../../render/delivery';
import { channelColor, type Color } from '../../render/colors';
import { slackEscape } from '../../render/escape';
import { EvalFailure, type Evaluator } from '../../render/evaluate';
import type { ChannelProps } from '../../render/properties';
import type { Expr } from '../../syntax/ast';
import { isMap, type Value } from '../../values/value';
import { isShort, jsonPost, jsonTextPost, type JsonText } from '../http';
import { blocksJson, limit, slackHelper, SLACK_LIMITS, type SlackArg } from './blocks';

/** One attachment field; `short` as written, else guessed from the value. */
export interface SlackFieldInput {
  readonly title: string;
  readonly value: string;
  readonly short?: boolean;
}

/** Slack incoming webhook (docs/LANGUAGE.md section 6): attachments, or Block Kit blocks (section 6.1). */
export type SlackInput =
  | { readonly url: string; readonly text: string; readonly color: Color; readonly fields: readonly SlackFieldInput[]; readonly blocks?: undefined }
  | { readonly url: string; readonly text: string; readonly blocks: JsonText | readonly unknown[] };

/** Without blocks, always one attachment, even without fields: the colour bar shows the severity and the shape stays the same. */
export function buildSlackRequest(input: SlackInput): HttpRequestSpec {
  limit('`text`', input.text, SLACK_LIMITS.text);
  if (input.blocks) return jsonPost(input.url, { text: input.text, blocks: input.blocks });
  // `{ text, attachments: [{ color, fields: [{ title, value, short }] }] }` as JSON.stringify writes it (see jsonTextPost).
  let fields = '';
  for (const { title, value, short } of input.fields) {
    fields += `${fields ? ',' : ''}{"title":${jsonString(title)},"value":${jsonString(value)},"short":${short ?? isShort(value)}}`;
  }
  return jsonTextPost(input.url, `{"text":${jsonString(input.text)},"attachments":[{"color":${jsonString(input.color)},"fields":[${fields}]}]}`);
}

/** Interpolated values are escaped for Slack (`&`, `<`, `>`); written text is not. */
export function renderSlack(props: ChannelProps): { request: HttpRequestSpec; transport: TransportOptions } {
  const transport = props.transport();
  const url = props.required('url');
  const text = props.textOrDefault('text', 'text', slackEscape);
  if (props.has('blocks')) {
    const blocks = props.at('blocks', () => blocksJson(props.read('blocks', blocksValue) ?? null));
    const request = props.at('text', () => buildSlackRequest({ url, text, blocks }));
    return { request, transport };
  }
  const colorText = props.text('color');
  const color = props.at('color', () => channelColor(colorText, props.scope));
  const fields = props.read('fields', fieldEntries) ?? [];
  const request = props.at('text', () => buildSlackRequest({ url, text, color, fields }));
  return { request, transport };
}

/**
 * `fields`: a map of title to text, or to `%(value: TEXT, short: BOOL)`
 * (written so). Values are interpolations: escaped for Slack.
 */
function fieldEntries(expr: Expr, ev: Evaluator): SlackFieldInput[] {
  if (expr.kind === 'Map') {
    const out = new Map<string, SlackFieldInput>();
    for (const entry of expr.entries) {
      const v = entry.value;
      if (!v || out.has(entry.key)) continue;
      const shaped = v.kind === 'Map' ? shapedField(v.entries) : undefined;
      if (shaped) {
        const short = shaped.short ? ev.expr(shaped.short) : undefined;
        if (short !== undefined && typeof short !== 'boolean') throw new EvalFailure(`short of field "${entry.key}" must be true or false`, shaped.short!.span);
        out.set(entry.key, { title: entry.key, value: ev.text(shaped.value, slackEscape), ...(typeof short === 'boolean' ? { short } : {}) });
      } else out.set(entry.key, { title: entry.key, value: ev.text(v, slackEscape) });
    }
    return [...out.values()];
  }
  const value = ev.expr(expr);
  if (value === null) return [];
  if (!isMap(value)) throw new EvalFailure('fields must be a map', expr.span);
  return [...value].map(([k, v]) => ({ title: slackEscape(k), value: slackEscape(scalar(v, expr, k)) }));
}

/** `%(value: …, short: …)`: the keys of a field written with its own `short`. */
export function shapedField(entries: readonly { readonly key: string; readonly value?: Expr }[]): { value: Expr; short?: Expr } | undefined {
  const value = entries.find((e) => e.key === 'value')?.value;
  if (!value || !entries.every((e) => e.key === 'value' || e.key === 'short')) return undefined;
  const short = entries.find((e) => e.key === 'short')?.value;
  return short ? { value, short } : { value };
}

function scalar(v: Value, at: Expr, key: string): string {
  try {
    return toText(v);
  } catch (error) {
    throw new EvalFailure(`the value of "${key}": ${(error as Error).message}`, at.span);
  }
}

/** `blocks = @(…)`: helpers written here get their mrkdwn arguments' interpolations escaped; anything else is evaluated as it is. */
function blocksValue(expr: Expr, ev: Evaluator): Value {
  if (expr.kind === 'Paren' && expr.expr) return blocksValue(expr.expr, ev);
  if (expr.kind !== 'List') return ev.expr(expr);
  return expr.items.map((item) => blockValue(item, ev));
}

function blockValue(expr: Expr, ev: Evaluator): Value {
  const helper = expr.kind === 'Call' && expr.sigil === '%' ? slackHelper(expr.name) : undefined;
  if (!helper || expr.kind !== 'Call') return ev.expr(expr);
  const args = expr.args.map((a, i) => argument(a, helper.args[Math.min(i, helper.args.length - 1)]!, ev));
  try {
    return helper.build(args);
  } catch (error) {
    if (error instanceof EvalError && !(error instanceof EvalFailure)) throw new EvalFailure(error.message, expr.span);
    throw error;
  }
}

function argument(expr: Expr, kind: SlackArg, ev: Evaluator): Value {
  if (kind === 'mrkdwn') return ev.text(expr, slackEscape);
  if (kind === 'mrkdwn-map') {
    if (expr.kind === 'Map') return new Map(expr.entries.filter((e) => e.value).map((e) => [e.key, ev.text(e.value!, slackEscape)]));
    const value = ev.expr(expr);
    return isMap(value) ? new Map([...value].map(([k, v]) => [slackEscape(k), slackEscape(scalar(v, expr, k))])) : value;
  }
  return ev.expr(expr);
}
