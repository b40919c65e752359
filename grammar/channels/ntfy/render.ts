import { EvalError } from '../../functions/signature';
import { severityColor } from '../../render/colors';
import type { HttpRequestSpec, TransportOptions } from '../../render/delivery';
import type { ChannelProps } from '../../render/properties';
import { isList, type Value } from '../../values/value';
import { scalarText } from '../../render/text';
import { checkUrl } from '../http';

/**
 * ntfy (https://docs.ntfy.sh/publish/): the message is the body of a POST to
 * the topic URL; title, priority, tags, click and markdown travel as headers.
 */
export const PRIORITIES = ['min', 'low', 'default', 'high', 'urgent'] as const;
export type NtfyPriority = (typeof PRIORITIES)[number];

export interface NtfyInput {
  readonly url: string;
  readonly message: string;
  readonly title: string;
  readonly priority: NtfyPriority;
  readonly tags: readonly string[];
  readonly click?: string;
  readonly markdown: boolean;
  /** An access token for a protected topic (usually a `$Secret` placeholder). */
  readonly token?: string;
}

/** ntfy.sh's `message-size-limit`; a longer message becomes an attachment or is refused (https://docs.ntfy.sh/config/#message-limits). Declared on `message` (index.ts). */
export const NTFY_MAX_MESSAGE_BYTES = 4096;

export function buildNtfyRequest(input: NtfyInput): HttpRequestSpec {
  const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
  if (input.title) headers['Title'] = headerText(input.title);
  headers['Priority'] = input.priority;
  if (input.tags.length) headers['Tags'] = headerText(input.tags.join(','));
  if (input.click) headers['Click'] = checkUrl(input.click, 'click');
  if (input.markdown) headers['Markdown'] = 'yes';
  if (input.token !== undefined) headers['Authorization'] = `Bearer ${input.token}`;
  return { method: 'POST', url: checkUrl(input.url), headers, body: input.message };
}

/**
 * Header values are ASCII on one line; other text (accents, emoji, line
 * breaks in a value) is sent as an RFC 2047 encoded word, which ntfy decodes.
 */
export function headerText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  return `=?UTF-8?B?${base64(new TextEncoder().encode(text.replace(/[\r\n]+/g, ' ')))}?=`;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63]! : '=';
  }
  return out;
}

/** Without `priority`, the event's severity decides: `high` for critical/high/error events, else `default`. */
export function renderNtfy(props: ChannelProps): { request: HttpRequestSpec; transport: TransportOptions } {
  const transport = props.transport();
  const url = props.required('url');
  const message = props.textOrDefault('message', 'text');
  const title = props.textOrDefault('title', 'title');
  const written = props.text('priority')?.trim().toLowerCase();
  const priority = props.at('priority', () => priorityOf(written, severityColor(props.scope) === 'danger' ? 'high' : 'default'));
  const tags = props.at('tags', () => tagsOf(props.value('tags')));
  const click = props.text('click')?.trim() || undefined;
  const markdown = props.at('markdown', () => {
    const value = props.value('markdown');
    if (value === undefined || typeof value === 'boolean') return value === true;
    throw new EvalError('markdown must be true or false');
  });
  const token = props.text('token');
  if (click !== undefined) props.at('click', () => checkUrl(click, 'click'));
  const request = props.at('url', () => buildNtfyRequest({ url, message, title, priority, tags, click, markdown, ...(token !== undefined ? { token } : {}) }));
  return { request, transport };
}

function priorityOf(written: string | undefined, fallback: NtfyPriority): NtfyPriority {
  if (written === undefined || written === '') return fallback;
  if (written === 'max') return 'urgent';
  if ((PRIORITIES as readonly string[]).includes(written)) return written as NtfyPriority;
  throw new EvalError(`priority "${written}" is not one of ${PRIORITIES.map((p) => `"${p}"`).join(', ')}`);
}

function tagsOf(value: Value | undefined): string[] {
  if (value === undefined || value === null) return [];
  const items = isList(value) ? value.map((v) => scalarText(v)) : scalarText(value).split(',');
  return items.map((t) => t.trim()).filter(Boolean);
}
