import type { EmailSpec, HttpRequestSpec, RenderedDelivery, TransportOptions } from '../../grammar/render/delivery';
import type { ChannelKind } from '../../grammar/syntax/ast';
import type { DispatchOptions } from '../../client/dispatch/dispatcher';
import { envSecretSource } from '../../client/dispatch/secrets';

/** A rendered HTTP delivery with test-friendly defaults (no waiting between attempts unless asked). */
export function httpDelivery(
  url: string,
  options: {
    channel?: ChannelKind;
    notifier?: string;
    event?: string;
    request?: Partial<HttpRequestSpec>;
    transport?: Partial<TransportOptions>;
  } = {},
): RenderedDelivery {
  return {
    notifier: options.notifier ?? 'Test notifier',
    event: options.event ?? 'package.added',
    sample: null,
    channel: options.channel ?? 'webhook',
    request: {
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/json' },
      body: '{"hello":"world"}',
      ...options.request,
    },
    transport: { timeoutMs: 5000, retries: 3, backoffMs: [10_000, 60_000, 300_000], eventId: 'evt_0001', ...options.transport },
  };
}

export function emailDelivery(
  email: Partial<EmailSpec>,
  options: { notifier?: string; transport?: Partial<TransportOptions> } = {},
): RenderedDelivery {
  return {
    notifier: options.notifier ?? 'Mail notifier',
    event: 'package.added',
    sample: null,
    channel: 'email',
    email: { from: 'notify@example.com', to: ['dev@example.com'], cc: [], bcc: [], subject: 'Hello', text: 'Body', html: null, ...email },
    transport: { timeoutMs: 5000, retries: 0, backoffMs: [10_000], eventId: 'evt_mail', ...options.transport },
  };
}

/** A sleep that only records how long it was asked to wait. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

/**
 * Options for sending to a loopback receiver in channel tests: private
 * addresses allowed, no secrets, waits recorded instead of slept, no jitter.
 */
export function loopbackOptions(): DispatchOptions & { waits: number[] } {
  const { sleep, waits } = recordingSleep();
  return { secrets: envSecretSource({}), env: {}, allowPrivate: true, allowEnv: true, version: '1.2.3', sleep, random: () => 0.5, waits };
}
