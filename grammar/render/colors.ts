import { EvalError } from '../functions/signature';
import type { RenderScope } from './environment';

/**
 * Colours of spec section 6: `#rrggbb` or the names `good`, `warning`,
 * `danger` (Slack's attachment colours). Without a `color` property a
 * channel takes its colour from the event's severity.
 */
export type NamedColor = 'good' | 'warning' | 'danger';
export type Color = NamedColor | `#${string}`;

/** The hex of each name, for channels that need one (Slack's own palette). */
export const NAMED_HEX: Readonly<Record<NamedColor, string>> = {
  good: '#2EB67D',
  warning: '#ECB22E',
  danger: '#E01E5A',
};

const HEX = /^#[0-9a-fA-F]{6}$/;

/** Validates a written colour; names are matched case-insensitively. */
export function parseColor(text: string): Color {
  const lower = text.trim().toLowerCase();
  if (lower === 'good' || lower === 'warning' || lower === 'danger') return lower;
  if (HEX.test(text.trim())) return text.trim() as Color;
  throw new EvalError(`"${text}" is not a colour: use #rrggbb, good, warning or danger`);
}

/** The variables that say how bad an event is, most specific first (also read by channels with their own severity scale). */
export const SEVERITY_VARIABLES = ['vulnerabilityseverity', 'findingseverity', 'severity'];
const DANGER = new Set(['critical', 'high', 'error', 'alert', 'fatal', 'emergency']);
const WARNING = new Set(['medium', 'moderate', 'warning', 'warn']);

/**
 * The colour an event's severity suggests: `danger` for critical/high/error
 * (and alert), `warning` for medium/warning, `good` otherwise; a letter
 * `$Grade` maps A–B good, C–D warning, E–F danger. Events without a severity
 * that report a failure (`*.failed`, `*.unhealthy`, `*.noncompliant`) are
 * `danger`; all others `good`.
 */
export function severityColor(scope: RenderScope): NamedColor {
  for (const name of SEVERITY_VARIABLES) {
    const value = scope.variables.get(name);
    if (value === undefined || value === null || typeof value !== 'string') continue;
    return levelColor(value);
  }
  const grade = scope.variables.get('grade');
  if (typeof grade === 'string' && grade.trim()) {
    const letter = grade.trim()[0]!.toUpperCase();
    return letter <= 'B' ? 'good' : letter <= 'D' ? 'warning' : 'danger';
  }
  return /\.(failed|unhealthy|noncompliant)$/.test(scope.event.name) ? 'danger' : 'good';
}

/** The colour of one severity text; the catalogs' own spellings (`High`, `critical`) are looked up without trimming or lower-casing. */
function levelColor(value: string): NamedColor {
  const known = LEVEL_COLORS.get(value);
  if (known !== undefined) return known;
  const level = value.trim().toLowerCase();
  return DANGER.has(level) ? 'danger' : WARNING.has(level) ? 'warning' : 'good';
}

const LEVEL_COLORS = new Map<string, NamedColor>();
for (const level of DANGER) for (const s of [level, level[0]!.toUpperCase() + level.slice(1), level.toUpperCase()]) LEVEL_COLORS.set(s, 'danger');
for (const level of WARNING) for (const s of [level, level[0]!.toUpperCase() + level.slice(1), level.toUpperCase()]) LEVEL_COLORS.set(s, 'warning');

/** The `color` property if set (validated), else the severity colour. */
export function channelColor(explicit: string | undefined, scope: RenderScope): Color {
  return explicit === undefined || explicit === '' ? severityColor(scope) : parseColor(explicit);
}

/** `RRGGBB` (upper case, no `#`). */
export function colorHex(color: Color): string {
  const hex = color.startsWith('#') ? color : NAMED_HEX[color as NamedColor];
  return hex.slice(1).toUpperCase();
}

/** The colour as a 24-bit integer (Discord embeds). */
export function colorInt(color: Color): number {
  return parseInt(colorHex(color), 16);
}

