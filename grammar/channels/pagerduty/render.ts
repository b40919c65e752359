import { EvalError } from '../../functions/signature';
import { SEVERITY_VARIABLES } from '../../render/colors';
import type { RenderScope } from '../../render/environment';
import type { HttpRequestSpec, TransportOptions } from '../../render/delivery';
import type { ChannelProps } from '../../render/properties';
import { jsonString, toJson } from '../../functions/text';
import type { MapValue } from '../../values/value';
import { jsonTextPost } from '../http';

/** PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/). */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
export const ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;
export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type PagerDutyAction = (typeof ACTIONS)[number];
export type PagerDutySeverity = (typeof SEVERITIES)[number];

/** PagerDuty's documented maximums; a longer value is refused with 400 (or cut). Declared on the properties (index.ts), checked where they are read. */
export const PAGERDUTY_LIMITS = { summary: 1024, dedupKey: 255 } as const;

export interface PagerDutyInput {
  readonly url: string;
  readonly routingKey: string;
  readonly action: PagerDutyAction;
  readonly dedupKey: string;
  readonly summary: string;
  readonly source: string;
  readonly severity: PagerDutySeverity;
  /** Free-form JSON to PagerDuty: values keep their types (a number stays a number). */
  readonly details: MapValue;
}

/**
 * `acknowledge` and `resolve` name the alert by `dedup_key` only; `trigger`
 * carries the payload. Written as text: `custom_details` goes through
 * `toJson`, which keeps each value's JSON type and the map's key order.
 */
export function buildPagerDutyRequest(input: PagerDutyInput): HttpRequestSpec {
  const head = `{"routing_key":${jsonString(input.routingKey)},"event_action":${jsonString(input.action)},"dedup_key":${jsonString(input.dedupKey)}`;
  if (input.action !== 'trigger') return jsonTextPost(input.url, head + '}');
  const details = input.details.size ? `,"custom_details":${toJson(input.details)}` : '';
  const payload = `{"summary":${jsonString(input.summary)},"source":${jsonString(input.source)},"severity":${jsonString(input.severity)}${details}}`;
  return jsonTextPost(input.url, `${head},"payload":${payload}}`);
}

/** The event's own severity on PagerDuty's scale: critical; high/error → error; medium/warning → warning; else info. */
export function pagerDutySeverity(scope: RenderScope): PagerDutySeverity {
  for (const name of SEVERITY_VARIABLES) {
    const value = scope.variables.get(name);
    if (typeof value !== 'string' || !value.trim()) continue;
    const level = value.trim().toLowerCase();
    if (level === 'critical' || level === 'fatal' || level === 'emergency') return 'critical';
    if (level === 'high' || level === 'error' || level === 'alert') return 'error';
    if (level === 'medium' || level === 'moderate' || level === 'warning' || level === 'warn') return 'warning';
    return 'info';
  }
  return /\.(failed|unhealthy|noncompliant)$/.test(scope.event.name) ? 'error' : 'info';
}

function oneOf<T extends string>(property: string, written: string | undefined, allowed: readonly T[], fallback: T): T {
  if (written === undefined) return fallback;
  const value = written.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new EvalError(`${property} "${written}" is not one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
}

export function renderPagerDuty(props: ChannelProps): { request: HttpRequestSpec; transport: TransportOptions } {
  const transport = props.transport();
  const url = props.text('url') ?? PAGERDUTY_EVENTS_URL;
  const routingKey = props.required('routing_key');
  const action = props.at('event_action', () => oneOf('event_action', props.text('event_action'), ACTIONS, 'trigger'));
  const dedupKey = props.text('dedup_key') ?? transport.eventId;
  // `summary` travels only in a trigger's payload: not rendered otherwise, so neither is its limit judged.
  const summary = action === 'trigger' ? props.textOrDefault('summary', 'title') : '';
  const source = props.text('source') ?? 'notify';
  const severity = props.at('severity', () => oneOf('severity', props.text('severity'), SEVERITIES, pagerDutySeverity(props.scope)));
  const details = props.map('custom_details') ?? new Map();
  const request = props.at('url', () => buildPagerDutyRequest({ url, routingKey, action, dedupKey, summary, source, severity, details }));
  return { request, transport };
}
