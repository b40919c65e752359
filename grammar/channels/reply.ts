/**
 * Reading an HTTP service's reply: what each channel's `reply` returns.
 * Pure functions over status, headers and body, so a channel module can say
 * what its service means (Slack answers 200 `ok`; a Teams connector answers
 * 200 with an error text); the dispatcher calls them after every attempt.
 */
/** How a service's reply reads: delivered or not, worth retrying, and what to tell the person. */
export interface ReplyVerdict {
  readonly ok: boolean;
  readonly retryable: boolean;
  readonly error: string | null;
  /** Discord says how long to wait in its JSON body. */
  readonly retryAfterMs?: number | null;
}

export interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Any HTTP receiver: 2xx is delivered; redirects are refused; 408, 429 and 5xx are retried. */
export function genericReply({ status, body, headers }: Reply): ReplyVerdict {
  if (status >= 200 && status < 300) return { ok: true, retryable: false, error: null };
  if (status >= 300 && status < 400) {
    const location = headerText(headers['location']);
    return {
      ok: false,
      retryable: false,
      error:
        `the receiver answered ${status} (redirect${location ? ` to ${location}` : ''}); ` +
        'redirects are never followed: put the final URL in the notifier',
    };
  }
  const snippet = body.trim().replace(/\s+/g, ' ').slice(0, 300);
  return {
    ok: false,
    retryable: isRetryableStatus(status),
    error: `the receiver answered ${status}${statusHint(status)}${snippet ? `: ${snippet}` : ''}`,
  };
}

function statusHint(status: number): string {
  if (status === 401 || status === 403) return ' (check the credentials: auth, token or signing secret)';
  if (status === 404 || status === 410) return ' (check the URL: the hook may have been deleted)';
  if (status === 413) return ' (the body is too large)';
  if (status === 429) return ' (rate limited)';
  return '';
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : value ?? '';
}

/** Worth another attempt: the receiver may answer differently later. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}
