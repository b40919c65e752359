import { expandRecipients } from '../../catalog/recipients';
import { EvalError } from '../../functions/signature';
import type { EmailSpec, TransportOptions } from '../../render/delivery';
import { htmlEscape } from '../../render/escape';
import type { ChannelProps } from '../../render/properties';
import { describeValue, scalarText } from '../../render/text';
import { isList, type Value } from '../../values/value';

/**
 * Email (spec section 6), sent by the dispatcher through SMTP. `from` stays
 * null unless written (the CLI and extension fill in SMTP_FROM); `html` is
 * null unless written, and its interpolated values are HTML-escaped.
 */

/** Recipients from a comma-separated string or a list: trimmed, empties dropped. */
export function recipients(value: Value | undefined, property: string): string[] {
  if (value === undefined || value === null) return [];
  if (isList(value)) return value.map((item) => scalarText(item).trim()).filter(Boolean);
  if (typeof value === 'string') {
    // One address (the usual case) without the split, map and filter of a list.
    if (!value.includes(',')) {
      const one = value.trim();
      return one === '' ? [] : [one];
    }
    return value.split(',').map((s) => s.trim()).filter(Boolean);
  }
  throw new EvalError(`${property} must be a string of addresses or a list, but this is ${describeValue(value)}`);
}

/** One recipient property, groups expanded; an unwritten one is an empty list without the error handling around it. */
function recipientList(props: ChannelProps, name: 'to' | 'cc' | 'bcc'): string[] {
  if (!props.has(name)) return [];
  return props.at(name, () => {
    try {
      return expandRecipients(recipients(props.value(name), name), props.scope.recipients);
    } catch (e) {
      if (e instanceof EvalError) throw e;
      throw new EvalError(`${name}: ${(e as Error).message}`);
    }
  });
}

export function renderEmail(props: ChannelProps): { email: EmailSpec; transport: TransportOptions } {
  const transport = props.transport();
  const to = recipientList(props, 'to');
  const cc = recipientList(props, 'cc');
  const bcc = recipientList(props, 'bcc');
  if (!to.length) {
    props.at('to', () => {
      throw new EvalError('email needs at least one recipient in to');
    });
  }
  const from = props.text('from')?.trim() || null;
  // A group is recipients; a message has one sender (LANGUAGE.md 2.4, NTF348 when written).
  if (from !== null && /^@[A-Za-z]/.test(from)) {
    props.at('from', () => {
      throw new EvalError(`from is the one sender of the message, not a recipient group: "${from}" names a group; write an address`);
    });
  }
  const email: EmailSpec = {
    from,
    to,
    cc,
    bcc,
    subject: props.textOrDefault('subject', 'subject'),
    text: props.textOrDefault('body', 'text'),
    html: props.text('html', htmlEscape) ?? null,
  };
  return { email, transport };
}
