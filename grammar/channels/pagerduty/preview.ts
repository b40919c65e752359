import { record, str } from '../preview';

/** A PagerDuty alert as the incident list shows it. */
export interface PagerDutyView {
  readonly kind: 'pagerduty';
  readonly action: string;
  readonly dedupKey: string;
  readonly summary: string;
  readonly source: string;
  readonly severity: string;
  readonly details: readonly (readonly [string, string])[];
}

export function pagerDutyView(body: unknown): PagerDutyView {
  const b = record(body);
  const payload = record(b.payload);
  return {
    kind: 'pagerduty',
    action: str(b.event_action),
    dedupKey: str(b.dedup_key),
    summary: str(payload.summary),
    source: str(payload.source),
    severity: str(payload.severity),
    details: Object.entries(record(payload.custom_details)).map(([k, v]) => [k, str(v)] as const),
  };
}

